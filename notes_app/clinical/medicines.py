"""Medicine names recognised in free text, loaded from data/medicines.json (names with a source).

A medicine named in the intake's medication text raises the same flag as ticking its box, unless
the text says it was stopped or is not taken ("stopped warfarin", "not on blood thinners").
"""
from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from notes_app.clinical.textscan import compile_terms, positive

DATA_FILE = Path(__file__).with_name("data") / "medicines.json"


@lru_cache(maxsize=1)
def library() -> dict[str, Any]:
    """Return the medicines data file as loaded (classes, source, reviewer)."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@cache
def _pattern(flag: str) -> re.Pattern[str] | None:
    names = library()["classes"].get(flag, {}).get("names")
    return compile_terms(names) if names else None


def named_in(text: str | None, flag: str) -> list[str]:
    """Return the medicines of class flag that text says are taken (not negated, not stopped)."""
    pattern = _pattern(flag)
    if pattern is None or not text:
        return []
    return [m.term for m in positive(text, pattern) if not m.past]
