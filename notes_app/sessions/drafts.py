"""Draft saves with optimistic concurrency: compare-and-set on the version, side drafts on conflict.

A stale save never overwrites: it is kept as a ConflictDraft and answered with both versions
(R-L3). Nothing here commits; the caller commits once.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from notes_app import audit
from notes_app.clinical.safety import SafetyRules, row_warnings
from notes_app.dbtypes import utcnow
from notes_app.errors import DomainError
from notes_app.extensions import db
from notes_app.intake import services as intake
from notes_app.sessions import markers as marker_service
from notes_app.sessions.content import jsonable, note_content, row_content
from notes_app.sessions.models import DRAFT, ConflictDraft, TechniqueRow, TreatmentSession
from notes_app.sessions.validation import InvalidNote, clean_payload, row_marks


class NoteLocked(DomainError):
    """The note is signed or entered in error: it can no longer be edited."""


class Conflict(DomainError):
    """A save based on an old version; carries the server's note and the kept side draft."""

    def __init__(self, *, current_version: int, server: dict, submitted: dict,
                 draft: ConflictDraft | None):
        super().__init__("This note was changed on another device.", field=None)
        self.current_version = current_version
        self.server = server
        self.submitted = submitted
        self.draft = draft


def rules_for(ts: TreatmentSession) -> SafetyRules:
    """Return the safety rules from the client's intake flags on the session's day."""
    return SafetyRules.from_flags(intake.current_flags_for(ts.client, today=ts.session_date))


def check_warnings(rows: list[dict], rules: SafetyRules) -> list[list[str]]:
    """Return each row's warnings; raises InvalidNote while any warning is unacknowledged."""
    found = [row_warnings(row, rules) for row in rows]
    errors, listed = {}, {}
    for i, (row, warnings) in enumerate(zip(rows, found, strict=True)):
        if warnings and not row["warning_ack"]:
            errors[f"techniques.{i}.warning_ack"] = "Acknowledge: " + " ".join(warnings)
            listed[f"techniques.{i}"] = warnings
    if errors:
        raise InvalidNote(errors, listed)
    return found


def _assert_editable(actor, ts: TreatmentSession) -> None:
    if ts.status != DRAFT:
        raise NoteLocked("This note is signed and locked; add an addendum instead.")
    if not ts.is_editable_by(actor):
        raise DomainError("Only the therapist who started this note can edit the draft.")


def _side_draft(actor, ts, payload: dict, base_version: int, kind: str) -> ConflictDraft:
    draft = ConflictDraft(session_id=ts.id, author_id=actor.id, base_version=base_version,
                          payload=jsonable(payload), kind=kind)
    db.session.add(draft)
    db.session.flush()
    return draft


def _conflict(actor, ts: TreatmentSession, merged: dict, base_version: int,
              background: bool) -> Conflict:
    db.session.expire(ts)
    if ts.status != DRAFT:
        return NoteLocked("This note was signed on another device; add an addendum instead.")
    draft = None
    if not background:
        # A background check carries text this device already saved once; nothing new to keep.
        draft = _side_draft(actor, ts, merged, base_version, "rejected")
        audit.record(actor, "session.conflict", object_type="treatment_session",
                     object_id=ts.id, client=ts.client)
    return Conflict(current_version=ts.version, server=note_content(ts),
                    submitted=jsonable(merged), draft=draft)


def _map_change(ts: TreatmentSession, payload: dict, cleaned: dict, rules: SafetyRules):
    """Return (markers, continued, warnings, knots) when the payload carries the body map."""
    if "markers" not in payload and "continued" not in payload:
        return None
    markers, continued = marker_service.clean_markers(payload.get("markers", []),
                                                      payload.get("continued"))
    known = marker_service.check_knots(ts, markers, continued)
    techniques = cleaned["techniques"] if "techniques" in cleaned \
        else [row_content(r) for r in ts.technique_rows]
    warnings = marker_service.check_marker_warnings(markers, rules, techniques)
    return markers, continued, warnings, known


def _own_writes_since(ts: TreatmentSession, base_version: int, writer: str) -> bool:
    """Tell whether every version after base_version was saved by this same editor tab."""
    return bool(writer) and ts.last_writer == writer and ts.writer_since <= base_version + 1 \
        and base_version < ts.version


def save_draft(actor, ts: TreatmentSession, payload: dict, *, base_version: int,
               today: date | None = None, resolve_conflict: bool = False,
               background: bool = False, writer: str = "") -> TreatmentSession:
    """Apply an autosave to a draft if base_version is still current; never loses the text.

    :raises InvalidNote: bad fields or unacknowledged warnings (nothing saved).
    :raises Conflict: base_version is stale; the submitted note is kept as a side draft.
    :raises NoteLocked: the note is signed or entered in error.
    """
    # background: an unchanged re-send from the editor (R-S3); it never becomes a side draft.
    _assert_editable(actor, ts)
    cleaned = clean_payload(payload, today=today or date.today(), earliest=ts.client.date_of_birth,
                            first_visit=ts.visit_number == 1)
    rules = rules_for(ts)
    warnings = check_warnings(cleaned["techniques"], rules) if "techniques" in cleaned else None
    current = note_content(ts)
    merged = {**current, **jsonable(cleaned)}
    if "techniques" in cleaned:
        merged["techniques"] = [row_content(r) for r in cleaned["techniques"]]
    map_change = _map_change(ts, payload, cleaned, rules)
    if map_change:
        merged["markers"], merged["continued"] = map_change[0], map_change[1]
    old_copied = list(ts.copied_fields or [])
    # Whole fields stay "copied" while unchanged; row marks (proposals, pre-filled doses) are
    # what the editor says they are now, so "keep" and a touched dose survive a reload.
    copied = [f for f in old_copied if "." not in f and merged[f] == current[f]]
    copied += row_marks(payload.get("techniques")) if "techniques" in cleaned \
        else [f for f in old_copied if "." in f]
    if merged == current and copied == old_copied:
        return ts  # nothing changed: no write, no new version (background saves land here)
    if base_version != ts.version:
        if not _own_writes_since(ts, base_version, writer):
            raise _conflict(actor, ts, merged, base_version, background)
        # Only this tab wrote since its base (e.g. its page-hide save landed after a reload's
        # GET): not a conflict, but the newer text is kept aside, as "keep mine" would.
        base_version, resolve_conflict = ts.version, True
    if resolve_conflict:
        # The other device's text is about to be replaced on purpose: keep it retrievable.
        _side_draft(actor, ts, current, ts.version, "replaced")
    scalars = {k: v for k, v in cleaned.items() if k != "techniques"}
    result = db.session.execute(
        update(TreatmentSession)
        .where(TreatmentSession.id == ts.id, TreatmentSession.version == base_version,
               TreatmentSession.status == DRAFT)
        .values(**scalars, copied_fields=copied, version=base_version + 1, updated_at=utcnow(),
                last_writer=writer,
                writer_since=ts.writer_since if writer and writer == ts.last_writer
                else base_version + 1)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        # Another device saved between our read and this write (PostgreSQL READ COMMITTED).
        raise _conflict(actor, ts, merged, base_version, background)
    db.session.expire(ts)
    if map_change and merged["markers"] != current["markers"] \
            or map_change and merged["continued"] != current["continued"]:
        marker_service.apply_markers(ts, *map_change)
    if "techniques" in cleaned and merged["techniques"] != current["techniques"]:
        ts.technique_rows = [
            TechniqueRow(position=i, warning_text=" ".join(w), **row)
            for i, (row, w) in enumerate(zip(cleaned["techniques"], warnings, strict=True))]
    db.session.flush()
    audit.record(actor, "session.save", object_type="treatment_session", object_id=ts.id,
                 client=ts.client)
    return ts


def list_conflicts_for(ts: TreatmentSession) -> list[ConflictDraft]:
    """Return the note's side drafts, newest first."""
    return list(db.session.scalars(select(ConflictDraft).where(
        ConflictDraft.session_id == ts.id).order_by(ConflictDraft.id.desc())))
