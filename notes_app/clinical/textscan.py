"""Read free text the way a careful therapist would: find terms, skip negated ones, spot recency.

Pure functions over strings. A mention is negated by a cue before it in its clause ("no DVT",
"never had a clot") or by one after it in the same or the next clause ("DVT ruled out"); "not
since 2015" or "stopped" mark it as past. Anything else counts: the rules err towards caution.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

_SENTENCES = re.compile(r"[.;!?\n]+")
_CLAUSES = re.compile(r",|\bbut\b|\bhowever\b|\bthough\b|\band then\b")
_NEG_BEFORE = re.compile(
    r"\b(?:no|not|never|denies|denied|without|nil|negative for|free of|none|non)\b"
    r"(?:\s+\w+){0,3}\s*$")
_NEG_AFTER = re.compile(
    r"\b(?:ruled out|excluded|negative|not confirmed|came back clear|was clear|"
    r"scan (?:was )?clear|false alarm|not found|not a (?:clot|dvt))\b")
_PAST = re.compile(
    r"\b(?:not since|none since|nothing since|stopped|no longer|came off|finished|"
    r"discontinued|used to|resolved|years ago|year ago|as a child|in childhood|"
    r"former(?:ly)?|previously|off (?:it|them) since|fully recovered|recovered|"
    r"seizure[- ]free|(?:no|none) (?:\w+ )?since)\b")
_RECENT = re.compile(
    r"\b(?:recent(?:ly)?|new|current(?:ly)?|ongoing|active|still|right now|"
    r"yesterday|this (?:week|month)|last (?:week|month)|(?:a )?few (?:days|weeks) ago|"
    r"(?:\d+|a|one|two|three|four|five|six|couple of) (?:days?|weeks?) ago|"
    r"(?:a )?(?:few|couple of) months ago|(?:[1-6]|one|two|three|four|five|six|a) months? ago|"
    r"on treatment|being treated|in treatment|under treatment|suspected|waiting for (?:a )?scan)\b")
_JOINER = re.compile(r"\s*(?:or|and|nor|/|or any)?\s*")
_LEADING_NO = re.compile(r"^(?:no|never|none|not|nil|denies)\b(?!.*\b(?:but|until|except|apart "
                         r"from|now|again)\b)")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_WORD_NUMS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
              "couple of": 2, "few": 3}
_MONTHS_AGO = re.compile(r"\b(\d+|a|one|two|three|four|five|six|couple of|few) months? ago\b")


@dataclass(frozen=True)
class Mention:
    """One place a term occurs in a text, with what its clause says about it."""

    term: str
    negated: bool
    past: bool
    recent: bool
    years: tuple[int, ...]
    clause: str


def _clauses(text: str) -> list[list[str]]:
    return [[c.strip() for c in _CLAUSES.split(s)] for s in _SENTENCES.split(text.lower())]


def compile_terms(terms: Iterable[str]) -> re.Pattern[str]:
    """Return one pattern matching any of terms as whole words, longest first."""
    words = sorted({t.lower().strip() for t in terms if t.strip()}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])")


def mentions(text: str | None, pattern: re.Pattern[str]) -> list[Mention]:
    """Return every mention of pattern's terms in text, with negation, past and recency."""
    out: list[Mention] = []
    for clauses in _clauses(text or ""):
        for i, clause in enumerate(clauses):
            previous: tuple[int, bool] | None = None  # (end, negated) of the clause's last term
            for match in pattern.finditer(clause):
                before, after = clause[:match.start()], clause[match.end():]
                following = clauses[i + 1] if i + 1 < len(clauses) else ""
                next_is_own = bool(pattern.search(following))
                negated = bool(_NEG_BEFORE.search(before)) or bool(_NEG_AFTER.search(after)) or (
                    not next_is_own and bool(_NEG_AFTER.search(following)))
                # "no DVT or PE": a negation carries across terms joined by or/and/nor.
                between = clause[previous[0]:match.start()] if previous else ""
                if previous and previous[1] and _JOINER.fullmatch(between):
                    negated = True
                previous = (match.end(), negated)
                context = f"{clause} {'' if next_is_own else following}"
                out.append(Mention(
                    term=match.group(), negated=negated, past=bool(_PAST.search(context)),
                    recent=bool(_RECENT.search(context)),
                    years=tuple(int(y) for y in _YEAR.findall(context)), clause=clause))
    return out


def positive(text: str | None, pattern: re.Pattern[str]) -> list[Mention]:
    """Return the mentions of pattern's terms that are not negated."""
    return [m for m in mentions(text, pattern) if not m.negated]


def denies(text: str | None, pattern: re.Pattern[str] | None = None) -> bool:
    """Return whether details written against a ticked item say it is absent ("ruled out").

    With pattern, details that only name the condition negated ("no DVT") deny it too.
    """
    value = (text or "").strip().lower()
    if not value:
        return False
    if pattern is not None:
        found = mentions(value, pattern)
        if found and all(m.negated for m in found):
            return True
    if re.fullmatch(r"(?:no|none|nope|n/?a|not really|never|nil|negative)\W*", value):
        return True
    if _LEADING_NO.search(value):
        return True  # "no neuropathy", "no seizures since 2010"
    return bool(_NEG_AFTER.search(value)) and not _RECENT.search(_NEG_AFTER.sub("", value)
                                                               .replace("suspected", ""))


def is_past(text: str | None) -> bool:
    """Return whether text describes something finished ("not since 2015", "stopped in 2020")."""
    return bool(_PAST.search((text or "").lower()))


def is_recent(text: str | None, today: date, *, within_days: int = 182) -> bool:
    """Return whether text places something within the last within_days (words or a year)."""
    value = (text or "").lower()
    months = _MONTHS_AGO.search(value)
    if months:
        count = _WORD_NUMS.get(months.group(1)) or int(months.group(1))
        return count * 30 <= within_days
    if _RECENT.search(value):
        return True
    years = [int(y) for y in _YEAR.findall(value)]
    return bool(years) and max(years) >= today.year and not _PAST.search(value)
