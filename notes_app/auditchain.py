"""The audit trail's hash chain (R-U2, #13 item 9): each event stores the SHA-256 of its canonical
content and of the previous event of its clinic, so a changed, removed or inserted row shows.

Appends are serialized per clinic so two requests cannot fork a chain: PostgreSQL takes a
transaction-scoped advisory lock, SQLite already holds its write lock (BEGIN IMMEDIATE).
"""
from __future__ import annotations

import hashlib
import json
from datetime import UTC
from types import SimpleNamespace

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.util import find_tables

from notes_app import audit
from notes_app.audit import AuditEvent
from notes_app.dbtypes import utcnow

GENESIS = "0" * 64
# Namespace of our advisory locks, so they never collide with another application's.
LOCK_NAMESPACE = 0x4B4E
FIELDS = ("occurred_at", "actor_id", "actor_role", "clinic_id", "action", "object_type",
          "object_id", "client_id", "outcome", "request_id", "source_ip")


def canonical(evt) -> bytes:
    """Return the event's content as canonical JSON (sorted keys, UTC ISO time, no spaces)."""
    content = {name: getattr(evt, name) for name in FIELDS}
    content["occurred_at"] = evt.occurred_at.astimezone(UTC).isoformat(timespec="microseconds")
    content["prev_hash"] = evt.prev_hash
    return json.dumps(content, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode()


def event_hash(evt) -> str:
    """Return the SHA-256 that chains this event (its content includes the previous hash)."""
    return hashlib.sha256(canonical(evt)).hexdigest()


# Where a transaction keeps the chain heads it has read and extended (session.info).
HEADS = "audit_chain_heads"


def _lock_chain(session: Session, clinic_id: int | None) -> None:
    bind = session.connection()
    if bind.dialect.name == "postgresql":
        bind.exec_driver_sql("SELECT pg_advisory_xact_lock(%s, %s)",
                             (LOCK_NAMESPACE, clinic_id or 0))


def _head(session: Session, clinic_id: int | None) -> str:
    clinic = (AuditEvent.clinic_id.is_(None) if clinic_id is None
              else AuditEvent.clinic_id == clinic_id)
    last = session.scalar(select(AuditEvent.hash).where(clinic, AuditEvent.hash.is_not(None))
                          .order_by(AuditEvent.id.desc()).limit(1))
    return last or GENESIS


def _chain(session: Session, events: list[AuditEvent]) -> None:
    # Each clinic's head is read once per transaction: the lock taken with it holds until the
    # transaction ends, so no other writer can move the head meanwhile.
    heads: dict[int | None, str] = session.info.setdefault(HEADS, {})
    with session.no_autoflush:
        for evt in events:
            if evt.occurred_at is None:
                evt.occurred_at = utcnow()  # the column default, needed now for the hash
            if evt.clinic_id not in heads:
                _lock_chain(session, evt.clinic_id)
                heads[evt.clinic_id] = _head(session, evt.clinic_id)
            evt.prev_hash = heads[evt.clinic_id]
            evt.hash = event_hash(evt)
            heads[evt.clinic_id] = evt.hash


class BulkChain:
    """Chain event rows that a bulk writer inserts itself (plain dicts, given in id order).

    Store the transaction's held-back events before taking ids for the rows: the rows continue
    the clinic's head, and events recorded afterwards continue the rows.
    """

    def __init__(self, session: Session, clinic_id: int | None):
        if session.info.get(audit.PENDING):
            raise RuntimeError("store the held-back events (write_pending) before bulk rows")
        self.heads: dict[int | None, str] = session.info.setdefault(HEADS, {})
        self.clinic_id = clinic_id
        if clinic_id not in self.heads:
            _lock_chain(session, clinic_id)
            self.heads[clinic_id] = _head(session, clinic_id)

    def link(self, row: dict) -> dict:
        """Set the row's prev_hash and hash, and make it the chain's head."""
        row["prev_hash"] = self.heads[self.clinic_id]
        row["hash"] = self.heads[self.clinic_id] = event_hash(SimpleNamespace(**row))
        return row


@event.listens_for(Session, "before_flush")
def _chain_new_events(session: Session, flush_context, instances) -> None:  # noqa: ARG001
    # Events added to the session itself: refusals, and those recorded inside a savepoint.
    new = [obj for obj in session.new if isinstance(obj, AuditEvent) and obj.hash is None]
    if new:
        # Insert order is id order within the flush, so the chain follows the ids.
        new.sort(key=lambda obj: inspect(obj).insert_order)
        _chain(session, new)


def write_pending(session: Session) -> None:
    """Chain and store the transaction's held-back events (audit.record) in one INSERT."""
    if session.in_nested_transaction():
        return  # a savepoint rolled back would take the earlier events with it
    pending = audit.take_pending(session)
    if not pending:
        return
    _chain(session, pending)
    # One multi-row INSERT; rows are numbered in this order, so the ids follow the chain.
    session.execute(insert(AuditEvent), [{key: getattr(evt, key) for key in _COLUMNS}
                                         for evt in pending])


_COLUMNS = ("prev_hash", "hash", *FIELDS)


@event.listens_for(Session, "before_commit")
def _write_on_commit(session: Session) -> None:
    session.flush()  # what the events point at is stored first
    write_pending(session)


@event.listens_for(Session, "do_orm_execute")
def _write_before_reading(state) -> None:
    # A read of the trail sees this transaction's events, as autoflush would show them.
    if (state.is_select and state.session.info.get(audit.PENDING)
            and AuditEvent.__table__ in find_tables(state.statement, check_columns=True,
                                                    include_aliases=True)):
        write_pending(state.session)


@event.listens_for(Session, "after_soft_rollback")
def _forget_heads_on_rollback(session: Session, previous_transaction) -> None:  # noqa: ARG001
    # A rolled-back flush (or savepoint, and the advisory lock taken in it) un-extends the
    # chain: read the head afresh.
    session.info.pop(HEADS, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_heads(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(HEADS, None)
