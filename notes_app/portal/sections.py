"""The portal's part of staff pages: a client's portal access, home intake updates, check-ins."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from notes_app import audit
from notes_app.portal import checkins, services, staff


@dataclass
class PortalSection:
    """The client page's portal card; updates and check-ins are None for non-treating staff."""

    status: services.PortalStatus
    updates: list | None
    checkins: list[staff.CheckInCard] | None


def checkins_section(user, client) -> list[staff.CheckInCard] | None:
    """Return the client's latest check-ins for treating staff (the read audited), else None."""
    if not checkins.may_read(user, client):
        return None
    cards = staff.checkin_cards(client)
    if cards:  # an empty list reveals nothing clinical
        audit.record(user, "checkin.list", object_type="check_in", client=client)
    return cards


def client_section(user, client, *, now: datetime) -> PortalSection:
    """Return the client page's portal card for any staff member of the clinic."""
    updates = staff.client_updates_for(client) if checkins.may_read(user, client) else None
    return PortalSection(services.portal_status_for(client, now=now), updates,
                         checkins_section(user, client))
