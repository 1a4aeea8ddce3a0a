"""Body-region vocabulary shared by intake (sites to avoid), the body map and aftercare."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    """A named area of the body that an intake can flag and the map can shade."""

    id: str
    label: str
    views: tuple[str, ...]  # which map views show it: "front", "back" or both
    side: str  # "L", "R" or "M" (midline / both sides at once)


def _pair(base: str, label: str, views: tuple[str, ...]) -> list[Region]:
    return [
        Region(f"{base}_left", f"{label} (left)", views, "L"),
        Region(f"{base}_right", f"{label} (right)", views, "R"),
    ]


REGIONS: tuple[Region, ...] = tuple(
    [
        Region("head", "Head", ("front", "back"), "M"),
        Region("face", "Face and jaw", ("front",), "M"),
        Region("neck_front", "Front of the neck", ("front",), "M"),
        Region("neck_back", "Back of the neck", ("back",), "M"),
        *_pair("shoulder", "Shoulder", ("front", "back")),
        Region("chest", "Chest", ("front",), "M"),
        Region("abdomen", "Abdomen", ("front",), "M"),
        Region("upper_back", "Upper back", ("back",), "M"),
        Region("mid_back", "Mid back", ("back",), "M"),
        Region("lower_back", "Lower back", ("back",), "M"),
        *_pair("upper_arm", "Upper arm", ("front", "back")),
        *_pair("forearm", "Forearm", ("front", "back")),
        *_pair("hand", "Hand", ("front", "back")),
        *_pair("hip", "Hip", ("front", "back")),
        Region("groin", "Groin", ("front",), "M"),
        *_pair("buttock", "Buttock", ("back",)),
        *_pair("thigh", "Thigh", ("front", "back")),
        *_pair("knee", "Knee", ("front", "back")),
        *_pair("lower_leg", "Lower leg (calf and shin)", ("front", "back")),
        *_pair("foot", "Foot", ("front", "back")),
    ]
)

REGION_BY_ID: dict[str, Region] = {r.id: r for r in REGIONS}


def region_choices() -> list[tuple[str, str]]:
    """Return (id, label) pairs for a pick-list."""
    return [(r.id, r.label) for r in REGIONS]
