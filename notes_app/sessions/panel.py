"""What the session pages and the client-page section show: reads only, the views audit."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from markupsafe import Markup, escape

from notes_app.access import CLINICAL
from notes_app.clients.services import Page
from notes_app.clinical.chart import ChartPoint, pain_chart_svg
from notes_app.clinical.contraindications import Flag, awaiting_clearance, hard_stops, overridable
from notes_app.clinical.muscles import grouped_muscle_choices
from notes_app.clinical.regions import REGIONS
from notes_app.clinical.safety import area_label
from notes_app.clinical.techniques import (
    CLIENT_POSITIONS,
    PRESSURE_HINTS,
    PRESSURE_LEVELS,
    RESPONSES,
    SIDES,
    TECHNIQUES,
)
from notes_app.intake import services as intake
from notes_app.sessions import services
from notes_app.sessions.content import row_content
from notes_app.sessions.forms import StartForm
from notes_app.sessions.models import PGIC_SCALE, TreatmentSession

ROM_MOVEMENTS = (
    "Cervical rotation", "Cervical side-bend", "Cervical flexion", "Cervical extension",
    "Shoulder flexion", "Shoulder abduction", "Shoulder external rotation",
    "Shoulder internal rotation", "Lumbar flexion", "Hip flexion", "Hip internal rotation",
    "Hip external rotation", "Straight-leg raise",
)


def new_key() -> str:
    """Return a fresh idempotency key for a start form (generated with the page)."""
    return secrets.token_urlsafe(18)


def start_form(client, *, has_previous: bool) -> StartForm:
    """Return an unbound start form carrying a new key."""
    return StartForm(formdata=None, idempotency_key=new_key(), copy_forward=has_previous)


@dataclass
class ClientPanel:
    """The sessions section of the client page."""

    page: Page
    hidden: int
    chart: Markup
    form: StartForm
    flags: list[Flag]
    blockers: list[str]
    defer: bool  # an overridable DEFER: the start form asks for the reason
    last_signed: TreatmentSession | None
    my_drafts: list[TreatmentSession]
    refusal: str | None = None  # a hard stop or a flag waiting for clearance: no start form
    waiting: list[Flag] | None = None  # the flags a clearance could cover


def _page_number(raw) -> int:
    raw = str(raw or "1")
    return int(raw) if raw.isdigit() and len(raw) < 6 else 1


def session_panel(user, client, page="1", show_hidden: bool = False) -> ClientPanel | None:
    """Return the client page's session section, or None for users who may not read notes."""
    if getattr(user, "role", None) not in CLINICAL or client.clinic_id != user.clinic_id:
        return None
    today = date.today()
    flags = intake.current_flags_for(client, today=today)
    course, drafts = services.course_and_drafts_for(user, client)
    last = course[-1] if course else None  # last_signed_for's note: the course ends with it
    chart = pain_chart_svg([ChartPoint(t.session_date, t.pain_before, t.pain_after)
                            for t in course])
    # The chart text holds only dates and integers, each escaped in chart.py.
    timeline, hidden = services.list_sessions_for(client, _page_number(page),
                                                  include_hidden=show_hidden)
    return ClientPanel(timeline, hidden, Markup(chart),
                       start_form(client, has_previous=last is not None), flags,
                       intake.session_blockers(client, today=today),
                       bool(overridable(flags)), last, list(drafts),
                       services.start_refusal(flags), clearable_now(flags))


def clearable_now(flags: list[Flag]) -> list[Flag]:
    """Return the flags a clearance would let the session start for (none under a hard stop)."""
    return [] if hard_stops(flags) else awaiting_clearance(flags)


def technique_summary(row) -> str:
    """Return a short line for a technique row: 'ISC · Upper trapezius (right) · P4 · 3×60 s'."""
    r = row_content(row) if not isinstance(row, dict) else row
    dose = (f"{r['minutes']} min" if r.get("minutes") else
            f"{r.get('reps') or 1}×{r['hold_seconds']} s" if r.get("hold_seconds") else "")
    parts = [r["technique"], area_label(r["muscle_id"], r["side"]), f"P{r['pressure']}"]
    if r.get("client_intensity") is not None:
        parts.append(f"felt {r['client_intensity']}/10")
    return " · ".join(p for p in [*parts, dose] if p)


def pick_lists() -> dict:
    """Return the vocabularies the editor's pick-lists and segmented buttons are built from."""
    return {
        "muscle_groups": grouped_muscle_choices(),
        "regions": [(r.id, r.label) for r in REGIONS],
        "techniques": [(t.code, t.name) for t in TECHNIQUES],
        "pressures": PRESSURE_LEVELS, "pressure_hints": PRESSURE_HINTS,
        "positions": CLIENT_POSITIONS, "sides": SIDES, "responses": RESPONSES,
        "pgic": PGIC_SCALE, "rom_movements": ROM_MOVEMENTS,
        "side_options": [(code, code) for code, _ in SIDES],
        "pain_options": [(v, str(v)) for v in range(11)],
        "pgic_options": list(PGIC_SCALE),
        "pressure_options": [(level, f"P{level}") for level, _ in PRESSURE_LEVELS],
        "area_options": area_options, "technique_options": technique_options,
    }


@lru_cache(maxsize=8)
def _options_html(kind: str, placeholder: str) -> str:
    # The vocabularies never change: each row's long <select> is this string with one option
    # marked, not hundreds of escaped template values per row (a tenth of the editor, #11).
    def option(value: str, label: str) -> str:
        return f'<option value="{escape(value)}">{escape(label)}</option>'

    out = [option("", placeholder)]
    if kind == "technique":
        out += [option(t.code, f"{t.code} · {t.name}") for t in TECHNIQUES]
        return "".join(out)
    for group, items in grouped_muscle_choices():
        out += [f'<optgroup label="{escape(group)}">',
                *(option(mid, f"{name} ({mid})") for mid, name in items), "</optgroup>"]
    out += ['<optgroup label="Body areas">', *(option(r.id, r.label) for r in REGIONS),
            "</optgroup>"]
    return "".join(out)


def _with_selected(html: str, selected) -> Markup:
    if isinstance(selected, str) and selected:
        mark = f'<option value="{escape(selected)}">'
        html = html.replace(mark, f'{mark[:-1]} selected>', 1)
    return Markup(html)


def area_options(selected, placeholder: str = "Muscle or area…") -> Markup:
    """Return the muscle-or-area <option>s with the selected one marked."""
    return _with_selected(_options_html("area", placeholder), selected)


def technique_options(selected, placeholder: str = "Technique…") -> Markup:
    """Return the technique <option>s with the selected one marked."""
    return _with_selected(_options_html("technique", placeholder), selected)
