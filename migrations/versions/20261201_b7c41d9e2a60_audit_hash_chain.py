"""audit hash chain: prev_hash and hash on every audit event; existing events are chained

Revision ID: b7c41d9e2a60
Revises: 95f1402e3c37
Create Date: 2026-12-01 10:55:00

"""
import hashlib
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = 'b7c41d9e2a60'
down_revision = '95f1402e3c37'
branch_labels = None
depends_on = None

GENESIS = "0" * 64
# A frozen copy of notes_app.auditchain.canonical as it was when this ran: migrations must not
# change meaning when the app's code moves on.
FIELDS = ("occurred_at", "actor_id", "actor_role", "clinic_id", "action", "object_type",
          "object_id", "client_id", "outcome", "request_id", "source_ip")


def _utc(value):
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _hash(row, prev_hash):
    content = {name: row[name] for name in FIELDS}
    content["occurred_at"] = _utc(row["occurred_at"]).isoformat(timespec="microseconds")
    content["prev_hash"] = prev_hash
    data = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def upgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
    bind = op.get_bind()
    events = sa.table('audit_events', sa.column('id'), sa.column('prev_hash'),
                      sa.column('hash'), *(sa.column(name) for name in FIELDS))
    heads = {}
    rows = bind.execute(sa.select(events).order_by(events.c.id)).mappings().all()
    for row in rows:
        prev = heads.get(row["clinic_id"], GENESIS)
        digest = _hash(row, prev)
        bind.execute(events.update().where(events.c.id == row["id"])
                     .values(prev_hash=prev, hash=digest))
        heads[row["clinic_id"]] = digest


def downgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
