"""Aftercare advice library and block selection (domain §6)."""
from __future__ import annotations

import json

import pytest

from notes_app.clinical import advice
from notes_app.clinical.advice import (
    ADVICE_LIBRARY_VERSION,
    BLOCK_BY_ID,
    BLOCKS,
    FLAG_CODES,
    MANDATORY_IDS,
    MAX_STRETCHES,
    PREVENTION_THRESHOLD,
    select_blocks,
    snapshot_blocks,
    summarise_treated,
)
from notes_app.clinical.advice_blocks import CAUSE_TAGS
from notes_app.clinical.contraindications import RULES
from notes_app.clinical.intake_schema import cause_scores as intake_cause_scores
from notes_app.clinical.muscles import MUSCLE_BY_ID

NECK_STRETCHES = {"ST-UT", "ST-LS", "ST-CT"}


def row(muscle_id, side="R", technique="ISC", pressure=3):
    return {"muscle_id": muscle_id, "side": side, "technique": technique, "pressure": pressure}


def select(scores=None, treated=(), flags=(), choices=None):
    return select_blocks(
        cause_scores=scores or {}, treated=list(treated), flag_codes=set(flags), choices=choices
    )


DESK_WORKER = dict(
    scores={"POS": 0.85, "STR": 0.5, "SLP": 0.2, "INA": 0.1},
    treated=[row("UT", "R", "ISC", 4), row("UT", "R", "STP", 3), row("LS", "L", "ISC", 3),
             row("SOC", "B", "MFR", 2)],
)
SEDENTARY = dict(
    scores={"INA": 0.9, "POS": 0.45, "OVR": 0.2},
    treated=[row("QL", "R", "ISC", 4), row("GMD", "R", "STP", 3), row("PIR", "L", "ISC", 3),
             row("GMX", "B", "PET", 2)],
)


def text_of(block) -> str:
    parts = [block.title, *block.paragraphs, *block.bullets]
    for group in block.groups:
        parts += [group.heading, *group.bullets]
    parts += [c.text for c in block.cautions]
    return " ".join(parts)


# --- Typical clients ------------------------------------------------------------------------


CASES = [
    pytest.param(
        DESK_WORKER, (), {"POS", "STR", "ST-UT", "ST-LS", "ST-CT", "SM-BALL", "WHAT-WE-WORKED-ON"},
        {"INA", "SLP", "ST-QL", "ST-PIR", "ST-HF", "ST-PEC"}, [], id="desk-worker-neck",
    ),
    pytest.param(
        SEDENTARY, (), {"INA", "POS", "ST-QL", "ST-PIR", "SM-BALL"},
        {"OVR", "ST-UT", "ST-LS", "ST-CT", "ST-PEC"}, [], id="sedentary-ql-glutes",
    ),
    pytest.param(
        SEDENTARY, ("anticoagulant",), {"ST-QL", "ST-PIR", "HEAT"}, {"SM-BALL"},
        [("SM-BALL", "anticoagulant")], id="anticoagulant-no-ball",
    ),
    pytest.param(
        {**DESK_WORKER, "treated": DESK_WORKER["treated"] + [row("PMJ", "B", "STP", 2)]},
        ("recent_neck_injury",), {"ST-PEC", "ST-RULES", "SM-BALL"}, NECK_STRETCHES,
        [("ST-CT", "recent_neck_injury"), ("ST-LS", "recent_neck_injury"),
         ("ST-UT", "recent_neck_injury")], id="recent-neck-injury",
    ),
    pytest.param(
        DESK_WORKER, ("stroke_history",), {"POS"}, NECK_STRETCHES | {"ST-RULES"},
        [("ST-CT", "stroke_history"), ("ST-LS", "stroke_history"), ("ST-UT", "stroke_history")],
        id="stroke-history-no-neck-stretches",
    ),
    pytest.param(
        SEDENTARY, ("osteoporosis",), {"ST-QL", "ST-PIR"}, {"SM-BALL"},
        [("SM-BALL", "osteoporosis")], id="osteoporosis",
    ),
    pytest.param(
        SEDENTARY, ("pregnancy",), {"INA", "ST-PIR"}, {"SM-BALL"},
        [("SM-BALL", "pregnancy")], id="pregnancy",
    ),
]


@pytest.mark.parametrize("client, flags, present, absent, suppressed", CASES)
def test_typical_clients(client, flags, present, absent, suppressed):
    selection = select(client["scores"], client["treated"], flags)
    ids = selection.ids
    assert present <= set(ids)
    assert not absent & set(ids)
    assert list(selection.suppressed) == suppressed
    assert ids[:2] == ["AFTER-SESSION", "WHAT-WE-WORKED-ON"]
    assert ids[-2:] == ["RED-FLAGS", "NOTICE"]
    assert len(ids) == len(set(ids))


def test_pregnancy_adds_doctor_line_to_activity_and_seated_option_to_buttock_stretch():
    selection = select(SEDENTARY["scores"], SEDENTARY["treated"], {"pregnancy"})
    by_id = {b.id: b for b in selection}
    assert any("midwife" in c for c in by_id["INA"].cautions)
    assert any("sitting on a chair" in c for c in by_id["ST-PIR"].cautions)
    plain = select(SEDENTARY["scores"], SEDENTARY["treated"])
    assert {b.id: b for b in plain}["INA"].cautions == ()


def test_controlled_hypertension_adds_doctor_line_to_activity():
    selection = select({"INA": 0.8}, [], {"controlled_hypertension"})
    ina = next(b for b in selection if b.id == "INA")
    assert any("Ask your doctor" in c for c in ina.cautions)


@pytest.mark.parametrize("flag", ["acute_injury", "diabetic_neuropathy", "numbness",
                                  "lymphoedema_risk"])
def test_heat_is_dropped_for_fresh_injury_reduced_feeling_and_lymphoedema(flag):
    selection = select({}, [], {flag})
    assert "HEAT" not in selection.ids
    assert ("HEAT", flag) in selection.suppressed


def test_heat_over_an_implanted_device_carries_a_caution():
    heat = next(b for b in select({}, [], {"implanted_device"}) if b.id == "HEAT")
    assert any("implanted device" in c for c in heat.cautions)


def test_varicose_veins_keeps_ball_with_a_caution_line():
    selection = select({}, [row("GMD")], {"varicose_veins"})
    ball = next(b for b in selection if b.id == "SM-BALL")
    assert any("varicose" in c for c in ball.cautions)


def test_full_order_of_sections():
    selection = select(
        {"POS": 0.9, "INA": 0.5}, DESK_WORKER["treated"] + [row("GMD")], (),
        {"note": "Keep the heat on.", "next_visit": "In two weeks."},
    )
    sections = [b.block.section for b in selection]
    expected = [
        "after_session", "worked_on", "prevention", "stretch_rules", "stretch", "self_massage",
        "heat_ice", "therapist_note", "next_visit", "red_flags", "notice",
    ]
    collapsed = [s for i, s in enumerate(sections) if i == 0 or sections[i - 1] != s]
    assert collapsed == expected


# --- Therapist choices ----------------------------------------------------------------------


def test_mandatory_blocks_cannot_be_excluded():
    assert MANDATORY_IDS == {"AFTER-SESSION", "RED-FLAGS", "NOTICE"}
    selection = select(
        DESK_WORKER["scores"], DESK_WORKER["treated"],
        choices={"exclude": set(MANDATORY_IDS) | {"ST-RULES"}},
    )
    assert MANDATORY_IDS <= set(selection.ids)
    assert "ST-RULES" in selection.ids  # travels with the stretches
    assert selection.excluded == ()


def test_therapist_exclude_removes_optional_blocks_and_reports_them():
    excluded = {"POS", "ST-UT", "SM-BALL", "HEAT", "WHAT-WE-WORKED-ON"}
    selection = select(DESK_WORKER["scores"], DESK_WORKER["treated"], choices={"exclude": excluded})
    assert not excluded & set(selection.ids)
    assert set(selection.excluded) == excluded
    assert "STR" in selection.ids and "ST-LS" in selection.ids


def test_excluding_every_stretch_drops_the_rules_too():
    selection = select(
        DESK_WORKER["scores"], DESK_WORKER["treated"], choices={"exclude": NECK_STRETCHES}
    )
    assert not ({"ST-RULES"} | NECK_STRETCHES) & set(selection.ids)


def test_include_forces_optional_blocks_but_never_overrides_a_flag():
    selection = select(
        {"HYD": 0.1}, [row("UT")], {"anticoagulant"},
        {"include": {"HYD", "ST-HF", "SM-BALL", "NOT-A-BLOCK"}},
    )
    ids = selection.ids
    assert "HYD" in ids and "ST-HF" in ids
    assert "SM-BALL" not in ids
    assert ("SM-BALL", "anticoagulant") in selection.suppressed
    hyd = next(b for b in selection if b.id == "HYD")
    assert "added by the therapist" in hyd.reason


def test_note_and_next_visit_blocks_carry_the_therapists_text():
    note = "Line one\nline two\n\nSecond paragraph <b>&</b>"
    selection = select({}, [], choices={"note": note, "next_visit": "  Tuesday 9 am  "})
    by_id = {b.id: b.block for b in selection}
    assert by_id["THERAPIST-NOTE"].paragraphs == ("Line one\nline two", "Second paragraph <b>&</b>")
    assert by_id["NEXT-VISIT"].paragraphs == ("Tuesday 9 am",)
    blank = select({}, [], choices={"note": "   \n ", "next_visit": ""})
    assert "THERAPIST-NOTE" not in blank.ids and "NEXT-VISIT" not in blank.ids


# --- Prevention ordering ----------------------------------------------------------------------


def test_prevention_blocks_follow_cause_score_and_threshold():
    scores = {"SLP": 0.9, "POS": 0.6, "HYD": PREVENTION_THRESHOLD, "STR": 0.339, "INJ": 0.0}
    selection = select(scores)
    prevention = [b.id for b in selection if b.block.section == "prevention"]
    assert prevention == ["SLP", "POS", "HYD"]
    assert next(b for b in selection if b.id == "SLP").reason.startswith("sleep score 0.90")


def test_treated_muscles_break_near_ties_but_not_clear_score_gaps():
    scores = {"OVR": 0.5, "INA": 0.52}
    treated = [row("TMA"), row("TMI"), row("LD")]  # all tagged OVR only
    assert [b.id for b in select(scores, treated) if b.block.section == "prevention"] == [
        "OVR", "INA"]
    far = {"OVR": 0.5, "INA": 0.9}
    assert [b.id for b in select(far, treated) if b.block.section == "prevention"] == [
        "INA", "OVR"]


def test_scores_out_of_range_or_garbage_are_clamped():
    selection = select({"POS": 7, "STR": float("nan"), "OVR": "x", "ZZZ": 1.0})
    assert [b.id for b in selection if b.block.section == "prevention"] == ["POS"]


def test_intake_cause_scores_feed_selection():
    intake = {"lifestyle": {"desk_hours": 9, "phone_cradling": True, "monitor_position": "below",
                            "stress": 9, "jaw_clenching": True}}
    selection = select(intake_cause_scores(intake), DESK_WORKER["treated"])
    prevention = [b.id for b in selection if b.block.section == "prevention"]
    assert prevention[:2] == ["POS", "STR"]


# --- Stretches ------------------------------------------------------------------------------


def test_stretch_muscles_match_the_brief():
    expected = {
        "ST-UT": {"UT"}, "ST-LS": {"LS"}, "ST-PEC": {"PMJ", "PMN"},
        "ST-CT": {"SOC", "SPC", "SPCV", "SSCP"}, "ST-QL": {"QL", "ICL", "LGT"},
        "ST-PIR": {"PIR", "GMX", "GMD", "GMN", "TFL"}, "ST-HF": {"ILP"}, "ST-HAM": {"HAM"},
        "ST-CALF": {"SOL"},
    }
    stretches = {b.id: set(b.muscle_ids) for b in BLOCKS if b.section == "stretch"}
    assert stretches == expected


def test_at_most_four_stretches_firmest_pressure_first():
    treated = [row("UT", pressure=2), row("ILP", pressure=5), row("QL", pressure=3),
               row("PMJ", pressure=4), row("LS", pressure=1), row("PIR", pressure=3)]
    selection = select({}, treated)
    stretches = [b.id for b in selection if b.block.section == "stretch"]
    assert len(stretches) == MAX_STRETCHES
    assert stretches == ["ST-HF", "ST-PEC", "ST-QL", "ST-PIR"]
    assert selection.ids.index("ST-RULES") == selection.ids.index("ST-HF") - 1


def test_suppressed_stretch_frees_its_slot():
    treated = [row("UT", pressure=5), row("ILP", pressure=4), row("QL", pressure=3),
               row("PMJ", pressure=2), row("PIR", pressure=1)]
    selection = select({}, treated, {"recent_neck_injury"})
    stretches = [b.id for b in selection if b.block.section == "stretch"]
    assert stretches == ["ST-HF", "ST-QL", "ST-PEC", "ST-PIR"]


def test_no_treated_muscles_means_no_worked_on_no_stretches_no_ball():
    selection = select({"POS": 0.9}, [{"muscle_id": None}, {"muscle_id": "NOPE", "pressure": 5}])
    assert selection.ids == ["AFTER-SESSION", "POS", "HEAT", "RED-FLAGS", "NOTICE"]


# --- Every rule in the data is exercised --------------------------------------------------------


def _inputs_selecting(block):
    """Build inputs under which `block` is on the sheet when no flag is active."""
    treated = [row(block.muscle_ids[0])] if block.muscle_ids else [row("UT")]
    scores = {tag: 1.0 for tag in block.cause_tags} if block.section == "prevention" else {}
    choices = {"include": {block.id}, "note": "A note.", "next_visit": "Soon."}
    return scores, treated, choices


SUPPRESSION_RULES = [
    pytest.param(block.id, flag, id=f"{block.id}-{flag}")
    for block in BLOCKS for flag in sorted(block.suppressed_by)
]
CAUTION_RULES = [
    pytest.param(block.id, index, flag, id=f"{block.id}-caution{index}-{flag}")
    for block in BLOCKS for index, caution in enumerate(block.cautions)
    for flag in sorted(caution.flags)
]


def test_rules_exist():
    assert len(SUPPRESSION_RULES) >= 15 and len(CAUTION_RULES) >= 15


@pytest.mark.parametrize("block_id, flag", SUPPRESSION_RULES)
def test_every_suppression_rule(block_id, flag):
    block = BLOCK_BY_ID[block_id]
    scores, treated, choices = _inputs_selecting(block)
    assert block_id in select(scores, treated, (), choices).ids
    selection = select(scores, treated, {flag}, choices)
    assert block_id not in selection.ids
    assert (block_id, flag) in selection.suppressed


@pytest.mark.parametrize("block_id, index, flag", CAUTION_RULES)
def test_every_caution_rule(block_id, index, flag):
    block = BLOCK_BY_ID[block_id]
    text = block.cautions[index].text
    scores, treated, choices = _inputs_selecting(block)
    without = next(b for b in select(scores, treated, (), choices) if b.id == block_id)
    assert text not in without.cautions
    with_flag = next(b for b in select(scores, treated, {flag}, choices) if b.id == block_id)
    assert text in with_flag.cautions


def test_no_caution_is_dead_because_the_same_flag_suppresses_its_block():
    for block in BLOCKS:
        for caution in block.cautions:
            assert not caution.flags & block.suppressed_by, block.id


def test_mandatory_blocks_are_never_suppressed():
    for block_id in MANDATORY_IDS:
        assert not BLOCK_BY_ID[block_id].suppressed_by
    selection = select({}, [], FLAG_CODES)
    assert MANDATORY_IDS <= set(selection.ids)


def test_data_uses_only_contract_flag_codes():
    assert FLAG_CODES == {rule.code for rule in RULES}
    for block in BLOCKS:
        assert block.suppressed_by <= FLAG_CODES, block.id
        for caution in block.cautions:
            assert caution.flags and caution.flags <= FLAG_CODES, block.id


def test_ball_suppression_matches_the_brief():
    assert BLOCK_BY_ID["SM-BALL"].suppressed_by >= {
        "anticoagulant", "bleeding_disorder", "osteoporosis", "bone_metastases", "pregnancy",
        "high_risk_pregnancy", "dvt", "clot_recent", "clot_history"}
    assert "varicose_veins" not in BLOCK_BY_ID["SM-BALL"].suppressed_by
    for block_id in NECK_STRETCHES:
        assert BLOCK_BY_ID[block_id].suppressed_by == {
            "recent_neck_injury", "stroke_history", "bone_metastases", "osteoporosis",
            "rheumatoid_arthritis", "ra_flare", "recent_surgery", "concussion"}
    for block_id in ("ST-PIR", "ST-HF", "ST-HAM", "ST-CALF"):
        assert {"dvt", "clot_recent", "clot_history"} <= BLOCK_BY_ID[block_id].suppressed_by
    assert BLOCK_BY_ID["HEAT"].suppressed_by >= {"acute_injury", "diabetic_neuropathy",
                                                 "lymphoedema_risk"}


# --- The library itself -----------------------------------------------------------------------


def test_library_shape():
    assert isinstance(ADVICE_LIBRARY_VERSION, str) and ADVICE_LIBRARY_VERSION
    assert len({b.id for b in BLOCKS}) == len(BLOCKS)
    expected = {"AFTER-SESSION", "WHAT-WE-WORKED-ON", *CAUSE_TAGS, "ST-RULES", "ST-UT", "ST-LS",
                "ST-PEC", "ST-CT", "ST-QL", "ST-PIR", "ST-HF", "ST-HAM", "ST-CALF", "HEAT",
                "COLD", "SM-BALL",
                "THERAPIST-NOTE", "NEXT-VISIT", "RED-FLAGS", "NOTICE"}
    assert {b.id for b in BLOCKS} == expected
    for block in BLOCKS:
        assert isinstance(block.version, int) and block.version >= 1
        assert block.title
        assert set(block.cause_tags) <= set(CAUSE_TAGS)
        assert all(m in MUSCLE_BY_ID for m in block.muscle_ids), block.id
        if not block.dynamic:
            assert block.paragraphs or block.bullets or block.groups, block.id
    for tag in CAUSE_TAGS:
        assert BLOCK_BY_ID[tag].section == "prevention" and BLOCK_BY_ID[tag].cause_tags == (tag,)


def test_ball_targets_upper_back_and_hip_only():
    ball = set(BLOCK_BY_ID["SM-BALL"].muscle_ids)
    assert {"RH", "MT", "ISP", "GMD", "PIR"} <= ball
    assert not ball & {"SCM", "SCA", "SOC", "QL", "SPI", "ILP", "PMJ", "PMN", "MAS"}


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.id)
def test_no_detox_claims(block):
    text = text_of(block).lower()
    for word in ("toxin", "flush", "lactic", "detox"):
        assert word not in text


def test_notice_text_is_the_required_one():
    notice = " ".join(BLOCK_BY_ID["NOTICE"].paragraphs)
    assert notice.startswith("This sheet is general information, not medical advice.")
    assert "warning signs" in notice


# --- Determinism and snapshots --------------------------------------------------------------


def test_selection_is_deterministic_and_independent_of_flag_order():
    flags = ["pregnancy", "varicose_veins", "recent_neck_injury", "analgesic_today"]
    one = select(DESK_WORKER["scores"], DESK_WORKER["treated"], flags)
    two = select(dict(reversed(DESK_WORKER["scores"].items())), DESK_WORKER["treated"],
                 list(reversed(flags)))
    assert one == two
    assert snapshot_blocks(one) == snapshot_blocks(two)


def test_snapshot_is_plain_json_with_rendered_text():
    selection = select(DESK_WORKER["scores"], DESK_WORKER["treated"], {"fibromyalgia"},
                       {"note": "Ελένη's note & <more>"})
    snap = snapshot_blocks(selection)
    assert json.loads(json.dumps(snap)) == snap
    assert [s["id"] for s in snap] == selection.ids
    assert set(snap[0]) == {"id", "version", "section", "title", "paragraphs", "bullets",
                            "groups", "cautions"}
    worked = snap[1]
    assert worked["bullets"][0] == "Upper trapezius (right): ischaemic compression, stripping"
    note = next(s for s in snap if s["id"] == "THERAPIST-NOTE")
    assert note["paragraphs"] == ["Ελένη's note & <more>"]
    red = next(s for s in snap if s["id"] == "RED-FLAGS")
    assert len(red["groups"]) == 3 and red["groups"][0]["heading"].startswith("Call emergency")
    assert any("fibromyalgia" in c for c in snap[0]["cautions"])


def test_summarise_treated_groups_by_muscle():
    rows = summarise_treated([row("UT", "R", "ISC"), row("UT", "L", "STP"), row("QL", "L", "MET"),
                              row("QL", "L", "MET"), row("GMD", "B", "zz")])
    assert rows == [
        {"muscle": "Upper trapezius", "side": "Both sides",
         "techniques": "Ischaemic compression, stripping"},
        {"muscle": "Quadratus lumborum", "side": "Left", "techniques": "Muscle energy technique"},
        {"muscle": "Gluteus medius", "side": "Both sides", "techniques": "zz"},
    ]


def test_module_documents_its_constants():
    assert advice.PREVENTION_THRESHOLD == 0.34
    assert advice.select_blocks.__doc__ and advice.snapshot_blocks.__doc__
