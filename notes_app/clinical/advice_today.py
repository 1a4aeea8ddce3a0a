"""The "what we worked on" part of a sheet: today's rows by muscle, and the areas in plain words.

Pure functions over technique rows (muscle, side, technique, pressure); advice.select_blocks
builds the WHAT-WE-WORKED-ON block from them and advice_i18n translates the same lines.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

from notes_app.clinical.advice_blocks import BLOCK_BY_ID, AdviceBlock
from notes_app.clinical.muscles import MUSCLE_BY_ID
from notes_app.clinical.techniques import TECHNIQUE_BY_CODE

# The one-page sheet keeps every sentence to 15 words (issue 16, item 8): the "today" line names
# the areas in treatment order while it fits, and the longer sheet lists every muscle below it.
TODAY_MAX_WORDS = 15
# Plain words for the areas a muscle sits in, for the client-facing "today" line.
_PLAIN_AREA_BY_GROUP = {
    "neck_head": "neck", "shoulder_upper_back": "upper back and shoulders", "chest": "chest",
    "mid_low_back": "back", "hip_pelvis": "hips and buttocks",
}
_PLAIN_AREA_BY_MUSCLE = {
    "MAS": "jaw", "TMP": "temples", "HAM": "thighs", "TFL": "hips and buttocks",
    "SOL": "calves", "ILP": "front of the hips", "QL": "lower back", "MF": "lower back",
    "ICL": "lower back", "SA": "sides of the chest",
}
_SIDE_NAMES = {"R": "Right", "L": "Left", "B": "Both sides", "M": "Midline"}
_SIDE_ALIASES = {
    "r": "R", "right": "R", "l": "L", "left": "L", "b": "B", "both": "B", "bilateral": "B",
    "m": "M", "midline": "M", "centre": "M", "center": "M",
}




def _side(value: Any) -> str:
    return _SIDE_ALIASES.get(str(value or "").strip().lower(), "M" if not value else str(value))


def _pressure(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if math.isnan(number) else number


def _technique_name(code: Any) -> str:
    """Return the display name of a technique code, falling back to the code itself."""
    if not code:
        return ""
    technique = TECHNIQUE_BY_CODE.get(code)
    return technique.name if technique else str(code)


def _decapitalise(name: str) -> str:
    """Lower-case a leading capital for use mid-sentence, leaving acronyms such as "MET" alone."""
    if name[:1].isupper() and name[1:2].islower():
        return name[0].lower() + name[1:]
    return name


def _treated_muscles(treated: Sequence[Mapping]) -> list[tuple[str, float, int]]:
    """Return (muscle_id, highest pressure, first position) for catalogued treated muscles."""
    seen: dict[str, tuple[float, int]] = {}
    for position, row in enumerate(treated):
        muscle_id = row.get("muscle_id")
        if not muscle_id or muscle_id not in MUSCLE_BY_ID:
            continue
        pressure = _pressure(row.get("pressure"))
        if muscle_id in seen:
            best, first = seen[muscle_id]
            seen[muscle_id] = (max(best, pressure), first)
        else:
            seen[muscle_id] = (pressure, position)
    return [(m, p, i) for m, (p, i) in seen.items()]


def summarise_treated(treated: Sequence[Mapping]) -> list[dict[str, str]]:
    """Group today's technique rows by muscle into {"muscle", "side", "techniques"} display rows."""
    order: list[str] = []
    sides: dict[str, list[str]] = {}
    techniques: dict[str, list[str]] = {}
    for row in treated:
        muscle_id = row.get("muscle_id")
        if not muscle_id or muscle_id not in MUSCLE_BY_ID:
            continue
        if muscle_id not in sides:
            order.append(muscle_id)
            sides[muscle_id] = []
            techniques[muscle_id] = []
        side = _side(row.get("side"))
        if side not in sides[muscle_id]:
            sides[muscle_id].append(side)
        name = _technique_name(row.get("technique"))
        if name and name not in techniques[muscle_id]:
            techniques[muscle_id].append(name)
    rows = []
    for muscle_id in order:
        side_set = set(sides[muscle_id])
        if "B" in side_set or {"L", "R"} <= side_set:
            side = "Both sides"
        elif len(side_set) == 1:
            only = next(iter(side_set))
            side = _SIDE_NAMES.get(only, only)
        else:
            side = ", ".join(_SIDE_NAMES.get(s, s) for s in sides[muscle_id])
        names = techniques[muscle_id]
        listed = ", ".join(names[:1] + [_decapitalise(n) for n in names[1:]])
        rows.append({"muscle": MUSCLE_BY_ID[muscle_id].name, "side": side, "techniques": listed})
    return rows


def plain_areas(treated: Sequence[Mapping]) -> list[str]:
    """Return today's treated areas in plain words, in treatment order ("neck", "upper back")."""
    areas: list[str] = []
    for muscle_id, _, _ in sorted(_treated_muscles(treated), key=lambda item: item[2]):
        muscle = MUSCLE_BY_ID[muscle_id]
        area = _PLAIN_AREA_BY_MUSCLE.get(muscle_id) or _PLAIN_AREA_BY_GROUP[muscle.region]
        if area not in areas:
            areas.append(area)
    return areas


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def today_line(areas: Sequence[str]) -> str:
    """Return the client's "today" sentence for a list of plain area names."""
    return f"Today we worked on your {_join(list(areas))}."


def today_areas(treated: Sequence[Mapping]) -> list[str]:
    """Return the plain areas the "today" sentence names: treatment order, within 15 words."""
    areas: list[str] = []
    for area in plain_areas(treated):
        if areas and len(today_line([*areas, area]).split()) > TODAY_MAX_WORDS:
            break
        areas.append(area)
    return areas


def worked_on_block(treated: Sequence[Mapping], one_page: bool = False) -> AdviceBlock | None:
    """Return the WHAT-WE-WORKED-ON block for today's rows (plain areas only on one page)."""
    rows = summarise_treated(treated)
    if not rows:
        return None
    bullets = []
    for row in rows:
        line = f"{row['muscle']} ({row['side'].lower()})"
        if row["techniques"]:
            line += f": {_decapitalise(row['techniques'])}"
        bullets.append(line)
    block = BLOCK_BY_ID["WHAT-WE-WORKED-ON"]
    today = today_line(today_areas(treated))
    if one_page:  # plain area names only: muscle names belong on the longer sheet
        return dataclasses.replace(block, paragraphs=(today,), bullets=())
    return dataclasses.replace(block, paragraphs=(today, *block.paragraphs), bullets=tuple(bullets))
