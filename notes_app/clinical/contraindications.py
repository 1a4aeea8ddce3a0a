"""Screening rules of domain §4.5: which intake answers defer, localise or modify deep-tissue work.

These are screening aids for the therapist, not clinical decisions. Flag codes are a contract:
aftercare suppresses advice by code and the body map hatches the sites flags carry.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from notes_app.clinical._intake_access import IntakeView, valid_sites

DEFER, MODIFY, LOCAL = "DEFER", "MODIFY", "LOCAL"
CLASS_ORDER: tuple[str, ...] = (DEFER, MODIFY, LOCAL)

# 12 weeks: the upper end of the 6-12 week post-surgery waits commonly cited (§4.5); a
# screening aid errs towards the longer wait. Fractures heal on a similar clock.
RECENT_DAYS = 84
# Acute strains and sprains are inflamed for the first 48-72 h (§4.5). Dates are whole days and
# moderate sprains stay hot longer, so the window is a week.
ACUTE_DAYS = 7
NECK = ("neck_front", "neck_back")
LOWER_LEGS = ("lower_leg_left", "lower_leg_right")
# Cupping, IASTM, friction and sustained point work are what bruise a fragile or bleeding client.
BRUISING = ("CUP", "IAS", "ISC", "STP", "XFF")
# A past clot is history; only one described as happening now or suspected defers the session.
# Plain negations ("not current", "no longer active") are honoured; anything else errs to defer.
_CURRENT_CLOT = re.compile(
    r"\b(?<!not )(?<!no )(?<!longer )(current|suspect|active|ongoing|new\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Flag:
    """One screening result for the therapist: what was found and what to do about it."""

    code: str
    cls: str
    title: str
    guidance: str
    max_pressure: int | None = None
    sites: tuple[str, ...] = ()
    avoid_techniques: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """One row of the §4.5 table: when it applies and the flag it raises."""

    code: str
    cls: str
    when: Callable[[IntakeView], bool]
    title: str
    guidance: str
    max_pressure: int | None = None
    avoid_techniques: tuple[str, ...] = ()
    sites: Callable[[IntakeView], Iterable[str]] | None = None

    def applies(self, intake: Mapping[str, Any] | None, *, today: date) -> bool:
        """Return whether this rule fires for intake on today."""
        return bool(self.when(IntakeView(intake, today)))

    def flag(self, view: IntakeView) -> Flag:
        """Build the flag this rule raises for view."""
        sites = valid_sites(self.sites(view)) if self.sites else ()
        return Flag(self.code, self.cls, self.title, self.guidance, self.max_pressure, sites,
                    self.avoid_techniques)


def _dvt(v: IntakeView) -> bool:
    return v.now("calf_swelling") or (
        v.has("dvt_history") and bool(_CURRENT_CLOT.search(v.details("dvt_history"))))


def _skin_spreading(v: IntakeView) -> list[Mapping]:
    return [e for e in v.entries("skin") if e.get("contagious") or e.get("widespread")]


def _skin_sites(v: IntakeView) -> tuple[str, ...]:
    # An unhealed scar is an open wound for this purpose: work around it like any lesion.
    open_scars = [e for e in v.entries("scars") if e.get("healed") is False]
    return v.sites([*v.entries("skin"), *open_scars])


def _neck_events(v: IntakeView) -> list[Mapping]:
    injuries = v.recent("injuries", RECENT_DAYS)
    return [e for e in injuries if e.get("region") in NECK or e.get("kind") == "whiplash"] + [
        e for e in v.recent("surgeries", RECENT_DAYS) if e.get("region") in NECK]


def _neck_sites(v: IntakeView) -> tuple[str, ...]:
    events = _neck_events(v)
    whiplash = any(e.get("kind") == "whiplash" for e in events)
    return (*v.sites(events), *(NECK if whiplash else ()))  # whiplash strains the whole neck


def _devices(v: IntakeView, joint: bool) -> list[Mapping]:
    return [e for e in v.entries("devices") if (e.get("kind") == "joint_replacement") == joint]


def _fractures(v: IntakeView) -> list[Mapping]:
    return v.recent("injuries", RECENT_DAYS, ("fracture",))


def _pregnant(v: IntakeView) -> bool:
    return bool(v.section("pregnancy").get("pregnant"))


RULES: tuple[Rule, ...] = (
    # --- DEFER: no massage today -------------------------------------------------------------
    Rule("dvt", DEFER, _dvt, "Possible blood clot (DVT)",
         "A swollen, warm, red or painful calf, or a clot described as current, can be a DVT. "
         "Do not massage; ask the client to see a doctor today. Pressure could move a clot."),
    Rule("acute_cardiac", DEFER,
         lambda v: v.now("chest_pain_or_breathless") or v.now("stroke_signs"),
         "Chest pain, sudden breathlessness or stroke signs",
         "Do not massage. Call emergency services now (see the emergency page)."),
    Rule("fever", DEFER, lambda v: v.now("fever"), "Fever or illness that may be catching",
         "Reschedule: massage can make an illness worse and spread it."),
    Rule("intoxicated", DEFER, lambda v: v.now("intoxicated"), "Alcohol or drugs today",
         "Reschedule: the client cannot give reliable feedback on pressure."),
    Rule("severe_unexplained_pain", DEFER, lambda v: v.now("severe_unexplained_pain"),
         "Severe pain with no known cause",
         "Do not treat until a doctor has looked at it; the cause is unknown."),
    Rule("skin_widespread_contagious", DEFER, lambda v: bool(_skin_spreading(v)),
         "Widespread or catching skin condition",
         "Reschedule until it has cleared or a doctor says it is not contagious."),
    Rule("uncontrolled_hypertension", DEFER, lambda v: v.has("hypertension_uncontrolled"),
         "Blood pressure not under control",
         "Defer until it is controlled or the client's doctor has cleared massage."),
    # --- MODIFY: change pressure, technique or position ---------------------------------------
    Rule("bone_metastases", MODIFY, lambda v: v.has("bone_metastases"), "Cancer in the bones",
         "Bones can break under pressure: light touch only, no percussion, pad and support "
         "every position. Ask for the oncology team's input.", 1,
         ("CUP", "IAS", "ISC", "STP", "TAP", "XFF")),
    Rule("anticoagulant", MODIFY,
         lambda v: v.med("anticoagulant") or v.med("antiplatelet") or v.has("anticoagulant"),
         "Blood thinners",
         "Bruising and bleeding come easily: light to moderate pressure only, no cupping, "
         "tools, friction or sustained point work. Ask the prescriber if unsure.", 2, BRUISING),
    Rule("bleeding_disorder", MODIFY,
         lambda v: v.has("bleeding_disorder") or v.has("low_platelets") or v.has("bruises_easily"),
         "Bleeds or bruises easily",
         "Light to moderate pressure only, no cupping, tools, friction or sustained point work; "
         "ask for medical input for a diagnosed bleeding disorder.", 2, BRUISING),
    Rule("osteoporosis", MODIFY, lambda v: v.has("osteoporosis"), "Thin bones (osteoporosis)",
         "No deep or sustained pressure over bone, no percussion; support positions and "
         "move the client slowly.", 2, ("ISC", "STP", "TAP")),
    Rule("high_risk_pregnancy", MODIFY,
         lambda v: _pregnant(v) and bool(v.section("pregnancy").get("high_risk")),
         "High-risk pregnancy",
         "Needs medical clearance before treatment; then light work by a prenatal-trained "
         "therapist only.", 2, ("ISC", "STP", "CUP", "IAS"), lambda v: ("abdomen",)),
    Rule("cancer", MODIFY, lambda v: v.has("cancer_current"), "Cancer now",
         "Oncology-informed approach with the client's doctor's input: no deep tissue, avoid "
         "tumour sites, radiation fields and ports.", 2, BRUISING),
    Rule("ra_flare", MODIFY, lambda v: v.has("ra_flare"), "Rheumatoid arthritis flare",
         "Gentle work only and keep off hot, swollen joints until the flare settles.", 2,
         ("ISC", "STP", "XFF")),
    Rule("lymphoedema_risk", MODIFY, lambda v: v.has("lymph_node_removal"),
         "Lymph nodes removed or treated",
         "On the affected limb or quadrant: light pressure, no cupping, tools or heat. Ask "
         "which side; other areas can be worked as usual.", 2, ("CUP", "IAS", "THM"),
         lambda v: v.history_sites("lymph_node_removal")),
    Rule("fibromyalgia", MODIFY, lambda v: v.has("fibromyalgia"), "Fibromyalgia",
         "Pressure is felt more strongly: start light, keep sessions short and build up only "
         "if the next days go well.", 2, ("ISC", "STP", "XFF")),
    Rule("pregnancy", MODIFY, _pregnant, "Pregnant",
         "Prenatal-trained therapist, side-lying positions, no deep abdominal work and no deep "
         "sustained pressure on the legs (clot risk is higher in pregnancy).", 3,
         ("ISC", "STP", "CUP"), lambda v: ("abdomen",)),
    Rule("recent_surgery_modify", MODIFY, lambda v: bool(v.recent("surgeries", RECENT_DAYS)),
         "Surgery in the last 12 weeks",
         "Clot risk stays raised after surgery: check the legs for DVT signs, no deep work on "
         "the legs, and ask for the surgeon's clearance.", 3),
    Rule("recent_neck_injury", MODIFY, lambda v: bool(_neck_events(v)),
         "Neck injury, whiplash or neck surgery in the last 12 weeks",
         "Gentle neck work only; no neck stretches or deep point work until cleared.", 3,
         ("ISC", "STP", "XFF", "STS", "PNF", "MET"), _neck_sites),
    Rule("controlled_hypertension", MODIFY,
         lambda v: v.has("high_blood_pressure") and not v.has("hypertension_uncontrolled"),
         "High blood pressure (controlled)",
         "Avoid long pressure on the neck, watch how the client feels, and let them sit up "
         "slowly at the end.", 3),
    Rule("diabetic_neuropathy", MODIFY,
         lambda v: v.has("neuropathy")
         or (v.has("diabetes") and "neuropath" in v.details("diabetes").lower()),
         "Reduced feeling (neuropathy)",
         "The client cannot tell you when pressure is too much where feeling is reduced: go "
         "lighter there, check feet and skin, and keep sugar at hand if diabetic.", 3),
    Rule("stroke_history", MODIFY, lambda v: v.has("stroke_tia"), "Stroke or TIA in the past",
         "No deep work on the front or side of the neck (arteries).", 3, (),
         lambda v: ("neck_front",)),
    Rule("corticosteroid", MODIFY, lambda v: v.med("corticosteroid"), "Long-term steroids",
         "Skin and bones may be fragile: moderate pressure, no cupping, tools or friction.", 3,
         ("CUP", "IAS", "XFF")),
    Rule("analgesic_today", MODIFY, lambda v: v.med("analgesic_today"),
         "Painkiller or muscle relaxant today",
         "The client may not feel when pressure is too much: stay moderate and check in "
         "often.", 3),
    Rule("bp_medication", MODIFY, lambda v: v.med("bp_medication"), "Blood-pressure medicine",
         "The client may feel dizzy getting up: raise the table slowly and let them sit a "
         "moment before standing.", 5),
    Rule("insulin", MODIFY, lambda v: v.med("insulin"), "Insulin or sugar-lowering medicine",
         "Blood sugar can drop: ask when they last ate, keep something sugary at hand and "
         "stop if they feel shaky, sweaty or confused.", 5),
    # --- LOCAL: avoid the area -----------------------------------------------------------------
    Rule("recent_surgery", LOCAL, lambda v: bool(v.recent("surgeries", RECENT_DAYS)),
         "Surgery site (last 12 weeks)", "Keep off the operated area until it has healed "
         "and the surgeon agrees.", sites=lambda v: v.sites(v.recent("surgeries", RECENT_DAYS))),
    Rule("recent_fracture", LOCAL,
         lambda v: bool(_fractures(v)) or v.has("recent_fracture"),
         "Broken bone (last 12 weeks)", "Keep off the fracture site; ask where if it is not "
         "marked.", sites=lambda v: (*v.sites(_fractures(v)), *v.history_sites("recent_fracture"))),
    Rule("acute_injury", LOCAL, lambda v: bool(v.recent("injuries", ACUTE_DAYS)),
         "Fresh injury (last 7 days)", "The area is still inflamed: no deep work, friction or "
         "heat there. Gentle work around it is fine.", None, ("ISC", "STP", "XFF", "THM"),
         lambda v: v.sites(v.recent("injuries", ACUTE_DAYS))),
    Rule("skin_local", LOCAL,
         lambda v: bool(_skin_sites(v)) or bool(v.entries("skin")) or v.has("skin_condition"),
         "Skin condition or open wound", "Work around the affected skin; ask where if it is "
         "not marked.", None, ("CUP", "IAS"),
         lambda v: (*_skin_sites(v), *v.history_sites("skin_condition"))),
    Rule("varicose_veins", LOCAL, lambda v: v.has("varicose_veins"), "Varicose veins",
         "No deep pressure, cupping, tools or stripping on or around the veins.",
         None, ("CUP", "IAS", "STP"), lambda v: v.history_sites("varicose_veins", LOWER_LEGS)),
    Rule("implanted_device", LOCAL, lambda v: bool(_devices(v, joint=False)),
         "Implanted device", "No pressure or heat over the device; check positions are "
         "comfortable.", None, ("CUP", "THM"), lambda v: v.sites(_devices(v, joint=False))),
    Rule("implanted_device", LOCAL, lambda v: v.has("pacemaker"), "Implanted device",
         "No pressure or heat over the device; check positions are comfortable.", None,
         ("CUP", "THM"), lambda v: v.history_sites("pacemaker", ("chest",))),
    Rule("joint_replacement", LOCAL, lambda v: bool(_devices(v, joint=True)),
         "Joint replacement", "No deep work or forceful stretching at the replaced joint.",
         None, ("XFF",), lambda v: v.sites(_devices(v, joint=True))),
    Rule("joint_replacement", LOCAL, lambda v: v.has("joint_replacement"), "Joint replacement",
         "No deep work or forceful stretching at the replaced joint.", None, ("XFF",),
         lambda v: v.history_sites("joint_replacement")),
)


def _merge(first: Flag, second: Flag) -> Flag:
    """Combine two flags of one code: union of sites and techniques, the lower pressure cap."""
    caps = [p for p in (first.max_pressure, second.max_pressure) if p is not None]
    return replace(
        first,
        max_pressure=min(caps) if caps else None,
        sites=tuple(dict.fromkeys(first.sites + second.sites)),
        avoid_techniques=tuple(dict.fromkeys(first.avoid_techniques + second.avoid_techniques)),
    )


def _severity(flag: Flag) -> tuple[int, int]:
    return CLASS_ORDER.index(flag.cls), flag.max_pressure or 0


def evaluate(intake: Mapping[str, Any] | None, *, today: date) -> list[Flag]:
    """Return the intake's flags, most severe first, one per code."""
    if not intake:
        return []
    view = IntakeView(intake, today)
    found: dict[str, Flag] = {}
    for rule in RULES:
        if rule.when(view):
            flag = rule.flag(view)
            found[rule.code] = _merge(found[rule.code], flag) if rule.code in found else flag
    # sorted() is stable, so ties keep the table's order (itself most serious first).
    return sorted(found.values(), key=_severity)


def max_pressure_allowed(flags: Iterable[Flag]) -> int:
    """Return the highest pressure level (1-5) the flags allow; 0 when any flag defers."""
    flags = list(flags)
    if any(flag.cls == DEFER for flag in flags):
        return 0  # no massage today, so no pressure level is allowed
    return min((f.max_pressure for f in flags if f.max_pressure is not None), default=5)


def local_sites(flags: Iterable[Flag]) -> set[str]:
    """Return every region a flag ties a caution to (LOCAL sites and site-bound MODIFY ones)."""
    return {site for flag in flags for site in flag.sites}
