"""Checking the audit trail's hash chains (R-U2): each chain keeps a checkpoint, so the audit page
hashes only the events since the last check, while `flask audit verify` (nightly) walks from
genesis. A break, once found, stays reported until a walk from genesis finds the chain whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import click
from flask.cli import AppGroup
from sqlalchemy import ForeignKey, String, column, func, or_, select, table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from notes_app.audit import AuditEvent
from notes_app.auditchain import FIELDS, GENESIS, event_hash, write_pending
from notes_app.dbtypes import UTCDateTime, utcnow
from notes_app.extensions import db


class ChainCheckpoint(db.Model):
    """How far one chain was last found intact, and where it was found broken."""

    __tablename__ = "audit_chain_checkpoints"

    # One row per chain: its clinic's id, 0 for the events of no clinic (the chain lock's key).
    chain: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id"), nullable=True)
    # Plain ids, not foreign keys: a removed event must show as a break, not be refused.
    event_id: Mapped[int | None] = mapped_column(nullable=True)
    hash: Mapped[str] = mapped_column(String(64))
    event_count: Mapped[int] = mapped_column()
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    full_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    broken_id: Mapped[int | None] = mapped_column(nullable=True)
    broken_reason: Mapped[str] = mapped_column(String(120))
    broken_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


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
    # Events after the checkpoint hashed by this walk; since: when that checkpoint was set
    # (None: this walk started from genesis); full_at: the last whole walk from genesis.
    checked: int = 0
    since: datetime | None = None
    full_at: datetime | None = None
    found_at: datetime | None = None
    cleared_id: int | None = None
    head_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.broken_id is None

    @property
    def reached_head(self) -> bool:
        """Whether the walk got to the head it read (a limited walk may stop short of it)."""
        return self.ok and self.last_id == self.head_id


def _key(clinic_id: int | None) -> int:
    return clinic_id or 0


def _of(clinic_id: int | None):
    return (AuditEvent.clinic_id.is_(None) if clinic_id is None
            else AuditEvent.clinic_id == clinic_id)


def _head_and_checkpoint(clinic_id: int | None):
    # One statement: the head the walk stops at (later appends wait for the next view) and the
    # checkpoint it starts from.
    points = ChainCheckpoint.__table__
    head = select(func.max(AuditEvent.id).label("head_id")).where(_of(clinic_id)).subquery()
    row = db.session.execute(select(head.c.head_id, points).select_from(
        head.outerjoin(points, points.c.chain == _key(clinic_id)))).one()
    return row.head_id, (row if row.chain is not None else None)


_COLUMNS = [getattr(AuditEvent, name) for name in ("id", "prev_hash", "hash", *FIELDS)]


def _walk(report: ChainReport, clinic_id: int | None, start, head_id: int | None,
          batch: int, limit: int | None) -> None:
    after = start.event_id - 1 if start is not None else 0
    if start is not None and (head_id or 0) < start.event_id:
        report.broken_id, report.reason = start.event_id, _GONE
        return
    confirm = start is not None
    while head_id is not None and after < head_id:
        # Plain rows, not ORM objects: the walk must not fill (or clear) the request's session.
        rows = db.session.execute(select(*_COLUMNS).where(
            _of(clinic_id), AuditEvent.id > after, AuditEvent.id <= head_id)
            .order_by(AuditEvent.id).limit(batch)).all()
        if not rows:
            return
        after = rows[-1].id
        if confirm:
            confirm = False
            if not _confirms(report, rows[0], start):
                return
            rows = rows[1:]
        for evt in rows:
            if evt.prev_hash != report.last_hash:
                report.broken_id = evt.id
                report.reason = ("the previous event was changed, removed or inserted"
                                 if evt.prev_hash else "the event has no chain hash")
                return
            if evt.hash != event_hash(evt):
                report.broken_id, report.reason = evt.id, "its content was changed"
                return
            report.count += 1
            report.checked += 1
            report.last_id, report.last_at, report.last_hash = evt.id, evt.occurred_at, evt.hash
            if report.checked == limit:
                return


_GONE = "the event the last check ended at was changed or removed"


def _confirms(report: ChainReport, evt, start) -> bool:
    # The checkpoint vouches for everything before it only while its own event still is what
    # was checked: same id, same stored hash, content that hashes to it.
    if evt.id != start.event_id or evt.hash != start.hash or event_hash(evt) != start.hash:
        report.broken_id, report.reason = start.event_id, _GONE
        return False
    report.count, report.last_hash = start.event_count, start.hash
    report.last_id, report.last_at = start.event_id, evt.occurred_at
    return True


def _stored_break(report: ChainReport, point) -> ChainReport:
    report.broken_id, report.reason = point.broken_id, point.broken_reason
    report.found_at, report.since = point.broken_at, point.verified_at
    if point.event_id is not None and point.event_id < point.broken_id:
        report.count, report.last_id, report.last_hash = (point.event_count, point.event_id,
                                                          point.hash)
    return report


def _upsert(values: dict, update: dict, where=None) -> None:
    # Insert the chain's row, or change it only where `where` holds: two walks at once never
    # move a checkpoint back, nor clear the break the other one found.
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(ChainCheckpoint.__table__).values(**values)
    db.session.execute(stmt.on_conflict_do_update(index_elements=["chain"], set_=update,
                                                  where=where))


def _record(report: ChainReport, clinic_id: int | None, point, from_genesis: bool,
            now: datetime) -> None:
    # Only a walk from genesis to the head is a full check; a limited one that stopped short
    # still moves the checkpoint over what it found intact.
    full = from_genesis and report.reached_head
    points = ChainCheckpoint.__table__
    base = {"chain": _key(clinic_id), "clinic_id": clinic_id, "event_id": None, "hash": GENESIS,
            "event_count": 0, "verified_at": None, "full_at": None, "broken_id": None,
            "broken_reason": "", "broken_at": None}
    if not report.ok:
        broken = {"broken_id": report.broken_id, "broken_reason": report.reason[:120],
                  "broken_at": now}
        report.found_at = now
        # A walk from genesis names the first break; a later walk keeps the one found first.
        _upsert({**base, **broken}, broken,
                None if from_genesis else points.c.broken_id.is_(None))
        return
    if report.last_id is None or (point is not None and point.event_id == report.last_id
                                  and not full):
        return  # no events, or none since the checkpoint: nothing to move
    moved = {"event_id": report.last_id, "hash": report.last_hash,
             "event_count": report.count, "verified_at": now}
    if full:
        whole = {**moved, "full_at": now, "broken_id": None, "broken_reason": "",
                 "broken_at": None}
        # Not a break found meanwhile in events this walk did not reach.
        _upsert({**base, **whole}, whole, or_(points.c.broken_id.is_(None),
                                              points.c.broken_id <= report.last_id))
        report.full_at = now
        return
    _upsert({**base, **moved}, moved, points.c.broken_id.is_(None)
            & (points.c.event_id.is_(None) | (points.c.event_id < report.last_id)))


def verify_chain(clinic_id: int | None, *, full: bool = False, batch: int = 2000,
                 limit: int | None = None) -> ChainReport:
    """Walk a chain from its checkpoint (from genesis if full) and record how far it holds.

    With a limit, at most that many events are hashed, read in one statement: a page's walk
    stays bounded however long the chain went unchecked, and the next walk goes on from there.
    The checkpoint is written in the caller's transaction (the caller commits); it moves only
    over events found intact.
    """
    if limit is not None:
        batch = limit + 1  # and the checkpoint's own event
    write_pending(db.session())  # this transaction's own events are part of the chain
    head_id, point = _head_and_checkpoint(clinic_id)
    report = ChainReport(clinic_id, head_id=head_id)
    if point is not None:
        report.full_at = point.full_at
        if point.broken_id is not None and not full:
            return _stored_break(report, point)
    start = point if not full and point is not None and point.event_id is not None else None
    report.since = start.verified_at if start is not None else None
    _walk(report, clinic_id, start, head_id, batch, limit)
    if full and report.ok and point is not None:
        report.cleared_id = point.broken_id
    _record(report, clinic_id, point, start is None, utcnow())
    return report


def chain_ids() -> list[int | None]:
    """Return every clinic id that has audit events (None: events of no clinic)."""
    return list(db.session.scalars(select(AuditEvent.clinic_id).distinct()))


audit_cli = AppGroup("audit", help="Check the audit trail's hash chains.")


@audit_cli.command("verify")
def verify_command():
    """Walk every chain from genesis; exit 1 naming the first broken event."""
    broken = False
    for clinic_id in sorted(chain_ids(), key=lambda c: (c is not None, c or 0)):
        report = verify_chain(clinic_id, full=True)
        # Each chain's checkpoint is kept at once: the audit page waits on no other clinic.
        db.session.commit()
        label = f"clinic {clinic_id}" if clinic_id is not None else "no clinic"
        if report.ok:
            click.echo(f"{label}: {report.count} events verified, head {report.last_hash}")
            if report.cleared_id is not None:
                click.echo(f"{label}: the break recorded at audit event {report.cleared_id} "
                           "is no longer there", err=True)
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
            .where(_of(clinic_id)).order_by(AuditEvent.id.desc()).limit(1)).one()
        label = names.get(clinic_id, "no clinic") if clinic_id is not None else "no clinic"
        click.echo(f"{clinic_id or '-'}\t{label}\tevent {last.id}\t"
                   f"{last.occurred_at.isoformat()}\t{last.hash}")
