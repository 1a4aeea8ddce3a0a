"""Trigger-point muscle catalogue (domain §1.2-1.3): default map positions and referral zones.

Referral patterns describe what is typical, not what a client has (domain §0); all text is ours.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

CAUSE_TAGS = ("POS", "OVR", "STR", "INA", "HYD", "SLP", "INJ")
REGION_GROUPS: tuple[tuple[str, str], ...] = (
    ("neck_head", "Neck and head"),
    ("shoulder_upper_back", "Shoulder and upper back"),
    ("chest", "Chest"),
    ("mid_low_back", "Mid and low back"),
    ("hip_pelvis", "Hip and pelvis"),
)
VIEWS = ("front", "back")


@dataclass(frozen=True)
class Muscle:
    """A muscle that commonly harbours trigger points, with where to draw it and where it refers."""

    id: str
    name: str
    region: str
    view: str
    y: float
    dx: float
    cause_tags: tuple[str, ...]
    referral: tuple[tuple[str, str], ...]  # (zone_id, "essential" | "spillover")
    trp_location: str
    referral_summary: str
    perpetuating_factors: tuple[str, ...]
    alt_positions: tuple[tuple[str, float, float], ...] = ()  # extra (view, y, dx)

    @property
    def views(self) -> tuple[str, ...]:
        """Return every view this muscle can be drawn on, default first."""
        return (self.view, *(v for v, _, _ in self.alt_positions))

    def zone_ids(self, kind: str | None = None) -> tuple[str, ...]:
        """Return referral zone ids, optionally only those of one kind."""
        return tuple(z for z, k in self.referral if kind is None or k == kind)


def _m(id, name, region, view, y, dx, tags, zones, trp, summary, factors, alt=()) -> Muscle:
    # zones is a space-separated list; a leading "~" marks a spillover zone.
    referral = tuple(
        (z[1:], "spillover") if z.startswith("~") else (z, "essential") for z in zones.split()
    )
    return Muscle(id, name, region, view, y, dx, tuple(tags.split()), referral, trp, summary,
                  tuple(factors), tuple(alt))


NH, SU, CH, ML, HP = (g for g, _ in REGION_GROUPS)

MUSCLES: tuple[Muscle, ...] = (
    _m("UT", "Upper trapezius", NH, "back", 0.165, 0.120, "POS STR OVR SLP",
       "posterolateral_neck mastoid temple ~behind_eye ~jaw_angle",
       "Free upper border halfway between C7 and the shoulder tip; a second spot just below",
       "Up the side of the neck to behind the ear and over to the temple; a common source of "
       "tension headaches",
       ("shoulders hunched up at a desk that is too high", "phone held between ear and shoulder",
        "heavy bag or bra straps", "head-forward posture", "stress", "cold draughts"),
       alt=(("front", 0.17, 0.13),)),
    _m("SCM", "Sternocleidomastoid", NH, "front", 0.135, 0.050, "POS INJ SLP",
       "occiput cheek_maxilla behind_eye forehead ear_deep ~vertex ~throat ~sternum ~mastoid",
       "Along either head of the muscle on the front and side of the neck",
       "Head and face pain: back and top of the head, cheek, around the eye, forehead and deep "
       "in the ear; may bring dizziness",
       ("head-forward posture", "long spells looking up or turned to one side", "whiplash",
        "a lingering cough")),
    _m("SCA", "Scalenes", NH, "front", 0.155, 0.075, "POS STR OVR SLP INJ",
       "anterior_chest medial_scapular_border lateral_arm thumb_index ~radial_forearm",
       "Side of the neck behind the SCM, just above the collarbone",
       "Chest, inner edge of the shoulder blade and down the outer arm to the thumb and index "
       "finger; can look like a nerve problem",
       ("upper-chest breathing", "asthma or chronic cough", "working with the arms held forward",
        "carrying heavy loads", "sleeping with the head low", "whiplash")),
    _m("SPC", "Splenius capitis", NH, "back", 0.110, 0.050, "POS INJ SLP", "vertex",
       "Upper back of the neck, just below and inside the mastoid",
       "Top of the head on the same side",
       ("head held forward or turned for long periods", "whiplash", "cold draughts",
        "a pillow that props the neck")),
    _m("SPCV", "Splenius cervicis", NH, "back", 0.145, 0.050, "POS SLP INJ",
       "behind_eye angle_of_neck ~occiput ~posterolateral_neck",
       "Around the angle of the neck near C7",
       "Diffuse head pain that gathers behind the eye, plus pain at the angle of the neck",
       ("head-forward posture", "sleeping with the neck bent", "working with the head turned",
        "whiplash")),
    _m("SOC", "Suboccipitals", NH, "back", 0.095, 0.030, "POS STR INJ",
       "occiput behind_eye ~forehead ~temple",
       "Just under the base of the skull, a few centimetres either side of the midline",
       "A deep, band-like headache from the back of the head toward the eye and forehead",
       ("screen work with the chin poking forward", "eye strain or new glasses", "stress",
        "whiplash")),
    _m("MAS", "Masseter", NH, "front", 0.105, 0.060, "STR OVR POS",
       "upper_teeth lower_teeth cheek_maxilla tmj ~eyebrow ~ear_deep",
       "Cheek muscle between the cheekbone and the angle of the jaw",
       "Teeth and jaw, 'sinus'-like cheek pain, the jaw joint, eyebrow and ear",
       ("clenching or grinding", "chewing gum", "stress", "long dental appointments",
        "head-forward posture")),
    _m("TMP", "Temporalis", NH, "front", 0.055, 0.075, "STR OVR",
       "temple eyebrow upper_teeth ~behind_eye",
       "Temple, above and in front of the ear",
       "Temple, along the eyebrow, behind the eye and into the upper teeth",
       ("clenching or grinding", "stress", "tight hats or helmets",
        "knots in the neck muscles that feed it")),
    _m("MT", "Middle trapezius", SU, "back", 0.220, 0.055, "POS OVR",
       "interscapular ~suprascapular",
       "Between the spine and the inner edge of the shoulder blade, about T1-T3",
       "Burning pain toward the spine between the shoulder blades; sometimes the shoulder top",
       ("rounded shoulders with tight chest muscles", "long periods reaching forward")),
    _m("LT", "Lower trapezius", SU, "back", 0.290, 0.095, "POS",
       "posterolateral_neck mastoid suprascapular ~medial_scapular_border",
       "Lower fibres near the inner edge of the lower shoulder blade",
       "Up to the back of the neck and behind the ear, and an ache over the top of the shoulder "
       "blade",
       ("slumped sitting", "reaching forward for long periods", "leaning on the elbows")),
    _m("LS", "Levator scapulae", SU, "back", 0.185, 0.085, "POS SLP STR OVR",
       "angle_of_neck ~medial_scapular_border ~posterior_deltoid",
       "Angle of the neck and just above the top corner of the shoulder blade",
       "Where the neck meets the shoulder and down the inner edge of the shoulder blade; a "
       "classic stiff neck",
       ("phone held on the shoulder", "sleeping with the neck twisted", "head-forward posture",
        "stress", "a monitor off to one side")),
    _m("RH", "Rhomboids", SU, "back", 0.245, 0.060, "POS OVR",
       "interscapular medial_scapular_border ~suprascapular",
       "Just inside the inner edge of the shoulder blade, about T2-T5",
       "A surface ache between the shoulder blades along their inner edge",
       ("rounded-shoulder desk posture", "long forward work", "backpacks and shoulder bags")),
    _m("SSP", "Supraspinatus", SU, "back", 0.190, 0.130, "OVR POS",
       "mid_deltoid lateral_epicondyle ~lateral_arm ~radial_forearm",
       "Above the spine of the shoulder blade; also near its attachment on the arm",
       "Deep ache in the outer shoulder running down the arm to the outer elbow",
       ("carrying heavy loads with the arm hanging", "working with the arms raised",
        "a keyboard set too high")),
    _m("ISP", "Infraspinatus", SU, "back", 0.235, 0.130, "OVR SLP",
       "anterior_shoulder ~lateral_arm ~radial_forearm ~thumb_index ~medial_scapular_border",
       "Below the spine of the shoulder blade, often several spots",
       "Deep in the front of the shoulder and down the front-outer arm toward the thumb",
       ("reaching behind (back seat, bedside table)", "throwing and racket sports",
        "sleeping on that side", "a new weights routine")),
    _m("TMI", "Teres minor", SU, "back", 0.245, 0.165, "OVR",
       "posterior_deltoid ~ring_little_fingers",
       "Upper part of the outer edge of the shoulder blade",
       "A deep, localised ache at the back of the shoulder; sometimes tingling in the last two "
       "fingers",
       ("repeated overhead or behind-the-back reaching",)),
    _m("TMA", "Teres major", SU, "back", 0.285, 0.145, "OVR",
       "posterior_deltoid posterior_arm ~dorsal_forearm",
       "Lower outer edge of the shoulder blade near its tip",
       "Back of the shoulder and over the back of the upper arm",
       ("pulling work such as rowing", "heavy steering", "chopping wood")),
    _m("SSC", "Subscapularis", SU, "front", 0.240, 0.185, "OVR INJ INA",
       "posterior_deltoid wrist_band ~suprascapular ~posterior_arm",
       "Rib-side surface of the shoulder blade, reached through the armpit",
       "Back of the shoulder and arm, with a typical band of pain around the wrist",
       ("repeated throwing or swimming", "lifting overhead", "an arm kept in a sling",
        "a fall on an outstretched hand")),
    _m("LD", "Latissimus dorsi", SU, "back", 0.270, 0.195, "OVR",
       "inferior_scapular_angle mid_thoracic ~posterior_deltoid ~medial_arm ~ulnar_forearm "
       "~ring_little_fingers",
       "Back fold of the armpit around mid-shoulder-blade level",
       "Below the tip of the shoulder blade and the mid back, sometimes down the inner arm to "
       "the little finger",
       ("pull-ups and pulling down", "throwing", "shovelling", "repeated reaching up and forward")),
    _m("SPS", "Serratus posterior superior", SU, "back", 0.205, 0.075, "POS OVR SLP",
       "suprascapular posterior_deltoid ~posterior_arm ~ulnar_forearm ~ring_little_fingers",
       "Under the upper inner shoulder blade, about ribs 2-5",
       "A constant deep ache under the upper shoulder blade, sometimes down the back of the arm "
       "to the little finger",
       ("coughing or laboured breathing", "slumped desk work", "lifting with the arms out",
        "sleeping on that side")),
    _m("SA", "Serratus anterior", CH, "front", 0.290, 0.170, "OVR",
       "anterior_chest inferior_scapular_angle ~medial_arm ~ulnar_forearm ~ring_little_fingers",
       "Side of the chest over ribs 5-6",
       "Side of the chest and inside the tip of the shoulder blade; hurts on a deep breath",
       ("long or fast runs", "push-ups and chin-ups", "heavy overhead lifting", "severe coughing")),
    _m("PMJ", "Pectoralis major", CH, "front", 0.235, 0.090, "POS STR SLP OVR",
       "anterior_chest anterior_shoulder ~medial_arm ~medial_elbow ~ring_little_fingers ~breast",
       "Below the collarbone, beside the breastbone and along the front fold of the armpit",
       "Front of the chest and shoulder, sometimes the inner arm to the elbow; a left-sided "
       "pattern must first be cleared of heart causes",
       ("rounded shoulders", "slumped sitting", "lifting in front of the body",
        "anxious chest breathing", "sleeping with the arm across the chest")),
    _m("PMN", "Pectoralis minor", CH, "front", 0.220, 0.140, "POS STR OVR",
       "anterior_shoulder anterior_chest ~medial_arm ~ring_little_fingers",
       "Just below the coracoid and over ribs 3-5, under pectoralis major",
       "Front of the shoulder and chest, sometimes down the inner arm to the last fingers",
       ("rounded shoulders", "desk work", "crutches", "backpack straps", "chest breathing")),
    _m("ICT", "Iliocostalis thoracis", ML, "back", 0.275, 0.060, "POS OVR INJ",
       "mid_thoracic ~abdomen ~suprascapular ~lumbar",
       "Outer column of the spinal muscles at mid-back (about T6) and lower (about T11)",
       "Toward the spine at mid-back, sometimes through to the abdomen",
       ("lifting while bent and twisted", "long slumped or bent postures", "cold")),
    _m("ICL", "Iliocostalis lumborum", ML, "back", 0.365, 0.070, "POS OVR INA",
       "buttock",
       "Outer column of the spinal muscles near L1",
       "Down into the middle of the buttock",
       ("lifting while bent and twisted", "long slumped postures", "long hours sitting")),
    _m("LGT", "Longissimus thoracis", ML, "back", 0.335, 0.040, "POS OVR",
       "sacroiliac buttock",
       "Spinal muscle column close to the spine, about T10-L1",
       "Well below the spot, to the sacroiliac area and buttock",
       ("lifting while bent and twisted", "long slumped or bent postures")),
    _m("MF", "Multifidus", ML, "back", 0.430, 0.025, "POS OVR INJ",
       "lumbar coccyx ~sacrum ~abdomen",
       "Deep beside the spinous processes, commonly L4-S1",
       "Around the spine at that level, and from the lowest levels down to the tailbone",
       ("long bent-forward postures", "lifting while twisted", "disc problems")),
    _m("SPI", "Serratus posterior inferior", ML, "back", 0.345, 0.110, "OVR",
       "lower_ribs_flank",
       "Over the lower ribs (9-12), outside the spinal muscles",
       "A nagging local ache over the lower ribs; new pain here needs kidney causes ruled out",
       ("twisting while reaching or lifting", "coughing")),
    _m("QL", "Quadratus lumborum", ML, "back", 0.385, 0.110, "OVR POS INJ SLP",
       "sacroiliac buttock iliac_crest greater_trochanter ~abdomen ~groin ~lateral_thigh",
       "Between the lowest rib and the hip bone, outside the spinal muscles",
       "Sacroiliac joint, lower buttock and outer hip; turning over or standing up can be hard",
       ("lifting with a twist", "falls or car accidents", "a leg-length difference",
        "long spells bent over (gardening)", "a mattress that is too soft")),
    _m("GMX", "Gluteus maximus", HP, "back", 0.465, 0.060, "INA POS SLP INJ",
       "sacrum buttock coccyx ~sacroiliac",
       "Beside the sacrum, above the sitting bone and near the tailbone",
       "Local to the buttock, along the sacrum and at the tailbone; hard seats hurt",
       ("long hours sitting", "falls", "walking uphill bent forward",
        "sleeping curled on one side")),
    _m("GMD", "Gluteus medius", HP, "back", 0.420, 0.120, "SLP POS OVR INJ",
       "iliac_crest lumbar sacrum buttock ~lateral_thigh",
       "Just below the hip bone, front, middle and back parts",
       "Along the back of the hip bone, low back, sacrum and buttock",
       ("side-lying without a pillow between the knees", "walks on soft sand",
        "standing on one leg", "sitting on a wallet", "falls")),
    _m("GMN", "Gluteus minimus", HP, "back", 0.450, 0.160, "INA POS INJ",
       "buttock lateral_thigh posterior_thigh ~lateral_leg ~calf ~ankle",
       "Deep: below the front of the hip bone (front part) or above the piriformis (back part)",
       "Sciatica-like pain: lower buttock and down the outer or back of the leg, even to the ankle",
       ("long drives or long sitting", "limping", "a leg-length difference",
        "sitting cross-legged or on a wallet", "falls"),
       alt=(("front", 0.450, 0.170),)),
    _m("PIR", "Piriformis", HP, "back", 0.475, 0.140, "INA POS OVR INJ",
       "sacroiliac buttock ~posterior_thigh",
       "On the line from the edge of the sacrum to the top of the outer hip, outer part",
       "Sacroiliac area, buttock and back of the hip, sometimes the back of the thigh",
       ("long sitting or driving, especially on a wallet", "twisting under load",
        "sitting cross-legged", "falls")),
    _m("ILP", "Iliopsoas", HP, "front", 0.425, 0.120, "INA POS SLP OVR",
       "lumbar anterior_thigh groin ~sacroiliac ~buttock",
       "Iliacus just inside the front of the hip bone; psoas beside the rectus near the navel",
       "Up and down the low back on the same side into the upper buttock, and the front of the "
       "thigh; often worse standing",
       ("long hours sitting with the hips bent", "sleeping curled up",
        "repeated sit-ups or leg raises")),
    # Issue 16: zones from the Travell & Simons charts as summarised in domain.md's sources.
    _m("SSCP", "Semispinalis capitis", NH, "back", 0.115, 0.030, "POS STR INJ",
       "temple forehead occiput ~behind_eye",
       "Back of the neck just below the skull, beside the midline, under the splenius",
       "A band around one side of the head, worst at the temple and over the eye",
       ("head-forward posture", "long reading looking down", "whiplash", "cold draughts")),
    _m("TFL", "Tensor fasciae latae", HP, "front", 0.470, 0.165, "INA POS OVR",
       "lateral_thigh greater_trochanter",
       "Front of the outer hip, just below and outside the front point of the hip bone",
       "Outer hip and down the outside of the thigh towards the knee",
       ("long sitting with the hips bent", "running on banked roads", "sleeping curled up")),
    _m("HAM", "Hamstrings", HP, "back", 0.620, 0.085, "INA OVR INJ",
       "posterior_thigh buttock ~calf",
       "Middle of the back of the thigh (inner and outer hamstrings)",
       "Back of the thigh up to the lower buttock and down behind the knee",
       ("long sitting with pressure under the thighs", "sprinting", "a chair edge too high")),
    _m("SOL", "Soleus", HP, "back", 0.850, 0.085, "OVR INA INJ",
       "calf ankle ~sacroiliac",
       "Low in the calf under the gastrocnemius, a little above the heel",
       "Back of the heel and lower calf; sometimes the sacroiliac joint on the same side",
       ("high heels", "running uphill", "a tight calf after an ankle injury")),
)

MUSCLE_BY_ID: dict[str, Muscle] = {m.id: m for m in MUSCLES}


def side_sign(view: str, side: str) -> int:
    """Return +1 if the client's side is drawn right of the midline on a view, else -1."""
    # Domain §1.1: on the back view the client's right is on the viewer's right; the front view
    # is a mirror image. Getting this wrong is the classic body-map bug, so it lives only here.
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    if side not in ("R", "L"):
        raise ValueError(f"side must be 'R' or 'L', not {side!r}")
    return 1 if (view == "back") == (side == "R") else -1


def side_x(view: str, side: str, dx: float) -> float:
    """Return the drawn x for a lateral offset dx on the client's side in a view."""
    return 0.5 + side_sign(view, side) * dx


def _placements(m: Muscle) -> list[tuple[str, float, float]]:
    return [(m.view, m.y, m.dx), *m.alt_positions]


def marker_position(muscle_id: str, side: str, view: str | None = None) -> tuple[float, float]:
    """Return the default (x, y) of a muscle's marker on one side.

    :raises KeyError: for an unknown muscle; ValueError if it is not drawn on that view.
    """
    m = MUSCLE_BY_ID[muscle_id]
    for v, y, dx in _placements(m):
        if view is None or v == view:
            return side_x(v, side, dx), y
    raise ValueError(f"{muscle_id} has no position on the {view} view")


def positions(muscle_id: str) -> list[tuple[str, str, float, float]]:
    """Return every default (view, side, x, y) for a muscle."""
    m = MUSCLE_BY_ID[muscle_id]
    return [(v, s, side_x(v, s, dx), y) for v, y, dx in _placements(m) for s in ("R", "L")]


def physical_distance(x1: float, y1: float, x2: float, y2: float) -> float:
    """Return the distance between two map points in units of figure height."""
    # An x-unit is half a y-unit physically (the figure box is 1:2), so halve x differences.
    return math.hypot((x1 - x2) / 2, y1 - y2)


def nearest_muscles(view: str, x: float, y: float, limit: int = 5) -> list[tuple[str, str, float]]:
    """Return up to limit (muscle_id, side, distance) on a view, nearest default marker first."""
    best: dict[tuple[str, str], float] = {}
    for m in MUSCLES:
        for v, side, mx, my in positions(m.id):
            if v == view:
                d = physical_distance(x, y, mx, my)
                best[(m.id, side)] = min(d, best.get((m.id, side), d))
    ranked = sorted(best.items(), key=lambda item: item[1])
    return [(mid, side, d) for (mid, side), d in ranked[:limit]]


def muscles_referring_to(zone_id: str) -> list[tuple[str, str]]:
    """Return (muscle_id, kind) for muscles that refer to a zone, essential ones first."""
    hits = [(m.id, k) for m in MUSCLES for z, k in m.referral if z == zone_id]
    return sorted(hits, key=lambda hit: hit[1] != "essential")


def muscle_choices() -> list[tuple[str, str]]:
    """Return (id, name) pairs for a pick-list, grouped by region then name."""
    order = {g: i for i, (g, _) in enumerate(REGION_GROUPS)}
    return [(m.id, m.name) for m in sorted(MUSCLES, key=lambda m: (order[m.region], m.name))]


def grouped_muscle_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Return (region label, [(id, name), ...]) groups for an <optgroup> pick-list."""
    by_id = {m.id: m for m in MUSCLES}
    return [
        (label, [(mid, name) for mid, name in muscle_choices() if by_id[mid].region == group])
        for group, label in REGION_GROUPS
    ]
