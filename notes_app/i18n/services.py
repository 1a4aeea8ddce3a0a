"""Set a client's preferred language or a staff member's own; unknown codes are refused."""
from __future__ import annotations

from notes_app import audit
from notes_app.clients.services import sync_portal_language
from notes_app.extensions import db
from notes_app.languages import check_language


def set_client_language(actor, client, code: str) -> None:
    """Store the language of a client's portal, mails and sheets (staff or the client)."""
    client.preferred_language = check_language(code, field="preferred_language")
    sync_portal_language(client)
    db.session.flush()
    audit.record(actor, "client.language", object_type="client", object_id=client.id,
                 client=client, clinic_id=client.clinic_id)


def set_user_language(user, code: str) -> None:
    """Store a staff member's own UI language."""
    user.language = check_language(code)
    db.session.flush()
    audit.record(user, "user.language", object_type="user", object_id=user.id)
