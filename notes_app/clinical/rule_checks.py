"""The questions the screening rules ask of an intake that need more than one tick box.

Free text is read with textscan: negated mentions never count, "not since 2015" marks the past,
and where the text is unclear the answer errs towards caution (a clot of unknown date on a blood
thinner counts as recent).
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from notes_app.clinical._intake_access import IntakeView, parse_date, regions_named_in
from notes_app.clinical.textscan import compile_terms, denies, is_past, is_recent, positive

# 12 weeks: the upper end of the 6-12 week post-surgery waits commonly cited (§4.5); a
# screening aid errs towards the longer wait. Fractures heal on a similar clock.
RECENT_DAYS = 84
# Acute strains and sprains are inflamed for the first 48-72 h (§4.5). Dates are whole days and
# moderate sprains stay hot longer, so the window is a week.
ACUTE_DAYS = 7
# A clot is treated with anticoagulants for at least 3 months (NICE NG158); six months covers
# the usual course, so a clot dated within it counts as recent.
CLOT_RECENT_DAYS = 182
NECK = ("neck_front", "neck_back")
LOWER_LEGS = ("lower_leg_left", "lower_leg_right")
LEGS = ("thigh_left", "thigh_right", "knee_left", "knee_right", *LOWER_LEGS)
HEAD_NECK = ("head", *NECK)

CLOT_TERMS = compile_terms([
    "dvt", "dvts", "deep vein thrombosis", "deep venous thrombosis", "thrombosis", "thrombus",
    "blood clot", "blood clots", "clot", "clots", "pulmonary embolism", "pulmonary embolus",
    "pulmonary emboli", "embolism", "embolus", "vte", "venous thromboembolism", "thromboembolism",
])
# "PE" is a clot only in capitals ("PE teacher" aside); spell it out before the text is lowered.
_PE = re.compile(r"\bP\.?E\.?(?=\W|$)(?! (?:teacher|class|lesson|kit|department))")
_SUSPECTED = re.compile(r"\b(?:suspect\w*|possible|possibly|query|might be|could be|maybe|"
                        r"waiting for (?:a |the )?(?:scan|test|result)s?|not yet checked)\b")
_ON_TREATMENT = re.compile(r"\b(?:on treatment|being treated|still on|taking|injections?|"
                           r"blood thinners?|anticoagula\w+)\b")
_ONE_LEG = re.compile(r"\b(?:one (?:leg|calf|ankle|side)|left|right|only (?:the )?one|sudden\w*|"
                      r"new|warm|hot|red|painful|tender|sore)\b")
_LONGSTANDING = re.compile(r"\b(?:both|years|long[- ]standing|always|chronic|lymphoedema|"
                           r"lymphedema|heart failure)\b")
_RHEUMATOID = compile_terms(["rheumatoid", "ra", "rheumatoid arthritis", "inflammatory arthritis"])
_SKIN_INFECTION = compile_terms([
    "infection", "infected", "impetigo", "ringworm", "tinea", "scabies", "cold sore", "herpes",
    "shingles", "fungal", "athlete's foot", "mrsa", "boil", "boils", "cellulitis", "warts",
    "chickenpox", "lice"])
_CELLULITIS = compile_terms(["cellulitis", "infection", "infected", "abscess"])
_NEUROPATHY = compile_terms(["neuropathy", "neuropathic", "numb", "numbness", "reduced feeling",
                             "loss of feeling", "no feeling"])


def _expand(value: str) -> str:
    return _PE.sub("pulmonary embolism", value or "")


def clot_state(v: IntakeView) -> str | None:
    """Return 'suspected', 'recent', 'history' or None for the clots an intake describes."""
    ticked = v.has("dvt_history")
    details = _expand(v.details("dvt_history"))
    if ticked and denies(details, CLOT_TERMS):
        ticked = False  # "suspected but ruled out": the box was ticked for a clot that wasn't
    found = positive(_expand(v.free_text()), CLOT_TERMS)
    if not ticked and not found:
        return None
    clauses = [m.clause for m in found] + ([details.lower()] if ticked else [])
    if any(_SUSPECTED.search(c) for c in clauses):
        return "suspected"
    on_treatment = v.med("anticoagulant") or any(
        _ON_TREATMENT.search(c) and not is_past(c) for c in clauses)
    recent = any(is_recent(c, v.today, within_days=CLOT_RECENT_DAYS) for c in clauses)
    past = all(is_past(c) or not is_recent(c, v.today, within_days=CLOT_RECENT_DAYS)
               for c in clauses)
    if on_treatment or (recent and not past):
        return "recent"
    return "history"


def leg_swelling_state(v: IntakeView) -> str | None:
    """Return 'suspected' (one leg, new, warm...), 'checked', 'unexplained' or None."""
    if v.now("calf_swelling"):
        return "suspected"
    if not v.has("leg_swelling"):
        return None
    details = v.details("leg_swelling").lower()
    if denies(details) and not re.search(r"\b(?:not a clot|scan|checked|clear)\b", details):
        return None
    if re.search(r"\b(?:not a clot|ruled out|scan (?:was )?clear|checked by)\b", details):
        return "checked"  # a doctor has looked: legs stay gentle, no need to defer
    if _ONE_LEG.search(details) and not _LONGSTANDING.search(details):
        return "suspected"
    return "unexplained"


def ticked(v: IntakeView, key: str) -> bool:
    """Return whether a history item is ticked and its details do not deny or close it."""
    if not v.has(key):
        return False
    details = v.details(key)
    return not denies(details) and not is_past(details)


def ticked_ever(v: IntakeView, key: str) -> bool:
    """Return whether a history item is ticked and not denied (past counts: it is history)."""
    return v.has(key) and not denies(v.details(key))


def rheumatoid(v: IntakeView) -> bool:
    """Return whether the arthritis answer (or an RA flare) says rheumatoid arthritis."""
    return v.has("ra_flare") or (v.has("arthritis")
                                 and bool(positive(v.details("arthritis"), _RHEUMATOID)))


def neuropathy(v: IntakeView) -> bool:
    """Return whether reduced feeling from neuropathy is described (not 'no neuropathy')."""
    if ticked(v, "neuropathy"):
        return True
    return v.has("diabetes") and bool(positive(v.details("diabetes"), _NEUROPATHY))


def contagious_skin(v: IntakeView) -> list[Mapping]:
    """Return skin entries marked contagious or widespread, plus a ticked infection item."""
    entries = [e for e in v.entries("skin") if e.get("contagious") or e.get("widespread")]
    if ticked(v, "skin_infection"):
        entries.append({"region": None})
    elif v.has("skin_condition") and positive(v.details("skin_condition"), _SKIN_INFECTION):
        entries.append({"region": None})
    return entries


def cellulitis(v: IntakeView) -> bool:
    """Return whether the acute-inflammation answer names an infection such as cellulitis."""
    return v.has("acute_inflammation") and bool(
        positive(v.details("acute_inflammation"), _CELLULITIS))


def pregnancy(v: IntakeView) -> Mapping:
    """Return the pregnancy section (empty when not pregnant)."""
    section = v.section("pregnancy")
    return section if section.get("pregnant") else {}


def pregnancy_weeks(v: IntakeView) -> int | None:
    """Return the weeks of pregnancy answered, or None."""
    weeks = pregnancy(v).get("weeks")
    return weeks if isinstance(weeks, int) and not isinstance(weeks, bool) else None


# The puerperium is the 6 weeks after birth, when clot risk is highest (RCOG 37a); the risk stays
# raised until about 12 weeks (Kamel 2014). A caesarean wound heals over about 6 to 12 weeks.
POSTPARTUM_WEEKS, POSTPARTUM_LATE_WEEKS = 6, 12


def weeks_since_birth(v: IntakeView) -> int | None:
    """Return the weeks since the client gave birth, counted on to today, or None.

    The answer is given on the signing day; weeks that have passed since are added.
    """
    section = v.section("pregnancy")
    weeks = section.get("weeks_since_birth")
    if not isinstance(weeks, int) or isinstance(weeks, bool) or weeks < 0:
        return 0 if section.get("postpartum") is True else None  # an older yes/no answer
    signed = parse_date(v.section("consent").get("signed_on"))
    elapsed = max(0, (v.today - signed).days // 7) if signed else 0
    return weeks + elapsed


def postpartum(v: IntakeView, upto: int, since: int = 0) -> bool:
    """Return whether the birth was at least `since` and under `upto` weeks ago."""
    weeks = weeks_since_birth(v)
    return weeks is not None and since <= weeks < upto


def recent_caesarean(v: IntakeView) -> bool:
    """Return whether the birth was by caesarean in the last 12 weeks."""
    return v.section("pregnancy").get("caesarean") is True \
        and postpartum(v, POSTPARTUM_LATE_WEEKS)


def neck_events(v: IntakeView) -> list[Mapping]:
    """Return neck injuries, whiplash and neck surgery of the last 12 weeks."""
    injuries = v.recent("injuries", RECENT_DAYS)
    recent = [e for e in injuries if e.get("region") in NECK or e.get("kind") == "whiplash"]
    recent += [e for e in v.recent("surgeries", RECENT_DAYS) if e.get("region") in NECK]
    if v.has("whiplash") and is_recent(v.details("whiplash"), v.today, within_days=RECENT_DAYS):
        recent.append({"region": "neck_back", "kind": "whiplash"})
    return recent


def neck_sites(v: IntakeView) -> tuple[str, ...]:
    """Return the neck regions a recent neck event touches (whiplash strains the whole neck)."""
    events = neck_events(v)
    whiplash = any(e.get("kind") == "whiplash" for e in events)
    return (*v.sites(events), *(NECK if whiplash else ()))


def text_sites(v: IntakeView, key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Return regions named in a history item's details ('left armpit'), else default."""
    return regions_named_in(v.details(key)) or default


def devices(v: IntakeView, joint: bool) -> list[Mapping]:
    """Return implanted-device entries, joint replacements or the others."""
    return [e for e in v.entries("devices") if (e.get("kind") == "joint_replacement") == joint]


def fractures(v: IntakeView) -> list[Mapping]:
    """Return fracture entries of the last 12 weeks."""
    return v.recent("injuries", RECENT_DAYS, ("fracture",))


def skin_sites(v: IntakeView) -> tuple[str, ...]:
    """Return skin-entry regions and unhealed scars (an open wound for this purpose)."""
    open_scars = [e for e in v.entries("scars") if e.get("healed") is False]
    return v.sites([*v.entries("skin"), *open_scars])
