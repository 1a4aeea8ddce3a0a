"""Intake versions (never overwritten), recorded DEFER overrides and medical clearances."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint, event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from notes_app.auth.models import User
from notes_app.clients.models import Client
from notes_app.dbtypes import UTCDateTime, new_public_id, utcnow
from notes_app.extensions import db


class IntakeVersion(db.Model):
    """One signed intake of a client; a change is a new version, never an edit."""

    __tablename__ = "intake_versions"
    __table_args__ = (UniqueConstraint("client_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    # The intake dict in the shape documented in clinical.intake_schema.
    data: Mapped[dict] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    source: Mapped[str] = mapped_column(String(20), default="therapist")
    # Consent facts copied out of data so they can be queried (R-R5).
    consent_version: Mapped[str] = mapped_column(String(20))
    signed_name: Mapped[str] = mapped_column(String(200))
    signed_on: Mapped[date] = mapped_column(Date, index=True)
    guardian_name: Mapped[str] = mapped_column(String(200), default="")
    guardian_relationship: Mapped[str] = mapped_column(String(200), default="")
    # The finger-drawn signature as a data:image/png;base64 URL, checked by intake.signature.
    signature: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    client: Mapped[Client] = relationship()
    created_by: Mapped[User | None] = relationship()


class DeferOverride(db.Model):
    """A therapist's recorded reason to treat despite DEFER flags (audited)."""

    __tablename__ = "defer_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    intake_version_id: Mapped[int] = mapped_column(ForeignKey("intake_versions.id"), index=True)
    flag_codes: Mapped[list] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # No foreign key: the sessions table lives in another feature; it sets this once.
    # active_history loads the old value before a change, so the guard below can see it.
    consumed_by_session_id: Mapped[int | None] = mapped_column(Integer, nullable=True,
                                                               active_history=True)

    intake_version: Mapped[IntakeVersion] = relationship()


class MedicalClearance(db.Model):
    """A clinician's clearance of one flag, recorded by a therapist; never edited, only withdrawn.

    It covers the flag as the intake version current when it was recorded describes it: a new
    intake (a new clot, a new pregnancy) needs a new clearance.
    """

    __tablename__ = "medical_clearances"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    intake_version_id: Mapped[int] = mapped_column(ForeignKey("intake_versions.id"), index=True)
    flag_code: Mapped[str] = mapped_column(String(40))
    cleared_by: Mapped[str] = mapped_column(String(200))  # the doctor, midwife or clinician
    cleared_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set once, together, when the clearance is withdrawn; active_history lets the guard see
    # the old values.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True,
                                                          active_history=True)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True,
                                                        active_history=True)
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="", active_history=True)

    client: Mapped[Client] = relationship()
    intake_version: Mapped[IntakeVersion] = relationship()
    recorded_by: Mapped[User] = relationship(foreign_keys=[recorded_by_id])
    withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[withdrawn_by_id])

    @property
    def withdrawn(self) -> bool:
        """Tell whether the clearance was withdrawn."""
        return self.withdrawn_at is not None


_WITHDRAWAL = ("withdrawn_at", "withdrawn_by_id", "withdrawn_reason")


@event.listens_for(IntakeVersion, "before_update")
@event.listens_for(IntakeVersion, "before_delete")
def _refuse_version_change(mapper, connection, target):  # noqa: ARG001
    # Issue 3: versions are never overwritten; an ORM change is a bug, so fail loudly.
    raise RuntimeError("intake versions are immutable: create a new version")


@event.listens_for(DeferOverride, "before_update")
def _only_consume_once(mapper, connection, target):  # noqa: ARG001
    # An override is evidence: only linking it to the session it allowed may change, once.
    state = sa_inspect(target)
    for attr in state.attrs:
        history = attr.history
        if not history.has_changes():
            continue
        if attr.key != "consumed_by_session_id" or any(v is not None for v in history.deleted):
            raise RuntimeError("defer overrides are immutable once recorded")


@event.listens_for(DeferOverride, "before_delete")
def _refuse_override_delete(mapper, connection, target):  # noqa: ARG001
    raise RuntimeError("defer overrides are never deleted")


@event.listens_for(MedicalClearance, "before_update")
def _only_withdraw_once(mapper, connection, target):  # noqa: ARG001
    # A clearance is evidence of what a clinician said: it is never edited. Withdrawing it sets
    # the withdrawal fields once, from empty.
    state = sa_inspect(target)
    for attr in state.attrs:
        history = attr.history
        if not history.has_changes():
            continue
        if attr.key not in _WITHDRAWAL or any(v not in (None, "") for v in history.deleted):
            raise RuntimeError("clearances are immutable once recorded; withdraw instead")


@event.listens_for(MedicalClearance, "before_delete")
def _refuse_clearance_delete(mapper, connection, target):  # noqa: ARG001
    raise RuntimeError("clearances are never deleted; withdraw instead")
