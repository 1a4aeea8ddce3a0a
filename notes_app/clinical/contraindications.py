"""Screening rules of domain §4.5: which intake answers defer, localise or modify deep-tissue work.

These are screening aids for the therapist, not clinical decisions. Flag codes are a contract:
aftercare suppresses advice by code and the body map hatches the sites flags carry. The table
lives in contraindication_rules; the types and sources in rule_types.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from notes_app.clinical._intake_access import IntakeView
from notes_app.clinical.contraindication_rules import BRUISING, RULES
from notes_app.clinical.rule_checks import ACUTE_DAYS, LOWER_LEGS, NECK, RECENT_DAYS
from notes_app.clinical.rule_types import (
    CLASS_ORDER,
    DEFER,
    LOCAL,
    MODIFY,
    REVIEWED_BY,
    REVIEWED_ON,
    SOURCES,
    Flag,
    Rule,
    cite,
)

__all__ = [
    "ACUTE_DAYS", "BRUISING", "CLASS_ORDER", "DEFER", "LOCAL", "LOWER_LEGS", "MODIFY", "NECK",
    "RECENT_DAYS", "REVIEWED_BY", "REVIEWED_ON", "RULES", "SOURCES", "Flag", "Rule", "cite",
    "evaluate", "max_pressure_allowed", "local_sites", "hard_stops", "awaiting_clearance",
    "overridable", "site_caps", "CLEARABLE_CODES", "HARD_STOP_CODES",
]

CLEARABLE_CODES: frozenset[str] = frozenset(r.code for r in RULES if r.needs_clearance)
HARD_STOP_CODES: frozenset[str] = frozenset(r.code for r in RULES if r.hard_stop)


def _merge(first: Flag, second: Flag) -> Flag:
    """Combine two flags of one code: union of sites and techniques, the lower pressure cap."""
    caps = [p for p in (first.max_pressure, second.max_pressure) if p is not None]
    return replace(
        first,
        max_pressure=min(caps) if caps else None,
        sites=tuple(dict.fromkeys(first.sites + second.sites)),
        avoid_techniques=tuple(dict.fromkeys(first.avoid_techniques + second.avoid_techniques)),
    )


def _severity(flag: Flag) -> tuple[int, int, int]:
    # Hard stops first, then clearance waits, then other DEFERs; then class and pressure.
    urgency = 0 if flag.hard_stop else 1 if flag.needs_clearance else 2
    return CLASS_ORDER.index(flag.cls), urgency, flag.max_pressure or 0


def evaluate(intake: Mapping[str, Any] | None, *, today: date,
             cleared: Collection[str] = ()) -> list[Flag]:
    """Return the intake's flags, most severe first, one per code.

    `cleared` holds the codes a clinician's recorded clearance covers: those DEFERs come back as
    their cleared MODIFY. Hard stops are never cleared.
    """
    if not intake:
        return []
    view = IntakeView(intake, today)
    cleared = frozenset(cleared)
    found: dict[str, Flag] = {}
    for rule in RULES:
        if rule.when(view):
            flag = rule.flag(view, cleared=rule.code in cleared)
            found[rule.code] = _merge(found[rule.code], flag) if rule.code in found else flag
    # sorted() is stable, so ties keep the table's order (itself most serious first).
    return sorted(found.values(), key=_severity)


def hard_stops(flags: Iterable[Flag]) -> list[Flag]:
    """Return the flags that stop a session outright (a doctor today, no override)."""
    return [f for f in flags if f.cls == DEFER and f.hard_stop]


def awaiting_clearance(flags: Iterable[Flag]) -> list[Flag]:
    """Return the DEFER flags that wait for a clinician's clearance to be recorded."""
    return [f for f in flags if f.cls == DEFER and f.needs_clearance and not f.hard_stop]


def overridable(flags: Iterable[Flag]) -> list[Flag]:
    """Return the DEFER flags a therapist may override with a recorded reason."""
    return [f for f in flags if f.cls == DEFER and not f.hard_stop and not f.needs_clearance]


def _is_local(flag: Flag) -> bool:
    return flag.local_cap and bool(flag.sites)


def max_pressure_allowed(flags: Iterable[Flag]) -> int:
    """Return the highest pressure level (1-5) allowed everywhere; 0 when any flag defers.

    Caps that belong to one area (local_cap with known sites) are left to `site_caps`.
    """
    flags = list(flags)
    if any(flag.cls == DEFER for flag in flags):
        return 0  # no massage today, so no pressure level is allowed
    return min((f.max_pressure for f in flags if f.max_pressure is not None
                and not _is_local(f)), default=5)


def site_caps(flags: Iterable[Flag]) -> dict[str, int]:
    """Return {region: highest pressure allowed there} for caps bound to areas."""
    caps: dict[str, int] = {}
    for flag in flags:
        if flag.cls != DEFER and _is_local(flag) and flag.max_pressure is not None:
            for site in flag.sites:
                caps[site] = min(caps.get(site, 5), flag.max_pressure)
    return caps


def local_sites(flags: Iterable[Flag]) -> set[str]:
    """Return every region a flag ties a caution to (LOCAL sites and site-bound MODIFY ones)."""
    return {site for flag in flags for site in flag.sites}
