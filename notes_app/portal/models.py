"""Portal account tables: single-use account tokens (R-A7) and the mail outbox."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from notes_app.dbtypes import UTCDateTime, utcnow
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
