"""Technique-row safety checks against the client's active intake flags (issue 4, item 2).

Pure functions over clinical data: the same rules feed the server check and, as JSON, the
editor's instant warnings.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from notes_app.clinical.bodymap import ENDANGERMENT_SITES, endangerment_sites_at, regions_at
from notes_app.clinical.contraindications import (
    DEFER,
    LOCAL,
    MODIFY,
    Flag,
    max_pressure_allowed,
    site_caps,
)
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


def _by_region(pairs) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for region, title in pairs:
        out.setdefault(region, []).append(title)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def _is_area_bound(flag: Flag) -> bool:
    # A cap meant for one area (issue 16, item 6): its pressure limit, avoided techniques and
    # "gentle only" advice hold at the flag's sites; the rest of the body is worked as usual.
    return flag.local_cap and bool(flag.sites)


@dataclass(frozen=True)
class SafetyRules:
    """What the active flags allow, in the shape the row check and the editor need.

    `sites` holds every flag's regions (the body map hatches them); rows warn on `row_sites`,
    the regions of flags that are not area-bound caps. Area-bound caps live in `area_caps`,
    `area_avoid` and `area_moderate` and warn only for rows on their area.
    """

    max_pressure: int = 5
    cap_titles: tuple[str, ...] = ()
    sites: dict[str, tuple[str, ...]] = field(default_factory=dict)
    avoid: dict[str, tuple[str, ...]] = field(default_factory=dict)
    moderate_titles: tuple[str, ...] = ()
    row_sites: dict[str, tuple[str, ...]] = field(default_factory=dict)
    area_caps: dict[str, int] = field(default_factory=dict)
    area_cap_titles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    area_avoid: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    area_moderate: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_flags(cls, flags: list[Flag]) -> SafetyRules:
        """Build rules from intake flags; DEFER flags were settled by an override at start."""
        active = [f for f in flags if f.cls != DEFER]
        bound = [f for f in active if _is_area_bound(f)]
        whole = [f for f in active if not _is_area_bound(f)]
        cap = max_pressure_allowed(active)
        caps = site_caps(active)
        # A LOCAL flag's techniques are avoided at its sites too ("no friction there").
        placed = [*bound, *(f for f in whole if f.cls == LOCAL and f.sites)]
        avoid: dict[str, list[str]] = {}
        for f in active:
            if f not in placed:
                for code in f.avoid_techniques:
                    avoid.setdefault(code, []).append(f.title)
        area_avoid: dict[str, dict[str, list[str]]] = {}
        for f in placed:
            for site in f.sites:
                for code in f.avoid_techniques:
                    area_avoid.setdefault(site, {}).setdefault(code, []).append(f.title)
        return cls(
            max_pressure=cap,
            cap_titles=tuple(f.title for f in whole if f.max_pressure == cap and cap < 5),
            sites=_by_region((s, f.title) for f in active for s in f.sites),
            avoid={k: tuple(dict.fromkeys(v)) for k, v in avoid.items()},
            moderate_titles=tuple(f.title for f in whole if f.cls == MODIFY
                                  and f.max_pressure is not None
                                  and f.max_pressure <= MODERATE_CAP),
            row_sites=_by_region((s, f.title) for f in whole for s in f.sites),
            area_caps=caps,
            area_cap_titles=_by_region((s, f.title) for f in bound for s in f.sites
                                       if f.max_pressure is not None
                                       and f.max_pressure == caps.get(s)),
            area_avoid={r: {c: tuple(dict.fromkeys(t)) for c, t in v.items()}
                        for r, v in area_avoid.items()},
            area_moderate=_by_region((s, f.title) for f in bound for s in f.sites
                                     if f.cls == MODIFY and f.max_pressure is not None
                                     and f.max_pressure <= MODERATE_CAP),
        )

    def max_pressure_for(self, area_id: str, side: str) -> int:
        """Return the highest pressure allowed for a row on a muscle or region and side."""
        regions, _ = areas_for(area_id, side)
        return min([self.max_pressure, *(self.area_caps[r] for r in regions
                                         if r in self.area_caps)])

    def as_json(self) -> dict:
        """Return the rules and area lookups the editor script evaluates rows with."""
        return {
            "maxPressure": self.max_pressure, "capTitles": list(self.cap_titles),
            "sites": {k: list(v) for k, v in self.row_sites.items()},
            "avoid": {k: list(v) for k, v in self.avoid.items()},
            "moderateTitles": list(self.moderate_titles), "deep": sorted(DEEP_CODES),
            "areaCaps": dict(self.area_caps),
            "areaCapTitles": {k: list(v) for k, v in self.area_cap_titles.items()},
            "areaAvoid": {r: {c: list(t) for c, t in v.items()}
                          for r, v in self.area_avoid.items()},
            "areaModerate": {k: list(v) for k, v in self.area_moderate.items()},
            "areas": {m: {s: {"regions": list(r), "sites": list(e)} for s, (r, e) in v.items()}
                      for m, v in muscle_areas().items()},
            "siteLabels": _SITE_LABELS,
            "names": {code: t.name for code, t in TECHNIQUE_BY_CODE.items()},
        }


def _titles(titles) -> str:
    return "; ".join(dict.fromkeys(titles))


def _area_warnings(row: dict, rules: SafetyRules, regions: set[str], name: str,
                   deep: bool) -> list[str]:
    """Return the warnings of caps bound to the areas a row touches (none elsewhere)."""
    out: list[str] = []
    code, pressure = row.get("technique"), row.get("pressure") or 0
    where = area_label(row.get("muscle_id", ""), row.get("side", ""))
    capped = sorted((rules.area_caps[r], r) for r in regions if r in rules.area_caps)
    if capped:
        limit = capped[0][0]
        # A lower whole-body cap already warns with its own words.
        if pressure > limit and limit < rules.max_pressure:
            titles = [t for c, r in capped if c == limit for t in rules.area_cap_titles.get(r, ())]
            out.append(f"Pressure P{pressure} on {where} is above P{limit}, the limit for "
                       f"that area: {_titles(titles)}.")
    avoided = [t for r in sorted(regions) for t in rules.area_avoid.get(r, {}).get(code, ())]
    if avoided and code not in rules.avoid:
        out.append(f"{name} is to be avoided on {where}: {_titles(avoided)}.")
    gentle = [t for r in sorted(regions) for t in rules.area_moderate.get(r, ())]
    if deep and gentle and not avoided and code not in rules.avoid:
        out.append(f"{name} is deep or point work on {where}; gentle work is advised there "
                   f"for {_titles(gentle)}.")
    return out


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
    flagged = [t for r in sorted(regions) for t in rules.row_sites.get(r, ())]
    if flagged:
        out.append(f"{area_label(row.get('muscle_id', ''), side)} is in a flagged area: "
                   f"{_titles(flagged)}.")
    if code in rules.avoid:
        out.append(f"{name} is to be avoided: {_titles(rules.avoid[code])}.")
    out += _area_warnings(row, rules, regions, name, bool(technique and technique.deep))
    if technique and technique.deep:
        if danger:
            labels = ", ".join(_SITE_LABELS.get(s, s) for s in sorted(danger))
            out.append(f"{name} is deep or point work near an endangerment site ({labels}).")
        if rules.moderate_titles and code not in rules.avoid:
            out.append(f"{name} is deep or point work; gentle work is advised for "
                       f"{_titles(rules.moderate_titles)}.")
    return out
