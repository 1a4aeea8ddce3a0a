"""Staff two-factor (TOTP, R-A5): enrolment, the login code step, recovery codes, admin reset."""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

import pyotp
import segno
from sqlalchemy import delete, func, select, update

from notes_app import audit
from notes_app.auth.models import RecoveryCode, TwoFactorCredential, User
from notes_app.auth.services import (
    DomainError,
    count_failure,
    is_locked,
    reauthenticate,
    revoke_all_sessions,
)
from notes_app.extensions import db

ISSUER = "Knotwork"
RECOVERY_CODE_COUNT = 10
# One step either side (RFC 6238's recommended drift allowance): 30 s before or after.
VALID_WINDOW = 1
# The password step is remembered this long while the code is asked for.
PENDING_SECONDS = 300

_SPACES = re.compile(r"[\s-]+")


def needs_enrolment(user: User) -> bool:
    """Tell whether the user's clinic requires two-factor and the user has none yet."""
    return user.is_staff and user.clinic.require_staff_two_factor and not user.has_two_factor


def begin_enrolment(user: User, *, now: datetime) -> TwoFactorCredential:
    """Return the user's unconfirmed credential, creating a new random secret if needed."""
    if not user.is_staff:
        raise DomainError("Two-factor sign-in is for staff accounts.")
    cred = user.two_factor
    if cred is not None and cred.confirmed_at is not None:
        raise DomainError("Two-factor sign-in is already on for this account.")
    if cred is None:
        cred = TwoFactorCredential(user=user, secret=pyotp.random_base32(), created_at=now)
        db.session.add(cred)
        db.session.flush()
    return cred


def provisioning_uri(user: User, cred: TwoFactorCredential) -> str:
    """Return the otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(cred.secret).provisioning_uri(
        name=user.email, issuer_name=f"{ISSUER} · {user.clinic.name}")


def qr_svg(uri: str) -> str:
    """Draw the enrolment QR code as inline SVG on the server (no external service)."""
    return segno.make(uri, error="m").svg_inline(
        scale=5, border=2, dark="#1d2a33", light="#ffffff", title="QR code for your app",
        omitsize=False)


def grouped_secret(secret: str) -> str:
    """Return the secret in groups of four for typing into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _totp_timecode(cred: TwoFactorCredential, code: str, now: datetime) -> int | None:
    code = _SPACES.sub("", code or "")
    if len(code) != 6 or not code.isdigit():
        return None
    try:
        return pyotp.TOTP(cred.secret).verify_and_get_timecode(
            code, for_time=now, valid_window=VALID_WINDOW)
    except pyotp.OTPVerificationError:
        return None


def _claim_timecode(cred: TwoFactorCredential, timecode: int) -> bool:
    # One conditional UPDATE: the same code sent twice at once is accepted exactly once.
    result = db.session.execute(update(TwoFactorCredential).where(
        TwoFactorCredential.user_id == cred.user_id,
        TwoFactorCredential.last_timecode < timecode).values(last_timecode=timecode))
    db.session.refresh(cred)
    return result.rowcount == 1


def _recovery_digest(code: str) -> str:
    return hashlib.sha256(_SPACES.sub("", code or "").lower().encode()).hexdigest()


def new_recovery_codes(user: User, *, now: datetime) -> list[str]:
    """Replace the user's recovery codes with ten new ones and return them (shown once)."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = secrets.token_hex(10)  # 80 random bits (R-A5)
        codes.append("-".join(raw[i:i + 5] for i in range(0, len(raw), 5)))
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_recovery_digest(raw),
                                    created_at=now))
    return codes


def recovery_codes_left(user: User) -> int:
    """Count the user's unused recovery codes."""
    return db.session.scalar(select(func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


def _use_recovery_code(user: User, code: str, now: datetime) -> bool:
    digest = _recovery_digest(code)
    if len(_SPACES.sub("", code or "")) != 20:
        return False
    result = db.session.execute(update(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.code_hash == digest,
        RecoveryCode.used_at.is_(None)).values(used_at=now))
    return result.rowcount == 1


def confirm_enrolment(user: User, *, password: str, code: str, now: datetime) -> list[str]:
    """Turn two-factor on after the password and a first code; return the recovery codes."""
    cred = user.two_factor
    if cred is None or cred.confirmed_at is not None:
        raise DomainError("Start again: open the two-factor page once more.", field="code")
    if not reauthenticate(user, password, now=now):
        raise DomainError("The password is not right.", field="password")
    timecode = _totp_timecode(cred, code, now)
    if timecode is None or not _claim_timecode(cred, timecode):
        raise DomainError("That code is not right. Check the time on your phone and enter the "
                          "newest code.", field="code")
    cred.confirmed_at = now
    codes = new_recovery_codes(user, now=now)
    audit.record(user, "two_factor.enrol", object_type="user", object_id=user.id)
    return codes


def verify_login_code(user: User, code: str, *, now: datetime, threshold: int,
                      lock_minutes: int) -> bool:
    """Check the code step of a login (TOTP or recovery code); failures count toward lockout."""
    if user.is_disabled or is_locked(user, now=now) or not user.has_two_factor:
        audit.record(user, "login.code", object_type="user", object_id=user.id, outcome="locked")
        return False
    cred = user.two_factor
    timecode = _totp_timecode(cred, code, now)
    method = None
    if timecode is not None and _claim_timecode(cred, timecode):
        method = "totp"
    elif timecode is None and _use_recovery_code(user, code, now):
        method = "recovery"
    if method is None:
        outcome = count_failure(user, now=now, threshold=threshold, lock_minutes=lock_minutes)
        audit.record(user, "login.code", object_type="user", object_id=user.id, outcome=outcome)
        return False
    user.failed_logins = 0
    user.locked_until = None
    audit.record(user, "login.code", object_type="user", object_id=user.id,
                 outcome="success" if method == "totp" else "recovery")
    return True


def reset_two_factor(admin: User, user: User, *, password: str, now: datetime) -> None:
    """Remove a staff member's two-factor after the admin re-confirms; ends their sessions."""
    if not reauthenticate(admin, password, now=now):
        raise DomainError("Your password is not right.", field="password")
    if user.two_factor is None:
        raise DomainError(f"{user.full_name} has no two-factor sign-in to reset.")
    db.session.delete(user.two_factor)
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.flush()
    db.session.expire(user, ["two_factor"])
    revoke_all_sessions(user, now=now, reason="two-factor-reset")
    audit.record(admin, "two_factor.reset", object_type="user", object_id=user.id)


def set_clinic_requirement(admin: User, required: bool) -> None:
    """Turn the clinic's "require two-factor for staff" setting on or off (audited)."""
    admin.clinic.require_staff_two_factor = required
    audit.record(admin, "clinic.require_two_factor" if required else "clinic.allow_no_two_factor",
                 object_type="clinic", object_id=admin.clinic_id)
