"""Tests for the muscle catalogue, map positions and the technique vocabulary."""
import math

import pytest

from notes_app.clinical import muscles, techniques
from notes_app.clinical.bodymap import REFERRAL_ZONES, outline, point_in_polygon

CATALOGUE_IDS = (
    "UT SCM SCA SPC SPCV SOC MAS TMP MT LT LS RH SSP ISP TMI TMA SSC LD SPS SA PMJ PMN "
    "ICT ICL LGT MF SPI QL GMX GMD GMN PIR ILP SSCP TFL HAM SOL"
).split()
TECHNIQUE_CODES = (
    "EFF PET FRI XFF CMP TAP VIB ISC STP NMT MFR PNS MET PNF PRS STS SPR CUP IAS THM ROM"
).split()


def test_catalogue_has_every_muscle_once():
    assert [m.id for m in muscles.MUSCLES] == CATALOGUE_IDS
    assert set(muscles.MUSCLE_BY_ID) == set(CATALOGUE_IDS)


@pytest.mark.parametrize("muscle", muscles.MUSCLES, ids=lambda m: m.id)
def test_muscle_fields_are_valid(muscle):
    assert muscle.region in dict(muscles.REGION_GROUPS)
    assert muscle.view in ("front", "back")
    assert set(muscle.cause_tags) <= set(muscles.CAUSE_TAGS)
    assert "HYD" not in muscle.cause_tags  # §1.2: no source ties hydration to one muscle
    assert muscle.referral and all(k in ("essential", "spillover") for _, k in muscle.referral)
    assert any(k == "essential" for _, k in muscle.referral)
    assert muscle.trp_location and muscle.referral_summary and muscle.perpetuating_factors


@pytest.mark.parametrize("muscle", muscles.MUSCLES, ids=lambda m: m.id)
def test_every_position_is_in_the_box_on_both_sides(muscle):
    found = muscles.positions(muscle.id)
    assert {(v, s) for v, s, _, _ in found} == {(v, s) for v in muscle.views for s in "RL"}
    for _, _, x, y in found:
        assert 0 < x < 1 and 0 < y < 1


@pytest.mark.parametrize("muscle", muscles.MUSCLES, ids=lambda m: m.id)
def test_every_default_marker_lies_inside_the_outline(muscle):
    for view, side, x, y in muscles.positions(muscle.id):
        assert any(point_in_polygon(x, y, poly) for poly in outline(view)), (view, side)


@pytest.mark.parametrize("muscle", muscles.MUSCLES, ids=lambda m: m.id)
def test_mirroring_follows_the_convention(muscle):
    for view in muscle.views:
        x_r, _ = muscles.marker_position(muscle.id, "R", view)
        x_l, _ = muscles.marker_position(muscle.id, "L", view)
        # Back view: the client's right is on the viewer's right; the front view is mirrored.
        assert (x_r > 0.5) == (view == "back")
        assert x_r + x_l == pytest.approx(1.0)


def test_same_muscle_on_front_and_back_mirrors():
    for muscle_id in ("UT", "GMN"):
        m = muscles.MUSCLE_BY_ID[muscle_id]
        assert set(m.views) == {"front", "back"}
    # The same (y, dx) on both views must land mirror-imaged.
    for side in "RL":
        x_back = muscles.side_x("back", side, 0.12)
        x_front = muscles.side_x("front", side, 0.12)
        assert x_front == pytest.approx(1 - x_back)


def test_known_positions_match_the_domain_table():
    assert muscles.marker_position("UT", "R") == pytest.approx((0.62, 0.165))
    assert muscles.marker_position("UT", "L") == pytest.approx((0.38, 0.165))
    assert muscles.marker_position("TMP", "R") == pytest.approx((0.425, 0.055))
    assert muscles.marker_position("UT", "R", "front") == pytest.approx((0.37, 0.17))
    assert muscles.marker_position("GMN", "L", "front") == pytest.approx((0.67, 0.45))


def test_marker_position_rejects_bad_input():
    with pytest.raises(KeyError):
        muscles.marker_position("XYZ", "R")
    with pytest.raises(ValueError):
        muscles.marker_position("UT", "B")
    with pytest.raises(ValueError):
        muscles.marker_position("QL", "R", "front")


def test_referral_zones_all_exist():
    used = {z for m in muscles.MUSCLES for z, _ in m.referral}
    assert used <= set(REFERRAL_ZONES)


def test_nearest_muscles_finds_the_marker_under_the_finger():
    x, y = muscles.marker_position("UT", "R")
    hits = muscles.nearest_muscles("back", x, y, limit=3)
    assert hits[0][:2] == ("UT", "R") and hits[0][2] == pytest.approx(0)
    assert len(hits) == 3 and hits[1][2] <= hits[2][2]
    assert all(m.view == "back" or "back" in m.views
               for m in (muscles.MUSCLE_BY_ID[h[0]] for h in hits))


def test_nearest_muscles_measures_in_physical_units():
    # 0.02 x-units sideways is physically 0.01 of the figure height.
    x, y = muscles.marker_position("QL", "R")
    hit = muscles.nearest_muscles("back", x + 0.02, y, limit=1)[0]
    assert hit[:2] == ("QL", "R") and hit[2] == pytest.approx(0.01)
    assert muscles.physical_distance(0.5, 0.5, 0.5, 0.52) == pytest.approx(0.02)
    assert muscles.physical_distance(0.5, 0.5, 0.54, 0.5) == pytest.approx(0.02)
    assert not math.isnan(hit[2])


def test_muscles_referring_to_temple_lists_essential_first():
    hits = muscles.muscles_referring_to("temple")
    assert ("UT", "essential") in hits and ("TMP", "essential") in hits
    kinds = [k for _, k in hits]
    assert kinds == sorted(kinds, key=lambda k: k != "essential")
    assert muscles.muscles_referring_to("nowhere") == []


def test_muscle_choices_are_grouped_by_region_then_name():
    choices = muscles.muscle_choices()
    assert len(choices) == len(CATALOGUE_IDS)
    order = [g for g, _ in muscles.REGION_GROUPS]
    keys = [(order.index(muscles.MUSCLE_BY_ID[i].region), name) for i, name in choices]
    assert keys == sorted(keys)
    groups = muscles.grouped_muscle_choices()
    assert sum(len(items) for _, items in groups) == len(CATALOGUE_IDS)


def test_technique_codes_are_unique_and_match_the_pick_list():
    codes = [t.code for t in techniques.TECHNIQUES]
    assert codes == TECHNIQUE_CODES
    assert len(set(codes)) == len(codes)
    assert [c for c, _ in techniques.technique_choices()] == codes
    assert {"ISC", "STP", "NMT", "XFF", "PNS", "CUP", "IAS"} <= techniques.DEEP_CODES
    assert not {"EFF", "MET", "PRS"} & techniques.DEEP_CODES


def test_technique_vocabularies():
    assert [n for n, _ in techniques.PRESSURE_LEVELS] == [1, 2, 3, 4, 5]
    assert set(techniques.PRESSURE_HINTS) == {1, 2, 3, 4, 5}
    assert [c for c, _ in techniques.CLIENT_POSITIONS] == [
        "prone", "supine", "side_lying_left", "side_lying_right", "seated"]
    assert techniques.SIDES == (("L", "Left"), ("R", "Right"), ("B", "Both"))
    assert [c for c, _ in techniques.RESPONSES] == ["released", "reduced", "unchanged", "increased"]


# Issue 16: the zones fixed or added against the standard referral charts (Travell & Simons as
# summarised in domain.md §1.2): essential zones first, then spillover.
REFERRAL_CHARTS = {
    "LS": ({"angle_of_neck"}, {"medial_scapular_border", "posterior_deltoid"}),
    "QL": ({"sacroiliac", "buttock", "iliac_crest", "greater_trochanter"},
           {"abdomen", "groin", "lateral_thigh"}),
    "ILP": ({"lumbar", "anterior_thigh", "groin"}, {"sacroiliac", "buttock"}),
    "SSP": ({"mid_deltoid", "lateral_epicondyle"}, {"lateral_arm", "radial_forearm"}),
    "SA": ({"anterior_chest", "inferior_scapular_angle"},
           {"medial_arm", "ulnar_forearm", "ring_little_fingers"}),
    "SSCP": ({"temple", "forehead", "occiput"}, {"behind_eye"}),
    "TFL": ({"lateral_thigh", "greater_trochanter"}, set()),
    "HAM": ({"posterior_thigh", "buttock"}, {"calf"}),
    "SOL": ({"calf", "ankle"}, {"sacroiliac"}),
}


@pytest.mark.parametrize("muscle_id", sorted(REFERRAL_CHARTS))
def test_referral_zones_follow_the_standard_charts(muscle_id):
    essential, spillover = REFERRAL_CHARTS[muscle_id]
    muscle = muscles.MUSCLE_BY_ID[muscle_id]
    assert set(muscle.zone_ids("essential")) == essential
    assert set(muscle.zone_ids("spillover")) == spillover
