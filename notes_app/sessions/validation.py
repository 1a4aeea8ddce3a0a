"""Positive validation of a session note's payload (R-I1): allowlists, ranges, lengths, no NUL.

Every failure names its field (`techniques.2.pressure`), so the editor can point at it.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from notes_app.clinical.muscles import MUSCLE_BY_ID
from notes_app.clinical.regions import REGION_BY_ID
from notes_app.clinical.techniques import CLIENT_POSITIONS, RESPONSES, SIDES, TECHNIQUE_BY_CODE
from notes_app.errors import DomainError
from notes_app.formtools import has_control

LONG_TEXT = ("chief_complaint", "changes_since_last", "response_to_last", "observations",
             "response", "goals_progress", "next_focus", "home_care", "referral")
SHORT_TEXT = {"interval": 100}
MAX_LONG = 20_000  # R-W4: a note body is at most 20,000 characters
MAX_ROWS, MAX_ROM = 60, 20
RANGES = {"pain_before": (0, 10), "pain_after": (0, 10), "pgic": (1, 7),
          "duration_minutes": (5, 300)}
ROW_RANGES = {"pressure": (1, 5), "client_intensity": (0, 10), "minutes": (0, 180),
              "hold_seconds": (0, 900), "reps": (1, 50)}
ROM_RANGES = {"before": (0, 360), "after": (0, 360)}
POSITION_CODES = frozenset(code for code, _ in CLIENT_POSITIONS)
SIDE_CODES = frozenset(code for code, _ in SIDES)
RESPONSE_CODES = frozenset(code for code, _ in RESPONSES)


class InvalidNote(DomainError):
    """A payload with one or more bad fields; errors maps field paths to messages."""

    def __init__(self, errors: dict[str, str], warnings: dict[str, list[str]] | None = None):
        first = next(iter(errors.values()), "Check the highlighted fields.")
        super().__init__(first, field=next(iter(errors), None))
        self.errors = errors
        self.warnings = warnings or {}


def _text(value, path: str, limit: int, errors: dict) -> str | None:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[path] = "Enter text."
        return None
    if has_control(value):
        errors[path] = "Remove the invisible control characters."
        return None
    if len(value) > limit:
        errors[path] = f"Keep this under {limit:,} characters (now {len(value):,})."
        return None
    return value.replace("\r\n", "\n")


def _int(value, path: str, bounds: tuple[int, int], errors: dict) -> int | None:
    """Return an integer within bounds, None for blank; record an error otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        errors[path] = "Enter a whole number."
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,6}", value.strip()):
        value = int(value.strip())
    if not isinstance(value, int):
        errors[path] = "Enter a whole number."
        return None
    low, high = bounds
    if not low <= value <= high:
        errors[path] = f"Enter a number from {low} to {high}."
        return None
    return value


def _bool(value) -> bool:
    return value is True or (isinstance(value, str) and value.lower() in ("1", "true", "on", "y"))


def _rows(value, path: str, limit: int, errors: dict) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        errors[path] = "Send a list of rows."
        return []
    if len(value) > limit:
        errors[path] = f"At most {limit} rows."
        return []
    return value


def clean_technique(raw: dict, path: str, errors: dict) -> dict | None:
    """Return one validated technique row, or None when its errors were recorded."""
    start = len(errors)
    area = raw.get("muscle_id")
    if area not in MUSCLE_BY_ID and area not in REGION_BY_ID:
        errors[f"{path}.muscle_id"] = "Pick a muscle or area from the list."
    if raw.get("side") not in SIDE_CODES:
        errors[f"{path}.side"] = "Pick left, right or both."
    if raw.get("technique") not in TECHNIQUE_BY_CODE:
        errors[f"{path}.technique"] = "Pick a technique from the list."
    row = {"muscle_id": area, "side": raw.get("side"), "technique": raw.get("technique")}
    for key, bounds in ROW_RANGES.items():
        row[key] = _int(raw.get(key), f"{path}.{key}", bounds, errors)
    if row["pressure"] is None and f"{path}.pressure" not in errors:
        errors[f"{path}.pressure"] = "Pick a pressure level from 1 to 5."
    response = raw.get("response") or ""
    if response and response not in RESPONSE_CODES:
        errors[f"{path}.response"] = "Pick a response from the list."
    row["response"] = response
    row["warning_ack"] = _bool(raw.get("warning_ack"))
    return row if len(errors) == start else None


def row_marks(raw_rows) -> list[str]:
    """Return the copy marks of a payload's technique rows, as copied_fields entries.

    "techniques.2" is a row still proposed from the last visit (not yet kept);
    "techniques.2.minutes" a dose the editor pre-filled that the therapist has not touched.
    """
    marks = []
    for i, raw in enumerate(raw_rows if isinstance(raw_rows, list) else []):
        if not isinstance(raw, dict):
            continue
        if raw.get("proposal") is True:
            marks.append(f"techniques.{i}")
        filled = raw.get("prefilled")
        for key in dict.fromkeys(filled if isinstance(filled, list) else []):
            if key in ROW_RANGES:
                marks.append(f"techniques.{i}.{key}")
    return marks


def clean_rom(raw: dict, path: str, errors: dict) -> dict | None:
    """Return one validated range-of-motion row, or None when its errors were recorded."""
    start = len(errors)
    movement = _text(raw.get("movement"), f"{path}.movement", 100, errors)
    if movement is not None and not movement.strip():
        errors[f"{path}.movement"] = "Name the movement measured."
    side = raw.get("side") or ""
    if side and side not in SIDE_CODES:
        errors[f"{path}.side"] = "Pick left, right, both or none."
    row = {"movement": (movement or "").strip(), "side": side,
           "limited_by_pain": _bool(raw.get("limited_by_pain"))}
    for key, bounds in ROM_RANGES.items():
        row[key] = _int(raw.get(key), f"{path}.{key}", bounds, errors)
    return row if len(errors) == start else None


def clean_payload(payload: dict, *, today: date, earliest: date | None = None,
                  first_visit: bool = False) -> dict:
    """Return the allow-listed, validated fields present in payload.

    :raises InvalidNote: naming every bad field.
    """
    if not isinstance(payload, dict):
        raise InvalidNote({"payload": "Send the note as a JSON object."})
    errors: dict[str, str] = {}
    out: dict = {}
    for name in LONG_TEXT:
        if name in payload:
            out[name] = _text(payload[name], name, MAX_LONG, errors)
    for name, limit in SHORT_TEXT.items():
        if name in payload:
            out[name] = (_text(payload[name], name, limit, errors) or "").strip()
    for name, bounds in RANGES.items():
        if name in payload:
            out[name] = _int(payload[name], name, bounds, errors)
    if "duration_minutes" in out and out["duration_minutes"] is None and "duration_minutes" \
            not in errors:
        errors["duration_minutes"] = "Enter the session length in minutes."
    if first_visit and out.get("pgic") is not None:
        errors["pgic"] = "The global impression of change is asked from the second visit on."
    if "session_date" in payload:
        out["session_date"] = _date(payload["session_date"], today, earliest, errors)
    if "positions" in payload:
        value = payload["positions"]
        if not isinstance(value, list) or any(p not in POSITION_CODES for p in value):
            errors["positions"] = "Pick positions from the list."
        else:
            out["positions"] = list(dict.fromkeys(value))
    if "rom" in payload:
        rows = _rows(payload["rom"], "rom", MAX_ROM, errors)
        out["rom"] = [r for i, raw in enumerate(rows) if (r := clean_rom(raw, f"rom.{i}", errors))]
    if "techniques" in payload:
        rows = _rows(payload["techniques"], "techniques", MAX_ROWS, errors)
        out["techniques"] = [r for i, raw in enumerate(rows)
                             if (r := clean_technique(raw, f"techniques.{i}", errors))]
    if errors:
        raise InvalidNote(errors)
    return out


def _date(value, today: date, earliest: date | None, errors: dict) -> date | None:
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        errors["session_date"] = "Enter a date like 2026-03-14."
        return None
    # R-I1: a session date is at most tomorrow (time zones), and not before the client was born.
    if day > today + timedelta(days=1) or (earliest is not None and day < earliest):
        errors["session_date"] = "Enter the date the session took place."
        return None
    return day


def payload_from_form(form) -> dict:
    """Turn the editor's form fields (no-JS fallback) into the JSON payload shape."""
    payload: dict = {k: form.get(k, "") for k in (*LONG_TEXT, *SHORT_TEXT, *RANGES, "session_date")
                     if k in form}
    payload["positions"] = form.getlist("positions")
    for prefix, key in (("t", "techniques"), ("rom", "rom")):
        rows: dict[int, dict] = {}
        for name, value in form.items(multi=True):
            match = re.fullmatch(rf"{prefix}-(\d{{1,3}})-(\w+)", name)
            if match:
                rows.setdefault(int(match.group(1)), {})[match.group(2)] = value
        payload[key] = [rows[i] for i in sorted(rows)]
    return payload
