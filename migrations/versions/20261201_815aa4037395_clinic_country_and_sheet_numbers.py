"""clinic country and the numbers its aftercare sheets print (issue 16, item 7)

Revision ID: 815aa4037395
Revises: 3362b6287691
Create Date: 2026-12-01 14:43:48.031588

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '815aa4037395'
down_revision = '3362b6287691'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('clinics', schema=None) as batch_op:
        batch_op.add_column(sa.Column('country', sa.String(length=2), server_default='', nullable=False))
        batch_op.add_column(sa.Column('emergency_number', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('advice_number', sa.String(length=80), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('clinics', schema=None) as batch_op:
        batch_op.drop_column('advice_number')
        batch_op.drop_column('emergency_number')
        batch_op.drop_column('country')
