"""Clinic, User, the server-side login-session table and mailed single-use links."""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from notes_app.dbtypes import UTCDateTime, new_public_id, utcnow
from notes_app.extensions import db

ROLES = ("admin", "therapist", "client")
STAFF_ROLES = ("admin", "therapist")


class Clinic(db.Model):
    """A practice: every client and staff account belongs to exactly one."""

    __tablename__ = "clinics"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    paper_size: Mapped[str] = mapped_column(String(10), default="A4")
    # Where the clinic is (ISO 3166 alpha-2, "" = not set): aftercare sheets print that
    # country's emergency and advice numbers and drinking guidance (clinical.contacts), unless
    # the two numbers below override them.
    country: Mapped[str] = mapped_column(String(2), default="", server_default="")
    emergency_number: Mapped[str] = mapped_column(String(40), default="", server_default="")
    advice_number: Mapped[str] = mapped_column(String(80), default="", server_default="")
    # Staff without two-factor are sent to enrolment and blocked until done (#13 item 8).
    require_staff_two_factor: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    users: Mapped[list[User]] = relationship(back_populates="clinic")


class User(UserMixin, db.Model):
    """A login: clinic admin, therapist or client (portal)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    # The staff UI's language (a client's portal follows their client record instead).
    language: Mapped[str] = mapped_column(String(10), default="en", server_default="en")
    password_hash: Mapped[str] = mapped_column(String(255))
    is_disabled: Mapped[bool] = mapped_column(default=False)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    clinic: Mapped[Clinic] = relationship(back_populates="users")
    two_factor: Mapped[TwoFactorCredential | None] = relationship(
        back_populates="user", cascade="all, delete-orphan")

    # Set by the user loader per request (not columns): the login session this request runs under.
    session_token = None
    login_session = None

    def get_id(self) -> str | None:
        """Return the login-session token Flask-Login keeps, never the user id."""
        return self.session_token

    @property
    def is_active(self) -> bool:
        return not self.is_disabled

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def has_two_factor(self) -> bool:
        """Tell whether the user has confirmed a TOTP authenticator."""
        return self.two_factor is not None and self.two_factor.confirmed_at is not None

    @property
    def display_role(self) -> str:
        return {"admin": "Clinic admin", "therapist": "Therapist", "client": "Client"}[self.role]


class LoginSession(db.Model):
    """A server-side login session (R-S1): revocable, with idle and absolute limits."""

    __tablename__ = "login_sessions"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Only a SHA-256 of the cookie token is stored, so a database leak yields no live session.
    token_hash: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reauthenticated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_reason: Mapped[str] = mapped_column(String(40), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship()


class TwoFactorCredential(db.Model):
    """A staff member's TOTP secret (RFC 6238); unconfirmed until a first code is entered."""

    __tablename__ = "two_factor_credentials"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    secret: Mapped[str] = mapped_column(String(64))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # The time step of the last accepted code: a code is accepted once, never replayed (R-A5).
    last_timecode: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(back_populates="two_factor")


class RecoveryCode(db.Model):
    """One single-use recovery code, stored as a SHA-256 (80 random bits: no slow hash needed)."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


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


class ClinicSetting(db.Model):
    """A clinic's choices an admin sets (portal sharing); a clinic without a row gets defaults."""

    # The table kept its first name from when only the portal had settings.
    __tablename__ = "portal_settings"

    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), primary_key=True)
    # The therapist's assessment (the A of SOAP) stays internal unless the clinic opts in.
    share_assessment_with_clients: Mapped[bool] = mapped_column(default=False)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
