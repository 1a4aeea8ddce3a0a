"""What therapists see of the portal on the client page and at the start of a session.

Reads only: the client page's hook and the session page audit what is shown.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import or_, select

from notes_app.clients.models import Client
from notes_app.extensions import db
from notes_app.intake.models import IntakeVersion
from notes_app.portal import checkins
from notes_app.portal.models import CheckIn
from notes_app.sessions import services as sessions
from notes_app.sessions.models import TreatmentSession


@dataclass
class CheckInCard:
    """One check-in as the therapist reads it, with its maps ready to show."""

    check_in: CheckIn
    session_date: object
    maps: dict[str, Markup]


def client_updates_for(client: Client) -> list[IntakeVersion]:
    """Return intake versions the client filled at home since their last signed session."""
    # Once the therapist has treated (and so talked) since the update, it is no longer news.
    # The last signed note's time (last_signed_for's note) is looked up in the same statement.
    signed_at = sessions.last_signed_query(client).with_only_columns(
        TreatmentSession.signed_at).scalar_subquery()
    return list(db.session.scalars(
        select(IntakeVersion).where(IntakeVersion.client_id == client.id,
                                    IntakeVersion.source == "client",
                                    or_(signed_at.is_(None), IntakeVersion.created_at > signed_at))
        .order_by(IntakeVersion.version.desc())))


def checkin_cards(client: Client, limit: int = 3) -> list[CheckInCard]:
    """Return the client's latest check-ins with their body maps, newest first."""
    cards = []
    for item in checkins.list_check_ins_for(client, limit=limit):
        # render_svg escapes every text and attribute it writes; points are validated numbers.
        maps = {view: Markup(svg) for view, svg in checkins.maps_for(item).items()}
        cards.append(CheckInCard(item, item.treatment_session.session_date, maps))
    return cards
