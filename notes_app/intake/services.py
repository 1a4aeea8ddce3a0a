"""Intake queries and changes: versions, consent rules, active flags, DEFER overrides.

Recording and withdrawing clearances lives in clearance.py; the flags here already count them.

This is the contract the session, aftercare and map features call. Functions take explicit
arguments, flush when they need ids and never commit.
"""
from __future__ import annotations

import copy
from datetime import date

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, joinedload

from notes_app import audit
from notes_app.access import CLINICAL
from notes_app.clients.models import Client
from notes_app.clinical import contraindications
from notes_app.clinical.contraindications import DEFER, Flag
from notes_app.clinical.intake_schema import (
    CONSENT_TEXT_VERSION,
    FIELD_LABELS,
    SECTION_LABELS,
    diff_intakes,
)
from notes_app.errors import DomainError
from notes_app.extensions import db
from notes_app.formtools import age_on, has_control
from notes_app.intake.models import DeferOverride, IntakeVersion, MedicalClearance
from notes_app.intake.signature import SignatureError, check_png_data_url
from notes_app.languages import check_language

ADULT_AGE = 18
_SIGNED_ON_LABEL = f"{SECTION_LABELS['consent']} › {FIELD_LABELS['signed_on']}"
SOURCES = ("therapist", "client")
REASON_MIN, REASON_MAX = 10, 1000


def _may_read(user, client: Client | None) -> bool:
    # Decision 2 (minimum necessary): intake is clinical, so only treating staff read it.
    return (client is not None and getattr(user, "role", None) in CLINICAL
            and client.clinic_id == user.clinic_id)


def get_intake_version_for(user, public_id: str) -> IntakeVersion:
    """Return one intake version and audit the read; aborts 404 unless the user may read it."""
    version = db.session.scalar(select(IntakeVersion).where(IntakeVersion.public_id == public_id))
    if version is None or not _may_read(user, version.client):
        # Same answer whether the version is missing or belongs elsewhere (R-Z3).
        audit.record_refusal(user, "intake.read", object_type="intake_version",
                             object_id=str(public_id)[:64])
        abort(404)
    audit.record(user, "intake.read", object_type="intake_version", object_id=version.id,
                 client=version.client)
    return version


def current_intake_for(client: Client) -> IntakeVersion | None:
    """Return the client's newest intake version, or None."""
    # A page asks this five times (panel, flags, blockers, due, aftercare): ask the database
    # once per request's session; create_intake_version replaces the remembered version.
    cache = db.session.info.setdefault(_CURRENT, {})
    if client.id not in cache:
        cache[client.id] = db.session.scalar(
            select(IntakeVersion).where(IntakeVersion.client_id == client.id)
            .options(joinedload(IntakeVersion.created_by))  # "taken by" is shown with it
            .order_by(IntakeVersion.version.desc()).limit(1))
    return cache[client.id]


_CURRENT = "intake.current_version"


def current_and_previous_for(client: Client) -> tuple[IntakeVersion | None, IntakeVersion | None]:
    """Return the client's newest intake version and the one before it (None where missing)."""
    # The client page shows both: one query, the newest remembered as current_intake_for's.
    rows = db.session.scalars(
        select(IntakeVersion).where(IntakeVersion.client_id == client.id)
        .options(joinedload(IntakeVersion.created_by))
        .order_by(IntakeVersion.version.desc()).limit(2)).all()
    db.session.info.setdefault(_CURRENT, {})[client.id] = rows[0] if rows else None
    return (rows[0] if rows else None), (rows[1] if len(rows) > 1 else None)


@event.listens_for(Session, "after_rollback")
def _forget_current(session) -> None:
    # A version remembered by a rolled-back transaction may never have existed.
    session.info.pop(_CURRENT, None)


def list_versions_for(client: Client) -> list[IntakeVersion]:
    """Return every intake version of the client, newest first."""
    return list(db.session.scalars(select(IntakeVersion).where(
        IntakeVersion.client_id == client.id).order_by(IntakeVersion.version.desc())))


def previous_version_of(version: IntakeVersion) -> IntakeVersion | None:
    """Return the version just before this one, or None for the first."""
    return db.session.scalar(select(IntakeVersion).where(
        IntakeVersion.client_id == version.client_id, IntakeVersion.version < version.version)
        .order_by(IntakeVersion.version.desc()).limit(1))


def is_minor_on(client: Client, day: date) -> bool:
    """Tell whether the client is under 18 on a day."""
    return age_on(client.date_of_birth, day) < ADULT_AGE


def _consent_problems(client: Client, consent: dict, signature: str, today: date) -> None:
    """Raise DomainError for the first consent rule the intake breaks (R-R5)."""
    if not str(consent.get("typed_name") or "").strip():
        raise DomainError(_("Type the client's full name."), field="typed_name")
    try:
        check_png_data_url(signature)
    except SignatureError as exc:
        raise DomainError(_("Sign in the box with a finger or stylus."),
                          field="signature") from exc
    if is_minor_on(client, today):
        if not str(consent.get("guardian_name") or "").strip():
            raise DomainError(_("The client is under 18: a parent or guardian must sign."),
                              field="guardian_name")
        if not str(consent.get("guardian_relationship") or "").strip():
            raise DomainError(_("Say how the guardian is related to the client."),
                              field="guardian_relationship")


def create_intake_version(actor, client: Client, data: dict, *, source: str = "therapist",
                          today: date, consent_language: str = "en") -> IntakeVersion:
    """Save the intake as the client's next version, signed today; raises DomainError.

    The signature travels in data["consent"]["signature"] and is stored in its own column,
    not in the JSON. `today` is the signing date; `consent_language` is the language the
    consent texts were shown in, kept beside their version so the record names the text read.
    """
    if source not in SOURCES:
        raise DomainError("Unknown intake source.", field="source")
    consent_language = check_language(consent_language, field="signature")
    data = copy.deepcopy(data)
    consent = dict(data.get("consent") or {})
    signature = consent.pop("signature", "") or ""
    _consent_problems(client, consent, signature, today)
    minor = is_minor_on(client, today)
    consent.update(version=CONSENT_TEXT_VERSION, language=consent_language,
                   signed_on=today.isoformat(),
                   typed_name=consent["typed_name"].strip(),
                   guardian_name=(consent.get("guardian_name") or "").strip() if minor else "",
                   guardian_relationship=(consent.get("guardian_relationship") or "").strip()
                   if minor else "")
    data["consent"] = consent
    number = (db.session.scalar(select(func.max(IntakeVersion.version)).where(
        IntakeVersion.client_id == client.id)) or 0) + 1
    version = IntakeVersion(
        client_id=client.id, client=client, version=number, data=data,
        created_by_id=getattr(actor, "id", None), source=source,
        consent_version=CONSENT_TEXT_VERSION, signed_name=consent["typed_name"],
        signed_on=today, guardian_name=consent["guardian_name"],
        guardian_relationship=consent["guardian_relationship"], signature=signature)
    db.session.add(version)
    db.session.flush()
    db.session.info.setdefault(_CURRENT, {})[client.id] = version
    audit.record(actor, "intake.create", object_type="intake_version", object_id=version.id,
                 client=client)
    return version


def _as_of(version: IntakeVersion, today: date) -> dict:
    """Return the intake data that still applies on a day.

    The "today" checks (fever, calf swelling...) describe the signing day only: a fever ticked
    months ago must not defer today's session. Conditions that persist are in the history.
    """
    if version.signed_on == today:
        return version.data
    return {k: v for k, v in version.data.items() if k != "history_today"}


def cleared_codes_for(version: IntakeVersion) -> frozenset[str]:
    """Return the flag codes that clearances recorded against this version cover (not withdrawn)."""
    # Asked once per version per request; clearance.py forgets it when it records or withdraws.
    cache = db.session.info.setdefault(_CLEARED, {})
    if version.id not in cache:
        cache[version.id] = frozenset(db.session.scalars(
            select(MedicalClearance.flag_code).where(
                MedicalClearance.intake_version_id == version.id,
                MedicalClearance.withdrawn_at.is_(None))))
    return cache[version.id]


def forget_cleared_codes() -> None:
    """Drop the remembered clearances (after one is recorded or withdrawn)."""
    db.session.info.pop(_CLEARED, None)
    db.session.info.pop(_FLAGS, None)


_CLEARED = "intake.cleared_codes"
_FLAGS = "intake.flags"


@event.listens_for(Session, "after_rollback")
def _forget_cleared(session) -> None:
    session.info.pop(_CLEARED, None)
    session.info.pop(_FLAGS, None)


def flags_for_version(version: IntakeVersion, *, today: date) -> list[Flag]:
    """Return the flags a version raises on a day, most severe first, clearances counted.

    A DEFER that waits for clearance comes back as its cleared MODIFY once a clearance recorded
    against this version covers it; hard stops are never cleared.
    """
    # A page asks this up to four times (editor, map, rules, warnings). Versions never change,
    # and recording or withdrawing a clearance forgets the cache: remembered per session.
    cache = db.session.info.setdefault(_FLAGS, {})
    key = (version.id, today)
    if key not in cache or version.id is None:  # an unsaved version has no key of its own
        data = _as_of(version, today)
        flags = contraindications.evaluate(data, today=today)
        cleared = cleared_codes_for(version) if contraindications.awaiting_clearance(flags) \
            else None  # nothing to clear: no query
        cache[key] = contraindications.evaluate(data, today=today, cleared=cleared) \
            if cleared else flags
    return list(cache[key])


def current_flags_for(client: Client, *, today: date) -> list[Flag]:
    """Return the client's active flags, most severe first; [] without an intake."""
    version = current_intake_for(client)
    return flags_for_version(version, today=today) if version else []


def months_between(earlier: date, later: date) -> int:
    """Return the whole calendar months from one day to a later one."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (later.day < earlier.day)


def intake_due(client: Client, *, today: date, max_age_months: int) -> str | None:
    """Return why a new intake is due (missing or too old), or None when it is fine."""
    version = current_intake_for(client)
    if version is None:
        return "No intake on file"
    age = months_between(version.signed_on, today)
    if age >= max_age_months:
        return f"Intake is {age} month{'s' if age != 1 else ''} old"
    return None


def session_blockers(client: Client, *, today: date) -> list[str]:
    """Return the reasons no session may start, whatever override is recorded (R-R5)."""
    version = current_intake_for(client)
    if version is None:
        return ["No signed intake and consent on file."]
    reasons = []
    consent = version.data.get("consent") or {}
    if consent.get("treatment") is not True:
        reasons.append("The client has not consented to treatment.")
    if is_minor_on(client, today) and not (version.guardian_name
                                           and version.guardian_relationship):
        reasons.append("The client is under 18 and no parent or guardian has signed the consent.")
    return reasons


def record_defer_override(actor, client: Client, flags: list[Flag], reason: str) -> DeferOverride:
    """Record a therapist's reason to treat despite DEFER flags, audited; raises DomainError."""
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN:
        raise DomainError(f"Give the reason in at least {REASON_MIN} characters.", field="reason")
    if len(reason) > REASON_MAX or has_control(reason):
        raise DomainError(f"Keep the reason to {REASON_MAX} plain characters.", field="reason")
    codes = list(dict.fromkeys(f.code for f in flags if f.cls == DEFER))
    if not codes:
        raise DomainError("There is no DEFER flag to override.", field="reason")
    version = current_intake_for(client)
    if version is None:
        raise DomainError("There is no intake to override.", field="reason")
    override = DeferOverride(client_id=client.id, intake_version_id=version.id, flag_codes=codes,
                             reason=reason, created_by_id=actor.id)
    db.session.add(override)
    db.session.flush()
    audit.record(actor, "intake.defer_override", object_type="defer_override",
                 object_id=override.id, client=client)
    return override


def consent_language_of(version: IntakeVersion) -> str:
    """Return the language the version's consent texts were read in (before it was kept: en)."""
    language = (version.data.get("consent") or {}).get("language")
    return language if isinstance(language, str) and language else "en"


def _with_consent_language(version: IntakeVersion) -> dict:
    consent = dict(version.data.get("consent") or {})
    consent["language"] = consent_language_of(version)
    return {**version.data, "consent": consent}


def changes_since_previous(version: IntakeVersion) -> list[tuple[str, str, str]]:
    """Return (label, old, new) for each answer that changed since the previous version."""
    return changes_between(previous_version_of(version), version)


def changes_between(previous: IntakeVersion | None,
                    version: IntakeVersion) -> list[tuple[str, str, str]]:
    """Return (label, old, new) for each answer that changed from previous to version."""
    if previous is None:
        return []
    # A new version is always signed on a new day; saying so on every diff is noise. A version
    # from before the consent language was kept was read in English: no "— → en" line.
    return [c for c in diff_intakes(_with_consent_language(previous),
                                    _with_consent_language(version))
            if c[0] != _SIGNED_ON_LABEL]


def record_read(user, client: Client, version: IntakeVersion | None = None, *,
                action: str = "intake.read") -> None:
    """Audit that a user saw a client's intake (one version, or the history list)."""
    if version is None and action == "intake.read":
        return  # nothing clinical was shown
    audit.record(user, action, object_type="intake_version" if version else "client",
                 object_id=version.id if version else client.id, client=client)
