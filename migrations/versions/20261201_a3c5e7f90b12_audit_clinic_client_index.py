"""audit trail: an index for one client's events within a clinic (issue 11)

Revision ID: a3c5e7f90b12
Revises: 5c1e9a7d2b40
Create Date: 2026-12-01 18:40:00

The audit page filtered to a client counts clinic_id = ? AND client_id = ?; with one-column
indexes only, SQLite counted through the whole clinic's trail (EXPLAIN QUERY PLAN:
ix_audit_events_clinic_id), slower every year. This index seeks both and also serves the
page's newest-first order.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a3c5e7f90b12'
down_revision = '5c1e9a7d2b40'
branch_labels = None
depends_on = None

NAME = "ix_audit_events_clinic_client_time"


def upgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(NAME, ["clinic_id", "client_id", "occurred_at", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(NAME)
