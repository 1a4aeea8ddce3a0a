"""Knot histories for the client page: tenderness over signed sessions, status, a tiny trend."""
from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from notes_app.clinical.bodymap import render_svg
from notes_app.clinical.muscles import MUSCLE_BY_ID
from notes_app.extensions import db
from notes_app.sessions.marker_models import ACTIVE, Knot, Marker
from notes_app.sessions.models import SIGNED, TreatmentSession

SIDE_WORDS = {"L": "left", "R": "right", "M": "midline"}


@dataclass
class KnotHistory:
    """One knot's course: where it was last, tenderness per signed session, its status."""

    knot: Knot
    name: str
    points: list[tuple[str, int | None]]  # (ISO date, tenderness)
    last: Marker

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
    """Return every knot of the client seen in a signed note, active ones first."""
    rows = db.session.execute(
        select(Marker, TreatmentSession.session_date).join(TreatmentSession)
        .options(joinedload(Marker.knot))  # one query, not one per knot
        .where(TreatmentSession.client_id == client.id, TreatmentSession.status == SIGNED)
        .order_by(TreatmentSession.session_date, TreatmentSession.id)).all()
    by_knot: dict[int, KnotHistory] = {}
    for marker, day in rows:
        knot = marker.knot
        muscle = MUSCLE_BY_ID.get(knot.muscle_id or "")
        side = SIDE_WORDS.get(knot.side, "")
        name = f"{muscle.name if muscle else 'Unnamed finding'}, {side}"
        entry = by_knot.setdefault(knot.id, KnotHistory(knot, name, [], marker))
        entry.points.append((day.isoformat(), marker.tenderness))
        entry.last = marker
    return sorted(by_knot.values(), key=lambda h: (not h.is_active, h.name))


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


def knot_panel(client) -> dict | None:
    """Return the client page's knot section: histories and small maps, or None without knots."""
    histories = knot_histories_for(client)
    if not histories:
        return None
    views = {h.last.view for h in histories if h.is_active}
    return {"histories": histories,
            "maps": {v: current_knots_svg(histories, v) for v in ("back", "front") if v in views}}
