"""Fill a library block in as a sheet prints it: swaps, conditional lines and the clinic's numbers.

Also the session facts blocks react to (neck work, techniques that leave marks) and a block's
client-facing words as one text (what the readability tests and the word budget read).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence

from notes_app.clinical.advice_blocks import AdviceBlock, BulletGroup
from notes_app.clinical.advice_blocks_schema import SESSION_CODES
from notes_app.clinical.muscles import MUSCLE_BY_ID

MARK_TECHNIQUES = frozenset({"CUP", "IAS"})
GENERIC_CONTACTS = {"emergency": "emergency services", "advice": ""}


def session_codes(treated: Sequence[Mapping]) -> frozenset[str]:
    """Return the SESSION_CODES today's rows imply (neck work, techniques that leave marks)."""
    codes = set()
    for row in treated:
        muscle = MUSCLE_BY_ID.get(row.get("muscle_id") or "")
        if muscle is not None and muscle.region == "neck_head" and muscle.id not in ("MAS", "TMP"):
            codes.add("neck_work")
        if row.get("technique") in MARK_TECHNIQUES:
            codes.add("marks_techniques")
    return frozenset(codes) & SESSION_CODES


def _fill(value: str, fields: Mapping[str, str]) -> str:
    if not fields.get("advice"):
        value = value.replace(", or call {advice},", "")
    for key, text in fields.items():
        value = value.replace("{" + key + "}", text)
    return value


def _render(block: AdviceBlock, codes: frozenset[str], fields: Mapping[str, str]) -> AdviceBlock:
    """Apply a block's swaps and conditional bullets for codes, and fill in its placeholders."""
    bullets = list(block.bullets)
    for swap in block.swaps:
        if swap.flags & codes and swap.bullet in bullets:
            bullets[bullets.index(swap.bullet)] = swap.text
    bullets = [b for b in bullets if "{water_guide}" not in b or fields.get("water_guide")]
    groups = tuple(
        BulletGroup(_fill(g.heading, fields), tuple(
            _fill(b, fields) for b in (*g.bullets, *(t for c, t in g.conditional if c & codes))))
        for g in block.groups)
    if not (block.swaps or block.groups or any("{" in b for b in bullets)):
        return block
    return dataclasses.replace(block, bullets=tuple(_fill(b, fields) for b in bullets),
                               groups=groups, swaps=())


def render_block(block: AdviceBlock, codes: Collection[str] = (),
                 contacts: Mapping[str, str] | None = None, water_guide: str = "") -> AdviceBlock:
    """Return a library block as a sheet prints it: swaps, conditional lines, numbers filled."""
    fields = {**GENERIC_CONTACTS, **{k: v for k, v in (contacts or {}).items() if v is not None},
              "water_guide": water_guide}
    return _render(block, frozenset(codes), fields)


def block_text(block: AdviceBlock, cautions: Sequence[str] = ()) -> str:
    """Return a block's client-facing words as one text (title, body, bullets, cautions)."""
    parts = [block.title, *block.paragraphs, *block.bullets]
    for group in block.groups:
        parts += [group.heading, *group.bullets]
    parts += list(cautions)
    return " ".join(p if p.rstrip()[-1:] in ".:!?" else p + "." for p in parts if p.strip())
