"""Clinic administration: staff accounts, the clinic's audit trail (R-U3) and its outbox.

Minimum necessary (security.md decision 2): nothing here reads intake or session content.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask import abort
from sqlalchemy import and_, false, func, select
from sqlalchemy.orm import aliased

from notes_app import audit
from notes_app.audit import AuditEvent
from notes_app.auth.models import STAFF_ROLES, AccountToken, ClinicSetting, LoginSession, User
from notes_app.auth.services import (
    DomainError,
    create_user,
    revoke_all_sessions,
    set_disabled,
)
from notes_app.auth.tokens import invalidate_tokens, issue_staff_invite
from notes_app.clients.models import Client
from notes_app.clients.services import Page
from notes_app.extensions import db
from notes_app.outbox import OutboxMessage

ROLE_CHOICES = (("therapist", "Therapist"), ("admin", "Clinic admin"))


@dataclass
class StaffRow:
    """One staff account with what the admin needs to manage it."""

    user: User
    live_sessions: int
    pending: bool  # invited, has not chosen a password yet


def list_staff_for(admin: User, *, now: datetime, idle: timedelta) -> list[StaffRow]:
    """Return the clinic's admins and therapists with their live-session counts."""
    users = db.session.scalars(select(User).where(
        User.clinic_id == admin.clinic_id, User.role.in_(STAFF_ROLES))
        .order_by(User.is_disabled, User.full_name, User.id)).all()
    ids = [u.id for u in users]
    live = dict(db.session.execute(
        select(LoginSession.user_id, func.count()).where(
            LoginSession.user_id.in_(ids), LoginSession.revoked_at.is_(None),
            LoginSession.last_seen_at > now - idle).group_by(LoginSession.user_id)).all())
    invited = set(db.session.scalars(select(AccountToken.user_id).where(
        AccountToken.user_id.in_(ids), AccountToken.purpose == "invite-staff")))
    activated = set(db.session.scalars(select(AccountToken.user_id).where(
        AccountToken.user_id.in_(ids), AccountToken.purpose.in_(("invite-staff", "reset")),
        AccountToken.used_at.is_not(None))))
    return [StaffRow(u, live.get(u.id, 0), u.id in invited and u.id not in activated)
            for u in users]


def get_staff_user_for(admin: User, public_id: str) -> User:
    """Return a staff account of the admin's clinic; aborts 404 otherwise (R-Z3)."""
    user = db.session.scalar(select(User).where(User.public_id == public_id))
    if user is None or user.clinic_id != admin.clinic_id or user.role not in STAFF_ROLES:
        audit.record_refusal(admin, "user.manage", object_type="user", object_id=public_id[:64])
        abort(404)
    return user


def add_staff(admin: User, *, email: str, full_name: str, role: str, base_url: str,
              now: datetime) -> User:
    """Create a staff account and mail it a link to choose its own password."""
    if role not in dict(ROLE_CHOICES):
        raise DomainError("Choose a role.", field="role")
    # Nobody knows this password: the account opens only through the mailed link.
    user = create_user(clinic=admin.clinic, email=email, full_name=full_name, role=role,
                       password=secrets.token_urlsafe(32), actor=admin, check_policy=False)
    issue_staff_invite(admin, user, base_url=base_url, now=now)
    return user


def set_staff_disabled(admin: User, user: User, disabled: bool, *, now: datetime) -> None:
    """Disable (ending every session) or re-enable a staff account; never your own."""
    if disabled and user.id == admin.id:
        raise DomainError("You cannot disable your own account.")
    set_disabled(user, disabled, actor=admin, now=now)
    if disabled:
        # Re-enabling later must not revive a set-password or reset link mailed before.
        invalidate_tokens(now=now, user_id=user.id)


def revoke_staff_sessions(admin: User, user: User, *, now: datetime) -> None:
    """Sign a staff account out everywhere (R-S5); your own current session survives."""
    keep = admin.session_token if user.id == admin.id else None
    revoke_all_sessions(user, now=now, except_token=keep, reason="admin")
    audit.record(admin, "user.revoke_sessions", object_type="user", object_id=user.id)


@dataclass(frozen=True)
class AuditFilters:
    """The audit report's filters; dates are UTC calendar days, both ends included."""

    date_from: date | None = None
    date_to: date | None = None
    user: str = ""  # a user's public id
    client: str = ""  # a client's public id
    action: str = ""
    outcome: str = ""


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _conditions(clinic_id: int, filters: AuditFilters) -> list:
    # Only this clinic's events, whatever the filters say.
    where = [AuditEvent.clinic_id == clinic_id]
    if filters.date_from:
        where.append(AuditEvent.occurred_at >= _start_of(filters.date_from))
    if filters.date_to:
        where.append(AuditEvent.occurred_at < _start_of(filters.date_to + timedelta(days=1)))
    if filters.user:
        user_id = db.session.scalar(select(User.id).where(
            User.public_id == filters.user, User.clinic_id == clinic_id))
        where.append(AuditEvent.actor_id == user_id if user_id else false())
    if filters.client:
        client_id = db.session.scalar(select(Client.id).where(
            Client.public_id == filters.client, Client.clinic_id == clinic_id))
        where.append(AuditEvent.client_id == client_id if client_id else false())
    if filters.action:
        where.append(AuditEvent.action == filters.action)
    if filters.outcome:
        where.append(AuditEvent.outcome == filters.outcome)
    return where


def _audit_query(clinic_id: int, filters: AuditFilters):
    actor, subject = aliased(User), aliased(Client)
    return (select(AuditEvent, actor.public_id, actor.full_name, subject.public_id)
            .outerjoin(actor, actor.id == AuditEvent.actor_id)
            .outerjoin(subject, subject.id == AuditEvent.client_id)
            .where(and_(*_conditions(clinic_id, filters)))
            .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()))


def count_audit_for(admin: User, filters: AuditFilters) -> int:
    """Count the clinic's audit events that match the filters."""
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        and_(*_conditions(admin.clinic_id, filters)))) or 0


def list_audit_for(admin: User, filters: AuditFilters, *, page: int, per_page: int) -> Page:
    """Return one page of the clinic's audit events, newest first."""
    total = count_audit_for(admin, filters)
    page = max(1, min(page, max(1, -(-total // per_page))))
    rows = db.session.execute(_audit_query(admin.clinic_id, filters)
                              .offset((page - 1) * per_page).limit(per_page)).all()
    return Page(list(rows), page, per_page, total)


def iter_audit_for(clinic_id: int, filters: AuditFilters):
    """Yield every matching event of a clinic (with actor and client public ids), newest first."""
    # Takes the clinic's id, not the admin: a streamed export outlives the request's session.
    yield from db.session.execute(
        _audit_query(clinic_id, filters).execution_options(yield_per=500))


def record_audit_export(admin: User) -> None:
    """Audit that the admin exported (part of) the audit trail."""
    audit.record(admin, "audit.export", object_type="audit")


def audit_choices_for(admin: User) -> dict:
    """Return the users, actions and outcomes the clinic's audit filters offer."""
    # Staff only: naming client logins here would list who is a client next to what they did.
    users = db.session.execute(select(User.public_id, User.full_name, User.role).where(
        User.clinic_id == admin.clinic_id, User.role.in_(STAFF_ROLES))
        .order_by(User.role, User.full_name)).all()
    actions = _distinct_values("action", admin.clinic_id)
    outcomes = _distinct_values("outcome", admin.clinic_id)
    return {"users": users, "actions": actions, "outcomes": outcomes}


def _distinct_values(column: str, clinic_id: int) -> list[str]:
    """Return a clinic's distinct audit actions or outcomes, sorted, by a loose index scan.

    A recursive query seeks the next larger value in the (clinic_id, action) or
    (clinic_id, outcome) index once per distinct value, where DISTINCT would read every row of a
    clinic's trail (millions in its fifth year).
    """
    col = getattr(AuditEvent, column)
    mine = AuditEvent.clinic_id == clinic_id
    seen = select(func.min(col).label("value")).where(mine).cte("seen", recursive=True)
    following = select(func.min(col)).where(mine, col > seen.c.value).scalar_subquery()
    seen = seen.union_all(select(following).where(seen.c.value.is_not(None)))
    return list(db.session.scalars(select(seen.c.value).where(seen.c.value.is_not(None))))


def list_outbox_for(admin: User, *, page: int, per_page: int) -> Page:
    """Return one page of the clinic's outgoing mail, newest first, and audit the read."""
    where = OutboxMessage.clinic_id == admin.clinic_id
    total = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(where)) or 0
    page = max(1, min(page, max(1, -(-total // per_page))))
    items = db.session.scalars(select(OutboxMessage).where(where)
                               .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
                               .offset((page - 1) * per_page).limit(per_page)).all()
    # The outbox holds live links when no SMTP server is configured: reading it is audited.
    audit.record(admin, "outbox.read", object_type="outbox")
    return Page(list(items), page, per_page, total)


def update_settings(actor: User, *, share_assessment: bool) -> ClinicSetting:
    """Save the actor's clinic settings (what the portal shows clients), audited."""
    row = db.session.get(ClinicSetting, actor.clinic_id)
    if row is None:
        row = ClinicSetting(clinic_id=actor.clinic_id)
        db.session.add(row)
    row.share_assessment_with_clients = bool(share_assessment)
    row.updated_by_id = actor.id
    db.session.flush()
    audit.record(actor, "portal.settings", object_type="clinic", object_id=actor.clinic_id)
    return row
