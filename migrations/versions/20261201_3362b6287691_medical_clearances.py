"""medical clearances: a clinician's clearance of one flag, recorded by a therapist (issue 16)

Revision ID: 3362b6287691
Revises: b7e14a2c9d31
Create Date: 2026-12-01 13:15:30.763245

"""
import sqlalchemy as sa
from alembic import op

import notes_app.dbtypes  # noqa: F401  (custom column types used below)

# revision identifiers, used by Alembic.
revision = '3362b6287691'
down_revision = 'b7e14a2c9d31'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('medical_clearances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('intake_version_id', sa.Integer(), nullable=False),
    sa.Column('flag_code', sa.String(length=40), nullable=False),
    sa.Column('cleared_by', sa.String(length=200), nullable=False),
    sa.Column('cleared_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', notes_app.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', notes_app.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_by_id', sa.Integer(), nullable=True),
    sa.Column('withdrawn_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_medical_clearances_client_id_clients')),
    sa.ForeignKeyConstraint(['intake_version_id'], ['intake_versions.id'], name=op.f('fk_medical_clearances_intake_version_id_intake_versions')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_medical_clearances_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['withdrawn_by_id'], ['users.id'], name=op.f('fk_medical_clearances_withdrawn_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_medical_clearances')),
    sa.UniqueConstraint('public_id', name=op.f('uq_medical_clearances_public_id'))
    )
    with op.batch_alter_table('medical_clearances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_medical_clearances_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_medical_clearances_intake_version_id'), ['intake_version_id'], unique=False)


def downgrade():
    with op.batch_alter_table('medical_clearances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_medical_clearances_intake_version_id'))
        batch_op.drop_index(batch_op.f('ix_medical_clearances_client_id'))

    op.drop_table('medical_clearances')
