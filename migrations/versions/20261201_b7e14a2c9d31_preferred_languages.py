"""client preferred language and staff UI language

Revision ID: b7e14a2c9d31
Revises: b7c41d9e2a60
Create Date: 2026-12-01 09:55:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b7e14a2c9d31'
down_revision = 'b7c41d9e2a60'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('preferred_language', sa.String(length=10),
                                      server_default='en', nullable=False))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=10), server_default='en',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_column('preferred_language')
