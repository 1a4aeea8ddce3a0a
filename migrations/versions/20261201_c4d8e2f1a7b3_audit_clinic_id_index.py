"""audit trail: (clinic_id, id), for a clinic's chain head and chain walks (issue 11)

Revision ID: c4d8e2f1a7b3
Revises: 3fa19660d994
Create Date: 2026-12-01 20:20:00

Every audited request reads its clinic's chain head (newest event of the clinic, by id), and the
audit page walks the chain by id. With one-column indexes only, that read scans the primary key
backwards past the other clinics' newer events, or sorts the clinic's whole trail; this index
seeks both.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4d8e2f1a7b3'
down_revision = '3fa19660d994'
branch_labels = None
depends_on = None

NAME = "ix_audit_events_clinic_id_id"


def upgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(NAME, ["clinic_id", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(NAME)
