"""What the intake pages and the client-page panel show: flags and causes in plain words."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from notes_app.clinical.contraindications import (
    DEFER,
    LOCAL,
    MODIFY,
    Flag,
    awaiting_clearance,
    max_pressure_allowed,
)
from notes_app.clinical.intake_schema import CAUSE_TAGS, FIELD_LABELS, VALUE_LABELS, cause_scores
from notes_app.clinical.regions import REGION_BY_ID
from notes_app.clinical.techniques import PRESSURE_LEVELS, TECHNIQUE_BY_CODE
from notes_app.intake import clearance, services
from notes_app.intake.models import IntakeVersion, MedicalClearance

CAUSE_LABELS = {
    "POS": "Posture", "OVR": "Overuse and repetition", "STR": "Stress", "INA": "Inactivity",
    "HYD": "Hydration", "SLP": "Sleep habits", "INJ": "Old injuries and scars",
}
# advice.PREVENTION_THRESHOLD: from here on a cause gets its own aftercare advice.
STRONG_CAUSE = 0.34
CLASS_WORDS = {
    DEFER: ("Do not treat today", "flag-defer"),
    MODIFY: ("Adjust the treatment", "flag-modify"),
    LOCAL: ("Avoid an area", "flag-local"),
}
_PRESSURE_NAMES = dict(PRESSURE_LEVELS)


@dataclass
class FlagView:
    """One flag with its labels resolved for a page."""

    code: str
    cls: str
    kind: str
    css: str
    title: str
    guidance: str
    max_pressure: int | None
    pressure_name: str
    sites: list[str]
    techniques: list[str]


def flag_view(flag: Flag) -> FlagView:
    """Return a flag with region and technique names instead of codes."""
    kind, css = CLASS_WORDS[flag.cls]
    if flag.cls == DEFER and flag.hard_stop:
        kind = "Do not treat today: needs a doctor"
    elif flag.cls == DEFER and flag.needs_clearance:
        kind = "Do not treat until cleared"
    elif flag.cleared:
        kind = "Cleared: adjust the treatment"
    return FlagView(
        flag.code, flag.cls, kind, css, flag.title, flag.guidance, flag.max_pressure,
        _PRESSURE_NAMES.get(flag.max_pressure, ""),
        [REGION_BY_ID[s].label for s in flag.sites if s in REGION_BY_ID],
        [TECHNIQUE_BY_CODE[t].name for t in flag.avoid_techniques if t in TECHNIQUE_BY_CODE])


@dataclass
class Cause:
    """One of the seven causes with its strength from the intake."""

    tag: str
    label: str
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def strong(self) -> bool:
        return self.score >= STRONG_CAUSE


def top_causes(data: dict | None, limit: int = 4) -> list[Cause]:
    """Return the strongest causes present in an intake, strongest first."""
    scores = cause_scores(data)
    ranked = sorted(CAUSE_TAGS, key=lambda tag: -scores[tag])
    return [Cause(tag, CAUSE_LABELS[tag], scores[tag]) for tag in ranked if scores[tag] > 0][:limit]


@dataclass
class Panel:
    """The intake summary shown on the client page."""

    version: IntakeVersion | None
    due: str | None
    flags: list[Flag] = field(default_factory=list)
    causes: list[Cause] = field(default_factory=list)
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    version_count: int = 0
    max_pressure: int = 5
    blockers: list[str] = field(default_factory=list)
    waiting: list[Flag] = field(default_factory=list)  # cautions waiting for a clearance
    clearances: list[MedicalClearance] = field(default_factory=list)  # in force today


def build_panel(client, *, today: date, max_age_months: int) -> Panel:
    """Collect the client page's intake summary (reads only; the caller audits)."""
    version, previous = services.current_and_previous_for(client)
    due = services.intake_due(client, today=today, max_age_months=max_age_months)
    if version is None:
        return Panel(None, due, blockers=services.session_blockers(client, today=today))
    flags = services.flags_for_version(version, today=today)
    # Clearances in force show as cleared flags: ask for them only when one is there.
    cleared = clearance.active_clearances_for(client) if any(f.cleared for f in flags) else []
    return Panel(version, due, flags, top_causes(version.data),
                 services.changes_between(previous, version), version.version,
                 max_pressure_allowed(flags), services.session_blockers(client, today=today),
                 awaiting_clearance(flags), cleared)


def show(key: str, value) -> str:
    """Render one stored answer for people: yes/no, labelled choices, lists, whole numbers."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if key in ("onset", "date", "signed_on") and isinstance(value, str):
        try:
            return date.fromisoformat(value).strftime("%d %b %Y")
        except ValueError:
            return value
    vocab = VALUE_LABELS.get(key, {})
    if isinstance(value, list):
        return ", ".join(vocab.get(v, str(v)) for v in value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return vocab.get(value, str(value)) if isinstance(value, str) else str(value)


def answers(section: dict | None) -> list[tuple[str, str]]:
    """Return (label, shown value) for each answered field of a section, in stored order."""
    return [(FIELD_LABELS.get(key, key.replace("_", " ").capitalize()), show(key, value))
            for key, value in (section or {}).items()
            if value not in (None, "", [], False)]
