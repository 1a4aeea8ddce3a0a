"""Session-note queries and changes, scoped to the therapist's clinic and audited (ids only).

Drafts and conflicts live in drafts.py, signing in signing.py; this module re-exports them so
callers have one import.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime

from flask import abort
from sqlalchemy import and_, func, literal, or_, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from notes_app import audit
from notes_app.access import CLINICAL
from notes_app.clients.models import Client
from notes_app.clients.services import Page
from notes_app.clinical.contraindications import awaiting_clearance, hard_stops, overridable
from notes_app.dbtypes import utcnow
from notes_app.errors import DomainError
from notes_app.extensions import db
from notes_app.formtools import has_control
from notes_app.intake import services as intake
from notes_app.sessions.drafts import (  # noqa: F401
    Conflict,
    NoteLocked,
    check_warnings,
    list_conflicts_for,
    rules_for,
    save_draft,
)
from notes_app.sessions.models import (
    ADDENDUM_KINDS,
    DRAFT,
    ENTERED_IN_ERROR,
    SIGNED,
    Addendum,
    TechniqueRow,
    TreatmentSession,
)
from notes_app.sessions.signing import (  # noqa: F401
    ReauthRequired,
    StaleNote,
    addendum_hash,
    sign_session,
    verify_signed_sessions,
)

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# What "start from last session" carries over: the treatment and the plan, never today's
# findings or scores, which must be asked afresh (issue 4, item 4).
COPY_FIELDS = ("duration_minutes", "positions", "techniques", "next_focus", "interval",
               "home_care", "referral")
DOSE_FIELDS = ("pressure", "client_intensity", "minutes", "hold_seconds", "reps")
REASON_MAX, ADDENDUM_MAX = 1000, 20_000
PER_PAGE = 10


def _is_clinical_reader(user, ts: TreatmentSession | None) -> bool:
    # Decision 2: an admin reads notes only if it also treats clients (the therapist role).
    return (ts is not None and getattr(user, "role", None) in CLINICAL
            and ts.clinic_id == user.clinic_id)


def get_session_for(user, public_id: str, *, record_read: bool = True) -> TreatmentSession:
    """Return a note of the user's clinic and audit the read; aborts 404 otherwise (R-Z3)."""
    # Every note page shows (and audits) the client, says which note it started from and
    # shows or saves the note's rows and markers: all in one query.
    ts = db.session.execute(
        select(TreatmentSession).where(TreatmentSession.public_id == public_id)
        .options(joinedload(TreatmentSession.client), joinedload(TreatmentSession.copied_from),
                 joinedload(TreatmentSession.technique_rows),
                 joinedload(TreatmentSession.markers))).unique().scalar_one_or_none()
    if not _is_clinical_reader(user, ts):
        audit.record_refusal(user, "session.read", object_type="treatment_session",
                             object_id=str(public_id)[:64])
        abort(404)
    if record_read:
        audit.record(user, "session.read", object_type="treatment_session", object_id=ts.id,
                     client=ts.client)
    return ts


def list_sessions_for(client: Client, page: int = 1, *, per_page: int = PER_PAGE,
                      include_hidden: bool = False) -> tuple[Page, int]:
    """Return a page of the client's notes, newest first, and how many are entered in error."""
    hidden = TreatmentSession.status == ENTERED_IN_ERROR
    mine = TreatmentSession.client_id == client.id
    where = [mine] if include_hidden else [mine, ~hidden]
    counts = (select(func.count()).select_from(TreatmentSession).where(*where).scalar_subquery(),
              select(func.count()).select_from(TreatmentSession).where(mine, hidden)
              .scalar_subquery())
    # The counts ride along with the page's rows; only a page past the end (or an empty
    # timeline) asks for them on their own, then shows the last page as before.
    rows = _timeline_rows(where, counts, page, per_page)
    if rows:
        total, hidden_count = rows[0][1], rows[0][2]
    else:
        total, hidden_count = db.session.execute(select(*counts)).one()
        last = max(1, -(-total // per_page))
        if page > last:
            page = last
            rows = _timeline_rows(where, counts, page, per_page) if total else []
    page = max(1, page)
    return Page([row[0] for row in rows], page, per_page, total), hidden_count


def _timeline_rows(where: list, counts: tuple, page: int, per_page: int) -> list:
    # The timeline shows each note's techniques, addenda and therapist: one query per page
    # (the page's notes are limited first, then joined to their rows).
    return db.session.execute(
        select(TreatmentSession, *counts).where(*where)
        .options(joinedload(TreatmentSession.technique_rows),
                 joinedload(TreatmentSession.addenda), joinedload(TreatmentSession.therapist))
        .order_by(TreatmentSession.session_date.desc(), TreatmentSession.id.desc())
        .offset((max(1, page) - 1) * per_page).limit(per_page)).unique().all()


def signed_course_for(client: Client, limit: int = 24) -> list[TreatmentSession]:
    """Return the client's latest signed notes, oldest first (the progress chart's data)."""
    rows = db.session.scalars(
        select(TreatmentSession).where(TreatmentSession.client_id == client.id,
                                       TreatmentSession.status == SIGNED)
        .order_by(TreatmentSession.session_date.desc(), TreatmentSession.id.desc())
        .limit(limit)).all()
    return list(reversed(rows))


def course_and_drafts_for(user, client: Client, limit: int = 24) -> tuple[list, list]:
    """Return signed_course_for's notes and the user's drafts of the client, newest first."""
    # One query for both: the latest signed notes are numbered newest first and cut at limit.
    order = (TreatmentSession.session_date.desc(), TreatmentSession.id.desc())
    signed, mine = TreatmentSession.status == SIGNED, and_(
        TreatmentSession.status == DRAFT, TreatmentSession.therapist_id == user.id)
    ranked = select(TreatmentSession.id, func.row_number().over(order_by=order).label("n")) \
        .where(TreatmentSession.client_id == client.id, signed).subquery()
    rows = db.session.scalars(
        select(TreatmentSession).outerjoin(ranked, ranked.c.id == TreatmentSession.id)
        .where(TreatmentSession.client_id == client.id,
               or_(and_(signed, ranked.c.n <= limit), mine))
        .order_by(*order)).all()
    course = [ts for ts in reversed(rows) if ts.status == SIGNED]
    drafts = sorted((ts for ts in rows if ts.status == DRAFT), key=lambda ts: -ts.id)
    return course, drafts


def last_signed_query(client: Client):
    """Return the query of the client's most recent signed note (to select or nest)."""
    return (select(TreatmentSession).where(TreatmentSession.client_id == client.id,
                                           TreatmentSession.status == SIGNED)
            .order_by(TreatmentSession.session_date.desc(), TreatmentSession.id.desc()).limit(1))


def last_signed_for(client: Client) -> TreatmentSession | None:
    """Return the client's most recent signed note, or None."""
    return db.session.scalar(last_signed_query(client))


def record_timeline_read(user, client: Client) -> None:
    """Audit that the client page showed the user the client's session timeline."""
    audit.record(user, "session.list", object_type="treatment_session", client=client)


def _by_key(actor, key: str) -> TreatmentSession | None:
    return db.session.scalar(select(TreatmentSession).where(
        TreatmentSession.therapist_id == actor.id, TreatmentSession.idempotency_key == key))


def _existing_for_key(actor, client: Client, key: str) -> TreatmentSession | None:
    existing = _by_key(actor, key)
    if existing is not None and existing.client_id != client.id:
        # The same key for another client is a client bug, never a reason to reuse a note.
        raise DomainError("This start request was already used for another client.",
                          field="idempotency_key")
    return existing


def _copy_forward(ts: TreatmentSession, source: TreatmentSession) -> None:
    ts.copied_from_id = source.id
    ts.duration_minutes = source.duration_minutes
    ts.positions = list(source.positions or [])
    for name in ("next_focus", "interval", "home_care", "referral"):
        setattr(ts, name, getattr(source, name))
    # Acknowledgements belong to the day they were given: copied rows must be re-acknowledged.
    ts.technique_rows = [
        TechniqueRow(position=i, muscle_id=r.muscle_id, side=r.side, technique=r.technique,
                     pressure=r.pressure, client_intensity=r.client_intensity, minutes=r.minutes,
                     hold_seconds=r.hold_seconds, reps=r.reps, response="")
        for i, r in enumerate(source.technique_rows)]
    copied = [f for f in COPY_FIELDS if f != "techniques" or source.technique_rows]
    ts.copied_fields = [f for f in copied if f == "techniques" or getattr(ts, f) not in ("", [])]
    # Copied rows are proposals until kept, and their doses stay marked until touched.
    for i, row in enumerate(ts.technique_rows):
        ts.copied_fields += [f"techniques.{i}", *(f"techniques.{i}.{k}" for k in DOSE_FIELDS
                                                   if getattr(row, k) is not None)]


def _titles(flags) -> str:
    return "; ".join(dict.fromkeys(f.title for f in flags))


def start_refusal(flags) -> str | None:
    """Return why no session may start whatever the therapist says, or None.

    Hard stops (a doctor today) have no override. DEFERs that need a clinician's clearance wait
    until one is recorded; the other DEFERs take the audited override with a reason.
    """
    stops = hard_stops(flags)
    if stops:
        return (f"Do not start a session: {_titles(stops)}. The client needs a doctor today. "
                "This cannot be overridden; once a doctor has seen the client, update the intake.")
    waiting = awaiting_clearance(flags)
    if waiting:
        return (f"Waiting for medical clearance: {_titles(waiting)}. Record the clearance from "
                "the client's doctor or midwife before starting.")
    return None


def start_session(actor, client: Client, *, idempotency_key: str, copy_from_last: bool,
                  today: date, override_reason: str | None = None) -> TreatmentSession:
    """Open a draft note for a client, or return the one this key already opened.

    :raises DomainError: intake blockers, a hard stop, a flag waiting for clearance, a missing
        DEFER override reason, a reused key.
    """
    key = (idempotency_key or "").strip()
    if not KEY_PATTERN.match(key):
        raise DomainError("The start request is missing its key; reload the page.",
                          field="idempotency_key")
    existing = _existing_for_key(actor, client, key)
    if existing is not None:
        return existing  # a retried request (double tap, lost response) gets the same note
    blockers = intake.session_blockers(client, today=today)
    if blockers:
        raise DomainError(" ".join(blockers), field="blockers")
    flags = intake.current_flags_for(client, today=today)
    refusal = start_refusal(flags)
    if refusal:
        raise DomainError(refusal, field="hard_stop" if hard_stops(flags) else "clearance")
    override_id = None
    deferring = overridable(flags)
    if deferring:
        if not (override_reason or "").strip():
            raise DomainError("A flag says not to treat today: give your reason to go ahead.",
                              field="override_reason")
        try:
            override = intake.record_defer_override(actor, client, deferring, override_reason)
        except DomainError as exc:
            raise DomainError(exc.message, field="override_reason") from exc
        override_id = override.id
    previous = db.session.scalar(select(func.count()).select_from(TreatmentSession).where(
        TreatmentSession.client_id == client.id, TreatmentSession.status == SIGNED)) or 0
    ts = TreatmentSession(client_id=client.id, client=client, therapist_id=actor.id,
                          clinic_id=client.clinic_id, session_date=today, idempotency_key=key,
                          visit_number=previous + 1, defer_override_id=override_id,
                          positions=[], rom=[], copied_fields=[])
    source = last_signed_for(client) if copy_from_last else None
    if source is not None:
        _copy_forward(ts, source)
    try:
        with db.session.begin_nested():
            db.session.add(ts)
            db.session.flush()
    except IntegrityError:
        # A concurrent retry with the same key won the insert: answer with its note.
        existing = _existing_for_key(actor, client, key)
        if existing is None:
            raise
        return existing
    if override_id is not None:
        override.consumed_by_session_id = ts.id
    audit.record(actor, "session.start", object_type="treatment_session", object_id=ts.id,
                 client=client)
    return ts


def recently_used_combinations(therapist, limit: int = 8, *, client: Client | None = None,
                               scan: int = 300) -> list[dict]:
    """Return the therapist's most used recent rows (muscle, side, technique, pressure, dose)."""
    # The client's own last rows come first: "what you did last time" is what clients expect.
    # Plain columns with the note's client id: lazy-loading each row's note cost a query per
    # note, and 300 row objects a tenth of the note editor's time (issue #11).
    query = (select(TechniqueRow.muscle_id, TechniqueRow.side, TechniqueRow.technique,
                    TechniqueRow.pressure, TechniqueRow.client_intensity, TechniqueRow.minutes,
                    TechniqueRow.hold_seconds, TechniqueRow.reps, TreatmentSession.client_id)
             .join(TreatmentSession)
             .where(TreatmentSession.therapist_id == therapist.id,
                    TreatmentSession.status != ENTERED_IN_ERROR)
             .order_by(TreatmentSession.session_date.desc(), TechniqueRow.id.desc()).limit(scan))
    rows = db.session.execute(query).all()
    key = lambda r: (r.muscle_id, r.side, r.technique, r.pressure)  # noqa: E731
    counts = Counter(key(r) for r in rows)
    latest: dict[tuple, object] = {}
    for r in rows:
        latest.setdefault(key(r), r)
    mine = [key(r) for r in rows if client is not None and r.client_id == client.id]
    order = list(dict.fromkeys([*mine[:limit // 2], *sorted(counts, key=lambda k: -counts[k])]))
    return [{"muscle_id": k[0], "side": k[1], "technique": k[2], "pressure": k[3],
             "client_intensity": latest[k].client_intensity, "minutes": latest[k].minutes,
             "hold_seconds": latest[k].hold_seconds, "reps": latest[k].reps, "uses": counts[k]}
            for k in order[:limit]]


def usual_doses(therapist, scan: int = 300, *, client: Client | None = None) -> dict[str, dict]:
    """Return the last pressure (and minutes, when dosed in minutes) per technique.

    The client's own signed notes come first: a dose is usually repeated for the same person;
    the therapist's recent rows fill in techniques this client has not had. One query.
    """
    mine = and_(TreatmentSession.therapist_id == therapist.id,
                TreatmentSession.status != ENTERED_IN_ERROR)
    if client is None:
        parts = [_newest_rows(1, mine, scan)]
    else:
        theirs = and_(TreatmentSession.client_id == client.id, TreatmentSession.status == SIGNED)
        # Two index walks that stop after `scan` rows each: one OR query sorted every row of
        # the therapist's history by hand, slower each year (issue #11).
        parts = [_newest_rows(0, theirs, scan), _newest_rows(1, and_(mine, ~theirs), scan)]
    rows = union_all(*(select(part) for part in parts)).subquery()
    query = (select(rows.c.technique, rows.c.pressure, rows.c.minutes, rows.c.hold_seconds)
             .order_by(rows.c.priority, rows.c.session_date.desc(), rows.c.row_id.desc())
             .limit(scan))
    out: dict[str, dict] = {}
    for code, pressure, minutes, hold in db.session.execute(query):
        out.setdefault(code, {"pressure": pressure,
                              "minutes": minutes if minutes and not hold else None})
    return out


def _newest_rows(priority: int, where, scan: int):
    """Return the newest `scan` technique rows of the notes matching where, with a priority."""
    return (select(literal(priority).label("priority"), TechniqueRow.technique,
                   TechniqueRow.pressure, TechniqueRow.minutes, TechniqueRow.hold_seconds,
                   TreatmentSession.session_date, TechniqueRow.id.label("row_id"))
            .join(TreatmentSession).where(where)
            .order_by(TreatmentSession.session_date.desc(), TechniqueRow.id.desc())
            .limit(scan).subquery())


def _checked_text(value: str, field: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError("This is required.", field=field)
    if len(value) > limit:
        raise DomainError(f"Keep this under {limit:,} characters.", field=field)
    if has_control(value):
        raise DomainError("Remove the invisible control characters.", field=field)
    return value


def add_addendum(actor, ts: TreatmentSession, reason: str, text: str, kind: str = "addendum",
                 *, now: datetime | None = None) -> Addendum:
    """Attach a dated, reasoned addendum to a signed note; the original stays untouched (R-R2)."""
    if ts.status != SIGNED:
        raise NoteLocked("Addenda are added to signed notes; edit the draft instead.")
    if kind not in dict(ADDENDUM_KINDS):
        raise DomainError("Pick the kind of addendum.", field="kind")
    addendum = Addendum(session_id=ts.id, author_id=actor.id, kind=kind,
                        reason=_checked_text(reason, "reason", REASON_MAX),
                        text=_checked_text(text, "text", ADDENDUM_MAX),
                        created_at=(now or utcnow()).replace(microsecond=0))
    addendum.content_hash = addendum_hash(addendum, ts.content_hash)
    db.session.add(addendum)
    db.session.flush()
    audit.record(actor, "session.addendum", object_type="session_addendum", object_id=addendum.id,
                 client=ts.client)
    return addendum


def mark_entered_in_error(actor, ts: TreatmentSession, reason: str,
                          *, now: datetime | None = None) -> TreatmentSession:
    """Hide a note with a reason instead of deleting it (R-R3); only its author may."""
    if ts.status == ENTERED_IN_ERROR:
        raise NoteLocked("This note is already marked as entered in error.")
    if actor.id != ts.therapist_id:
        raise DomainError("Only the therapist who wrote this note can mark it.", field="reason")
    ts.entered_in_error_reason = _checked_text(reason, "reason", REASON_MAX)
    ts.entered_in_error_at = now or utcnow()
    ts.entered_in_error_by_id = actor.id
    ts.status = ENTERED_IN_ERROR
    ts.version = ts.version + 1
    db.session.flush()
    audit.record(actor, "session.entered_in_error", object_type="treatment_session",
                 object_id=ts.id, client=ts.client)
    return ts
