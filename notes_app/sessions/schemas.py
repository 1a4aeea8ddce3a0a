"""The explicit JSON Schema of the autosave body (#13): types, lengths and ranges per field.

Built from validation.py's and markers.py's limits so there is one source for each number; the
allow-lists (muscles, techniques, knots) stay in those modules, which run after this passes.
"""
from __future__ import annotations

from notes_app.jsondata import LOOSE_EXTRA, flag, text, whole
from notes_app.sessions.markers import MAX_MARKERS, NOTE_MAX
from notes_app.sessions.validation import (
    LONG_TEXT,
    MAX_LONG,
    MAX_ROM,
    MAX_ROWS,
    RANGES,
    ROM_RANGES,
    ROW_RANGES,
    SHORT_TEXT,
)

CODE = text(40)


def _obj(properties: dict, max_properties: int = 40) -> dict:
    return {"type": "object", "properties": properties, "additionalProperties": LOOSE_EXTRA,
            "maxProperties": max_properties}


TECHNIQUE_ROW = _obj({
    "muscle_id": CODE, "side": CODE, "technique": CODE, "response": CODE,
    "warning_ack": flag(), **{k: whole(*b) for k, b in ROW_RANGES.items()},
    "proposal": flag(), "prefilled": {"type": ["array", "null"], "maxItems": 10, "items": CODE}})
ROM_ROW = _obj({"movement": text(100), "side": CODE, "limited_by_pain": flag(),
                **{k: whole(*b) for k, b in ROM_RANGES.items()}})
COORD = {"type": "number", "minimum": 0, "maximum": 1}
MARKER = _obj({
    "knot_id": CODE, "view": CODE, "x": COORD, "y": COORD, "muscle_id": CODE, "side": CODE,
    "kind": CODE, "after_status": CODE, "note": text(NOTE_MAX),
    "tenderness": {"type": ["integer", "null", "string"], "minimum": 0, "maximum": 10,
                   "maxLength": 0},
    "referral_reproduced": flag(), "warning_ack": flag(),
    "referral_zone_ids": {"type": ["array", "null"], "maxItems": 40, "items": CODE}})

NOTE = _obj({
    **{name: text(MAX_LONG) for name in LONG_TEXT},
    **{name: text(limit) for name, limit in SHORT_TEXT.items()},
    **{name: whole(*bounds) for name, bounds in RANGES.items()},
    "session_date": text(32),
    "positions": {"type": "array", "maxItems": 20, "items": CODE},
    "rom": {"type": ["array", "null"], "maxItems": MAX_ROM, "items": ROM_ROW},
    "techniques": {"type": ["array", "null"], "maxItems": MAX_ROWS, "items": TECHNIQUE_ROW},
    "markers": {"type": "array", "maxItems": MAX_MARKERS, "items": MARKER},
    "continued": {"type": ["object", "null"], "maxProperties": MAX_MARKERS,
                  "additionalProperties": CODE},
}, max_properties=60)

# With "resolve", the editor keeps this tab's version over another device's: {"note": ...}.
WRAPPED = {"type": "object", "required": ["note"], "additionalProperties": False, "properties": {
    "note": NOTE, "resolve": {"type": "boolean"},
    "base_version": {"type": ["integer", "string"], "maxLength": 12}, "writer": text(64)}}


def autosave_schema(body) -> dict:
    """Return the schema an autosave body must meet: the wrapped form or the bare note."""
    return WRAPPED if isinstance(body, dict) and "note" in body else NOTE
