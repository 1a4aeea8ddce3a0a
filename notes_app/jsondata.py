"""Reading untrusted JSON (#13): valid Unicode, bounded depth, finite numbers, then a JSON Schema.

Flask-free, so services and the web edge share it. Every refusal names the offending field
(`techniques.2.pressure`) so a page or script can point at it.
"""
from __future__ import annotations

import json
import re

from jsonschema import Draft202012Validator

MAX_DEPTH = 32
# A lone surrogate is not Unicode: it cannot be encoded, stored in PostgreSQL or rendered.
SURROGATE = re.compile("[\ud800-\udfff]")


class InvalidJSON(ValueError):
    """Untrusted JSON that was refused; status 400 (unreadable) or 422 (wrong shape)."""

    def __init__(self, field: str, message: str, status: int = 422,
                 errors: dict[str, str] | None = None):
        super().__init__(message)
        self.field, self.message, self.status = field or "body", message, status
        self.errors = errors or {self.field: message}

    def as_dict(self) -> dict:
        """Return the JSON error answer: the first bad field, and every bad field's message."""
        return {"error": "bad_request" if self.status == 400 else "invalid",
                "field": self.field, "message": self.message, "errors": self.errors}


def _refuse_constant(name: str):
    raise InvalidJSON("body", f"{name} is not a number JSON allows.", 400)


def _walk(value, path: str = "", depth: int = 0) -> None:
    """Refuse lone surrogates anywhere (keys too) and nesting deeper than MAX_DEPTH."""
    stack = [(value, path, depth)]
    while stack:
        item, where, level = stack.pop()
        if level > MAX_DEPTH:
            raise InvalidJSON(where or "body", f"Nested deeper than {MAX_DEPTH} levels.", 400)
        if isinstance(item, str):
            if SURROGATE.search(item):
                raise InvalidJSON(where or "body", "This text is not valid Unicode.", 400)
        elif isinstance(item, dict):
            for key, sub in item.items():
                name = f"{where}.{key}" if where else str(key)
                if SURROGATE.search(key):
                    raise InvalidJSON(where or "body", "A key is not valid Unicode.", 400)
                stack.append((sub, name, level + 1))
        elif isinstance(item, list):
            stack.extend((sub, f"{where}.{i}" if where else str(i), level + 1)
                         for i, sub in enumerate(item))


def loads(raw: bytes | str, field: str = "body"):
    """Parse JSON text that must be valid UTF-8 and Unicode, finite and at most MAX_DEPTH deep.

    :raises InvalidJSON: with status 400, naming field (or the path inside it).
    """
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidJSON(field, "The body is not valid UTF-8.", 400) from exc
    try:
        data = json.loads(raw, parse_constant=_refuse_constant)
    except InvalidJSON:
        raise
    except RecursionError as exc:  # the parser's own stack: far deeper than anything we accept
        raise InvalidJSON(field, f"Nested deeper than {MAX_DEPTH} levels.", 400) from exc
    except ValueError as exc:  # also integers longer than Python's digit limit
        raise InvalidJSON(field, "This is not readable JSON.", 400) from exc
    _walk(data, "" if field == "body" else field)
    return data


def _message(error) -> str:
    kind, value = error.validator, error.validator_value
    if kind == "type":
        wanted = value if isinstance(value, list) else [value]
        names = {"string": "text", "integer": "a whole number", "number": "a number",
                 "boolean": "true or false", "array": "a list", "object": "an object",
                 "null": "empty"}
        return "Expected " + " or ".join(names.get(w, w) for w in wanted) + "."
    if kind == "maxLength":
        return f"Keep this under {value:,} characters."
    if kind == "maxItems":
        return f"At most {value} items."
    if kind in ("minimum", "maximum"):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        return f"Enter a number from {low} to {high}."
    if kind == "enum":
        return "Pick one of the listed values."
    if kind == "maxProperties":
        return "Too many fields."
    if kind == "pattern" and value == NO_CONTROL:
        return "Remove the invisible control characters."
    if kind == "additionalProperties":
        return "Unknown field."
    return "This value is not accepted here."


def check(data, schema: dict, field: str = "") -> None:
    """Validate parsed JSON against a schema; raises InvalidJSON (422) naming every bad field."""
    found: dict[str, str] = {}
    for error in Draft202012Validator(schema).iter_errors(data):
        path = ".".join(str(p) for p in (field, *error.absolute_path) if p != "") or "body"
        found.setdefault(path, _message(error))
    if found:
        first = min(found)
        raise InvalidJSON(first, found[first], 422, found)


def load_checked(raw: bytes | str, schema: dict, field: str = "body"):
    """Parse and validate untrusted JSON text in one step."""
    data = loads(raw, field)
    check(data, schema, "" if field == "body" else field)
    return data


# --- Schema pieces --------------------------------------------------------------------------

# One rule for forms (formtools.BaseForm) and JSON: PostgreSQL refuses NUL, and control
# characters hide text. Tab, newline and carriage return are allowed.
CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
NO_CONTROL = f"^[^{CONTROL_CHARS}]*$"


def text(limit: int, *, nullable: bool = True) -> dict:
    """Return a schema for text up to limit characters, without control characters."""
    return {"type": ["string", "null"] if nullable else "string", "maxLength": limit,
            "pattern": NO_CONTROL}


def whole(low: int, high: int) -> dict:
    """Return a schema for an optional whole number in [low, high]."""
    return {"type": ["integer", "null"], "minimum": low, "maximum": high}


def flag() -> dict:
    """Return a schema for a tick box (true/false, or the form strings a script may send)."""
    return {"type": ["boolean", "null", "string"], "maxLength": 5}


# Keys a schema does not name may carry only small scalars, never structures.
LOOSE_EXTRA = {"type": ["string", "number", "boolean", "null"], "maxLength": 200}
