"""Forgiving reads from an intake dict (shape in intake_schema) for the rules and the cause scores.

Every reader treats a missing or mistyped value as "not present", so a half-filled or old intake
never raises inside the screening rules.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from notes_app.clinical.medicines import named_in
from notes_app.clinical.regions import REGION_BY_ID, REGIONS

_EMPTY: Mapping[str, Any] = {}


def as_map(value: Any) -> Mapping[str, Any]:
    """Return value if it is a mapping, else an empty one."""
    return value if isinstance(value, Mapping) else _EMPTY


def as_entries(value: Any) -> list[Mapping[str, Any]]:
    """Return the mapping items of a list of entries, dropping anything else."""
    if not isinstance(value, (list, tuple)):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def number(value: Any) -> float | None:
    """Return value as a finite float, or None when it is not a number."""
    if isinstance(value, bool) or value is None:
        return None  # True is an int in Python; a tick box is not a count
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) else None


def text(value: Any) -> str:
    """Return value stripped if it is a string, else ''."""
    return value.strip() if isinstance(value, str) else ""


def parse_date(value: Any) -> date | None:
    """Return the ISO date in value, or None when it is missing or unparseable."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(text(value))
    except ValueError:
        return None


def valid_sites(regions: Iterable[Any]) -> tuple[str, ...]:
    """Return the known region ids among regions, first occurrence order, without duplicates."""
    return tuple(dict.fromkeys(r for r in regions if isinstance(r, str) and r in REGION_BY_ID))


def _region_patterns() -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    """Build (pattern, region ids) pairs, sided phrases before bare ones so 'left knee' wins."""
    sided, bare, paired = [], [], {}
    for region in REGIONS:
        words = region.id.removesuffix("_left").removesuffix("_right").replace("_", " ")
        if region.side in ("L", "R"):
            side = "left" if region.side == "L" else "right"
            phrase = rf"\b(?:{side}\s+{words}s?|{words}s?\s*\(?{side}\b\)?)"
            sided.append((re.compile(phrase), (region.id,)))
            paired.setdefault(words, []).append(region.id)
        else:
            label = re.escape(region.label.lower())
            bare.append((re.compile(rf"\b(?:{words}|{label})\b"), (region.id,)))
    bare += [(re.compile(rf"\b{w}s?\b"), tuple(ids)) for w, ids in paired.items()]
    return sided + bare


_REGION_PATTERNS = _region_patterns()
# Everyday words for the map's regions ("left armpit" is the left shoulder region).
_SYNONYMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), words) for pattern, words in (
        (r"\b(?:armpit|axilla)s?\b", "shoulder"), (r"\b(?:calf|calves|shin|shins|ankles?)\b",
                                                   "lower leg"),
        (r"\b(?:belly|tummy|stomach)\b", "abdomen"), (r"\b(?:low|lumbar) back\b", "lower back"),
        (r"\b(?:breasts?|ribs?)\b", "chest"), (r"\b(?:glutes?|bottom)\b", "buttock"),
        (r"\b(?:shoulder blades?|between the shoulders)\b", "upper back"),
        (r"\b(?:wrists?|elbows?)\b", "forearm"), (r"\b(?:jaw|cheek)\b", "face"),
        (r"(?<!of the )\bneck\b", "front of the neck, back of the neck"),
    ))


def regions_named_in(value: Any) -> tuple[str, ...]:
    """Return region ids named in free text ('left knee', 'hips', 'lower_back')."""
    remaining, found = text(value).lower().replace("_", " "), []
    for pattern, words in _SYNONYMS:
        remaining = pattern.sub(words, remaining)
    for pattern, ids in _REGION_PATTERNS:
        if pattern.search(remaining):
            found.extend(ids)
            remaining = pattern.sub(" ", remaining)  # 'left knee' must not also match bare 'knee'
    return valid_sites(found)


class IntakeView:
    """Read-only view of one intake as of one day, with the questions the rules ask."""

    def __init__(self, intake: Mapping[str, Any] | None, today: date) -> None:
        self.data = as_map(intake)
        self.today = today

    def section(self, name: str) -> Mapping[str, Any]:
        """Return a top-level section as a mapping (empty when missing)."""
        return as_map(self.data.get(name))

    def has(self, key: str) -> bool:
        """Return whether the health-history item key is ticked."""
        return bool(as_map(self.section("history").get(key)).get("present"))

    def details(self, key: str) -> str:
        """Return the details written against a health-history item."""
        return text(as_map(self.section("history").get(key)).get("details"))

    def now(self, key: str) -> bool:
        """Return whether the today-check key is ticked."""
        return bool(self.section("history_today").get(key))

    def med(self, key: str) -> bool:
        """Return whether the medication flag key is ticked or a medicine of it is named."""
        meds = self.section("medications")
        if meds.get(key):
            return True
        # A blood thinner named anywhere ("recent DVT, on rivaroxaban") counts as taken.
        return bool(named_in(self.free_text(), key))

    def free_text(self) -> str:
        """Return every free-text answer that can mention a condition, one per line."""
        parts = [text(self.data.get("reason"))]
        parts += [text(as_map(item).get("details")) for item in self.section("history").values()
                  if as_map(item).get("present")]  # the form keeps details of ticked items only
        parts.append(text(self.section("medications").get("text")))
        for name in ("surgeries", "injuries", "skin"):
            parts += [text(e.get("details")) for e in self.entries(name)]
        return "\n".join(p for p in parts if p)

    def entries(self, name: str) -> list[Mapping[str, Any]]:
        """Return the entries of a list section (surgeries, injuries, skin...)."""
        return as_entries(self.data.get(name))

    def days_ago(self, entry: Mapping[str, Any], field: str = "date") -> int | None:
        """Return how many days ago entry[field] was; None if unparseable or in the future."""
        when = parse_date(entry.get(field))
        if when is None or when > self.today:
            return None  # the form validates dates; a rule must not guess at a bad one
        return (self.today - when).days

    def recent(self, name: str, days: int, kinds: Iterable[str] | None = None) -> list[Mapping]:
        """Return entries of name dated within the last days (inclusive), optionally by kind."""
        wanted = set(kinds) if kinds is not None else None
        out = []
        for entry in self.entries(name):
            age = self.days_ago(entry)
            if age is not None and age <= days and (wanted is None or entry.get("kind") in wanted):
                out.append(entry)
        return out

    @staticmethod
    def sites(entries: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
        """Return the valid region ids of entries."""
        return valid_sites(e.get("region") for e in entries)

    def history_sites(self, key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        """Return regions named in a history item's details, else default."""
        return regions_named_in(self.details(key)) or valid_sites(default)
