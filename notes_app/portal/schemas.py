"""The explicit JSON Schema of the check-in map's points (#13), shared by the form and service."""
from __future__ import annotations

from notes_app.clinical.bodymap import VIEWS

MAX_POINTS = 20
COORD = {"type": "number", "minimum": 0, "maximum": 1}
POINTS = {"type": "array", "maxItems": MAX_POINTS, "items": {
    "type": "object", "required": ["view", "x", "y"], "additionalProperties": False,
    "properties": {"view": {"enum": list(VIEWS)}, "x": COORD, "y": COORD}}}

UNREADABLE = "The map points could not be read. Clear the map and tap again."
OUTSIDE = "A map point lies outside the body map. Clear the map and tap again."


def points_message(exc) -> str:
    """Return what the client reads when the points fail the schema (an InvalidJSON)."""
    if exc.message.startswith("At most"):
        return f"Mark at most {MAX_POINTS} places."
    if exc.field.endswith((".x", ".y")) or "not a number JSON allows" in exc.message:
        return OUTSIDE
    return UNREADABLE
