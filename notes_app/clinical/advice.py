"""Choose and order the aftercare blocks for one session's sheet; the texts live in advice_blocks.

`select_blocks` is a pure function of the cause scores, today's treated muscles, the active
contraindication flag codes and the therapist's choices. It returns a `Selection`: the ordered
blocks with the reason each was picked, plus which blocks a flag suppressed (so the UI can say why
a block is missing). `snapshot_blocks` turns it into the plain form stored with an issued sheet.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from notes_app.clinical.advice_blocks import (
    ADVICE_LIBRARY_VERSION,
    BLOCK_BY_ID,
    BLOCKS,
    CAUSE_TAGS,
    FLAG_CODES,
    PREVENTION,
    STRETCH,
    AdviceBlock,
    BulletGroup,
    Caution,
)
from notes_app.clinical.advice_render import (  # noqa: F401  (_fill, _render: tests, i18n notes)
    GENERIC_CONTACTS,
    MARK_TECHNIQUES,
    _fill,
    _render,
    block_text,
    render_block,
    session_codes,
)
from notes_app.clinical.advice_today import (
    _treated_muscles,
    plain_areas,
    summarise_treated,
    today_areas,
    worked_on_block,
)
from notes_app.clinical.muscles import MUSCLE_BY_ID

__all__ = [
    "ADVICE_LIBRARY_VERSION", "BLOCKS", "BLOCK_BY_ID", "FLAG_CODES", "AdviceBlock", "BulletGroup",
    "Caution", "Selection", "SelectedBlock", "MANDATORY_IDS", "PREVENTION_THRESHOLD",
    "MAX_STRETCHES", "ONE_PAGE_STRETCHES", "ONE_PAGE", "FULL", "select_blocks",
    "snapshot_blocks", "summarise_treated", "plain_areas", "today_areas", "block_text",
    "session_codes", "render_block", "MARK_TECHNIQUES", "ONE_PAGE_WORDS", "sheet_words",
]

# A cause gets its prevention block once its intake score reaches about a third of full strength:
# one strong answer or two moderate ones, not a single minor sign (a cradled phone alone scores
# 0.2, one healed scar 0.1), so the sheet stays about the client's main habits.
PREVENTION_THRESHOLD = 0.34
# Among selected causes, each treated muscle carrying the cause tag nudges the block up a little
# (at most MUSCLE_BOOST_CAP muscles count), so ties and near-ties follow what was actually treated
# without overriding a clearly stronger intake score.
MUSCLE_BOOST = 0.05
MUSCLE_BOOST_CAP = 3
# Four stretches keep the home routine short and the long sheet within about two pages; the
# one-page default carries two, the client's top cause only, and no ball self-massage.
MAX_STRETCHES = 4
ONE_PAGE_STRETCHES = 2
ONE_PAGE, FULL = "one_page", "full"
# Flags whose sites no stretch may move (issue 16: no stretch of a recently operated area).
_NO_STRETCH_AT = ("recent_surgery", "recent_fracture", "acute_injury", "acute_inflammation")

MANDATORY_IDS: frozenset[str] = frozenset(b.id for b in BLOCKS if b.mandatory)
# ST-RULES travels with the stretches (it holds the "stop if..." rules), so it is never chosen or
# dropped on its own: exclude the stretches instead.
_STRETCH_RULES_ID = "ST-RULES"

_CAUSE_NAMES = {
    "POS": "posture", "OVR": "overuse", "STR": "stress", "INA": "inactivity",
    "HYD": "hydration", "SLP": "sleep", "INJ": "previous injury",
}
# The one-page sheet's words (issue 16, item 8): every block's client-facing text, cautions and
# the therapist's note included. Over the budget, optional blocks go in TRIM_ORDER until it fits.
ONE_PAGE_WORDS = 350
# General heat advice first, then the second and first stretch (with their rules), then the cause.
TRIM_ORDER = ("HEAT", STRETCH, STRETCH, PREVENTION)


@dataclass(frozen=True)
class SelectedBlock:
    """A block chosen for a sheet: the filled-in block, why it was chosen, its active cautions."""

    block: AdviceBlock
    reason: str
    cautions: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """Return the block id."""
        return self.block.id


@dataclass(frozen=True)
class Selection:
    """The ordered blocks for a sheet plus what was left out and why.

    `suppressed` lists (block_id, flag_code) for every block that would have been on the sheet but a
    contraindication flag removed (one entry per matching flag, sorted). `excluded` lists optional
    blocks the therapist switched off. Iterating, `len()` and indexing go over `blocks`.
    """

    blocks: tuple[SelectedBlock, ...]
    suppressed: tuple[tuple[str, str], ...] = ()
    excluded: tuple[str, ...] = ()
    library_version: str = ADVICE_LIBRARY_VERSION
    trimmed: tuple[str, ...] = ()  # left off to keep a one-page sheet within ONE_PAGE_WORDS

    def __iter__(self) -> Iterator[SelectedBlock]:
        return iter(self.blocks)

    def __len__(self) -> int:
        return len(self.blocks)

    def __getitem__(self, index: int) -> SelectedBlock:
        return self.blocks[index]

    @property
    def ids(self) -> list[str]:
        """Return the selected block ids in sheet order."""
        return [b.id for b in self.blocks]


def _score(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    if math.isnan(number):
        return 0.0
    return min(1.0, max(0.0, number))


def _active_cautions(block: AdviceBlock, flags: frozenset[str]) -> tuple[str, ...]:
    return tuple(c.text for c in block.cautions if c.flags & flags)


def _suppressing(block: AdviceBlock, flags: frozenset[str]) -> list[str]:
    return sorted(block.suppressed_by & flags)


def _text_block(block_id: str, text: Any) -> AdviceBlock | None:
    """Fill a free-text block; blank lines separate paragraphs, single newlines are kept."""
    if not isinstance(text, str) or not text.strip():
        return None
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = tuple(p.strip() for p in normalised.split("\n\n") if p.strip())
    return dataclasses.replace(BLOCK_BY_ID[block_id], paragraphs=paragraphs)


def select_blocks(
    *,
    cause_scores: Mapping[str, float],
    treated: Sequence[Mapping],
    flag_codes: Collection[str],
    choices: Mapping | None = None,
    flag_sites: Mapping[str, Collection[str]] | None = None,
    contacts: Mapping[str, str] | None = None,
    water_guide: str = "",
    length: str = FULL,
) -> Selection:
    """Choose, fill in and order the aftercare blocks for one session.

    Order: AFTER-SESSION, WHAT-WE-WORKED-ON, RED-FLAGS (one-page only: the warning box stays on
    page 1), prevention blocks (score >= PREVENTION_THRESHOLD, most relevant first; the top one
    only on a one-page sheet), ST-RULES with stretches for treated muscles (highest pressure
    first, then treatment order; MAX_STRETCHES, or ONE_PAGE_STRETCHES), SM-BALL (full sheet
    only), HEAT or COLD, THERAPIST-NOTE, NEXT-VISIT, RED-FLAGS (full sheet), NOTICE. A one-page
    sheet over ONE_PAGE_WORDS then loses optional blocks in TRIM_ORDER (`Selection.trimmed`).
    `choices` may hold "exclude" and "include" (sets of block ids), "note" and "next_visit"
    (strings). Mandatory blocks ignore "exclude"; "include" adds optional blocks but never
    overrides a flag's suppression; unknown ids are ignored. `flag_sites` maps flag codes to the
    regions they carry (no stretch moves a recently operated area); `contacts` gives the
    clinic's "emergency" and "advice" numbers; `water_guide` the country's drinking figure.
    """
    choices = choices or {}
    one_page = length == ONE_PAGE
    codes = frozenset(flag_codes) | session_codes(treated)
    flags = frozenset(flag_codes)
    fields = {**GENERIC_CONTACTS, **{k: v for k, v in (contacts or {}).items() if v is not None},
              "water_guide": water_guide}
    blocked_sites = {code: set(sites) for code, sites in (flag_sites or {}).items()
                     if code in _NO_STRETCH_AT and code in flags}
    exclude = frozenset(choices.get("exclude") or ()) - MANDATORY_IDS - {_STRETCH_RULES_ID}
    include = frozenset(choices.get("include") or ()) - exclude
    scores = {tag: _score(cause_scores.get(tag)) for tag in CAUSE_TAGS}
    muscles = _treated_muscles(treated)
    treated_ids = {m for m, _, _ in muscles}

    chosen: list[SelectedBlock] = []
    suppressed: list[tuple[str, str]] = []
    excluded: list[str] = []

    def offer(block: AdviceBlock | None, reason: str, into: list | None = None) -> bool:
        """Add a candidate unless the therapist excluded it or a flag suppresses it."""
        if block is None:
            return False
        if block.id in exclude:
            excluded.append(block.id)
            return False
        hits = _suppressing(block, flags)
        hits += sorted(code for code, sites in blocked_sites.items() if sites & set(block.regions))
        if hits:
            suppressed.extend((block.id, flag) for flag in hits)
            return False
        (chosen if into is None else into).append(
            SelectedBlock(_render(block, codes, fields), reason, _active_cautions(block, flags))
        )
        return True

    offer(BLOCK_BY_ID["AFTER-SESSION"], "always printed")

    worked = worked_on_block(treated, one_page)
    if worked is not None:
        count = len(_treated_muscles(treated))
        offer(worked, f"{count} muscle{'s' if count != 1 else ''} treated today")
    if one_page:
        offer(BLOCK_BY_ID["RED-FLAGS"], "always printed, on page 1")

    # Prevention: threshold on the intake score; order by score plus a small treated-muscle boost.
    ranked = []
    for index, block in enumerate(b for b in BLOCKS if b.section == PREVENTION):
        tag = block.cause_tags[0]
        linked = sorted(m for m in treated_ids if tag in MUSCLE_BY_ID[m].cause_tags)
        relevance = scores[tag] + MUSCLE_BOOST * min(len(linked), MUSCLE_BOOST_CAP)
        if scores[tag] >= PREVENTION_THRESHOLD:
            reason = f"{_CAUSE_NAMES[tag]} score {scores[tag]:.2f}"
            if linked:
                reason += f"; treated muscles with this cause: {', '.join(linked)}"
        elif block.id in include:
            reason = f"added by the therapist ({_CAUSE_NAMES[tag]} score {scores[tag]:.2f})"
        else:
            continue
        ranked.append((-relevance, index, block, reason))
    causes_offered = 0
    for _, _, block, reason in sorted(ranked, key=lambda item: (item[0], item[1])):
        if one_page and causes_offered >= 1 and block.id not in include:
            continue  # the one-page sheet carries the client's top cause only
        causes_offered += offer(block, reason + ("; top cause" if one_page else ""))

    # Stretches: those whose muscles were treated, firmest pressure first, then treatment order.
    limit = ONE_PAGE_STRETCHES if one_page else MAX_STRETCHES
    rank_of = {m: (-pressure, first) for m, pressure, first in muscles}
    matched, forced = [], []
    for index, block in enumerate(b for b in BLOCKS if b.section == STRETCH):
        hit = sorted((rank_of[m], m) for m in block.muscle_ids if m in treated_ids)
        if hit:
            (neg_pressure, _), muscle_id = hit[0]
            reason = f"treated {muscle_id} at pressure {-neg_pressure:g}"
            matched.append((hit[0][0], index, block, reason))
        elif block.id in include:
            forced.append((index, block, "added by the therapist"))
    stretches: list[SelectedBlock] = []
    for _, _, block, reason in sorted(matched, key=lambda item: (item[0], item[1])):
        if len(stretches) < limit or block.id in include:
            offer(block, reason, into=stretches)
    for _, block, reason in forced:
        offer(block, reason, into=stretches)
    if stretches:
        chosen.append(SelectedBlock(BLOCK_BY_ID[_STRETCH_RULES_ID], "goes with the stretches"))
        chosen.extend(stretches)

    ball = BLOCK_BY_ID["SM-BALL"]
    ball_muscles = [m for m in ball.muscle_ids if m in treated_ids]
    if ball.id in include:
        offer(ball, "added by the therapist")
    elif ball_muscles and not one_page:
        offer(ball, f"treated {', '.join(ball_muscles)}")

    if "acute_injury" in flags or "COLD" in include:
        offer(BLOCK_BY_ID["COLD"], "fresh injury on the intake" if "acute_injury" in flags
              else "added by the therapist")
    offer(BLOCK_BY_ID["HEAT"], "general advice for every sheet")
    offer(_text_block("THERAPIST-NOTE", choices.get("note")), "the therapist wrote a note")
    offer(_text_block("NEXT-VISIT", choices.get("next_visit")), "a next visit was suggested")
    if not one_page:
        offer(BLOCK_BY_ID["RED-FLAGS"], "always printed")
    offer(BLOCK_BY_ID["NOTICE"], "always printed")

    blocks, trimmed = _fit_one_page(chosen, include) if one_page else (tuple(chosen), ())
    return Selection(
        blocks=blocks,
        suppressed=tuple(sorted(set(suppressed))),
        excluded=tuple(sorted(set(excluded))),
        trimmed=trimmed,
    )


def sheet_words(blocks: Sequence[SelectedBlock]) -> int:
    """Return how many client-facing words the blocks print (titles, texts, cautions)."""
    return sum(len(block_text(b.block, b.cautions).split()) for b in blocks)


def _fit_one_page(chosen: Sequence[SelectedBlock],
                  include: Collection[str]) -> tuple[tuple[SelectedBlock, ...], tuple[str, ...]]:
    """Drop optional blocks in TRIM_ORDER until the sheet is within ONE_PAGE_WORDS.

    Mandatory blocks, the therapist's own texts and blocks the therapist added stay; if they
    alone are over the budget the sheet keeps them (the preview says it may not fit one page).
    """
    blocks, trimmed = list(chosen), []
    for target in TRIM_ORDER:
        if sheet_words(blocks) <= ONE_PAGE_WORDS:
            break
        victims = [b for b in blocks if b.id not in include and not b.block.mandatory
                   and (b.id == target or b.block.section == target)]
        if not victims:
            continue
        blocks.remove(victims[-1])
        trimmed.append(victims[-1].id)
        if not any(b.block.section == STRETCH for b in blocks):
            blocks = [b for b in blocks if b.id != _STRETCH_RULES_ID]
    return tuple(blocks), tuple(trimmed)


def snapshot_blocks(selection: Selection | Sequence[SelectedBlock]) -> list[dict[str, Any]]:
    """Render selected blocks to plain JSON-ready dicts, the form stored with an issued sheet.

    Each dict: {"id", "version", "section", "title", "paragraphs": [str], "bullets": [str],
    "groups": [{"heading", "bullets": [str]}], "cautions": [str]}.
    """
    return [
        {
            "id": item.block.id,
            "version": item.block.version,
            "section": item.block.section,
            "title": item.block.title,
            "paragraphs": list(item.block.paragraphs),
            "bullets": list(item.block.bullets),
            "groups": [
                {"heading": g.heading, "bullets": list(g.bullets)} for g in item.block.groups
            ],
            "cautions": list(item.cautions),
        }
        for item in selection
    ]
