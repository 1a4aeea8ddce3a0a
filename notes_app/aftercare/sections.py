"""The aftercare feature's part of shared pages: the sheets listed on the client and note pages."""
from __future__ import annotations

from notes_app import audit
from notes_app.access import CLINICAL
from notes_app.aftercare import services
from notes_app.aftercare.models import IssuedSheet


def _reads_clinical(user, owner) -> bool:
    # The sheets carry health details: treating staff of the clinic only.
    return getattr(user, "role", None) in CLINICAL and owner.clinic_id == user.clinic_id


def client_section(user, client) -> list[IssuedSheet] | None:
    """Return the client's issued sheets for treating staff (the listing audited), else None."""
    if not _reads_clinical(user, client):
        return None
    sheets = services.list_sheets_for_client(client)
    if sheets:
        audit.record(user, "aftercare.list", object_type="aftercare_sheet", client=client)
    return sheets


def session_section(user, treatment_session) -> list[IssuedSheet] | None:
    """Return the sheets issued for one note for treating staff, else None."""
    if not _reads_clinical(user, treatment_session):
        return None
    return services.list_sheets_for_session(treatment_session)
