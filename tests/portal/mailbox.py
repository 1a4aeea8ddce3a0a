"""Test helpers for reading the outbox and following the links in its mails."""
from __future__ import annotations

import re
from types import SimpleNamespace

from sqlalchemy import select

from notes_app.extensions import db
from notes_app.outbox import OutboxMessage

# Words that would mean health data leaked into a mail, an export or an admin page.
HEALTH_WORDS = re.compile(r"\b(pain|knots?|trigger points?|medications?|diagnos\w*|pregnan\w*|"
                          r"injur\w*|contraindicat\w*|symptoms?|allerg\w*)\b", re.IGNORECASE)


def outbox_messages(app, **filters) -> list[SimpleNamespace]:
    """Return the outbox rows, oldest first."""
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage).filter_by(**filters)
                                  .order_by(OutboxMessage.id)).all()
        return [SimpleNamespace(**{c.name: getattr(r, c.name) for c in OutboxMessage.__table__.c})
                for r in rows]


def link_path(message) -> str:
    """Return the path of the single link in a mail body."""
    links = re.findall(r"https?://[^/\s]+(/\S+)", message.body)
    assert len(links) == 1, message.body
    return links[0]


def strip_csrf(html: str) -> str:
    """Mask CSRF tokens so two renders of one form compare equal."""
    return re.sub(r'(name="csrf_token" type="hidden" value=")[^"]+', r"\1X", html)
