"""Sign and lock a note after re-authentication (R-A8, R-R1), and verify signatures later."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from notes_app import audit
from notes_app.audit import AuditEvent
from notes_app.auth.services import is_fresh, reauthenticate
from notes_app.clinical.safety import row_warnings
from notes_app.errors import DomainError, ReauthRequired
from notes_app.extensions import db
from notes_app.sessions.content import canonical_record, row_content, sha256_json
from notes_app.sessions.drafts import NoteLocked, check_warnings, rules_for
from notes_app.sessions.markers import check_marker_warnings
from notes_app.sessions.models import DRAFT, SIGNED, Addendum, TreatmentSession
from notes_app.sessions.validation import InvalidNote

FRESH_MINUTES = 5


class StaleNote(DomainError):
    """The note changed since the signer reviewed it."""


def signature_hash(ts: TreatmentSession, *, signed_by_id: int, signed_at: datetime) -> str:
    """Return the SHA-256 of the note's canonical record as signed by someone at a time."""
    record = canonical_record(ts)
    record.update(signed_by_id=signed_by_id, signed_at=signed_at.isoformat())
    return sha256_json(record)


def addendum_hash(addendum: Addendum, session_hash: str) -> str:
    """Return the SHA-256 binding an addendum to its author, time and the signed note."""
    return sha256_json({"session_hash": session_hash, "author_id": addendum.author_id,
                        "created_at": addendum.created_at.isoformat(), "kind": addendum.kind,
                        "reason": addendum.reason, "text": addendum.text})


def sign_problems(ts: TreatmentSession, rules=None) -> dict[str, str]:
    """Return what must be completed before a note can be signed (empty when ready)."""
    problems = {}
    if not (ts.chief_complaint or "").strip():
        problems["chief_complaint"] = "Record the client's chief complaint."
    if not ts.technique_rows:
        problems["techniques"] = "Record at least one technique row."
    for i, _ in enumerate(ts.technique_rows):
        # A row copied from the last visit is not today's treatment until the therapist keeps it.
        if f"techniques.{i}" in (ts.copied_fields or []):
            problems[f"techniques.{i}"] = (f"Keep or remove technique row {i + 1}: it is still a "
                                           "proposal from the last visit.")
    for i, row in enumerate(ts.technique_rows if rules is not None else ()):
        warnings = row_warnings(row_content(row), rules)
        if warnings and not row.warning_ack:
            problems[f"techniques.{i}.warning_ack"] = (
                f"Acknowledge the warning on technique row {i + 1}: " + " ".join(warnings))
    return problems


def _reauth_event_id(actor) -> int | None:
    # R-R1: the signature points at the password confirmation (or login) that made it fresh.
    return db.session.scalar(
        select(AuditEvent.id).where(AuditEvent.actor_id == actor.id,
                                    AuditEvent.action.in_(("reauthenticate", "login")),
                                    AuditEvent.outcome == "success")
        .order_by(AuditEvent.id.desc()).limit(1))


def sign_session(actor, ts: TreatmentSession, password: str | None = None, *, now: datetime,
                 base_version: int | None = None,
                 reauthenticated: bool = False) -> TreatmentSession:
    """Sign and lock a draft: signer, time and content hash; the web path needs a fresh password.

    :raises ReauthRequired: no password confirmed in the last 5 minutes (R-A8).
    """
    # reauthenticated=True is for trusted internal callers only (the demo seeder): they have no
    # login session to stamp, and no web request can set it.
    if ts.status != DRAFT:
        raise NoteLocked("This note is already signed.")
    if not ts.is_editable_by(actor):
        raise DomainError("Only the therapist who wrote this note can sign it.")
    if not reauthenticated:
        if password and not reauthenticate(actor, password, now=now):
            raise DomainError("That password is not right.", field="password")
        if not is_fresh(actor, now=now, minutes=FRESH_MINUTES):
            raise ReauthRequired("Confirm your password to sign.", field="password")
    if base_version is not None and base_version != ts.version:
        raise StaleNote("The note changed on another device; review it again before signing.")
    problems = sign_problems(ts)
    if problems:
        raise InvalidNote(problems)
    # Flags may have changed since the rows were saved: every warning must be acknowledged now.
    rows = [{"muscle_id": r.muscle_id, "side": r.side, "technique": r.technique,
             "pressure": r.pressure, "warning_ack": r.warning_ack} for r in ts.technique_rows]
    rules = rules_for(ts)
    check_warnings(rows, rules)
    # The body map too: deep work planned on a no-go area or an endangerment site.
    markers = [{"view": m.view, "x": m.x, "y": m.y, "muscle_id": m.muscle_id, "side": m.side,
                "warning_ack": m.warning_ack} for m in ts.markers]
    check_marker_warnings(markers, rules, rows)
    signed_at = now.replace(microsecond=0)
    digest = signature_hash(ts, signed_by_id=actor.id, signed_at=signed_at)
    result = db.session.execute(
        update(TreatmentSession)
        .where(TreatmentSession.id == ts.id, TreatmentSession.version == ts.version,
               TreatmentSession.status == DRAFT)
        .values(status=SIGNED, signed_at=signed_at, signed_by_id=actor.id, content_hash=digest,
                reauth_event_id=None if reauthenticated else _reauth_event_id(actor),
                version=ts.version + 1, updated_at=now)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise StaleNote("The note changed on another device; review it again before signing.")
    db.session.expire(ts)
    audit.record(actor, "session.sign", object_type="treatment_session", object_id=ts.id,
                 client=ts.client)
    return ts


def verify_signed_sessions() -> list[str]:
    """Recompute every signed note's and addendum's hash; return public ids that no longer match."""
    bad = []
    # populate_existing: check what the database holds, not objects this session remembers.
    query = select(TreatmentSession).where(TreatmentSession.signed_at.is_not(None)) \
        .options(selectinload(TreatmentSession.technique_rows),
                 selectinload(TreatmentSession.markers), selectinload(TreatmentSession.addenda)) \
        .order_by(TreatmentSession.id).execution_options(populate_existing=True)
    for ts in db.session.scalars(query):
        expected = signature_hash(ts, signed_by_id=ts.signed_by_id, signed_at=ts.signed_at)
        if expected != ts.content_hash or any(
                addendum_hash(a, ts.content_hash) != a.content_hash for a in ts.addenda):
            bad.append(ts.public_id)
    return bad
