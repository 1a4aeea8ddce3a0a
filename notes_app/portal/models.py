"""Portal tables: single-use account tokens (R-A7), the mail outbox, check-ins and settings."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from notes_app.dbtypes import UTCDateTime, new_public_id, utcnow
from notes_app.extensions import db

TOKEN_PURPOSES = ("invite", "reset", "invite-staff")


class AccountToken(db.Model):
    """A mailed single-use link: a client invitation, a staff set-password link or a reset."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Only the SHA-256 of the link's token is kept, so a database leak opens no account.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(20), index=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    # The address the link went to; the per-address throttle counts on it.
    email: Mapped[str] = mapped_column(String(254), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), nullable=True,
                                                  index=True)
    # The user's password_changed_at when the link was issued: any later change voids it.
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    invalidated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    @property
    def is_spent(self) -> bool:
        return self.used_at is not None or self.invalidated_at is not None


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


class PortalSetting(db.Model):
    """A clinic's portal choices; a clinic without a row gets the defaults."""

    __tablename__ = "portal_settings"

    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), primary_key=True)
    # The therapist's assessment (the A of SOAP) stays internal unless the clinic opts in.
    share_assessment_with_clients: Mapped[bool] = mapped_column(default=False)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
