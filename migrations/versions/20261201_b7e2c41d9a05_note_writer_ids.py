"""note writer ids: the editor tab behind the latest versions of a draft (#12)

Revision ID: b7e2c41d9a05
Revises: d77afa656d14
Create Date: 2026-12-01 10:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'b7e2c41d9a05'
down_revision = 'd77afa656d14'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('treatment_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_writer', sa.String(length=64), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('writer_since', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        # A batch copy would DROP TABLE treatment_sessions, which the rows pointing at it refuse
        # with foreign keys on; SQLite (3.35+) drops a plain column in place.
        op.execute("ALTER TABLE treatment_sessions DROP COLUMN writer_since")
        op.execute("ALTER TABLE treatment_sessions DROP COLUMN last_writer")
        return
    op.drop_column('treatment_sessions', 'writer_since')
    op.drop_column('treatment_sessions', 'last_writer')
