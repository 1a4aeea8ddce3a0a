"""Emergency and health-advice numbers and drinking guidance by country, each with its source.

A clinic names its country; the aftercare warning box prints that country's numbers (a clinic may
override them) and the hydration block that country's guidance. Unknown countries get wording
without numbers rather than a wrong number.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CountryGuide:
    """One country's numbers for the warning box and its drinking guidance, with sources."""

    code: str
    name: str
    emergency: str
    advice: str
    water_guide: str
    source: str


# Water guides are total water from food and drinks (IOM, EFSA, NHMRC) or drinks (NHS); both say
# thirst, heat and exercise change the need, and the block says so.
COUNTRIES: tuple[CountryGuide, ...] = (
    CountryGuide("GB", "United Kingdom", "999", "NHS 111",
                 "A rough guide is 6 to 8 glasses of drinks a day.",
                 "NHS: When to call 999; NHS 111; NHS Eatwell Guide (6 to 8 glasses a day)"),
    CountryGuide("IE", "Ireland", "112 or 999", "your GP or GP out-of-hours service",
                 "A rough guide: women 2 litres a day, men 2.5, food included.",
                 "HSE: Emergency numbers 112/999; EFSA Journal 2010;8(3):1459 (water)"),
    CountryGuide("US", "United States", "911", "",
                 "A rough guide: women 2.7 litres a day, men 3.7, food included.",
                 "FCC: 911; Institute of Medicine, DRIs for Water (2005)"),
    CountryGuide("CA", "Canada", "911", "811",
                 "A rough guide: women 2.7 litres a day, men 3.7, food included.",
                 "Government of Canada: 911 and 811 health lines; Institute of Medicine, DRIs "
                 "for Water (2005), adopted by Health Canada"),
    CountryGuide("AU", "Australia", "000", "healthdirect on 1800 022 222",
                 "A rough guide: women 2.8 litres a day, men 3.4, food included.",
                 "Australian Government: Triple Zero (000); healthdirect 1800 022 222; NHMRC "
                 "Nutrient Reference Values (2006): water"),
    CountryGuide("NZ", "New Zealand", "111", "Healthline on 0800 611 116",
                 "A rough guide: women 2.8 litres a day, men 3.4, food included.",
                 "NZ Police: 111; Healthline 0800 611 116; NHMRC/NZ MoH Nutrient Reference "
                 "Values (2006): water"),
    CountryGuide("FR", "France", "15 or 112", "your doctor or 116 117",
                 "A rough guide: women 2 litres a day, men 2.5, food included.",
                 "Service-public.fr: numéros d'urgence (15, 112); 116 117 médecin de garde; "
                 "EFSA Journal 2010;8(3):1459"),
    CountryGuide("ES", "Spain", "112", "your health centre",
                 "A rough guide: women 2 litres a day, men 2.5, food included.",
                 "112 emergency number (European Commission); EFSA Journal 2010;8(3):1459"),
    CountryGuide("DE", "Germany", "112", "116 117",
                 "A rough guide: women 2 litres a day, men 2.5, food included.",
                 "112 emergency number (European Commission); 116117 ärztlicher "
                 "Bereitschaftsdienst; EFSA Journal 2010;8(3):1459"),
)
COUNTRY_BY_CODE: dict[str, CountryGuide] = {c.code: c for c in COUNTRIES}


def country_choices() -> list[tuple[str, str]]:
    """Return (code, name) pairs for a pick-list, with 'not set' first."""
    return [("", "Not set (no numbers printed)"), *((c.code, c.name) for c in COUNTRIES)]


def contacts_for(country: str | None, emergency: str = "", advice: str = "") -> dict[str, str]:
    """Return the numbers a sheet prints: the clinic's own if set, else its country's."""
    guide = COUNTRY_BY_CODE.get((country or "").upper())
    out = {"emergency": "emergency services", "advice": ""}
    if guide is not None:
        out = {"emergency": guide.emergency, "advice": guide.advice}
    if emergency.strip():
        out["emergency"] = emergency.strip()
    if advice.strip():
        out["advice"] = advice.strip()
    return out


def water_guide_for(country: str | None) -> str:
    """Return the country's drinking guidance sentence, or '' (the block then has none)."""
    guide = COUNTRY_BY_CODE.get((country or "").upper())
    return guide.water_guide if guide else ""
