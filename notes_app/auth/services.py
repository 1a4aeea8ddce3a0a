"""Login, lockout, server-side login sessions and account management (R-A*, R-S*)."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from notes_app import audit
from notes_app.auth.models import ROLES, Clinic, ClinicSetting, LoginSession, User
from notes_app.auth.passwords import (
    burn_verify,
    hash_password,
    needs_rehash,
    policy_problems,
    verify_password,
)
from notes_app.errors import DomainError, ReauthRequired
from notes_app.extensions import db
from notes_app.formtools import BIDI_CONTROLS, BIDI_MESSAGE


@dataclass(frozen=True)
class SessionLimits:
    """Idle and absolute limits for one kind of account."""

    idle: timedelta
    absolute: timedelta


def normalise_email(email: str) -> str:
    """Return the canonical form of an email address for lookups."""
    return (email or "").strip().lower()


def token_hash(token: str) -> str:
    """Return the SHA-256 hex digest under which a session token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def context_words_for(email: str, full_name: str, clinic: Clinic | None) -> tuple[str, ...]:
    """Return the personal words a password must not be built from."""
    words = [email.split("@")[0], *full_name.split()]
    if clinic is not None:
        words += [clinic.name, *clinic.name.split()]
    return tuple(w for w in words if len(w) >= 4)


def authenticate(email: str, password: str, *, now: datetime, threshold: int,
                 lock_minutes: int) -> User | None:
    """Return the user for valid credentials, else None; count failures and lock (R-A3)."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        burn_verify(password)
        audit.record(None, "login", object_type="user", outcome="failure")
        return None
    if is_locked(user, now=now):
        # Locked: same answer as a wrong password, and the hash still runs for equal timing.
        burn_verify(password)
        audit.record(user, "login", object_type="user", object_id=user.id, outcome="locked")
        return None
    # Verify even for a disabled account: skipping the hash told disabled ones apart by time.
    password_ok = verify_password(user.password_hash, password)
    if user.is_disabled or not password_ok:
        outcome = count_failure(user, now=now, threshold=threshold, lock_minutes=lock_minutes)
        audit.record(user, "login", object_type="user", object_id=user.id, outcome=outcome)
        return None
    # With two-factor the count is reset only after the code: else password, 9 wrong codes,
    # password again... would guess codes forever.
    if not user.has_two_factor:
        user.failed_logins = 0
        user.locked_until = None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def lockout_settings() -> dict:
    """Return the configured lockout threshold and length (R-A3)."""
    cfg = current_app.config
    return {"threshold": cfg["LOCKOUT_THRESHOLD"], "lock_minutes": cfg["LOCKOUT_MINUTES"]}


def is_locked(user: User, *, now: datetime) -> bool:
    """Tell whether the account is inside a lockout period (R-A3)."""
    return user.locked_until is not None and user.locked_until > now


def count_failure(user: User, *, now: datetime, threshold: int, lock_minutes: int) -> str:
    """Count one failed password or code toward the lockout; return the audit outcome."""
    user.failed_logins += 1
    if user.failed_logins >= threshold:
        user.locked_until = now + timedelta(minutes=lock_minutes)
        user.failed_logins = 0
        return "lockout"
    return "failure"


def start_session(user: User, *, user_agent: str, now: datetime) -> str:
    """Open a new login session for the user and return its cookie token (R-S1, R-S4)."""
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(
        token_hash=token_hash(token), user_id=user.id, created_at=now, last_seen_at=now,
        reauthenticated_at=now, user_agent=(user_agent or "")[:200],
    ))
    user.session_token = token
    audit.record(user, "login", object_type="user", object_id=user.id)
    return token


# How stale a login session's last-seen time may get before a request refreshes it.
TOUCH_EVERY = timedelta(minutes=1)


def load_session_user(token: str, *, now: datetime, limits_for, touch: bool) -> User | None:
    """Return the user of a live login session, revoking it if it has timed out (R-S3)."""
    if not token:
        return None
    # Every request reads the session, its user and the clinic (two-factor gate): one query.
    row = db.session.scalar(
        select(LoginSession).where(LoginSession.token_hash == token_hash(token))
        .options(joinedload(LoginSession.user).joinedload(User.clinic)))
    if row is None or row.revoked_at is not None:
        return None
    user = row.user
    limits: SessionLimits = limits_for(user)
    if user.is_disabled:
        revoke(row, "disabled", now=now)
        return None
    if now - row.last_seen_at > limits.idle:
        revoke(row, "idle", now=now)
        return None
    if now - row.created_at > limits.absolute:
        revoke(row, "absolute", now=now)
        return None
    # Only user-initiated requests count as activity; background saves don't keep a session alive.
    # At most one touch a minute, so a page view is not a write (#10 item 2).
    if touch and now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
    user.session_token = token
    user.login_session = row
    return user


def revoke(row: LoginSession, reason: str, *, now: datetime) -> None:
    """Mark one login session as ended."""
    if row.revoked_at is None:
        row.revoked_at = now
        row.revoked_reason = reason


def end_session(token: str, *, now: datetime) -> None:
    """Revoke the login session behind a cookie token (logout, R-S5)."""
    row = db.session.scalar(
        select(LoginSession).where(LoginSession.token_hash == token_hash(token)))
    if row is not None:
        revoke(row, "logout", now=now)
        audit.record(row.user, "logout", object_type="user", object_id=row.user_id)


def revoke_all_sessions(user: User, *, now: datetime, except_token: str | None = None,
                        reason: str = "revoked") -> None:
    """Revoke every live session of a user, optionally keeping the current one."""
    stmt = update(LoginSession).where(LoginSession.user_id == user.id,
                                      LoginSession.revoked_at.is_(None))
    if except_token:
        stmt = stmt.where(LoginSession.token_hash != token_hash(except_token))
    db.session.execute(stmt.values(revoked_at=now, revoked_reason=reason))


def reauthenticate(user: User, password: str, *, now: datetime) -> bool:
    """Confirm the password again for a high-risk action and stamp the session (R-A8).

    Wrong passwords count toward the account lockout, and a locked account's right password
    is refused too (#13 item 6): a left-open tablet is no place to guess.
    """
    password_ok = verify_password(user.password_hash, password)
    if is_locked(user, now=now) or not password_ok:
        outcome = "locked" if is_locked(user, now=now) else count_failure(
            user, now=now, **lockout_settings())
        audit.record(user, "reauthenticate", object_type="user", object_id=user.id,
                     outcome=outcome)
        return False
    user.failed_logins = 0
    row = getattr(user, "login_session", None)
    if row is not None:
        row.reauthenticated_at = now
    audit.record(user, "reauthenticate", object_type="user", object_id=user.id)
    return True


def is_fresh(user: User, *, now: datetime, minutes: int = 5) -> bool:
    """Tell whether the user confirmed their password within the last few minutes."""
    row = getattr(user, "login_session", None)
    return row is not None and now - row.reauthenticated_at <= timedelta(minutes=minutes)


def check_new_password(password: str, *, email: str, full_name: str, clinic: Clinic | None) -> None:
    """Raise DomainError when a new password breaks the policy (R-A2)."""
    problems = policy_problems(password, context_words=context_words_for(email, full_name, clinic))
    if problems:
        raise DomainError(" ".join(problems), field="password")


def create_user(*, clinic: Clinic, email: str, full_name: str, role: str, password: str,
                actor: User | None = None, check_policy: bool = True) -> User:
    """Create an account after checking the role, uniqueness and password policy."""
    email = normalise_email(email)
    if role not in ROLES:
        raise DomainError(f"Unknown role {role!r}.", field="role")
    if not email or "@" not in email:
        raise DomainError("Enter a valid email address.", field="email")
    if BIDI_CONTROLS.search(full_name):
        raise DomainError(BIDI_MESSAGE, field="full_name")
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise DomainError("An account with this email already exists.", field="email")
    if check_policy:
        check_new_password(password, email=email, full_name=full_name, clinic=clinic)
    user = User(clinic_id=clinic.id, email=email, full_name=full_name.strip(), role=role,
                password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user.create", object_type="user", object_id=user.id, clinic_id=clinic.id)
    return user


def change_password(user: User, *, current: str, new: str, now: datetime) -> None:
    """Change a password and end every other session of the user (R-S5)."""
    if not reauthenticate(user, current, now=now):
        raise DomainError("The current password is not right.", field="current_password")
    check_new_password(new, email=user.email, full_name=user.full_name, clinic=user.clinic)
    user.password_hash = hash_password(new)
    user.password_changed_at = now
    revoke_all_sessions(user, now=now, except_token=user.session_token, reason="password")
    audit.record(user, "password.change", object_type="user", object_id=user.id)


def set_disabled(user: User, disabled: bool, *, actor: User, now: datetime) -> None:
    """Disable or re-enable an account; disabling ends its sessions at once (R-S5)."""
    user.is_disabled = disabled
    if disabled:
        revoke_all_sessions(user, now=now, reason="disabled")
    audit.record(actor, "user.disable" if disabled else "user.enable", object_type="user",
                 object_id=user.id)


def get_clinic_by_name(name: str) -> Clinic | None:
    """Return the clinic with this exact name."""
    return db.session.scalar(select(Clinic).where(Clinic.name == name))


def clinic_settings(clinic_id: int) -> ClinicSetting:
    """Return a clinic's settings (unsaved defaults when the admin never changed them)."""
    row = db.session.get(ClinicSetting, clinic_id)
    return row if row is not None else ClinicSetting(clinic_id=clinic_id,
                                                     share_assessment_with_clients=False)


# How recent a password confirmation must be before a record download (R-A8).
DOWNLOAD_FRESH_MINUTES = 5


def confirm_identity(user, password: str | None, *, now: datetime) -> None:
    """Check the password (when given) and that it was confirmed in the last few minutes (R-A8).

    :raises DomainError: a wrong password (audited by reauthenticate).
    :raises ReauthRequired: no confirmation within DOWNLOAD_FRESH_MINUTES.
    """
    if password and not reauthenticate(user, password, now=now):
        raise DomainError("That password is not right.", field="password")
    if not is_fresh(user, now=now, minutes=DOWNLOAD_FRESH_MINUTES):
        raise ReauthRequired("Confirm your password to download your records.", field="password")
