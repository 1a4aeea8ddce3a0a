"""Portal accounts: a client's invitation to the portal, and the signed-in client's own record."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from notes_app import audit
from notes_app.auth import tokens
from notes_app.auth.models import AccountToken, Clinic, User
from notes_app.auth.services import check_new_password, create_user, normalise_email
from notes_app.clients.models import Client
from notes_app.errors import DomainError, LinkError
from notes_app.extensions import db
from notes_app.outbox import OutboxMessage


def invite_client(actor: User, client: Client, *, base_url: str,
                  now: datetime) -> tuple[str, OutboxMessage]:
    """Mail a client a portal invitation, or sign-in help if they have a login; return which."""
    if client.portal_user_id is not None:
        user = db.session.get(User, client.portal_user_id)
        if user.is_disabled:
            raise DomainError("This client's portal login is disabled.")
        tokens.throttle(user.email, now=now)
        message = tokens.send_link("reset", email=user.email, clinic=client_clinic(client),
                                   base_url=base_url, now=now, user=user, actor=actor,
                                   language=client.preferred_language)
        audit.record(actor, "portal.signin_help", object_type="user", object_id=user.id,
                     client=client)
        return "reset", message
    email = normalise_email(client.email)
    if not email:
        raise DomainError("Add the client's email address first.")
    if client.archived:
        raise DomainError("Restore the client before inviting them.")
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise DomainError("This email address already belongs to another Knotwork login.")
    tokens.throttle(email, now=now)
    # Re-inviting voids earlier links: only the newest mail works.
    tokens.invalidate_tokens(now=now, client_id=client.id, purposes=("invite",))
    message = tokens.send_link("invite", email=email, clinic=client_clinic(client),
                               base_url=base_url, now=now, client=client, actor=actor,
                               language=client.preferred_language)
    audit.record(actor, "portal.invite", object_type="client", object_id=client.id, client=client)
    return "invite", message


def client_clinic(client: Client) -> Clinic:
    """Return the clinic of a client record."""
    return db.session.get(Clinic, client.clinic_id)


def find_invitation(token: str, *, now: datetime) -> AccountToken:
    """Return a usable client invitation; raises LinkError (also once the client has a login)."""
    row = tokens.find_token(token, ("invite",), now=now)
    client = db.session.get(Client, row.client_id)
    if client is None or client.portal_user_id is not None or client.archived:
        raise LinkError("spent")
    return row


def accept_invitation(token: str, password: str, *, now: datetime) -> User:
    """Create the client's login from an invitation link; raises LinkError or DomainError."""
    row = find_invitation(token, now=now)
    client = db.session.get(Client, row.client_id)
    clinic = client_clinic(client)
    check_new_password(password, email=row.email, full_name=client.full_name, clinic=clinic)
    if db.session.scalar(select(User.id).where(User.email == row.email)) is not None:
        raise DomainError("This email address already has a login. Ask the clinic for help.")
    tokens.claim(row, now=now)
    user = create_user(clinic=clinic, email=row.email, full_name=client.full_name, role="client",
                       password=password, check_policy=False)
    client.portal_user_id = user.id
    user.language = client.preferred_language  # mails to this login follow the client record
    tokens.invalidate_tokens(now=now, client_id=client.id, purposes=("invite",))
    audit.record(user, "portal.accept", object_type="client", object_id=client.id, client=client)
    return user


def client_of(user: User) -> Client:
    """Return the client record a portal login belongs to; aborts 404 otherwise."""
    client = None
    if user.role == "client":
        client = db.session.scalar(select(Client).where(Client.portal_user_id == user.id))
    if client is None or client.clinic_id != user.clinic_id:
        abort(404)
    return client


def current_client() -> Client:
    """Return the signed-in client's own record (every portal query starts here)."""
    return client_of(current_user)


@dataclass(frozen=True)
class PortalStatus:
    """What the staff client page shows about a client's portal access."""

    state: str  # "none", "invited", "active" or "disabled"
    email: str = ""
    expires_at: datetime | None = None
    action: str | None = None  # the button's label, None when there is nothing to do
    blocker: str = ""  # why there is no button


def portal_status_for(client: Client, *, now: datetime) -> PortalStatus:
    """Describe a client's portal login for staff: none, invited, active or disabled."""
    if client.portal_user_id is not None:
        user = db.session.get(User, client.portal_user_id)
        if user.is_disabled:
            return PortalStatus("disabled", user.email, blocker="The portal login is disabled.")
        return PortalStatus("active", user.email, action="Resend sign-in help")
    if not client.email:
        return PortalStatus("none", blocker="Add an email address to invite this client.")
    pending = db.session.scalar(select(AccountToken).where(
        AccountToken.client_id == client.id, AccountToken.purpose == "invite",
        AccountToken.used_at.is_(None), AccountToken.invalidated_at.is_(None),
        AccountToken.expires_at > now).order_by(AccountToken.created_at.desc()).limit(1))
    if pending is not None:
        return PortalStatus("invited", pending.email, pending.expires_at, "Resend invitation")
    return PortalStatus("none", normalise_email(client.email), action="Invite to portal")
