"""The sessions feature's part of shared pages, as plain data the page's view hands its template."""
from __future__ import annotations

from dataclasses import dataclass

from notes_app.sessions import services
from notes_app.sessions.knots import knot_panel
from notes_app.sessions.panel import ClientPanel, session_panel


@dataclass
class ClientSessions:
    """The client page's start bar, timeline, progress chart and knots."""

    panel: ClientPanel
    knots: dict | None


def client_section(user, client, *, page: str = "1", show_hidden: bool = False,
                   all_knots: bool = False) -> ClientSessions | None:
    """Return the client page's sessions for treating staff (the read audited), else None."""
    panel = session_panel(user, client, page, show_hidden)
    if panel is None:
        return None
    if panel.page.total:  # an empty timeline reveals no clinical data
        services.record_timeline_read(user, client)
    return ClientSessions(panel, knot_panel(client, show_all=all_knots))
