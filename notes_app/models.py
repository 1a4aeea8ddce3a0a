"""One registry of every model, so Alembic and create_all see them all."""
from notes_app.aftercare import models as _aftercare  # noqa: F401
from notes_app.audit import AuditEvent  # noqa: F401
from notes_app.auditverify import ChainCheckpoint  # noqa: F401
from notes_app.auth.models import Clinic, LoginSession, User  # noqa: F401
from notes_app.clients.models import Client  # noqa: F401
from notes_app.intake import models as _intake  # noqa: F401
from notes_app.outbox import OutboxMessage  # noqa: F401
from notes_app.portal import models as _portal  # noqa: F401
from notes_app.sessions import models as _sessions  # noqa: F401
