"""Technique pick-list and the small vocabularies of a treatment line (domain §2.1-2.2)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Technique:
    """A hands-on technique a therapist can log against an area."""

    code: str
    name: str
    description: str
    record: str  # what to note besides area, side, pressure and intensity
    caution: str
    deep: bool  # deep or point work: warn near endangerment sites and under MODIFY rules
    point_work: bool  # aimed at one spot or band rather than a broad area


def _t(code, name, description, record, caution="", deep=False, point_work=False) -> Technique:
    return Technique(code, name, description, record, caution, deep, point_work)


TECHNIQUES: tuple[Technique, ...] = (
    _t("EFF", "Effleurage",
       "Long gliding strokes with lubricant, building from light to deeper; warms up, assesses, "
       "links and closes.", "Minutes, direction of strokes"),
    _t("PET", "Petrissage",
       "Kneading: grasping, lifting, squeezing, wringing or rolling the tissue, skin rolling "
       "included.", "Minutes"),
    _t("FRI", "Friction",
       "Small circular or compressive strokes that move the surface over deeper layers without "
       "gliding; little or no lubricant.", "Minutes"),
    _t("XFF", "Cross-fibre friction",
       "Friction across the fibre direction at one precise site, without lubricant.",
       "Minutes, site", "Can be uncomfortable; not over acute inflammation.", True, True),
    _t("CMP", "Compression",
       "Rhythmic broad pressing and releasing with the palm or fist into deeper tissue.",
       "Minutes"),
    _t("TAP", "Tapotement",
       "Rhythmic percussion such as hacking, cupped hands or tapping; stimulating.", "Seconds",
       "Not a trigger-point technique; keep off the kidney area and bony points."),
    _t("VIB", "Vibration and rocking",
       "Fast oscillation of tissue, or rhythmic rocking or shaking of a limb.", "Seconds"),
    _t("ISC", "Ischaemic compression",
       "Steady pressure straight into the trigger point until tenderness or tension eases, "
       "typically 30-90 s, repeated if needed; gentler 'pressure release' variants work at the "
       "tissue barrier.",
       "Seconds x reps, intensity 0-10 before and after, referral reproduced, release felt",
       "Follow with a gentle stretch. No point pressure on endangerment sites.", True, True),
    _t("STP", "Stripping",
       "Slow, lubricated stroke with sustained pressure along the length of the taut band, "
       "usually several passes.", "Passes, intensity",
       "Stay off endangerment sites.", True, True),
    _t("NMT", "Neuromuscular technique",
       "A systematic search of a muscle for trigger points, treated with compression and "
       "stripping.", "As for ischaemic compression and stripping",
       "Stay off endangerment sites.", True, True),
    _t("MFR", "Myofascial release",
       "A slow, low-load stretch or shear of the fascia held for about 1-2 minutes until it "
       "softens; little or no lubricant.", "Seconds held, direction"),
    _t("PNS", "Pin and stretch",
       "Tissue held under a contact, usually shortened, then lengthened passively or by the "
       "client's own movement.", "Reps, active or passive",
       "Use the generic name; 'Active Release' is a proprietary certified method.", True, True),
    _t("MET", "Muscle energy technique",
       "From the barrier the client gently contracts the muscle (10-20 % effort, 5-10 s), then "
       "relaxes while the therapist takes up the slack; 3-5 rounds.",
       "Effort %, contraction seconds, reps, range before and after", "Low force; client-active."),
    _t("PNF", "PNF stretching",
       "Hold-relax or contract-relax: a 5-10 s contraction from a stretched position, relax, move "
       "into the new range; 2-3 rounds.", "Reps, range of motion"),
    _t("PRS", "Positional release",
       "Keep a finger on the tender point and move the part into the position where tenderness "
       "drops; hold 30-90 s and return slowly.", "Seconds held, position",
       "Gentle; suits acute or irritable tissue.", False, True),
    _t("STS", "Static stretch",
       "Lengthen to mild tension and hold without bouncing.", "Seconds held x reps"),
    _t("SPR", "Spray or ice and stretch",
       "Vapocoolant spray or ice strokes over the muscle and its referral zone, then a passive "
       "stretch.", "Area, stretch", "Caution with cold sensitivity or Raynaud's."),
    _t("CUP", "Cupping",
       "Cups lift the tissue with suction, left static for a few minutes or glided with oil.",
       "Minutes, cup size, static or sliding, marks noted",
       "Marks are common and must be disclosed; needs specific consent. Not with blood thinners, "
       "bleeding disorders, fragile or broken skin, varicose veins or cancerous lesions.",
       True, False),
    _t("IAS", "Instrument-assisted soft-tissue work",
       "Rigid hand-held instruments stroked along or across the tissue.",
       "Instrument, strokes per minute",
       "Redness or petechiae possible; same bleeding cautions as cupping.", True, False),
    _t("THM", "Heat or cold", "A hot pack or ice before or after the work.", "Minutes",
       "Follow the heat and ice guidance."),
    _t("ROM", "Joint movement", "Passive or active movement through range to assess and integrate.",
       "Range before and after"),
)

TECHNIQUE_BY_CODE: dict[str, Technique] = {t.code: t for t in TECHNIQUES}
DEEP_CODES: frozenset[str] = frozenset(t.code for t in TECHNIQUES if t.deep)


def technique_choices() -> list[tuple[str, str]]:
    """Return (code, name) pairs in pick-list order."""
    return [(t.code, t.name) for t in TECHNIQUES]


# Therapist-applied pressure (§2.2a): an ordinal practice convention, not a validated scale.
PRESSURE_LEVELS: tuple[tuple[int, str], ...] = (
    (1, "Light"),
    (2, "Light-medium"),
    (3, "Medium / firm"),
    (4, "Deep"),
    (5, "Very deep / specific"),
)
PRESSURE_HINTS: dict[int, str] = {
    1: "Skin and surface; lotion application",
    2: "Superficial muscle; relaxation strokes",
    3: "Muscle belly; most Swedish work",
    4: "Deep layers with forearm, elbow or knuckle",
    5: "Sustained point pressure on a small area",
}
CLIENT_POSITIONS: tuple[tuple[str, str], ...] = (
    ("prone", "Prone"),
    ("supine", "Supine"),
    ("side_lying_left", "Side-lying, left side down"),
    ("side_lying_right", "Side-lying, right side down"),
    ("seated", "Seated"),
)
SIDES: tuple[tuple[str, str], ...] = (("L", "Left"), ("R", "Right"), ("B", "Both"))
CONTACTS: tuple[tuple[str, str], ...] = (
    ("fingers", "Fingers"), ("thumb", "Thumb"), ("knuckle", "Knuckle"), ("palm", "Palm"),
    ("fist", "Fist"), ("forearm", "Forearm"), ("elbow", "Elbow"), ("tool", "Tool"),
)
RESPONSES: tuple[tuple[str, str], ...] = (
    ("released", "Released"),
    ("reduced", "Reduced"),
    ("unchanged", "Unchanged"),
    ("increased", "Increased"),
)
DEFAULT_INTENSITY_CEILING = 7  # §2.2b: the usual upper edge before the client braces
