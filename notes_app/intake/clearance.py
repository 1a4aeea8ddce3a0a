"""Medical clearances: a therapist records that a clinician cleared massage for one flag.

Only DEFER flags that wait for clearance (a recent clot, a high-risk pregnancy...) can be cleared;
hard stops never are. A clearance is never edited: it may be withdrawn, with a reason. Every
change is audited with ids only. Functions flush and never commit.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import abort
from sqlalchemy import select

from notes_app import audit
from notes_app.access import CLINICAL
from notes_app.clients.models import Client
from notes_app.clinical.contraindications import CLEARABLE_CODES, RULES, Flag, awaiting_clearance
from notes_app.dbtypes import utcnow
from notes_app.errors import DomainError
from notes_app.extensions import db
from notes_app.formtools import BIDI_CONTROLS, has_control
from notes_app.intake import services
from notes_app.intake.models import MedicalClearance

NAME_MIN, NAME_MAX = 2, 200
NOTE_MAX = 1000
REASON_MIN, REASON_MAX = 10, 1000
# A clearance says how the client was when the clinician saw them. Six months matches how long
# a clot counts as recent (rule_checks.CLOT_RECENT_DAYS); older advice is asked for afresh.
MAX_AGE_DAYS = 182
TITLES: dict[str, str] = {r.code: r.title for r in RULES if r.needs_clearance}


def waiting_for_clearance(client: Client, *, today: date) -> list[Flag]:
    """Return the client's flags that wait for a clearance now (what a clearance may cover)."""
    return awaiting_clearance(services.current_flags_for(client, today=today))


def list_clearances_for(client: Client) -> list[MedicalClearance]:
    """Return every clearance recorded for the client, withdrawn ones too, newest first."""
    return list(db.session.scalars(
        select(MedicalClearance).where(MedicalClearance.client_id == client.id)
        .order_by(MedicalClearance.created_at.desc(), MedicalClearance.id.desc())))


def in_force(clearance: MedicalClearance, current_version_id: int | None) -> bool:
    """Tell whether a clearance still counts: not withdrawn and recorded on the current intake."""
    return not clearance.withdrawn and clearance.intake_version_id == current_version_id


def active_clearances_for(client: Client) -> list[MedicalClearance]:
    """Return the clearances that count today (current intake version, not withdrawn)."""
    version = services.current_intake_for(client)
    if version is None:
        return []
    return [c for c in list_clearances_for(client) if in_force(c, version.id)]


def get_clearance_for(user, public_id: str) -> MedicalClearance:
    """Return a clearance of the user's clinic; aborts 404 otherwise (same answer as missing)."""
    found = db.session.scalar(select(MedicalClearance).where(
        MedicalClearance.public_id == str(public_id)[:64]))
    if found is None or getattr(user, "role", None) not in CLINICAL \
            or found.client.clinic_id != user.clinic_id:
        audit.record_refusal(user, "intake.clearance.read", object_type="medical_clearance",
                             object_id=str(public_id)[:64])
        abort(404)
    return found


def _text(value, field: str, *, low: int, high: int, label: str) -> str:
    value = " ".join(str(value or "").split()) if field == "cleared_by" else \
        str(value or "").strip()
    if low and not value:
        raise DomainError(f"{label} is required.", field=field)
    if len(value) < low:
        raise DomainError(f"Write at least {low} characters.", field=field)
    if len(value) > high:
        raise DomainError(f"Keep this under {high:,} characters.", field=field)
    if has_control(value) or BIDI_CONTROLS.search(value):
        raise DomainError("Remove the invisible control characters.", field=field)
    return value


def _checked_date(cleared_on, today: date) -> date:
    if not isinstance(cleared_on, date) or isinstance(cleared_on, datetime):
        raise DomainError("Give the date the clearance was given.", field="cleared_on")
    if cleared_on > today:
        raise DomainError("The clearance date cannot be in the future.", field="cleared_on")
    if cleared_on < today - timedelta(days=MAX_AGE_DAYS):
        raise DomainError("This clearance is more than six months old: ask the clinician "
                          "for a current one.", field="cleared_on")
    return cleared_on


def record_clearance(actor, client: Client, *, flag_code: str, cleared_by: str,
                     cleared_on: date, note: str = "", today: date) -> MedicalClearance:
    """Record a clinician's clearance of one waiting flag on the current intake; audited.

    :raises DomainError: the flag is not waiting for clearance (a hard stop never is), or a
        field is missing or malformed; `field` names the form field.
    """
    if getattr(actor, "role", None) not in CLINICAL or client.clinic_id != actor.clinic_id:
        raise DomainError("Only the client's therapists can record a clearance.",
                          field="flag_code")
    code = str(flag_code or "")
    if code not in CLEARABLE_CODES:
        raise DomainError("Pick the caution the clearance covers. Signs that need a doctor "
                          "today cannot be cleared here.", field="flag_code")
    if code not in {f.code for f in waiting_for_clearance(client, today=today)}:
        raise DomainError("That caution is not waiting for a clearance on the current intake.",
                          field="flag_code")
    version = services.current_intake_for(client)
    clearance = MedicalClearance(
        client_id=client.id, client=client, intake_version_id=version.id, flag_code=code,
        cleared_by=_text(cleared_by, "cleared_by", low=NAME_MIN, high=NAME_MAX,
                         label="The clinician's name"),
        cleared_on=_checked_date(cleared_on, today),
        note=_text(note, "note", low=0, high=NOTE_MAX, label="Note"),
        recorded_by_id=actor.id)
    db.session.add(clearance)
    db.session.flush()
    services.forget_cleared_codes()
    audit.record(actor, "intake.clearance.record", object_type="medical_clearance",
                 object_id=clearance.id, client=client)
    return clearance


def withdraw_clearance(actor, clearance: MedicalClearance, reason: str,
                       *, now: datetime | None = None) -> MedicalClearance:
    """Withdraw a clearance with a reason; it stays in the record, audited. Raises DomainError."""
    if clearance.withdrawn:
        raise DomainError("This clearance was already withdrawn.", field="reason")
    clearance.withdrawn_reason = _text(reason, "reason", low=REASON_MIN, high=REASON_MAX,
                                       label="The reason")
    clearance.withdrawn_at = now or utcnow()
    clearance.withdrawn_by_id = actor.id
    db.session.flush()
    services.forget_cleared_codes()
    audit.record(actor, "intake.clearance.withdraw", object_type="medical_clearance",
                 object_id=clearance.id, client=clearance.client)
    return clearance


def title_for(code: str) -> str:
    """Return the title of the caution a clearance covers (its code when unknown)."""
    return TITLES.get(code, code)
