"""The shape of the aftercare advice library: block types, section names and the code contracts.

Kept apart from the texts so advice_blocks and advice_blocks_selfcare share it without importing
each other.
"""
from __future__ import annotations

from dataclasses import dataclass

CAUSE_TAGS: tuple[str, ...] = ("POS", "OVR", "STR", "INA", "HYD", "SLP", "INJ")

# The contraindication module's flag-code contract; data below may only use these codes.
FLAG_CODES: frozenset[str] = frozenset(
    {
        "dvt", "acute_cardiac", "fever", "intoxicated", "severe_unexplained_pain",
        "pregnancy_warning", "clot_recent", "clot_history", "leg_swelling", "phlebitis",
        "cellulitis", "anticoagulant", "bleeding_disorder", "osteoporosis", "bone_metastases",
        "recent_surgery", "recent_surgery_modify", "recent_fracture", "acute_injury",
        "recent_neck_injury", "ra_flare", "rheumatoid_arthritis", "pregnancy",
        "pregnancy_first_trimester", "pregnancy_late", "postpartum", "postpartum_late",
        "caesarean", "high_risk_pregnancy",
        "cancer", "cancer_past", "skin_local", "skin_widespread_contagious", "varicose_veins",
        "uncontrolled_hypertension", "controlled_hypertension", "heart_disease",
        "kidney_liver", "numbness", "diabetic_neuropathy", "disc_problem", "epilepsy",
        "dizziness", "whiplash_history", "concussion", "stroke_history", "lymphoedema_risk",
        "fibromyalgia", "implanted_device", "joint_replacement", "acute_inflammation",
        "aneurysm", "hernia", "corticosteroid", "analgesic_today", "bp_medication", "insulin",
    }
)
# Facts about today's session (not intake flags) that blocks may react to; advice.select_blocks
# derives them from the technique rows.
SESSION_CODES: frozenset[str] = frozenset({"neck_work", "marks_techniques"})

# Sections, in the order they appear on a sheet.
AFTER_SESSION = "after_session"
WORKED_ON = "worked_on"
PREVENTION = "prevention"
STRETCH_RULES = "stretch_rules"
STRETCH = "stretch"
SELF_MASSAGE = "self_massage"
HEAT_ICE = "heat_ice"
THERAPIST_NOTE = "therapist_note"
NEXT_VISIT = "next_visit"
RED_FLAGS = "red_flags"
NOTICE = "notice"


@dataclass(frozen=True)
class Caution:
    """A line added to a block when any of `flags` is active (the block itself stays)."""

    flags: frozenset[str]
    text: str


@dataclass(frozen=True)
class Swap:
    """Replace one bullet of a block with `text` when any of `flags` is active."""

    flags: frozenset[str]
    bullet: str
    text: str


@dataclass(frozen=True)
class BulletGroup:
    """A sub-heading with its own bullets (used by the warning-signs box)."""

    heading: str
    bullets: tuple[str, ...]
    # Bullets printed only when one of their codes is active: ((codes, text), ...).
    conditional: tuple[tuple[frozenset[str], str], ...] = ()


@dataclass(frozen=True)
class AdviceBlock:
    """One client-facing block of aftercare text with the rules that pick or hide it."""

    id: str
    version: int
    section: str
    title: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    groups: tuple[BulletGroup, ...] = ()
    cause_tags: tuple[str, ...] = ()
    muscle_ids: tuple[str, ...] = ()
    suppressed_by: frozenset[str] = frozenset()
    cautions: tuple[Caution, ...] = ()
    swaps: tuple[Swap, ...] = ()
    regions: tuple[str, ...] = ()  # body regions a stretch moves (kept off operated areas)
    always: bool = False  # on every sheet that qualifies; only `mandatory` ones can't be removed
    mandatory: bool = False  # the therapist cannot switch it off
    dynamic: bool = False  # text is filled in per session by advice.select_blocks
    # Provenance: where the advice comes from and who checked the wording, when.
    source: str = ""
    reviewed_by: str = ""
    reviewed_on: str = ""


def flag_set(*codes: str) -> frozenset[str]:
    """Return contraindication flag codes as a frozenset, for rules written as data."""
    return frozenset(codes)
