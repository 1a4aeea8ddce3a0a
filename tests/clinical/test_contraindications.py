"""Table-driven tests for the §4.5 screening rules: every rule fires, stays quiet, and combines."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notes_app.clinical.contraindications import (
    CLASS_ORDER,
    DEFER,
    LOCAL,
    MODIFY,
    RULES,
    Flag,
    evaluate,
    local_sites,
    max_pressure_allowed,
)
from notes_app.clinical.regions import REGION_BY_ID

TODAY = date(2026, 11, 15)

# The fixed contract other modules rely on (aftercare suppression, map hatching).
FLAG_CODES = {
    "dvt", "acute_cardiac", "fever", "intoxicated", "severe_unexplained_pain", "anticoagulant",
    "bleeding_disorder", "osteoporosis", "bone_metastases", "recent_surgery",
    "recent_surgery_modify", "recent_fracture", "acute_injury", "recent_neck_injury", "ra_flare",
    "pregnancy", "high_risk_pregnancy", "cancer", "skin_local", "skin_widespread_contagious",
    "varicose_veins", "uncontrolled_hypertension", "controlled_hypertension",
    "diabetic_neuropathy", "stroke_history", "lymphoedema_risk", "fibromyalgia",
    "implanted_device", "joint_replacement", "corticosteroid", "analgesic_today", "bp_medication",
    "insulin", "pregnancy_warning", "clot_recent", "clot_history", "leg_swelling", "phlebitis",
    "cellulitis", "rheumatoid_arthritis", "pregnancy_first_trimester", "pregnancy_late",
    "postpartum", "cancer_past", "heart_disease", "kidney_liver", "numbness", "disc_problem",
    "epilepsy", "dizziness", "whiplash_history", "concussion", "acute_inflammation", "aneurysm",
    "hernia", "postpartum_late", "caesarean",
}
TECHNIQUE_CODES = {"EFF", "PET", "FRI", "XFF", "CMP", "TAP", "VIB", "ISC", "STP", "NMT", "MFR",
                   "PNS", "MET", "PNF", "PRS", "STS", "SPR", "CUP", "IAS", "THM", "ROM"}


def ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def hist(key: str, details: str = "") -> dict:
    return {"history": {key: {"present": True, "details": details}}}


def now(key: str) -> dict:
    return {"history_today": {key: True}}


def med(key: str) -> dict:
    return {"medications": {key: True}}


def surgery(days: int, region: str = "shoulder_left") -> dict:
    return {"surgeries": [{"region": region, "date": ago(days), "details": ""}]}


def injury(days: int, kind: str, region: str) -> dict:
    return {"injuries": [{"region": region, "date": ago(days), "kind": kind, "details": ""}]}


def case(name: str, intake: dict, code: str, cls: str, **expect) -> object:
    """Expect code/cls; optional exact max_pressure and sites, and avoid (a subset)."""
    return pytest.param(intake, code, cls, expect, id=name)


TRIGGERS = [
    case("dvt-calf-swelling", now("calf_swelling"), "dvt", DEFER, max_pressure=None),
    case("dvt-suspected", hist("dvt_history", "Suspected clot, left calf"), "dvt", DEFER),
    case("dvt-current", hist("dvt_history", "current DVT on apixaban"), "clot_recent", DEFER),
    case("cardiac-chest", now("chest_pain_or_breathless"), "acute_cardiac", DEFER),
    case("cardiac-stroke-signs", now("stroke_signs"), "acute_cardiac", DEFER),
    case("fever", now("fever"), "fever", DEFER),
    case("intoxicated", now("intoxicated"), "intoxicated", DEFER),
    case("severe-pain", now("severe_unexplained_pain"), "severe_unexplained_pain", DEFER),
    case("skin-contagious", {"skin": [{"region": "face", "contagious": True}]},
         "skin_widespread_contagious", DEFER),
    case("skin-widespread", {"skin": [{"region": "chest", "widespread": True}]},
         "skin_widespread_contagious", DEFER),
    case("htn-uncontrolled", hist("hypertension_uncontrolled"), "uncontrolled_hypertension", DEFER),
    case("bone-mets", hist("bone_metastases"), "bone_metastases", MODIFY, max_pressure=1,
         avoid={"TAP", "ISC"}),
    case("anticoag-med", med("anticoagulant"), "anticoagulant", MODIFY, max_pressure=2,
         avoid={"CUP", "IAS", "ISC", "STP", "XFF"}),
    case("antiplatelet-med", med("antiplatelet"), "anticoagulant", MODIFY, max_pressure=2),
    case("anticoag-history", hist("anticoagulant"), "anticoagulant", MODIFY, max_pressure=2),
    case("bleeding-disorder", hist("bleeding_disorder"), "bleeding_disorder", MODIFY,
         max_pressure=2, avoid={"CUP", "IAS"}),
    case("low-platelets", hist("low_platelets"), "bleeding_disorder", MODIFY, max_pressure=2),
    case("bruises-easily", hist("bruises_easily"), "bleeding_disorder", MODIFY, max_pressure=2),
    case("osteoporosis", hist("osteoporosis"), "osteoporosis", MODIFY, max_pressure=2),
    case("high-risk-pregnancy", {"pregnancy": {"pregnant": True, "weeks": 20, "high_risk": True}},
         "high_risk_pregnancy", DEFER, max_pressure=None, sites=("abdomen",)),
    case("cancer", hist("cancer_current"), "cancer", MODIFY, max_pressure=2, avoid={"CUP"}),
    case("ra-flare", hist("ra_flare"), "ra_flare", MODIFY, max_pressure=2),
    case("lymph-nodes", hist("lymph_node_removal", "left upper arm, 2019"), "lymphoedema_risk",
         MODIFY, max_pressure=2, sites=("upper_arm_left",), avoid={"CUP", "THM"}),
    case("fibromyalgia", hist("fibromyalgia"), "fibromyalgia", MODIFY, max_pressure=2),
    case("pregnancy", {"pregnancy": {"pregnant": True, "weeks": 14}}, "pregnancy", MODIFY,
         max_pressure=3, sites=("abdomen",)),
    case("surgery-83-days-modify", surgery(83), "recent_surgery_modify", MODIFY, max_pressure=3),
    case("neck-strain", injury(20, "strain", "neck_back"), "recent_neck_injury", MODIFY,
         max_pressure=3, sites=("neck_back",), avoid={"STS"}),
    case("whiplash-anywhere", injury(60, "whiplash", "upper_back"), "recent_neck_injury", MODIFY,
         sites=("upper_back", "neck_front", "neck_back")),
    case("neck-surgery", surgery(30, "neck_front"), "recent_neck_injury", MODIFY,
         sites=("neck_front",)),
    case("htn-controlled", hist("high_blood_pressure"), "controlled_hypertension", MODIFY,
         max_pressure=3),
    case("neuropathy", hist("neuropathy"), "diabetic_neuropathy", MODIFY, max_pressure=3),
    case("diabetes-neuropathy", hist("diabetes", "Type 2, neuropathy in both feet"),
         "diabetic_neuropathy", MODIFY, max_pressure=3),
    case("stroke", hist("stroke_tia"), "stroke_history", MODIFY, max_pressure=3,
         sites=("neck_front",)),
    case("corticosteroid", med("corticosteroid"), "corticosteroid", MODIFY, max_pressure=3),
    case("analgesic", med("analgesic_today"), "analgesic_today", MODIFY, max_pressure=3),
    case("bp-medication", med("bp_medication"), "bp_medication", MODIFY, max_pressure=5),
    case("insulin", med("insulin"), "insulin", MODIFY, max_pressure=5),
    case("surgery-83-days", surgery(83), "recent_surgery", LOCAL, max_pressure=None,
         sites=("shoulder_left",)),
    case("surgery-today", surgery(0, "knee_right"), "recent_surgery", LOCAL, sites=("knee_right",)),
    case("fracture-entry", injury(30, "fracture", "forearm_right"), "recent_fracture", LOCAL,
         sites=("forearm_right",)),
    case("fracture-history", hist("recent_fracture", "left foot, June"), "recent_fracture", LOCAL,
         sites=("foot_left",)),
    case("sprain-2-days", injury(2, "sprain", "knee_right"), "acute_injury", LOCAL,
         sites=("knee_right",), avoid={"XFF", "THM"}),
    case("strain-7-days", injury(7, "strain", "thigh_left"), "acute_injury", LOCAL,
         sites=("thigh_left",)),
    case("skin-entry", {"skin": [{"region": "forearm_left", "details": "eczema"}]}, "skin_local",
         LOCAL, sites=("forearm_left",)),
    case("open-scar", {"scars": [{"region": "abdomen", "healed": False}]}, "skin_local", LOCAL,
         sites=("abdomen",)),
    case("skin-history", hist("skin_condition", "sunburn on right hand"), "skin_local", LOCAL,
         sites=("hand_right",)),
    case("varicose-default", hist("varicose_veins"), "varicose_veins", LOCAL,
         sites=("lower_leg_left", "lower_leg_right")),
    case("varicose-named", hist("varicose_veins", "left thigh"), "varicose_veins", LOCAL,
         sites=("thigh_left",)),
    case("device-entry", {"devices": [{"region": "abdomen", "kind": "pump"}]}, "implanted_device",
         LOCAL, sites=("abdomen",)),
    case("pacemaker-history", hist("pacemaker"), "implanted_device", LOCAL, sites=("chest",)),
    case("joint-entry", {"devices": [{"region": "knee_left", "kind": "joint_replacement"}]},
         "joint_replacement", LOCAL, sites=("knee_left",)),
    case("joint-history", hist("joint_replacement", "right hip 2021"), "joint_replacement", LOCAL,
         sites=("hip_right",)),
    # Issue 16: the rules added for clots, pregnancy and the answers that were never used.
    case("med-text-only", {"medications": {"text": "warfarin"}}, "anticoagulant", MODIFY,
         max_pressure=2),
    case("pregnancy-warning", now("pregnancy_warning"), "pregnancy_warning", DEFER),
    case("clot-recent", hist("dvt_history", "recent DVT, on rivaroxaban"), "clot_recent", DEFER,
         sites=("thigh_left", "thigh_right", "knee_left", "knee_right", "lower_leg_left",
                "lower_leg_right")),
    case("clot-history", hist("dvt_history", "DVT in 2015, not since"), "clot_history", MODIFY,
         max_pressure=2),
    case("leg-swelling", hist("leg_swelling", "both ankles by evening"), "leg_swelling", DEFER),
    case("phlebitis", hist("phlebitis", "right calf"), "phlebitis", DEFER,
         sites=("lower_leg_right",)),
    case("cellulitis", hist("acute_inflammation", "cellulitis left shin"), "cellulitis", DEFER),
    case("rheumatoid", hist("arthritis", "rheumatoid, hands"), "rheumatoid_arthritis", MODIFY,
         max_pressure=3, sites=("neck_front", "neck_back")),
    case("first-trimester", {"pregnancy": {"pregnant": True, "weeks": 9}},
         "pregnancy_first_trimester", MODIFY, max_pressure=2),
    case("late-pregnancy", {"pregnancy": {"pregnant": True, "weeks": 32}}, "pregnancy_late",
         MODIFY, max_pressure=3),
    case("postpartum", {"pregnancy": {"postpartum": True}}, "postpartum", MODIFY,
         max_pressure=2),
    case("postpartum-weeks", {"pregnancy": {"weeks_since_birth": 3}}, "postpartum", MODIFY,
         max_pressure=2),
    case("postpartum-late", {"pregnancy": {"weeks_since_birth": 8}}, "postpartum_late", MODIFY,
         max_pressure=3),
    case("caesarean", {"pregnancy": {"weeks_since_birth": 4, "caesarean": True}}, "caesarean",
         LOCAL, sites=("abdomen",)),
    case("heart", hist("heart_disease", "angina, stable"), "heart_disease", MODIFY,
         max_pressure=3),
    case("kidney", hist("kidney_liver", "kidney disease stage 3"), "kidney_liver", MODIFY,
         max_pressure=3, sites=("lower_back",)),
    case("numbness", hist("numbness_tingling", "left hand"), "numbness", MODIFY,
         max_pressure=3, sites=("hand_left",)),
    case("disc", hist("disc_herniation", "sciatica down the right leg"), "disc_problem", MODIFY,
         max_pressure=3),
    case("epilepsy", hist("epilepsy", "last seizure in March"), "epilepsy", MODIFY),
    case("dizziness", hist("dizziness", "when I stand up fast"), "dizziness", MODIFY),
    case("whiplash-history", hist("whiplash", "car accident 2012"), "whiplash_history", MODIFY,
         sites=("neck_front", "neck_back")),
    case("cancer-past", hist("cancer_past", "breast cancer 2018, left side"), "cancer_past",
         MODIFY, max_pressure=3),
    case("concussion", hist("concussion", "fell skiing 3 weeks ago"), "concussion", MODIFY,
         max_pressure=2, sites=("head", "neck_front", "neck_back")),
    case("gout", hist("acute_inflammation", "gout in the right foot"), "acute_inflammation",
         LOCAL, sites=("foot_right",)),
    case("aneurysm", hist("aneurysm"), "aneurysm", LOCAL, sites=("abdomen",)),
    case("hernia", hist("hernia", "groin"), "hernia", LOCAL, sites=("groin",)),
]

NOT_TRIGGERED = [
    pytest.param(surgery(85), "recent_surgery", id="surgery-85-days-local"),
    pytest.param(surgery(85), "recent_surgery_modify", id="surgery-85-days-modify"),
    pytest.param(surgery(-3), "recent_surgery", id="surgery-in-future"),
    pytest.param({"surgeries": [{"region": "knee_left", "date": "2026-13-40"}]}, "recent_surgery",
                 id="surgery-unparseable-date"),
    pytest.param({"surgeries": [{"region": "knee_left"}]}, "recent_surgery_modify",
                 id="surgery-without-date"),
    pytest.param(injury(85, "fracture", "forearm_left"), "recent_fracture", id="fracture-85-days"),
    pytest.param(injury(8, "sprain", "knee_left"), "acute_injury", id="sprain-8-days"),
    pytest.param(injury(85, "whiplash", "neck_back"), "recent_neck_injury", id="whiplash-85-days"),
    pytest.param(injury(5, "strain", "shoulder_left"), "recent_neck_injury",
                 id="shoulder-strain-is-not-neck"),
    pytest.param(hist("dvt_history", "2015 after knee surgery, treated"), "dvt", id="past-clot"),
    pytest.param(hist("dvt_history", "not current, 2019"), "dvt", id="clot-not-current"),
    pytest.param({"skin": [{"region": "forearm_left"}]}, "skin_widespread_contagious",
                 id="local-skin-not-deferred"),
    pytest.param({"scars": [{"region": "abdomen", "healed": True}]}, "skin_local",
                 id="healed-scar"),
    pytest.param({"history": {"high_blood_pressure": {"present": True},
                              "hypertension_uncontrolled": {"present": True}}},
                 "controlled_hypertension", id="uncontrolled-is-not-controlled"),
    pytest.param({"pregnancy": {"pregnant": False, "high_risk": True}}, "high_risk_pregnancy",
                 id="high-risk-without-pregnancy"),
    pytest.param({"pregnancy": {"pregnant": False, "weeks": None}}, "pregnancy",
                 id="not-pregnant"),
    pytest.param({"pregnancy": {"weeks_since_birth": 12}}, "postpartum_late",
                 id="birth-12-weeks-ago"),
    pytest.param({"pregnancy": {"weeks_since_birth": 20, "caesarean": True}}, "caesarean",
                 id="caesarean-20-weeks-ago"),
    pytest.param(hist("diabetes", "type 1, on a pump"), "diabetic_neuropathy",
                 id="diabetes-without-neuropathy"),
    pytest.param(hist("cancer_past", "breast, 2012"), "cancer", id="past-cancer"),
    pytest.param({"history": {"osteoporosis": {"present": False, "details": "mum has it"}}},
                 "osteoporosis", id="unticked-with-details"),
]


def by_code(flags: list[Flag]) -> dict[str, Flag]:
    return {flag.code: flag for flag in flags}


@pytest.mark.parametrize("intake, code, cls, expect", TRIGGERS)
def test_rule_fires(intake, code, cls, expect):
    flag = by_code(evaluate(intake, today=TODAY)).get(code)
    assert flag is not None, f"{code} not raised"
    assert flag.cls == cls
    if "max_pressure" in expect:
        assert flag.max_pressure == expect["max_pressure"]
    if "sites" in expect:
        assert flag.sites == expect["sites"]
    assert expect.get("avoid", set()) <= set(flag.avoid_techniques)
    assert flag.title and flag.guidance


@pytest.mark.parametrize("intake, code", NOT_TRIGGERED)
def test_rule_stays_quiet(intake, code):
    assert code not in by_code(evaluate(intake, today=TODAY))


@pytest.mark.parametrize("index", range(len(RULES)), ids=lambda i: f"{i}-{RULES[i].code}")
def test_every_rule_is_exercised_by_the_table(index):
    rule = RULES[index]
    assert any(
        p.values[1] == rule.code and rule.applies(p.values[0], today=TODAY) for p in TRIGGERS
    ), f"add a TRIGGERS case for rule #{index} ({rule.code})"


def test_codes_are_the_fixed_contract():
    assert {rule.code for rule in RULES} == FLAG_CODES


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_well_formed(rule):
    assert rule.cls in CLASS_ORDER
    if rule.cls == MODIFY:
        assert rule.max_pressure in range(1, 6)
    else:
        assert rule.max_pressure is None
    if rule.cls == LOCAL:
        assert rule.sites is not None
    assert set(rule.avoid_techniques) <= TECHNIQUE_CODES
    # Rules sharing a code must read alike, or the merged flag would depend on table order.
    twins = [r for r in RULES if r.code == rule.code]
    assert {(r.cls, r.title, r.max_pressure) for r in twins} == {
        (rule.cls, rule.title, rule.max_pressure)}


@pytest.mark.parametrize("intake", [None, {}, {"history": {}, "medications": {"text": ""}},
                                    {"history": {"osteoporosis": {"present": False}}}])
def test_empty_intake_has_no_flags(intake):
    assert evaluate(intake, today=TODAY) == []
    assert max_pressure_allowed([]) == 5
    assert local_sites([]) == set()


def test_anticoagulant_and_pregnancy_both_ordered_by_pressure():
    intake = {**med("anticoagulant"), "pregnancy": {"pregnant": True, "weeks": 20}}
    flags = evaluate(intake, today=TODAY)
    assert [(f.code, f.max_pressure) for f in flags] == [("anticoagulant", 2), ("pregnancy", 3)]
    assert max_pressure_allowed(flags) == 2


def test_defer_before_modify_before_local():
    intake = {**hist("varicose_veins"), **med("insulin"), **now("fever"),
              **injury(1, "sprain", "knee_left")}
    flags = evaluate(intake, today=TODAY)
    assert [f.cls for f in flags] == [DEFER, MODIFY, LOCAL, LOCAL]
    assert flags[0].code == "fever" and flags[1].code == "insulin"
    assert max_pressure_allowed(flags) == 0  # deferred: no massage today


def test_modify_flags_sorted_by_lowest_pressure_and_codes_unique():
    intake = {"history": {k: {"present": True} for k in (
        "high_blood_pressure", "osteoporosis", "bone_metastases", "stroke_tia", "fibromyalgia")},
        "medications": {"bp_medication": True, "analgesic_today": True, "antiplatelet": True,
                        "anticoagulant": True}}
    flags = evaluate(intake, today=TODAY)
    pressures = [f.max_pressure for f in flags]
    assert pressures == sorted(pressures) and pressures[0] == 1 and pressures[-1] == 5
    assert len({f.code for f in flags}) == len(flags)
    assert max_pressure_allowed(flags) == 1


def test_local_sites_of_one_code_merge():
    intake = {"surgeries": [{"region": "knee_left", "date": ago(10)},
                            {"region": "hip_right", "date": ago(40)},
                            {"region": "hip_right", "date": ago(50)},
                            {"region": "foot_left", "date": ago(200)}],
              "devices": [{"region": "knee_right", "kind": "joint_replacement"}],
              **hist("joint_replacement", "left hip")}
    flags = by_code(evaluate(intake, today=TODAY))
    assert flags["recent_surgery"].sites == ("knee_left", "hip_right")
    assert flags["joint_replacement"].sites == ("knee_right", "hip_left")
    local = [f for f in flags.values() if f.cls == LOCAL]
    assert local_sites(local) == {"knee_left", "hip_right", "knee_right", "hip_left"}


def test_site_bound_modify_flags_join_local_sites():
    intake = {"history": {"stroke_tia": {"present": True}, "varicose_veins": {"present": True}}}
    flags = evaluate(intake, today=TODAY)
    assert local_sites(flags) == {"neck_front", "lower_leg_left", "lower_leg_right"}


def test_unknown_regions_are_dropped():
    intake = {"skin": [{"region": "elbow_of_doom"}, {"region": "chest"}, {"region": None}]}
    assert by_code(evaluate(intake, today=TODAY))["skin_local"].sites == ("chest",)


def test_max_pressure_allowed_is_the_minimum():
    flags = [Flag("a", MODIFY, "t", "g", 4), Flag("b", MODIFY, "t", "g", 3),
             Flag("c", LOCAL, "t", "g", None, ("chest",))]
    assert max_pressure_allowed(flags) == 3
    assert max_pressure_allowed(iter(flags)) == 3


_keys = st.sampled_from(["history", "history_today", "medications", "pregnancy", "surgeries",
                         "injuries", "scars", "skin", "devices", "present", "details", "region",
                         "date", "kind", "pregnant", "high_risk", "calf_swelling", "insulin",
                         "osteoporosis", "dvt_history", "varicose_veins", "contagious"])
_leaves = st.none() | st.booleans() | st.integers(-5, 5) | st.sampled_from(
    ["", "knee_left", "neck_back", "whiplash", "fracture", ago(3), ago(90), "2026-99-99",
     "current", "left hip"])
_junk = st.recursive(_leaves, lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(_keys, inner, max_size=4), max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(intake=st.dictionaries(_keys, _junk, max_size=6))
def test_any_intake_yields_ordered_unique_valid_flags(intake):
    flags = evaluate(intake, today=TODAY)
    ranks = [(CLASS_ORDER.index(f.cls), f.max_pressure or 0) for f in flags]
    assert ranks == sorted(ranks)
    assert len({f.code for f in flags}) == len(flags)
    assert all(site in REGION_BY_ID for f in flags for site in f.sites)
    assert 0 <= max_pressure_allowed(flags) <= 5
