"""The intake feature's part of shared pages, as plain data the page's view hands its template."""
from __future__ import annotations

from datetime import date

from notes_app.access import CLINICAL
from notes_app.intake import services
from notes_app.intake.panel import Panel, build_panel


def client_section(user, client, *, today: date, max_age_months: int) -> Panel | None:
    """Return the client page's intake panel for treating staff (the read audited), else None."""
    # Decision 2 (minimum necessary): intake is clinical, so only treating staff read it.
    if getattr(user, "role", None) not in CLINICAL or client.clinic_id != user.clinic_id:
        return None
    panel = build_panel(client, today=today, max_age_months=max_age_months)
    services.record_read(user, client, panel.version)
    return panel
