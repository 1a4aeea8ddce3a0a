"""Knot histories for the client page: tenderness over signed sessions, status, a tiny trend."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple
from xml.sax.saxutils import escape

from markupsafe import Markup
from sqlalchemy import select

from notes_app.clinical.bodymap import render_svg
from notes_app.clinical.muscles import MUSCLE_BY_ID
from notes_app.extensions import db
from notes_app.sessions.marker_models import ACTIVE, Knot, Marker
from notes_app.sessions.models import SIGNED, TreatmentSession

SIDE_WORDS = {"L": "left", "R": "right", "M": "midline"}


# The client page lists the active knots and the latest resolved ones; older resolved knots
# behind a link, so a client of many years does not get a page that grows with every visit.
RESOLVED_SHOWN = 8


class KnotFacts(NamedTuple):
    """What the page shows of a knot."""

    id: int
    muscle_id: str | None
    side: str
    status: str


class MarkerFacts(NamedTuple):
    """What the page shows of one marker of a knot."""

    view: str
    x: float
    y: float
    kind: str
    tenderness: int | None
    continuation: str


@dataclass
class KnotHistory:
    """One knot's course: where it was last, tenderness per signed session, its status."""

    knot: KnotFacts
    name: str
    points: list[tuple[str, int | None]]  # (ISO date, tenderness)
    last: MarkerFacts
    order: int = 0  # the last signed visit it was seen in, latest highest

    @property
    def sessions_present(self) -> int:
        return len(self.points)

    @property
    def is_active(self) -> bool:
        return self.knot.status == ACTIVE

    @property
    def better(self) -> bool:
        """Tell whether the latest signed visit found the knot better than the one before."""
        return self.last.continuation == "eased"


def knot_histories_for(client) -> list[KnotHistory]:
    """Return every knot of the client seen in a signed note: active ones by name, then resolved
    ones latest seen first."""
    # Plain columns, not objects: a client of years has hundreds of markers (#11).
    rows = db.session.execute(
        select(Knot.id, Knot.muscle_id, Knot.side, Knot.status, Marker.view, Marker.x, Marker.y,
               Marker.kind, Marker.tenderness, Marker.continuation,
               TreatmentSession.session_date)
        .select_from(Marker).join(Marker.knot).join(Marker.treatment_session)
        .where(TreatmentSession.client_id == client.id, TreatmentSession.status == SIGNED)
        .order_by(TreatmentSession.session_date, TreatmentSession.id, Marker.id)).all()
    by_knot: dict[int, KnotHistory] = {}
    for n, row in enumerate(rows):
        knot, last = KnotFacts(*row[:4]), MarkerFacts(*row[4:10])
        entry = by_knot.get(knot.id)
        if entry is None:
            muscle = MUSCLE_BY_ID.get(knot.muscle_id or "")
            side = SIDE_WORDS.get(knot.side, "")
            name = f"{muscle.name if muscle else 'Unnamed finding'}, {side}"
            entry = by_knot[knot.id] = KnotHistory(knot, name, [], last)
        entry.points.append((row[10].isoformat(), last.tenderness))
        entry.last, entry.order = last, n
    return sorted(by_knot.values(),
                  key=lambda h: (not h.is_active, h.name if h.is_active else -h.order))


def sparkline(points: list[tuple[str, int | None]], width: int = 96, height: int = 24) -> Markup:
    """Return a small server-side SVG of tenderness (0-10) over sessions."""
    values = [(i, v) for i, (_, v) in enumerate(points) if v is not None]
    if not values:
        return Markup('<span class="muted small">no scores</span>')
    step = (width - 6) / max(1, len(points) - 1)
    coords = [(3 + i * step, 3 + (10 - v) * (height - 6) / 10) for i, v in values]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    label = "Tenderness " + ", ".join(f"{v}" for _, v in values)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2"/>' for x, y in coords)
    return Markup(
        f'<svg class="sparkline" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(label)}">'
        f'<polyline points="{line}" fill="none" stroke="#c8553d" stroke-width="1.5"/>'
        f'<g fill="#c8553d">{dots}</g></svg>')


def current_knots_svg(histories: list[KnotHistory], view: str, size: int = 120) -> Markup:
    """Return a small read-only map of the active knots at their last place on one view."""
    markers = [{"view": h.last.view, "x": h.last.x, "y": h.last.y, "kind": h.last.kind,
                "muscle_id": h.knot.muscle_id, "side": h.knot.side, "label": str(i + 1),
                "tenderness": h.last.tenderness}
               for i, h in enumerate(histories) if h.is_active]
    return Markup(render_svg(view, markers, size=size,
                             title=f"Current knots, {view} view"))


def knot_panel(client, *, show_all: bool = False) -> dict | None:
    """Return the client page's knot section: histories and small maps, or None without knots."""
    histories = knot_histories_for(client)
    if not histories:
        return None
    views = {h.last.view for h in histories if h.is_active}
    maps = {v: current_knots_svg(histories, v) for v in ("back", "front") if v in views}
    active = sum(h.is_active for h in histories)
    shown = histories if show_all else histories[:active + RESOLVED_SHOWN]
    return {"histories": shown, "maps": maps, "resolved": len(histories) - active,
            "hidden": len(histories) - len(shown)}
