"""The append-only audit trail: who read or changed which record, when (R-U1, ids only)."""
from __future__ import annotations

from datetime import datetime

from flask import g, has_request_context, request
from sqlalchemy import ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column

from notes_app.dbtypes import UTCDateTime, utcnow
from notes_app.extensions import db


class AuditEvent(db.Model):
    """One audited action; never updated or deleted by the app."""

    __tablename__ = "audit_events"
    # A client's trail newest first; the filter menus' distinct actions and outcomes by seeks;
    # the per-address throttle counts an address's recent refused sign-ins (auth/throttle.py).
    __table_args__ = (Index("ix_audit_events_client_time", "client_id", "occurred_at", "id"),
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


def record(actor, action: str, *, object_type: str = "", object_id: str | int = "",
           client=None, outcome: str = "success", clinic_id: int | None = None) -> AuditEvent:
    """Add an audit event to the current transaction (the caller commits with its change)."""
    actor_id = getattr(actor, "id", None)
    evt = AuditEvent(
        actor_id=actor_id,
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
    db.session.add(evt)
    return evt
