"""Body-map markers (stored as data, never as a picture) and the knots they follow across visits.

A marker of a signed note is frozen like its technique rows; a knot outlives its sessions.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, String, Text, column, event, select, table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from notes_app.dbtypes import UTCDateTime, new_public_id, utcnow
from notes_app.extensions import db

ACTIVE, RESOLVED = "active", "resolved"
# How a knot from the last visit continues: still there, better ("eased": the column holds
# five characters and widening it needs a migration), or moved.
CONTINUATIONS = ("still", "eased", "moved")
CONTINUATION_WORDS = {"still": "still there since", "eased": "better than",
                      "moved": "moved since"}

# A lightweight view of the sessions table: importing the model here would be circular.
_sessions = table("treatment_sessions", column("id"), column("status"))


class Knot(db.Model):
    """One trigger point followed over visits: its markers are its history."""

    __tablename__ = "knots"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    muscle_id: Mapped[str | None] = mapped_column(String(8), nullable=True)
    side: Mapped[str] = mapped_column(String(1))
    first_seen_session_id: Mapped[int] = mapped_column(ForeignKey("treatment_sessions.id"),
                                                       index=True)
    # Set by the session whose therapist said "resolved" on the ghost layer.
    resolved_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("treatment_sessions.id"), nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(10), default=ACTIVE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    markers: Mapped[list[Marker]] = relationship(back_populates="knot")


class Marker(db.Model):
    """One finding on the body map: view, normalised position, muscle, side, kind and scores."""

    __tablename__ = "session_markers"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_sessions.id"), index=True)
    knot_id: Mapped[int] = mapped_column(ForeignKey("knots.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    view: Mapped[str] = mapped_column(String(5))
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    muscle_id: Mapped[str | None] = mapped_column(String(8), nullable=True)
    side: Mapped[str] = mapped_column(String(1))
    kind: Mapped[str] = mapped_column(String(10))
    tenderness: Mapped[int | None] = mapped_column(nullable=True)
    referral_reproduced: Mapped[bool] = mapped_column(default=False)
    referral_zone_ids: Mapped[list] = mapped_column(JSON, default=list)
    after_status: Mapped[str | None] = mapped_column(String(10), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    # "still" / "eased" / "moved" when this marker continues a ghost from the last visit, else "".
    continuation: Mapped[str] = mapped_column(String(5), default="")
    warning_ack: Mapped[bool] = mapped_column(default=False)
    warning_text: Mapped[str] = mapped_column(Text, default="")

    # Every use of a marker shows its knot's public id: load the two together.
    knot: Mapped[Knot] = relationship(back_populates="markers", lazy="joined")
    treatment_session = relationship("TreatmentSession", back_populates="markers")


class MarkerLocked(RuntimeError):
    """Raised when code tries to change the markers of a signed note."""


def _status(connection, session_id: int | None) -> str | None:
    # Ask the database, not the object: in-memory state could already be tampered with.
    if session_id is None:
        return None
    return connection.execute(
        select(_sessions.c.status).where(_sessions.c.id == session_id)).scalar()


@event.listens_for(Marker, "before_insert")
@event.listens_for(Marker, "before_update")
@event.listens_for(Marker, "before_delete")
def _guard_marker(mapper, connection, target):
    if _status(connection, target.session_id) not in (None, "draft"):
        raise MarkerLocked(f"markers of session {target.session_id} are locked")


@event.listens_for(Knot, "before_delete")
def _guard_knot(mapper, connection, target):
    # Only a knot first seen in a still-open draft may vanish (its marker was removed).
    if _status(connection, target.first_seen_session_id) not in (None, "draft"):
        raise MarkerLocked(f"knot {target.id} belongs to a signed note")
