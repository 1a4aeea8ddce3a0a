"""portal logins read their client record's language (account mails follow it, issue 14)

Revision ID: 5c1e9a7d2b40
Revises: 815aa4037395
Create Date: 2026-12-01 14:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5c1e9a7d2b40'
down_revision = '815aa4037395'
branch_labels = None
depends_on = None


def upgrade():
    # A portal login created before this revision kept the default "en" whatever its client
    # record said; copy the record's language so reset mails arrive in it. Data only.
    users = sa.table("users", sa.column("id"), sa.column("role"), sa.column("language"))
    clients = sa.table("clients", sa.column("portal_user_id"), sa.column("preferred_language"))
    language = (sa.select(clients.c.preferred_language)
                .where(clients.c.portal_user_id == users.c.id).limit(1).scalar_subquery())
    has_record = sa.exists().where(clients.c.portal_user_id == users.c.id)
    op.execute(users.update().where(users.c.role == "client", has_record)
               .values(language=language))


def downgrade():
    # Nothing to undo: before this revision the column held the same kind of value.
    pass
