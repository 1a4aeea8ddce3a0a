"""intake

Revision ID: fa9efe77eeed
Revises: 8c6ca5f261dc
Create Date: 2026-11-24 23:15:13.714343

"""
import sqlalchemy as sa
from alembic import op

import notes_app.dbtypes  # noqa: F401  (custom column types used below)

# revision identifiers, used by Alembic.
revision = 'fa9efe77eeed'
down_revision = '8c6ca5f261dc'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('intake_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('consent_version', sa.String(length=20), nullable=False),
    sa.Column('signed_name', sa.String(length=200), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('guardian_name', sa.String(length=200), nullable=False),
    sa.Column('guardian_relationship', sa.String(length=200), nullable=False),
    sa.Column('signature', sa.Text(), nullable=False),
    sa.Column('created_at', notes_app.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_intake_versions_client_id_clients')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_intake_versions_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_versions')),
    sa.UniqueConstraint('client_id', 'version', name=op.f('uq_intake_versions_client_id')),
    sa.UniqueConstraint('public_id', name=op.f('uq_intake_versions_public_id'))
    )
    with op.batch_alter_table('intake_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intake_versions_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_intake_versions_signed_on'), ['signed_on'], unique=False)

    op.create_table('defer_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('intake_version_id', sa.Integer(), nullable=False),
    sa.Column('flag_codes', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', notes_app.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('consumed_by_session_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_defer_overrides_client_id_clients')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_defer_overrides_created_by_id_users')),
    sa.ForeignKeyConstraint(['intake_version_id'], ['intake_versions.id'], name=op.f('fk_defer_overrides_intake_version_id_intake_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_defer_overrides'))
    )
    with op.batch_alter_table('defer_overrides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_defer_overrides_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_defer_overrides_intake_version_id'), ['intake_version_id'], unique=False)


def downgrade():
    with op.batch_alter_table('defer_overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_defer_overrides_intake_version_id'))
        batch_op.drop_index(batch_op.f('ix_defer_overrides_client_id'))

    op.drop_table('defer_overrides')
    with op.batch_alter_table('intake_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intake_versions_signed_on'))
        batch_op.drop_index(batch_op.f('ix_intake_versions_client_id'))

    op.drop_table('intake_versions')
