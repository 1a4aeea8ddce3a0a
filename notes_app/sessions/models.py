"""Treatment sessions (SOAP notes), their technique rows, addenda and conflict side drafts.

A signed note is immutable: the ORM guard at the bottom refuses any change but the move to
"entered in error", and clinical rows are never deleted (R-R1-R-R3).
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from notes_app.dbtypes import UTCDateTime, new_public_id, utcnow
from notes_app.extensions import db
from notes_app.sessions.marker_models import Knot, Marker, MarkerLocked  # noqa: F401

DRAFT, SIGNED, ENTERED_IN_ERROR = "draft", "signed", "entered_in_error"
ADDENDUM_KINDS: tuple[tuple[str, str], ...] = (
    ("addendum", "Addendum"), ("late_entry", "Late entry"), ("correction", "Correction"),
)
PGIC_SCALE: tuple[tuple[int, str], ...] = (
    (1, "Very much improved"), (2, "Much improved"), (3, "Minimally improved"),
    (4, "No change"), (5, "Minimally worse"), (6, "Much worse"), (7, "Very much worse"),
)
# The only columns that may change on a signed note: its move to "entered in error".
ERROR_TRANSITION_FIELDS = frozenset({
    "status", "entered_in_error_reason", "entered_in_error_at", "entered_in_error_by_id",
    "updated_at", "version",
})


class TreatmentSession(db.Model):
    """One visit's note: SOAP sections, outcome scores and the technique rows (never `Session`)."""

    __tablename__ = "treatment_sessions"
    # The timeline (newest first), the latest signed note and a therapist's recent rows.
    __table_args__ = (UniqueConstraint("therapist_id", "idempotency_key"),
                      Index("ix_treatment_sessions_client_timeline", "client_id", "session_date",
                            "id"),
                      Index("ix_treatment_sessions_client_status_date", "client_id", "status",
                            "session_date", "id"),
                      Index("ix_treatment_sessions_therapist_date", "therapist_id",
                            "session_date"))

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    session_date: Mapped[date] = mapped_column(Date, index=True)
    duration_minutes: Mapped[int] = mapped_column(default=60)
    positions: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default=DRAFT, index=True)
    visit_number: Mapped[int] = mapped_column(default=1)
    # S: what the client reports.
    chief_complaint: Mapped[str] = mapped_column(Text, default="")
    changes_since_last: Mapped[str] = mapped_column(Text, default="")
    pain_before: Mapped[int | None] = mapped_column(nullable=True)
    response_to_last: Mapped[str] = mapped_column(Text, default="")
    # O: what the therapist observes and measures; ROM rows are small dicts (validation.py).
    observations: Mapped[str] = mapped_column(Text, default="")
    rom: Mapped[list] = mapped_column(JSON, default=list)
    # A: response and progress towards goals, never a diagnosis (domain §0).
    response: Mapped[str] = mapped_column(Text, default="")
    goals_progress: Mapped[str] = mapped_column(Text, default="")
    # P: the plan.
    next_focus: Mapped[str] = mapped_column(Text, default="")
    interval: Mapped[str] = mapped_column(String(100), default="")
    home_care: Mapped[str] = mapped_column(Text, default="")
    referral: Mapped[str] = mapped_column(Text, default="")
    pain_after: Mapped[int | None] = mapped_column(nullable=True)
    pgic: Mapped[int | None] = mapped_column(nullable=True)
    # Copy-forward provenance: the source note and the fields still unedited since the copy.
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_sessions.id"),
                                                       nullable=True)
    copied_fields: Mapped[list] = mapped_column(JSON, default=list)
    # Optimistic concurrency: every content change is UPDATE ... WHERE version = :seen (R-L3).
    version: Mapped[int] = mapped_column(default=1)
    # The editor tab that saved the latest versions, from which version on (#12: a tab's own
    # page-hide save landing after its reload is not "another device").
    last_writer: Mapped[str] = mapped_column(String(64), default="", server_default="")
    writer_since: Mapped[int] = mapped_column(default=0, server_default="0")
    idempotency_key: Mapped[str] = mapped_column(String(64))
    # The intake feature owns the override table; built in parallel, so no foreign key.
    defer_override_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reauth_event_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    entered_in_error_reason: Mapped[str] = mapped_column(Text, default="")
    entered_in_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    entered_in_error_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"),
                                                               nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    client = relationship("Client")
    therapist = relationship("User", foreign_keys=[therapist_id])
    signed_by = relationship("User", foreign_keys=[signed_by_id])
    entered_in_error_by = relationship("User", foreign_keys=[entered_in_error_by_id])
    copied_from = relationship("TreatmentSession", remote_side=[id])
    technique_rows: Mapped[list[TechniqueRow]] = relationship(
        back_populates="treatment_session", order_by="TechniqueRow.position",
        cascade="all, delete-orphan")
    markers: Mapped[list[Marker]] = relationship(
        back_populates="treatment_session", order_by="Marker.position",
        cascade="all, delete-orphan")
    addenda: Mapped[list[Addendum]] = relationship(
        back_populates="treatment_session", order_by="(Addendum.created_at, Addendum.id)")

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT

    def is_editable_by(self, user) -> bool:
        """Tell whether a user may edit this note: only its author, and only while a draft."""
        return self.status == DRAFT and getattr(user, "id", None) == self.therapist_id

    @property
    def is_signed(self) -> bool:
        return self.status == SIGNED

    @property
    def is_entered_in_error(self) -> bool:
        return self.status == ENTERED_IN_ERROR


class TechniqueRow(db.Model):
    """One structured treatment line: area, side, technique, pressure, dose and response."""

    __tablename__ = "technique_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_sessions.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    muscle_id: Mapped[str] = mapped_column(String(40))  # a catalogue muscle or a region id
    side: Mapped[str] = mapped_column(String(1))
    technique: Mapped[str] = mapped_column(String(8))
    pressure: Mapped[int] = mapped_column()
    client_intensity: Mapped[int | None] = mapped_column(nullable=True)
    minutes: Mapped[int | None] = mapped_column(nullable=True)
    hold_seconds: Mapped[int | None] = mapped_column(nullable=True)
    reps: Mapped[int | None] = mapped_column(nullable=True)
    response: Mapped[str] = mapped_column(String(20), default="")
    warning_ack: Mapped[bool] = mapped_column(default=False)
    warning_text: Mapped[str] = mapped_column(Text, default="")

    treatment_session: Mapped[TreatmentSession] = relationship(back_populates="technique_rows")


class Addendum(db.Model):
    """A later note attached to a signed one, shown under the untouched original (R-R2)."""

    __tablename__ = "session_addenda"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_sessions.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    kind: Mapped[str] = mapped_column(String(20), default="addendum")
    reason: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), default="")

    treatment_session: Mapped[TreatmentSession] = relationship(back_populates="addenda")
    author = relationship("User")


class ConflictDraft(db.Model):
    """A side copy kept when a save loses a version race, so nothing typed is lost (R-L3)."""

    __tablename__ = "session_conflict_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_sessions.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # "rejected": a stale save kept aside; "replaced": server text a resolution overwrote.
    kind: Mapped[str] = mapped_column(String(20), default="rejected")
    base_version: Mapped[int] = mapped_column()
    payload: Mapped[dict] = mapped_column(JSON)

    author = relationship("User")


# --- The guard: signed notes and clinical rows cannot change through the ORM -----------------

class LockedRecord(RuntimeError):
    """Raised when code tries to change a signed note or delete a clinical row."""


def _stored_status(connection, session_id: int | None) -> str | None:
    # Ask the database, not the object: in-memory state could already be tampered with.
    if session_id is None:
        return None
    table = TreatmentSession.__table__
    return connection.execute(select(table.c.status).where(table.c.id == session_id)).scalar()


@event.listens_for(TreatmentSession, "before_update")
def _guard_session_update(mapper, connection, target):
    stored = _stored_status(connection, target.id)
    if stored in (None, DRAFT):
        return
    state = inspect(target)
    changed = {c.key for c in mapper.column_attrs if state.attrs[c.key].history.has_changes()}
    if not changed:
        return  # only a relationship collection moved (e.g. an addendum was attached)
    if (stored == SIGNED and target.status == ENTERED_IN_ERROR
            and changed <= ERROR_TRANSITION_FIELDS):
        return
    raise LockedRecord(f"treatment session {target.id} is {stored} and cannot change")


@event.listens_for(TechniqueRow, "before_insert")
@event.listens_for(TechniqueRow, "before_update")
@event.listens_for(TechniqueRow, "before_delete")
def _guard_row(mapper, connection, target):
    # A draft's rows come and go as the therapist edits; once signed they are frozen.
    if _stored_status(connection, target.session_id) not in (None, DRAFT):
        raise LockedRecord(f"technique rows of session {target.session_id} are locked")


@event.listens_for(TreatmentSession, "before_delete")
@event.listens_for(Addendum, "before_update")
@event.listens_for(Addendum, "before_delete")
@event.listens_for(ConflictDraft, "before_update")
@event.listens_for(ConflictDraft, "before_delete")
def _refuse_change(mapper, connection, target):
    # R-R3: clinical entries are never deleted; addenda and side drafts are append-only.
    raise LockedRecord(f"{type(target).__name__} rows are append-only")
