"""Technique-row safety checks against the client's active intake flags (issue 4, item 2).

Pure functions over clinical data: the same rules feed the server check and, as JSON, the
editor's instant warnings.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from notes_app.clinical.bodymap import ENDANGERMENT_SITES, endangerment_sites_at, regions_at
from notes_app.clinical.contraindications import DEFER, MODIFY, Flag, max_pressure_allowed
from notes_app.clinical.muscles import MUSCLE_BY_ID, MUSCLES, positions
from notes_app.clinical.regions import REGION_BY_ID
from notes_app.clinical.techniques import DEEP_CODES, TECHNIQUE_BY_CODE

SIDE_WORDS = {"L": "left", "R": "right", "B": "both sides"}
# Caps at or below "medium" conflict with deep or point work even at a low pressure setting.
MODERATE_CAP = 3
_SITE_LABELS = {sid: label for sid, label, _ in ENDANGERMENT_SITES}


@lru_cache(maxsize=1)
def muscle_areas() -> dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]]:
    """Return {muscle: {side: (regions, endangerment sites)}} from the default map positions."""
    out: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for m in MUSCLES:
        per_side: dict[str, tuple[set, set]] = {"L": (set(), set()), "R": (set(), set())}
        for view, side, x, y in positions(m.id):
            per_side[side][0].update(regions_at(view, x, y))
            per_side[side][1].update(endangerment_sites_at(view, x, y))
        out[m.id] = {s: (tuple(sorted(r)), tuple(sorted(e))) for s, (r, e) in per_side.items()}
    return out


def areas_for(area_id: str, side: str) -> tuple[set[str], set[str]]:
    """Return the (regions, endangerment sites) a row's muscle or region touches on a side."""
    if area_id in REGION_BY_ID:
        return {area_id}, set()
    per_side = muscle_areas().get(area_id)
    if per_side is None:
        return set(), set()
    sides = ("L", "R") if side == "B" else (side,)
    regions = {r for s in sides if s in per_side for r in per_side[s][0]}
    sites = {e for s in sides if s in per_side for e in per_side[s][1]}
    return regions, sites


def area_label(area_id: str, side: str = "") -> str:
    """Return a readable name for a muscle or region, with the side."""
    muscle = MUSCLE_BY_ID.get(area_id)
    name = muscle.name if muscle else REGION_BY_ID[area_id].label if area_id in REGION_BY_ID \
        else area_id
    return f"{name} ({SIDE_WORDS[side]})" if side in SIDE_WORDS else name


@dataclass(frozen=True)
class SafetyRules:
    """What the active flags allow, in the shape the row check and the editor need."""

    max_pressure: int = 5
    cap_titles: tuple[str, ...] = ()
    sites: dict[str, tuple[str, ...]] = field(default_factory=dict)
    avoid: dict[str, tuple[str, ...]] = field(default_factory=dict)
    moderate_titles: tuple[str, ...] = ()

    @classmethod
    def from_flags(cls, flags: list[Flag]) -> SafetyRules:
        """Build rules from intake flags; DEFER flags were settled by an override at start."""
        active = [f for f in flags if f.cls != DEFER]
        cap = max_pressure_allowed(active)
        sites: dict[str, list[str]] = {}
        avoid: dict[str, list[str]] = {}
        for f in active:
            for site in f.sites:
                sites.setdefault(site, []).append(f.title)
            for code in f.avoid_techniques:
                avoid.setdefault(code, []).append(f.title)
        return cls(
            max_pressure=cap,
            cap_titles=tuple(f.title for f in active if f.max_pressure == cap and cap < 5),
            sites={k: tuple(v) for k, v in sites.items()},
            avoid={k: tuple(v) for k, v in avoid.items()},
            moderate_titles=tuple(f.title for f in active if f.cls == MODIFY
                                  and f.max_pressure is not None
                                  and f.max_pressure <= MODERATE_CAP),
        )

    def as_json(self) -> dict:
        """Return the rules and area lookups the editor script evaluates rows with."""
        return {
            "maxPressure": self.max_pressure, "capTitles": list(self.cap_titles),
            "sites": {k: list(v) for k, v in self.sites.items()},
            "avoid": {k: list(v) for k, v in self.avoid.items()},
            "moderateTitles": list(self.moderate_titles), "deep": sorted(DEEP_CODES),
            "areas": {m: {s: {"regions": list(r), "sites": list(e)} for s, (r, e) in v.items()}
                      for m, v in muscle_areas().items()},
            "siteLabels": _SITE_LABELS,
            "names": {code: t.name for code, t in TECHNIQUE_BY_CODE.items()},
        }


def _titles(titles) -> str:
    return "; ".join(dict.fromkeys(titles))


def row_warnings(row: dict, rules: SafetyRules) -> list[str]:
    """Return the warnings a technique row raises under the rules (empty when it is fine)."""
    out: list[str] = []
    code, side, pressure = row.get("technique"), row.get("side", ""), row.get("pressure") or 0
    technique = TECHNIQUE_BY_CODE.get(code)
    name = technique.name if technique else str(code)
    regions, danger = areas_for(row.get("muscle_id", ""), side)
    if pressure > rules.max_pressure:
        out.append(f"Pressure P{pressure} is above P{rules.max_pressure}, the limit for "
                   f"{_titles(rules.cap_titles)}.")
    flagged = [t for r in sorted(regions) for t in rules.sites.get(r, ())]
    if flagged:
        out.append(f"{area_label(row.get('muscle_id', ''), side)} is in a flagged area: "
                   f"{_titles(flagged)}.")
    if code in rules.avoid:
        out.append(f"{name} is to be avoided: {_titles(rules.avoid[code])}.")
    if technique and technique.deep:
        if danger:
            labels = ", ".join(_SITE_LABELS.get(s, s) for s in sorted(danger))
            out.append(f"{name} is deep or point work near an endangerment site ({labels}).")
        if rules.moderate_titles and code not in rules.avoid:
            out.append(f"{name} is deep or point work; gentle work is advised for "
                       f"{_titles(rules.moderate_titles)}.")
    return out
