"""Mailed single-use links (R-A7): client invitations, staff set-password links and password resets.

Only a SHA-256 of each token is stored; a link works once, expires, and any password change voids
it. The client-invitation rules that need the client record live in portal/services.py.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from notes_app import audit
from notes_app.auth.models import AccountToken, Clinic, User
from notes_app.auth.passwords import hash_password
from notes_app.auth.services import check_new_password, normalise_email, revoke_all_sessions
from notes_app.errors import DomainError, LinkError
from notes_app.extensions import db
from notes_app.languages import default_language, is_language
from notes_app.mail import send_mail
from notes_app.outbox import OutboxMessage

LIFETIMES = {"invite": timedelta(hours=72), "invite-staff": timedelta(hours=72),
             "reset": timedelta(minutes=30)}
# Where each kind of link lands; tests follow these links, so a moved route fails loudly.
LINK_PATHS = {"invite": "/portal/accept/", "invite-staff": "/password/reset/",
              "reset": "/password/reset/"}
# R-A3 for resets: at most this many account mails per address per hour, counted in the DB.
MAILS_PER_ADDRESS_PER_HOUR = 5


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def mails_sent_recently(email: str, *, now: datetime) -> int:
    """Count the account links mailed to an address in the last hour."""
    return db.session.scalar(select(func.count()).select_from(AccountToken).where(
        AccountToken.email == email, AccountToken.created_at > now - timedelta(hours=1))) or 0


def invalidate_tokens(*, now: datetime, user_id: int | None = None, client_id: int | None = None,
                      purposes=None, keep_id: int | None = None) -> None:
    """Void every unused link of a user or client (optionally of some purposes only)."""
    stmt = update(AccountToken).where(AccountToken.used_at.is_(None),
                                      AccountToken.invalidated_at.is_(None))
    if user_id is not None:
        stmt = stmt.where(AccountToken.user_id == user_id)
    if client_id is not None:
        stmt = stmt.where(AccountToken.client_id == client_id)
    if purposes:
        stmt = stmt.where(AccountToken.purpose.in_(purposes))
    if keep_id is not None:
        stmt = stmt.where(AccountToken.id != keep_id)
    db.session.execute(stmt.values(invalidated_at=now))


def issue_token(purpose: str, *, clinic_id: int, email: str, now: datetime,
                user: User | None = None, client=None,
                actor: User | None = None) -> str:
    """Store a new single-use link and return its secret token (256 bits, only a hash is kept)."""
    token = secrets.token_urlsafe(32)
    db.session.add(AccountToken(
        token_hash=_digest(token), purpose=purpose, clinic_id=clinic_id, email=email,
        user_id=getattr(user, "id", None), client_id=getattr(client, "id", None),
        password_changed_at=getattr(user, "password_changed_at", None),
        created_by_id=getattr(actor, "id", None), created_at=now,
        expires_at=now + LIFETIMES[purpose]))
    return token


def find_token(token: str, purposes: tuple[str, ...], *, now: datetime) -> AccountToken:
    """Return a usable link of one of the purposes; raises LinkError otherwise."""
    row = None
    if token and len(token) <= 100:
        row = db.session.scalar(select(AccountToken).where(
            AccountToken.token_hash == _digest(token)))
    if row is None or row.purpose not in purposes:
        raise LinkError("unknown")
    if row.is_spent:
        raise LinkError("spent")
    if now >= row.expires_at:
        raise LinkError("expired")
    if row.user_id is not None:
        user = db.session.get(User, row.user_id)
        # Any password change since the link was issued voids it (R-A7).
        if user.is_disabled or (row.password_changed_at is not None
                                and user.password_changed_at > row.password_changed_at):
            raise LinkError("spent")
    return row


def claim(row: AccountToken, *, now: datetime) -> None:
    # One conditional UPDATE: of two simultaneous submits of one link, exactly one wins.
    result = db.session.execute(update(AccountToken).where(
        AccountToken.id == row.id, AccountToken.used_at.is_(None),
        AccountToken.invalidated_at.is_(None)).values(used_at=now))
    if result.rowcount != 1:
        raise LinkError("spent")
    db.session.refresh(row)


def _mail_texts(kind: str, *, clinic_name: str, link: str) -> tuple[str, str]:
    # Marked for translation; the caller picks the recipient's language.
    if kind == "invite":
        return (_("Your client portal at %(clinic)s", clinic=clinic_name),
                _("%(clinic)s has invited you to its client portal on Knotwork.",
                  clinic=clinic_name) + "\n\n"
                + _("Choose your password here. The link works once and expires in 72 hours:")
                + f"\n{link}\n")
    if kind == "invite-staff":
        return (_("Your Knotwork account at %(clinic)s", clinic=clinic_name),
                _("%(clinic)s has created a Knotwork account for you.", clinic=clinic_name)
                + "\n\n"
                + _("Choose your password here. The link works once and expires in 72 hours:")
                + f"\n{link}\n")
    return (_("Reset your Knotwork password"),
            _("Someone asked to reset the password of your Knotwork account at %(clinic)s.",
              clinic=clinic_name) + "\n\n"
            + _("Choose a new password here. The link works once and expires in 30 minutes:")
            + f"\n{link}\n\n"
            + _("If this was not you, ignore this mail: your password stays as it is.") + "\n")


def _mail_link(kind: str, *, to: str, clinic: Clinic, link: str, language: str) -> OutboxMessage:
    with force_locale(language if is_language(language) else default_language()):
        subject, body = _mail_texts(kind, clinic_name=clinic.name, link=link)
    # No health data in mails: the clinic's name and a link, nothing about the visit.
    return send_mail(to, subject, body + "\n— Knotwork\n", clinic_id=clinic.id,
                     defer=(kind == "reset"))


def send_link(kind: str, *, email: str, clinic: Clinic, base_url: str, now: datetime,
              language: str, user: User | None = None, client=None,
              actor: User | None = None) -> OutboxMessage:
    """Store a new link and mail it in the recipient's language."""
    token = issue_token(kind, clinic_id=clinic.id, email=email, now=now, user=user, client=client,
                        actor=actor)
    link = base_url.rstrip("/") + LINK_PATHS[kind] + token
    return _mail_link(kind, to=email, clinic=clinic, link=link, language=language)


def throttle(email: str, *, now: datetime) -> None:
    if mails_sent_recently(email, now=now) >= MAILS_PER_ADDRESS_PER_HOUR:
        raise DomainError("Several links already went to this address in the last hour. "
                          "Try again later.")


def request_password_reset(email: str, *, base_url: str, now: datetime) -> None:
    """Mail a reset link if the address has an account; the caller answers the same either way."""
    email = normalise_email(email)
    user = db.session.scalar(select(User).where(User.email == email))
    recent = mails_sent_recently(email, now=now)
    sent = user is not None and not user.is_disabled and recent < MAILS_PER_ADDRESS_PER_HOUR
    if sent:
        send_link("reset", email=email, clinic=user.clinic, base_url=base_url, now=now,
                  language=user.language, user=user)
    # Both branches write one audit row, so known and unknown addresses cost the same commit.
    audit.record(None, "password.forgot", object_type="user",
                 object_id=user.id if user is not None else "",
                 outcome="success" if sent else "ignored",
                 clinic_id=user.clinic_id if user is not None else None)


def reset_password(token: str, password: str, *, now: datetime) -> User:
    """Set a new password from a reset or staff set-password link and end every session."""
    row = find_token(token, ("reset", "invite-staff"), now=now)
    user = db.session.get(User, row.user_id)
    check_new_password(password, email=user.email, full_name=user.full_name, clinic=user.clinic)
    claim(row, now=now)
    user.password_hash = hash_password(password)
    user.password_changed_at = now
    user.failed_logins = 0
    user.locked_until = None
    revoke_all_sessions(user, now=now, reason="password-reset")
    invalidate_tokens(now=now, user_id=user.id, keep_id=row.id)
    action = "password.reset" if row.purpose == "reset" else "user.activate"
    audit.record(user, action, object_type="user", object_id=user.id)
    return user


def issue_staff_invite(actor: User, user: User, *, base_url: str, now: datetime) -> None:
    """Mail a staff member a 72-hour link to choose their password; voids earlier ones."""
    throttle(user.email, now=now)
    invalidate_tokens(now=now, user_id=user.id, purposes=("invite-staff",))
    send_link("invite-staff", email=user.email, clinic=user.clinic, base_url=base_url, now=now,
              language=user.language, user=user, actor=actor)
    audit.record(actor, "user.invite", object_type="user", object_id=user.id)
