"""Screening rule and flag types, the rule classes, and the sources every rule and block cites.

Each rule and advice block names a checkable source and who reviewed it when; tests fail when one
is missing. Keys in SOURCES are short; `cite` joins a key's full reference with the part used.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from notes_app.clinical._intake_access import IntakeView, valid_sites

DEFER, MODIFY, LOCAL = "DEFER", "MODIFY", "LOCAL"
CLASS_ORDER: tuple[str, ...] = (DEFER, MODIFY, LOCAL)

# Honest provenance: written from the sources below by the engineer on issue 16; a licensed
# massage therapist has not yet signed the table off (the report says so).
REVIEWED_BY = "Knotwork clinical-safety engineer (issue 16); licensed-therapist sign-off pending"
REVIEWED_ON = "2026-12-01"

SOURCES: dict[str, str] = {
    "WERNER": "Werner R. A Massage Therapist's Guide to Pathology, 7th ed. Books of Discovery, "
              "2019",
    "WALTON": "Walton T. Medical Conditions and Massage Therapy: A Decision Tree Approach. "
              "Lippincott Williams & Wilkins, 2011",
    "BATAVIA": "Batavia M. Contraindications for therapeutic massage: do sources agree? "
               "J Bodyw Mov Ther 2004;8(1):48-57",
    "NG158": "NICE guideline NG158, Venous thromboembolic diseases: diagnosis, management and "
             "thrombophilia testing (2020)",
    "RCOG37A": "RCOG Green-top Guideline No. 37a, Reducing the risk of venous thromboembolism "
               "during pregnancy and the puerperium (2015)",
    "NG201": "NICE guideline NG201, Antenatal care (2021)",
    "NG192": "NICE guideline NG192, Caesarean birth (2021)",
    "KAMEL": "Kamel H, Navi BB, Sriram N, Hovsepian DA, Devereux RB, Elkind MSV. Risk of a "
             "thrombotic event after the 6-week postpartum period. N Engl J Med "
             "2014;370(14):1307-15",
    "MINESS": "Heazell A et al. Association between maternal sleep practices and late stillbirth: "
              "the MiNESS case-control study. BJOG 2018;125(2):254-262",
    "PREG-SR": "Mueller SM, Grunwald M. Effects, side effects and contraindications of relaxation "
               "massage during pregnancy: a systematic review of randomized controlled trials. "
               "J Clin Med 2021 (PMC8396946)",
    "AHA": "American Heart Association, Warning signs of a heart attack",
    "BEFAST": "BE FAST stroke signs (domain.md [STROKE], [MAYO-FAST])",
    "NG232": "NICE guideline NG232, Head injury: assessment and early management (2023)",
    "NG59": "NICE guideline NG59, Low back pain and sciatica in over 16s (2016)",
    "NG141": "NICE guideline NG141, Cellulitis and erysipelas: antimicrobial prescribing (2019)",
    "CG134": "NICE clinical guideline CG134, Anaphylaxis: assessment and referral after emergency "
             "treatment (2011)",
    "IFOMPT": "Rushton A et al. International framework for examination of the cervical region "
              "for potential of vascular pathologies of the neck prior to musculoskeletal "
              "intervention (IFOMPT). J Orthop Sports Phys Ther 2023;53(1):7-22",
    "ABMP-END": "Werner R. Take the danger out of endangerment sites. ABMP (domain.md "
                "[ABMP-END])",
    "SCI-AC": "Can you get a massage while on blood thinners (domain.md [SCI-AC])",
    "CUP-PT": "Cupping contraindications (domain.md [CUP-PT])",
    "DOMAIN45": "Knotwork domain reference §4.5 (contraindications table) and its sources",
    "DOMAIN6": "Knotwork domain reference §6 (aftercare content) and its sources",
    "CAMBRON": "Cambron JA, Dexheimer J, Coe P, Swenson R. Side-effects of massage therapy: a "
               "cross-sectional study of 100 clients. J Altern Complement Med 2007;13(8):793-6",
    "WATER-MYTH": "Ingraham P. Why drink water after massage? PainScience.com",
    "WHO2020": "WHO guidelines on physical activity and sedentary behaviour (2020)",
    "ACSM": "American College of Sports Medicine. ACSM's Guidelines for Exercise Testing and "
            "Prescription, 11th ed. 2021: flexibility exercise",
    "IOM-WATER": "Institute of Medicine. Dietary Reference Intakes for Water, Potassium, Sodium, "
                 "Chloride, and Sulfate. National Academies Press, 2005",
    "EFSA-WATER": "EFSA Panel on Dietetic Products, Nutrition and Allergies. Scientific Opinion "
                  "on Dietary Reference Values for water. EFSA Journal 2010;8(3):1459",
    "NHMRC-WATER": "NHMRC and NZ Ministry of Health. Nutrient Reference Values for Australia "
                   "and New Zealand (2006): water",
    "NHS-WATER": "NHS. Water, drinks and your health (Eatwell Guide: 6 to 8 glasses a day)",
    "ERGO": "Workstation ergonomics (domain.md [OSHA-T], [YALE], [CAL-OSHA])",
    "SPINE-H": "Pillows and neck pain (domain.md [SPINE-H])",
    "BREATH": "Diaphragmatic breathing (domain.md [ACTIVE-BR])",
    "HEAT": "Heat and ice for muscle pain (domain.md [PROHEALTH], [DRPEAT])",
    "BALL": "Ingraham P. Tennis-ball self-massage (domain.md [PAINSCI-BALL])",
    "RED": "Red flags (domain.md [AHA], [DVT], [STROKE], [AHCPR], [MC-SIDE])",
    "ATC": "WHO ATC/DDD Index 2025 and the BNF (medicine names, clinical/data/medicines.json)",
}


def cite(*parts: str) -> str:
    """Return a citation: each 'KEY' or 'KEY: detail' expanded from SOURCES, joined by '; '."""
    out = []
    for part in parts:
        key, _, detail = part.partition(":")
        out.append(SOURCES[key.strip()] + (f", {detail.strip()}" if detail else ""))
    return "; ".join(out)


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
    hard_stop: bool = False  # needs a doctor today: no override, no clearance
    needs_clearance: bool = False  # DEFER until a clinician's clearance is recorded
    local_cap: bool = False  # max_pressure holds at `sites` only (whole body when none known)
    cleared: bool = False  # clearance recorded: the DEFER became this MODIFY
    source: str = ""


@dataclass(frozen=True)
class Rule:
    """One row of the screening table: when it applies, the flag it raises and its source."""

    code: str
    cls: str
    when: Callable[[IntakeView], bool]
    title: str
    guidance: str
    max_pressure: int | None = None
    avoid_techniques: tuple[str, ...] = ()
    sites: Callable[[IntakeView], Iterable[str]] | None = None
    source: str = ""
    reviewed_by: str = REVIEWED_BY
    reviewed_on: str = REVIEWED_ON
    why: str = ""  # the class and the reason, for the report and the review
    hard_stop: bool = False
    needs_clearance: bool = False
    local_cap: bool = False
    # What a needs_clearance DEFER becomes once a clinician has cleared massage.
    cleared_guidance: str = ""
    cleared_max_pressure: int | None = None

    def applies(self, intake: Mapping[str, Any] | None, *, today: date) -> bool:
        """Return whether this rule fires for intake on today."""
        return bool(self.when(IntakeView(intake, today)))

    def flag(self, view: IntakeView, *, cleared: bool = False) -> Flag:
        """Build the flag this rule raises for view (the cleared form if clearance is on file)."""
        sites = valid_sites(self.sites(view)) if self.sites else ()
        if cleared and self.needs_clearance:
            return Flag(self.code, MODIFY, f"{self.title} (cleared)", self.cleared_guidance,
                        self.cleared_max_pressure, sites, self.avoid_techniques,
                        local_cap=bool(sites), cleared=True, source=self.source)
        return Flag(self.code, self.cls, self.title, self.guidance, self.max_pressure, sites,
                    self.avoid_techniques, self.hard_stop, self.needs_clearance,
                    self.local_cap, source=self.source)


def provenance_problems(items) -> list[str]:
    """Return what is missing from rules or advice blocks: a source, a reviewer, a review date."""
    problems = []
    for item in items:
        name = f"{type(item).__name__} {getattr(item, 'code', None) or getattr(item, 'id', '?')}"
        if not (getattr(item, "source", "") or "").strip():
            problems.append(f"{name}: no source")
        if not (getattr(item, "reviewed_by", "") or "").strip():
            problems.append(f"{name}: no reviewed_by")
        try:
            reviewed = date.fromisoformat(getattr(item, "reviewed_on", "") or "")
        except ValueError:
            problems.append(f"{name}: no valid reviewed_on date")
        else:
            if reviewed > date.today():
                problems.append(f"{name}: reviewed_on is in the future")
    return problems
