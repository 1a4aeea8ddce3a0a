"""Portal tables: the client's check-ins between visits."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from notes_app.dbtypes import UTCDateTime, new_public_id, utcnow
from notes_app.extensions import db


class CheckIn(db.Model):
    """How a client felt a day or two after a signed session, in their own words and taps."""

    __tablename__ = "check_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    # Unique: one check-in per session, enforced by the database so a double submit cannot win.
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_sessions.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    soreness: Mapped[int] = mapped_column(Integer)
    pain: Mapped[int] = mapped_column(Integer)
    # Titles as the client saw them, so the list still reads right after the library changes.
    advice_followed: Mapped[list] = mapped_column(JSON, default=list)
    # [{"view": "front" | "back", "x": 0..1, "y": 0..1}], at most MAX_POINTS (checkins.py).
    points: Mapped[list] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")

    treatment_session = relationship("TreatmentSession")
