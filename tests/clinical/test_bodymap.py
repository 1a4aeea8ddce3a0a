"""Tests for body-map geometry and the server-side SVG renderer."""
import xml.etree.ElementTree as ET

import pytest

from notes_app.clinical import bodymap, muscles
from notes_app.clinical.regions import REGIONS

SVG = "{http://www.w3.org/2000/svg}"
ZONE_VOCABULARY = (
    "vertex forehead temple behind_eye eyebrow cheek_maxilla jaw_angle upper_teeth lower_teeth "
    "ear_deep tmj occiput mastoid posterolateral_neck angle_of_neck throat sternum anterior_chest "
    "breast anterior_shoulder mid_deltoid posterior_deltoid lateral_arm medial_arm posterior_arm "
    "lateral_epicondyle medial_elbow radial_forearm ulnar_forearm dorsal_forearm wrist_band "
    "thumb_index ring_little_fingers suprascapular medial_scapular_border interscapular "
    "inferior_scapular_angle mid_thoracic lower_ribs_flank lumbar abdomen groin iliac_crest "
    "sacroiliac sacrum coccyx buttock greater_trochanter lateral_thigh posterior_thigh "
    "anterior_thigh lateral_leg calf ankle"
).split()


def _in_unit_square(poly):
    return all(0 <= x <= 1 and 0 <= y <= 1 for x, y in poly)


def _inside_body(view, x, y):
    return any(bodymap.point_in_polygon(x, y, p) for p in bodymap.outline(view))


def _centroid(poly):
    return sum(x for x, _ in poly) / len(poly), sum(y for _, y in poly) / len(poly)


@pytest.mark.parametrize("view", bodymap.VIEWS)
def test_outline_is_closed_smooth_and_inside_the_box(view):
    polys = bodymap.outline(view)
    assert polys and all(len(p) > 200 and _in_unit_square(p) for p in polys)
    assert all(len(g) >= 2 and _in_unit_square(g) for g in bodymap.guides(view))


def test_outline_matches_the_landmark_table():
    assert _inside_body("back", 0.5, 0.005)  # vertex
    assert _inside_body("back", 0.5 + 0.22, 0.185)  # acromion
    assert not _inside_body("back", 0.5 + 0.30, 0.18)  # above the shoulder
    assert not _inside_body("front", 0.5, 0.56)  # between the thighs, below the crotch
    assert _inside_body("front", 0.5 + 0.10, 0.715) and _inside_body("front", 0.5 - 0.10, 0.715)
    assert _inside_body("front", 0.5 + 0.08, 0.96)  # ankle
    assert not _inside_body("front", 0.5 + 0.175, 0.40)  # the gap between arm and trunk


def test_every_zone_in_the_vocabulary_exists_with_valid_shapes():
    assert set(bodymap.REFERRAL_ZONES) == set(ZONE_VOCABULARY)
    for zone in bodymap.REFERRAL_ZONES.values():
        assert zone.label and zone.shapes and len(zone.shapes) == len(zone.sides)
        for view, poly in zone.shapes:
            assert view in bodymap.VIEWS and len(poly) >= 3 and _in_unit_square(poly)
            assert _inside_body(view, *_centroid(poly)), (zone.id, view)


def test_bilateral_zones_follow_the_mirroring_rule():
    temple_r = bodymap.zone_shapes("temple", "R")
    assert temple_r and all(v == "front" and _centroid(p)[0] < 0.5 for v, p in temple_r)
    neck_r = [p for v, p in bodymap.zone_shapes("posterolateral_neck", "R") if v == "back"]
    assert neck_r and all(_centroid(p)[0] > 0.5 for p in neck_r)
    both = bodymap.zone_shapes("temple")
    assert len(both) == 2 * len(temple_r)
    assert bodymap.zone_shapes("sternum", "L") == bodymap.zone_shapes("sternum")  # midline


def test_upper_trapezius_zones_render_on_front_and_back():
    views = {v for z, _ in muscles.MUSCLE_BY_ID["UT"].referral for v, _ in bodymap.zone_shapes(z)}
    assert views == {"front", "back"}


def test_zones_at_finds_a_zone():
    (_, poly), *_ = bodymap.zone_shapes("calf", "L")
    assert "calf" in bodymap.zones_at("back", *_centroid(poly))
    assert bodymap.zones_at("back", 0.02, 0.02) == []


def test_every_region_has_shapes_on_its_views():
    for region in REGIONS:
        shapes = bodymap.region_shapes(region.id)
        assert {v for v, _ in shapes} == set(region.views), region.id
        for view, poly in shapes:
            assert len(poly) >= 3 and _in_unit_square(poly)
            assert region.id in bodymap.regions_at(view, *_centroid(poly)), (region.id, view)


def test_sided_regions_are_mirrored():
    (_, front), *_ = [s for s in bodymap.region_shapes("thigh_right") if s[0] == "front"]
    (_, back), *_ = [s for s in bodymap.region_shapes("thigh_right") if s[0] == "back"]
    assert _centroid(front)[0] < 0.5 < _centroid(back)[0]


def test_endangerment_sites():
    ids = {sid for sid, _, _ in bodymap.ENDANGERMENT_SITES}
    assert {"anterior_neck", "posterior_triangle", "axilla", "medial_upper_arm", "cubital",
            "femoral_triangle", "popliteal_fossa", "abdomen", "kidney", "ear_notch"} <= ids
    for sid, label, shapes in bodymap.ENDANGERMENT_SITES:
        assert label and shapes and all(_in_unit_square(p) for _, p in shapes), sid
    for side in (-1, 1):  # back of either knee, at the crease
        assert "popliteal_fossa" in bodymap.endangerment_sites_at("back", 0.5 + side * 0.1, 0.72)
    assert "popliteal_fossa" not in bodymap.endangerment_sites_at("front", 0.6, 0.72)
    assert "femoral_triangle" in bodymap.endangerment_sites_at("front", 0.42, 0.50)
    assert bodymap.endangerment_sites_at("back", *muscles.marker_position("UT", "R")) == []


def _marker(muscle_id, side, view=None, **extra):
    x, y = muscles.marker_position(muscle_id, side, view)
    view = view or muscles.MUSCLE_BY_ID[muscle_id].view
    return {"view": view, "x": x, "y": y, "side": side, "muscle_id": muscle_id, **extra}


def test_render_svg_draws_one_marker_per_marker_on_the_view():
    markers = [
        _marker("UT", "R", kind="active", tenderness=7, status="reduced", label=1),
        _marker("QL", "L", kind="tender", status="released", label=2),
        _marker("PIR", "R", kind="spasm", label="<script>alert(1)</script>"),
        _marker("TMP", "R", kind="latent"),  # front view: skipped on the back
        _marker("GMD", "L", kind="adhesion"),
        _marker("RH", "R", kind="taut_band", status="unchanged"),
    ]
    svg = bodymap.render_svg(
        "back", markers, ghosts=[_marker("ISP", "R", kind="active")],
        zones=[("temple", "essential", "R"), ("posterolateral_neck", "essential", "R"),
               ("mastoid", "spillover", "R"), ("not_a_zone", "essential", "R")],
        hatched_regions=["lower_back", "knee_left", "nope"], title='Map & "notes" <b>',
    )
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("viewBox") == "0 0 200 400"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == 'Map & "notes" <b>'
    groups = [g for g in root.iter(f"{SVG}g") if "kw-marker" in (g.get("class") or "").split()]
    assert len(groups) == 5
    assert {g.get("data-kind") for g in groups} == {"active", "tender", "spasm", "adhesion",
                                                    "taut_band"}
    assert len([g for g in root.iter(f"{SVG}g") if "kw-ghost" in (g.get("class") or "")]) == 1
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    zones = [p for p in root.iter(f"{SVG}path") if "kw-zone" in (p.get("class") or "")]
    assert {p.get("data-zone") for p in zones} == {"posterolateral_neck", "mastoid"}
    hatched = {p.get("data-region") for p in root.iter(f"{SVG}path")
               if p.get("class") == "kw-avoid"}
    assert hatched == {"lower_back", "knee_left"}


def test_render_svg_front_view_and_options():
    svg = bodymap.render_svg("front", [_marker("TMP", "R", kind="bogus", label=3)], size=240,
                             show_labels=True, show_endangerment=True)
    root = ET.fromstring(svg)
    assert root.get("width") == "240" and root.get("height") == "480"
    assert root.find(f"{SVG}title").text == "Body map, front view"
    assert "TMP" in svg and "kw-endangerment" in svg
    with pytest.raises(ValueError):
        bodymap.render_svg("side")


def test_render_svg_survives_bad_marker_values():
    bad = [{"view": "back", "x": "nan", "y": 0.3}, {"view": "back", "x": None, "y": 0.2},
           {"view": "back", "x": "0.5", "y": "0.3", "kind": "latent", "tenderness": "x"}]
    root = ET.fromstring(bodymap.render_svg("back", bad))
    assert len([g for g in root.iter(f"{SVG}g") if "kw-marker" in (g.get("class") or "")]) == 1


def test_canvas_round_trip():
    assert bodymap.to_canvas(0.5, 1.0) == (100, 400)
    assert bodymap.from_canvas(*bodymap.to_canvas(0.3, 0.7)) == pytest.approx((0.3, 0.7))
    assert [c for c, _ in bodymap.KINDS] == [
        "active", "latent", "taut_band", "tender", "adhesion", "spasm"]
    assert [c for c, _ in bodymap.AFTER_STATUSES] == ["released", "reduced", "unchanged"]
