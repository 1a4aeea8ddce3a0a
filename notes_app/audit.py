"""The append-only audit trail: who read or changed which record, when (R-U1, ids only)."""
from __future__ import annotations

import logging
from datetime import datetime

from flask import g, has_request_context, request
from sqlalchemy import ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from notes_app.dbtypes import UTCDateTime, utcnow
from notes_app.extensions import db

log = logging.getLogger("knotwork.audit")


class AuditEvent(db.Model):
    """One audited action; never updated or deleted by the app."""

    __tablename__ = "audit_events"
    # A client's trail newest first (and counted within a clinic: the admin audit page); the
    # filter menus' distinct actions and outcomes by seeks; the per-address throttle counts an
    # address's recent refused sign-ins (auth/throttle.py); a clinic's chain head and walks
    # (auditchain, auditverify) by seeks, whatever other clinics share the table.
    __table_args__ = (Index("ix_audit_events_client_time", "client_id", "occurred_at", "id"),
                      Index("ix_audit_events_clinic_id_id", "clinic_id", "id"),
                      Index("ix_audit_events_clinic_client_time", "clinic_id", "client_id",
                            "occurred_at", "id"),
                      Index("ix_audit_events_clinic_action", "clinic_id", "action"),
                      Index("ix_audit_events_clinic_outcome", "clinic_id", "outcome"),
                      Index("ix_audit_events_source_ip_occurred_at", "source_ip", "occurred_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    actor_role: Mapped[str] = mapped_column(String(20), default="")
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id"), nullable=True,
                                                  index=True)
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[str] = mapped_column(String(64), default="")
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), nullable=True,
                                                  index=True)
    outcome: Mapped[str] = mapped_column(String(20), default="success")
    request_id: Mapped[str] = mapped_column(String(40), default="")
    source_ip: Mapped[str] = mapped_column(String(64), default="")
    # The hash chain (auditchain.py): the previous event of this clinic's hash, and this one's.
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_change(mapper, connection, target):  # noqa: ARG001
    # R-U2: the trail is append-only; a change through the ORM is a bug, so fail loudly.
    raise RuntimeError("audit events are append-only")


def _event(actor, action: str, *, object_type: str, object_id: str | int, client, outcome: str,
           clinic_id: int | None) -> AuditEvent:
    return AuditEvent(
        actor_id=getattr(actor, "id", None),
        actor_role=getattr(actor, "role", "") or "",
        clinic_id=clinic_id if clinic_id is not None else getattr(actor, "clinic_id", None),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        client_id=getattr(client, "id", None),
        outcome=outcome,
        request_id=g.get("request_id", "") if has_request_context() else "",
        source_ip=(request.remote_addr or "") if has_request_context() else "",
    )


# Where a transaction keeps its held-back events (session.info), in the order recorded.
PENDING = "audit_pending"


def record(actor, action: str, *, object_type: str = "", object_id: str | int = "",
           client=None, outcome: str = "success", clinic_id: int | None = None) -> AuditEvent:
    """Add an audit event to the current transaction (the caller commits with its change)."""
    evt = _event(actor, action, object_type=object_type, object_id=object_id, client=client,
                 outcome=outcome, clinic_id=clinic_id)
    session = db.session()
    if session.in_nested_transaction():
        session.add(evt)  # a savepoint's events live and die with it
        return evt
    if not session.in_transaction():
        session.begin()  # as session.add would: a rollback from here on drops the event
    # Held back until the transaction commits (or reads the trail): auditchain.write_pending
    # chains a page's events with one head read and stores them in one INSERT.
    session.info.setdefault(PENDING, []).append(evt)
    return evt


def take_pending(session: Session) -> list[AuditEvent]:
    """Return and forget the transaction's held-back events, in the order they were recorded."""
    return session.info.pop(PENDING, None) or []


@event.listens_for(Session, "after_transaction_end")
def _drop_pending(session, transaction) -> None:
    if transaction.parent is None:  # committed (already stored) or rolled back (not kept)
        session.info.pop(PENDING, None)


def record_refusal(actor, action: str, *, object_type: str = "", object_id: str | int = "",
                   client=None, outcome: str = "denied",
                   clinic_id: int | None = None) -> AuditEvent:
    """Keep an audit event of a refused attempt even though the request's work is rolled back.

    In a request the event waits in `g` and `write_refusals` stores it in its own transaction
    once the request's has ended (committed or not); outside one it joins the session at once.
    """
    evt = _event(actor, action, object_type=object_type, object_id=object_id, client=client,
                 outcome=outcome, clinic_id=clinic_id)
    if has_request_context():
        g.setdefault("audit_refusals", []).append(evt)
    else:
        db.session.add(evt)
    return evt


def write_refusals(exc: BaseException | None = None) -> None:  # noqa: ARG001
    """Teardown: store the request's refused-attempt events after its own transaction (R-U1)."""
    pending = g.pop("audit_refusals", None)
    if not pending:
        return
    try:
        # Whatever the request left uncommitted is not kept; the refusals are, on their own.
        db.session.rollback()
        db.session.add_all(pending)
        # Counted apart from the request's own commit (tests check one commit per request).
        g.bookkeeping_commits = g.get("bookkeeping_commits", 0) + 1
        db.session.commit()
    except Exception:  # a lost audit row must not turn the answer into a 500; it is logged
        db.session.rollback()
        log.exception("could not store %d refused-attempt audit events", len(pending))
