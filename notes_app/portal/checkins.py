"""Check-ins after a session: when one is due, what a client may report, and who reads them.

A session has a date, not a time, so "24-48 h after" is read as: open from the day after the
visit until seven days after it. Points are normalised body-map coordinates, like the staff map.
"""
from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from flask import abort
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from notes_app import audit, jsondata
from notes_app.access import CLINICAL
from notes_app.aftercare import services as aftercare
from notes_app.clients.models import Client
from notes_app.clinical.bodymap import VIEWS, render_svg
from notes_app.dbtypes import utcnow
from notes_app.errors import DomainError
from notes_app.extensions import db
from notes_app.formtools import has_control
from notes_app.portal.models import CheckIn
from notes_app.portal.schemas import MAX_POINTS, POINTS, points_message
from notes_app.sessions.models import SIGNED, TreatmentSession

OPENS_AFTER_DAYS, CLOSES_AFTER_DAYS = 1, 7
NOTE_MAX, POINTS_JSON_MAX = 1000, 4000
# Sheet sections that are not advice to follow (what was done, warnings, notices).
NOT_ADVICE = {"worked_on", "therapist_note", "next_visit", "red_flags", "notice", "stretch_rules"}
# When no sheet was issued for the session: the "after your session" basics (domain §6.1).
FALLBACK_ADVICE = (
    ("move", "Moved gently the same day"),
    ("warmth", "Used warmth (a warm shower or heat pack)"),
    ("stretch", "Did the stretches"),
    ("breaks", "Took breaks from sitting"),
)


class CheckInExists(DomainError):
    """The session already has its check-in."""


def window_for(treatment_session: TreatmentSession) -> tuple[date, date]:
    """Return the first and last day a session's check-in may be given."""
    day = treatment_session.session_date
    return day + timedelta(days=OPENS_AFTER_DAYS), day + timedelta(days=CLOSES_AFTER_DAYS)


def is_open(treatment_session: TreatmentSession, *, today: date) -> bool:
    """Tell whether a session's check-in window includes today."""
    opens, closes = window_for(treatment_session)
    return opens <= today <= closes


def signed_session_for(client: Client, public_id: str, *, actor=None) -> TreatmentSession:
    """Return one of the client's own signed sessions; aborts 404 otherwise (audited, R-Z3)."""
    ts = db.session.scalar(select(TreatmentSession).where(
        TreatmentSession.public_id == str(public_id)[:64],
        TreatmentSession.client_id == client.id, TreatmentSession.status == SIGNED))
    if ts is None:
        if actor is not None:
            # The same answer whether the session is missing, a draft or someone else's.
            audit.record_refusal(actor, "checkin.read", object_type="treatment_session",
                                 object_id=str(public_id)[:64], clinic_id=client.clinic_id)
        abort(404)
    return ts


def check_in_for_session(treatment_session: TreatmentSession) -> CheckIn | None:
    """Return the check-in given for a session, or None."""
    return db.session.scalar(select(CheckIn).where(CheckIn.session_id == treatment_session.id))


def checked_in_session_ids(client: Client) -> set[int]:
    """Return the ids of the client's sessions that have a check-in."""
    return set(db.session.scalars(select(CheckIn.session_id).where(CheckIn.client_id == client.id)))


def pending_sessions_for(client: Client, *, today: date) -> list[TreatmentSession]:
    """Return the signed sessions whose check-in window is open and still empty, newest first."""
    done = select(CheckIn.session_id).where(CheckIn.client_id == client.id)
    return list(db.session.scalars(
        select(TreatmentSession).where(
            TreatmentSession.client_id == client.id, TreatmentSession.status == SIGNED,
            TreatmentSession.session_date <= today - timedelta(days=OPENS_AFTER_DAYS),
            TreatmentSession.session_date >= today - timedelta(days=CLOSES_AFTER_DAYS),
            TreatmentSession.id.not_in(done))
        .order_by(TreatmentSession.session_date.desc(), TreatmentSession.id.desc())))


def advice_choices_for(treatment_session: TreatmentSession) -> list[tuple[str, str]]:
    """Return (id, title) of the advice on the session's latest sheet, else a short fixed list."""
    sheets = aftercare.list_sheets_for_session(treatment_session)
    blocks = ((sheets[0].snapshot or {}).get("blocks") or []) if sheets else []
    choices = [(str(b["id"]), str(b.get("title") or b["id"])) for b in blocks
               if isinstance(b, dict) and b.get("id") and b.get("section") not in NOT_ADVICE]
    return choices or list(FALLBACK_ADVICE)


def parse_points(raw: str | None) -> list[dict]:
    """Return the tapped points as [{view, x, y}]; raises DomainError on anything else (R-I1)."""
    raw = (raw or "").strip()
    if not raw:
        return []
    problem = DomainError("The map points could not be read. Clear the map and tap again.",
                          field="points")
    if len(raw) > POINTS_JSON_MAX:
        raise DomainError(f"Mark at most {MAX_POINTS} places.", field="points")
    try:
        data = jsondata.load_checked(raw, POINTS, "points")
    except jsondata.InvalidJSON as exc:
        raise DomainError(points_message(exc), field="points") from exc
    points = []
    for item in data:
        if not isinstance(item, dict) or item.get("view") not in VIEWS:
            raise problem
        coords = [item.get("x"), item.get("y")]
        # bool is an int in Python; NaN and infinities pass no range check honestly.
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                   and 0 <= v <= 1 for v in coords):
            raise DomainError("A map point lies outside the body map. Clear the map and tap "
                              "again.", field="points")
        points.append({"view": item["view"], "x": round(float(coords[0]), 4),
                       "y": round(float(coords[1]), 4)})
    return points


def _score(value, field_name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
        raise DomainError("Choose a number from 0 to 10.", field=field_name)
    return value


def create_check_in(actor, client: Client, treatment_session: TreatmentSession, *,
                    soreness: int, pain: int, advice_ids, points_raw: str | None, note: str,
                    today: date, now: datetime | None = None) -> CheckIn:
    """Record the client's check-in for a session, audited; raises DomainError.

    :raises CheckInExists: the session already has one (also when a double submit races).
    """
    ts = treatment_session
    if ts.client_id != client.id or ts.status != SIGNED:
        raise DomainError("This visit has no check-in.", field="form")
    if check_in_for_session(ts) is not None:
        raise CheckInExists("You already told us how you felt after this visit. Thank you!",
                            field="form")
    if not is_open(ts, today=today):
        raise DomainError("Check-ins are open from the day after a visit for a week.",
                          field="form")
    titles = dict(advice_choices_for(ts))
    chosen = list(dict.fromkeys(advice_ids or []))
    if any(a not in titles for a in chosen):
        raise DomainError("Choose from the list.", field="advice")
    note = (note or "").replace("\r\n", "\n").strip()
    if len(note) > NOTE_MAX or has_control(note):
        raise DomainError(f"Keep the note to {NOTE_MAX} plain characters.", field="note")
    check_in = CheckIn(client_id=client.id, session_id=ts.id, created_at=now or utcnow(),
                       soreness=_score(soreness, "soreness"), pain=_score(pain, "pain"),
                       advice_followed=[titles[a] for a in chosen],
                       points=parse_points(points_raw), note=note)
    try:
        with db.session.begin_nested():
            db.session.add(check_in)
            db.session.flush()
    except IntegrityError as exc:
        raise CheckInExists("You already told us how you felt after this visit. Thank you!",
                            field="form") from exc
    audit.record(actor, "checkin.create", object_type="check_in", object_id=check_in.id,
                 client=client, clinic_id=client.clinic_id)
    return check_in


def list_check_ins_for(client: Client, limit: int | None = None) -> list[CheckIn]:
    """Return the client's check-ins, newest first."""
    query = select(CheckIn).where(CheckIn.client_id == client.id) \
        .options(joinedload(CheckIn.treatment_session)) \
        .order_by(CheckIn.created_at.desc(), CheckIn.id.desc())
    return list(db.session.scalars(query.limit(limit) if limit else query))


def maps_for(check_in: CheckIn, *, size: int | None = None) -> dict[str, str]:
    """Return the body-map SVG of each view the client tapped, drawn by the staff map code."""
    markers = [{**p, "kind": "tender"} for p in check_in.points or []]
    return {view: render_svg(view, markers, size=size,
                             title=f"Where it still hurt, {view} view")
            for view in VIEWS if any(p.get("view") == view for p in markers)}


def may_read(user, client: Client) -> bool:
    """Tell whether a staff user may read a client's check-ins (treating staff of the clinic)."""
    return (getattr(user, "role", None) in CLINICAL
            and getattr(user, "clinic_id", None) == client.clinic_id)
