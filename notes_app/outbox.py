"""The mail outbox table: what the app sent or would have sent (mail.py writes it)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from notes_app.dbtypes import UTCDateTime, utcnow
from notes_app.extensions import db


class OutboxMessage(db.Model):
    """A mail the app sent or would have sent; bodies carry links, never health data."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id"), nullable=True,
                                                  index=True)
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    sent_via: Mapped[str] = mapped_column(String(20), default="outbox")
