"""Per-address throttle of failed sign-ins and re-confirmations, counted in the database (R-A3).

The audit trail already holds every refused attempt with its source address, in every worker
and across restarts, so it is the counter: no Redis, no per-process memory.
"""
from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import func, select

from notes_app.audit import AuditEvent
from notes_app.extensions import db

CHECKED_ACTIONS = ("login", "login.code", "reauthenticate")
FAILED_OUTCOMES = ("failure", "lockout", "locked")


def _failures(address: str, since: datetime):
    return select(AuditEvent.occurred_at).where(
        AuditEvent.source_ip == address, AuditEvent.occurred_at > since,
        AuditEvent.action.in_(CHECKED_ACTIONS), AuditEvent.outcome.in_(FAILED_OUTCOMES))


def retry_after(address: str, *, now: datetime, limit: int, window: timedelta) -> int | None:
    """Return seconds until the address may try again, or None when it is under the limit."""
    if not address or limit <= 0:
        return None
    since = now - window
    count = db.session.scalar(select(func.count()).select_from(_failures(address, since)
                                                               .subquery()))
    if count < limit:
        return None
    # The address is free again once enough of its failures have left the window: when the
    # limit-th newest one does.
    pivot = db.session.scalar(_failures(address, since).order_by(
        AuditEvent.occurred_at.desc()).offset(limit - 1).limit(1))
    return max(1, math.ceil((pivot + window - now).total_seconds()))
