"""The aftercare advice library in other languages: every block's texts, keyed by block id.

Each language module maps a block id to {English text: translation} for every text of the block
(title, paragraphs, bullets, group headings and bullets, cautions, swaps), plus the muscle,
side and technique names. A sheet is only issued in a language that covers every block, and a
selected sheet is translated text by text, so nothing on it can stay English by accident.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from notes_app.clinical.advice_blocks import BLOCKS
from notes_app.clinical.advice_i18n import es, fr

LIBRARY: dict[str, Any] = {"fr": fr, "es": es}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class MissingTranslation(Exception):
    """A text of the sheet has no translation in the sheet's language."""


def block_texts(block) -> list[str]:
    """Return every client-facing English text of a library block, each once, in order."""
    texts = [block.title, *block.paragraphs, *block.bullets]
    for group in block.groups:
        texts += [group.heading, *group.bullets]
        texts += [text for _codes, text in getattr(group, "conditional", ())]
    texts += [caution.text for caution in block.cautions]
    texts += [swap.text for swap in getattr(block, "swaps", ())]
    seen: list[str] = []
    for text in texts:
        if text and text not in seen:
            seen.append(text)
    return seen


def missing(lang: str) -> dict[str, list[str]]:
    """Return, per block id, the English texts the language does not translate yet."""
    blocks = LIBRARY[lang].BLOCKS
    gaps = {}
    for block in BLOCKS:
        table = blocks.get(block.id, {})
        lacking = [t for t in block_texts(block) if not str(table.get(t, "")).strip()]
        if lacking:
            gaps[block.id] = lacking
    return gaps


def stale(lang: str) -> dict[str, list[str]]:
    """Return, per block id, translated English texts the library no longer has."""
    current = {block.id: set(block_texts(block)) for block in BLOCKS}
    return {block_id: sorted(set(table) - current.get(block_id, set()))
            for block_id, table in LIBRARY[lang].BLOCKS.items()
            if set(table) - current.get(block_id, set())}


def covers(lang: str) -> bool:
    """Tell whether a language has the whole library (English always does)."""
    return lang == "en" or (lang in LIBRARY and not missing(lang))


def _pattern(template: str) -> re.Pattern:
    parts = _PLACEHOLDER.split(template)
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(f"^{regex}$", re.S)


def translate_text(text: str, table: Mapping[str, str], lang: str) -> str:
    """Translate one rendered text of a block, placeholders filled in as in English."""
    if text in table:
        return table[text]
    for template, translated in table.items():
        if "{" not in template:
            continue
        match = _pattern(template).match(text)
        if match:
            values = {k: LIBRARY[lang].VALUES.get(v, v) for k, v in match.groupdict().items()}
            return _PLACEHOLDER.sub(lambda m, v=values: v.get(m.group(1), m.group(0)), translated)
    raise MissingTranslation(text)


def title_in(block_id: str, title: str, lang: str) -> str:
    """Return a block's title as a sheet in a language prints it (English when not covered)."""
    if lang == "en" or lang not in LIBRARY:
        return title
    try:
        return translate_text(title, LIBRARY[lang].BLOCKS.get(block_id, {}), lang)
    except MissingTranslation:
        return title


def _texts(values: Iterable[str], table: Mapping[str, str], lang: str) -> list[str]:
    return [translate_text(v, table, lang) for v in values]


def translate_snapshot(blocks: list[dict], treated: list[dict], lang: str, *,
                       areas: list[str] = ()) -> tuple[list, list]:
    """Return a sheet's snapshot blocks and treated rows in a language; raises MissingTranslation.

    Free text the therapist typed (the note, the next visit) is printed as written.
    """
    if lang == "en":
        return blocks, treated
    module = LIBRARY[lang]
    rows = [translate_treated(row, lang) for row in treated]
    out = []
    for block in blocks:
        table = module.BLOCKS.get(block.get("id"), {})
        copy = dict(block)
        copy["title"] = translate_text(block.get("title") or "", table, lang)
        if block.get("id") in ("THERAPIST-NOTE", "NEXT-VISIT"):
            out.append(copy)
            continue
        if block.get("id") == "WHAT-WE-WORKED-ON":
            table = {**table, **worked_on_texts(treated, list(areas), lang)}
        copy["paragraphs"] = _texts(block.get("paragraphs") or (), table, lang)
        copy["bullets"] = _texts(block.get("bullets") or (), table, lang)
        copy["groups"] = [{**g, "heading": translate_text(g.get("heading") or "", table, lang),
                           "bullets": _texts(g.get("bullets") or (), table, lang)}
                          for g in block.get("groups") or ()]
        copy["cautions"] = _texts(block.get("cautions") or (), table, lang)
        out.append(copy)
    return out, rows


def _decapitalise(name: str) -> str:
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def worked_on_texts(treated_rows: list[dict], areas: list[str], lang: str) -> dict[str, str]:
    """Return the generated 'what we worked on' texts of a sheet mapped to the language's."""
    module = LIBRARY[lang]
    table = {}
    for row in treated_rows:
        local = translate_treated(row, lang)
        english = f"{row['muscle']} ({str(row['side']).lower()})"
        translated = f"{local['muscle']} ({str(local['side']).lower()})"
        if row.get("techniques"):
            english += f": {_decapitalise(row['techniques'])}"
            translated += f" : {_decapitalise(local['techniques'])}" if lang == "fr" \
                else f": {_decapitalise(local['techniques'])}"
        table[english] = translated
    if areas:
        english = areas[0] if len(areas) == 1 else ", ".join(areas[:-1]) + " and " + areas[-1]
        names = [module.AREAS.get(a, a) for a in areas]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + module.AND + names[-1]
        table[f"Today we worked on your {english}."] = module.TODAY.format(areas=joined)
    return table


def translate_treated(row: Mapping, lang: str) -> dict:
    """Return one 'what we worked on' row with the muscle, side and techniques in a language."""
    module = LIBRARY[lang]
    techniques = [module.TECHNIQUES.get(t.strip(), t.strip())
                  for t in str(row.get("techniques") or "").split(",") if t.strip()]
    return {**row, "muscle": module.MUSCLES.get(row.get("muscle"), row.get("muscle")),
            "side": module.SIDES.get(row.get("side"), row.get("side")),
            "techniques": ", ".join(techniques)}
