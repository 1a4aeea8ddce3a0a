"""The body-map widget's data: catalogue, zone paths, no-go areas and the note's markers as JSON.

The drawing itself comes from clinical.bodymap.render_svg; the script only adds layers to it.
"""
from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup

from notes_app.clinical.bodymap import (
    AFTER_STATUSES,
    ENDANGERMENT_SITES,
    KINDS,
    REFERRAL_ZONES,
    VIEW_H,
    VIEW_W,
    point_in_polygon,
    region_shapes,
    render_svg,
    zone_shapes,
)
from notes_app.clinical.contraindications import local_sites
from notes_app.clinical.muscles import MUSCLES, muscles_referring_to, positions
from notes_app.clinical.regions import REGION_BY_ID
from notes_app.clinical.techniques import DEEP_CODES
from notes_app.intake import services as intake
from notes_app.sessions.content import note_content
from notes_app.sessions.markers import LOOK_UP, ghosts_for, markers_for


def _d(poly) -> str:
    return "M" + " ".join(f"{x * VIEW_W:.1f} {y * VIEW_H:.1f}" for x, y in poly) + "Z"


def _pts(poly) -> list[list[float]]:
    return [[round(x, 4), round(y, 4)] for x, y in poly]


@lru_cache(maxsize=1)
def catalogue() -> dict:
    """Return the session-independent part: muscles, zones with their paths, kinds, sites."""
    zones = {}
    for zid, zone in REFERRAL_ZONES.items():
        paths: dict = {}
        for side in ("R", "L"):
            for view, poly in zone_shapes(zid, side):
                if poly:
                    paths.setdefault(view, {}).setdefault(side, "")
                    paths[view][side] += _d(poly)
        zones[zid] = {"label": zone.label, "d": paths, "muscles": muscles_referring_to(zid)}
    return {
        "muscles": {m.id: {"name": m.name, "zones": list(m.referral),
                           "pos": [list(p) for p in positions(m.id)]} for m in MUSCLES},
        "zones": zones,
        "kinds": KINDS, "statuses": AFTER_STATUSES, "deep": sorted(DEEP_CODES),
        "danger": [[sid, label, view, _pts(poly)] for sid, label, shapes in ENDANGERMENT_SITES
                   for view, poly in shapes if poly],
    }


@lru_cache(maxsize=64)
def zones_in_region(region_id: str) -> tuple[str, ...]:
    """Return referral zones that overlap an intake region (a pain area's shortcut)."""
    found = []
    for zid, zone in REFERRAL_ZONES.items():
        for view, poly in zone.shapes:
            if poly and any(v == view and any(point_in_polygon(x, y, r) for x, y in poly)
                            for v, r in region_shapes(region_id) if r):
                found.append(zid)
                break
    return tuple(found)


def _pain_areas(client) -> list[dict]:
    version = intake.current_intake_for(client)
    areas = (version.data or {}).get("pain_areas", []) if version else []
    out = []
    for area in areas:
        rid = area.get("region") if isinstance(area, dict) else None
        if rid in REGION_BY_ID:
            out.append({"region": rid, "label": REGION_BY_ID[rid].label,
                        "zones": list(zones_in_region(rid))})
    return out


def local_regions(ts) -> list[str]:
    """Return the intake's LOCAL (and site-bound) regions for the note's day: the no-go areas."""
    return sorted(local_sites(intake.current_flags_for(ts.client, today=ts.session_date)))


def session_data(ts, rules, *, note: dict | None = None, previous=LOOK_UP) -> dict:
    """Return the note-specific part: markers, ghosts, decisions, no-go areas, rules."""
    # note, previous: the stored note_content(ts) and previous signed note, if already loaded.
    note = note or note_content(ts)
    local = local_regions(ts)
    return {
        "markers": note["markers"], "continued": note["continued"],
        "ghosts": ghosts_for(ts, previous),
        "local": [[rid, REGION_BY_ID[rid].label if rid in REGION_BY_ID else rid, view,
                   _pts(poly)] for rid in local for view, poly in region_shapes(rid) if poly]
        if local else [],
        "sites": {k: list(v) for k, v in rules.sites.items()},
        "painAreas": _pain_areas(ts.client),
    }


def base_svgs(ts) -> dict[str, Markup]:
    """Return the empty front and back maps with the no-go areas hatched, for the widget."""
    local = local_regions(ts)
    return {view: Markup(render_svg(view, hatched_regions=local, show_endangerment=True))
            for view in ("back", "front")}


def readonly_svgs(ts) -> dict[str, Markup]:
    """Return a signed (or someone else's) note's map, drawn server-side from its markers."""
    markers = markers_for(ts)
    return {view: Markup(render_svg(view, markers, hatched_regions=local_regions(ts),
                                    title=f"Body map, {view} view, {len(markers)} markers"))
            for view in ("back", "front") if any(m["view"] == view for m in markers)}
