"""Body-region vocabulary shared by intake (sites to avoid), the body map and aftercare."""
from __future__ import annotations

from dataclasses import dataclass

from notes_app.clinical.i18n_marker import N_


@dataclass(frozen=True)
class Region:
    """A named area of the body that an intake can flag and the map can shade."""

    id: str
    label: str
    views: tuple[str, ...]  # which map views show it: "front", "back" or both
    side: str  # "L", "R" or "M" (midline / both sides at once)


def _pair(base: str, left: str, right: str, views: tuple[str, ...]) -> list[Region]:
    return [Region(f"{base}_left", left, views, "L"), Region(f"{base}_right", right, views, "R")]


REGIONS: tuple[Region, ...] = tuple(
    [
        Region("head", N_("Head"), ("front", "back"), "M"),
        Region("face", N_("Face and jaw"), ("front",), "M"),
        Region("neck_front", N_("Front of the neck"), ("front",), "M"),
        Region("neck_back", N_("Back of the neck"), ("back",), "M"),
        *_pair("shoulder", N_("Shoulder (left)"), N_("Shoulder (right)"), ("front", "back")),
        Region("chest", N_("Chest"), ("front",), "M"),
        Region("abdomen", N_("Abdomen"), ("front",), "M"),
        Region("upper_back", N_("Upper back"), ("back",), "M"),
        Region("mid_back", N_("Mid back"), ("back",), "M"),
        Region("lower_back", N_("Lower back"), ("back",), "M"),
        *_pair("upper_arm", N_("Upper arm (left)"), N_("Upper arm (right)"), ("front", "back")),
        *_pair("forearm", N_("Forearm (left)"), N_("Forearm (right)"), ("front", "back")),
        *_pair("hand", N_("Hand (left)"), N_("Hand (right)"), ("front", "back")),
        *_pair("hip", N_("Hip (left)"), N_("Hip (right)"), ("front", "back")),
        Region("groin", N_("Groin"), ("front",), "M"),
        *_pair("buttock", N_("Buttock (left)"), N_("Buttock (right)"), ("back",)),
        *_pair("thigh", N_("Thigh (left)"), N_("Thigh (right)"), ("front", "back")),
        *_pair("knee", N_("Knee (left)"), N_("Knee (right)"), ("front", "back")),
        *_pair("lower_leg", N_("Lower leg (calf and shin) (left)"),
               N_("Lower leg (calf and shin) (right)"), ("front", "back")),
        *_pair("foot", N_("Foot (left)"), N_("Foot (right)"), ("front", "back")),
    ]
)

REGION_BY_ID: dict[str, Region] = {r.id: r for r in REGIONS}


def region_choices() -> list[tuple[str, str]]:
    """Return (id, label) pairs for a pick-list."""
    return [(r.id, r.label) for r in REGIONS]
