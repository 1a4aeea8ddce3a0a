"""The audit trail's hash chain (R-U2, #13 item 9): each event stores the SHA-256 of its canonical
content and of the previous event of its clinic, so a changed, removed or inserted row shows.

Appends are serialized per clinic so two requests cannot fork a chain: PostgreSQL takes a
transaction-scoped advisory lock, SQLite already holds its write lock (BEGIN IMMEDIATE).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

import click
from flask.cli import AppGroup
from sqlalchemy import column, event, insert, inspect, select, table
from sqlalchemy.orm import Session
from sqlalchemy.sql.util import find_tables

from notes_app import audit
from notes_app.audit import AuditEvent
from notes_app.dbtypes import utcnow
from notes_app.extensions import db

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


@dataclass
class ChainReport:
    """The outcome of walking one clinic's chain."""

    clinic_id: int | None
    count: int = 0
    last_id: int | None = None
    last_at: object = None
    last_hash: str = GENESIS
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify_chain(clinic_id: int | None, *, batch: int = 2000) -> ChainReport:
    """Walk a clinic's events in id order and report the first one that doesn't chain."""
    report = ChainReport(clinic_id)
    clinic = (AuditEvent.clinic_id.is_(None) if clinic_id is None
              else AuditEvent.clinic_id == clinic_id)
    columns = [getattr(AuditEvent, name) for name in ("id", "prev_hash", "hash", *FIELDS)]
    after = 0
    while True:
        # Plain rows, not ORM objects: the walk must not fill (or clear) the request's session.
        rows = db.session.execute(select(*columns).where(clinic, AuditEvent.id > after)
                                  .order_by(AuditEvent.id).limit(batch)).all()
        if not rows:
            return report
        for evt in rows:
            if evt.prev_hash != report.last_hash:
                report.broken_id = evt.id
                report.reason = ("the previous event was changed, removed or inserted"
                                 if evt.prev_hash else "the event has no chain hash")
                return report
            if evt.hash != event_hash(evt):
                report.broken_id, report.reason = evt.id, "its content was changed"
                return report
            report.count += 1
            report.last_id, report.last_at, report.last_hash = evt.id, evt.occurred_at, evt.hash
        after = rows[-1].id


def chain_ids() -> list[int | None]:
    """Return every clinic id that has audit events (None: events of no clinic)."""
    return list(db.session.scalars(select(AuditEvent.clinic_id).distinct()))


audit_cli = AppGroup("audit", help="Check the audit trail's hash chains.")


@audit_cli.command("verify")
def verify_command():
    """Walk every chain; exit 1 naming the first broken event."""
    broken = False
    for clinic_id in sorted(chain_ids(), key=lambda c: (c is not None, c or 0)):
        report = verify_chain(clinic_id)
        label = f"clinic {clinic_id}" if clinic_id is not None else "no clinic"
        if report.ok:
            click.echo(f"{label}: {report.count} events verified, head {report.last_hash}")
        else:
            broken = True
            click.echo(f"{label}: BROKEN at audit event {report.broken_id} ({report.reason}); "
                       f"verified up to event {report.last_id}", err=True)
    if broken:
        raise SystemExit(1)


@audit_cli.command("head")
def head_command():
    """Print each clinic's latest event id and hash, to keep somewhere else."""
    # The clinics table by name: the audit chain sits below the auth package that maps it.
    clinics = table("clinics", column("id"), column("name"))
    names = dict(db.session.execute(select(clinics.c.id, clinics.c.name)).all())
    for clinic_id in sorted(chain_ids(), key=lambda c: (c is not None, c or 0)):
        last = db.session.execute(
            select(AuditEvent.id, AuditEvent.occurred_at, AuditEvent.hash)
            .where(AuditEvent.clinic_id.is_(None) if clinic_id is None
                   else AuditEvent.clinic_id == clinic_id)
            .order_by(AuditEvent.id.desc()).limit(1)).one()
        label = names.get(clinic_id, "no clinic") if clinic_id is not None else "no clinic"
        click.echo(f"{clinic_id or '-'}\t{label}\tevent {last.id}\t"
                   f"{last.occurred_at.isoformat()}\t{last.hash}")
