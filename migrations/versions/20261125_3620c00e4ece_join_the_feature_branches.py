"""join the feature branches

Revision ID: 3620c00e4ece
Revises: 17e6852a407c, 422d94c27e38, 7ff7332a4e84, fa9efe77eeed, 50a734e93230
Create Date: 2026-11-25 00:22:05.778630

"""
import notes_app.dbtypes  # noqa: F401  (custom column types used below)

# revision identifiers, used by Alembic.
revision = '3620c00e4ece'
down_revision = ('17e6852a407c', '422d94c27e38', '7ff7332a4e84', 'fa9efe77eeed', '50a734e93230')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
