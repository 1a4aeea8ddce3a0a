"""Issue 16: the rules read free text as clients write it, in several phrasings each.

Every table has phrasings that must fire and negations that must stay quiet ("no DVT", "ruled
out", "not since 2015").
"""
from __future__ import annotations

from datetime import date

import pytest

from notes_app.clinical.contraindications import (
    DEFER,
    MODIFY,
    evaluate,
    max_pressure_allowed,
    site_caps,
)
from notes_app.clinical.medicines import library, named_in

TODAY = date(2026, 12, 1)
LEGS = {"thigh_left", "thigh_right", "knee_left", "knee_right", "lower_leg_left",
        "lower_leg_right"}


def hist(key: str, details: str = "") -> dict:
    return {"history": {key: {"present": True, "details": details}}}


def codes(intake: dict) -> dict[str, str]:
    return {f.code: f.cls for f in evaluate(intake, today=TODAY)}


CLOT_RECENT = [
    hist("dvt_history", "recent DVT, on rivaroxaban"),
    hist("dvt_history", "DVT left calf 3 weeks ago"),
    hist("dvt_history", "clot in my leg last month"),
    hist("dvt_history", "PE in October 2026"),
    hist("dvt_history", "still on warfarin for the clot"),
    hist("dvt_history", "blood clot, having injections"),
    hist("dvt_history", "DVT 2014, on Eliquis for life"),
    {"history": {"other": {"present": True, "details": "PE a few weeks ago"}}},
    {"reason": "Back ache since my pulmonary embolism two weeks ago"},
    {**hist("dvt_history", "DVT"), "medications": {"text": "Xarelto 20 mg"}},
]


@pytest.mark.parametrize("intake", CLOT_RECENT)
def test_recent_or_treated_clot_defers_until_clearance(intake):
    flags = {f.code: f for f in evaluate(intake, today=TODAY)}
    assert flags["clot_recent"].cls == DEFER
    assert flags["clot_recent"].needs_clearance and not flags["clot_recent"].hard_stop
    assert set(flags["clot_recent"].sites) == LEGS


CLOT_OLD = [
    hist("dvt_history", "DVT in 2015, not since"),
    hist("dvt_history", "PE 2010 after surgery, no longer on warfarin"),
    hist("dvt_history", "clot in right leg years ago"),
    hist("dvt_history", "DVT as a teenager"),
    hist("dvt_history", ""),
]


@pytest.mark.parametrize("intake", CLOT_OLD)
def test_older_clot_modifies_the_legs_only(intake):
    flags = {f.code: f for f in evaluate(intake, today=TODAY)}
    assert "clot_recent" not in flags and "dvt" not in flags
    old = flags["clot_history"]
    assert old.cls == MODIFY and set(old.sites) == LEGS and old.local_cap
    assert max_pressure_allowed([old]) == 5  # the cap holds at the legs only
    assert site_caps([old]) == {site: 2 for site in LEGS}


CLOT_QUIET = [
    hist("dvt_history", "suspected but ruled out"),
    hist("dvt_history", "no DVT"),
    hist("dvt_history", "never had a clot"),
    hist("dvt_history", "DVT ruled out by scan in May"),
    hist("dvt_history", "no"),
    {"history": {"other": {"present": True, "details": "no history of DVT or PE"}}},
    {"reason": "PE teacher with a sore back"},
    {"medications": {"text": "not on blood thinners"}},
    {"history": {"dvt_history": {"present": False, "details": "recent DVT"}}},
]


@pytest.mark.parametrize("intake", CLOT_QUIET)
def test_negated_or_ruled_out_clots_stay_quiet(intake):
    assert not {"dvt", "clot_recent", "clot_history", "anticoagulant"} & set(codes(intake))


SUSPECTED = [
    {"history_today": {"calf_swelling": True}},
    hist("dvt_history", "suspected clot, left calf"),
    hist("dvt_history", "query DVT, waiting for scan"),
    hist("leg_swelling", "left calf swollen and warm since Monday"),
    hist("leg_swelling", "one leg, sudden"),
]


@pytest.mark.parametrize("intake", SUSPECTED)
def test_suspected_clot_is_a_hard_stop(intake):
    flag = next(f for f in evaluate(intake, today=TODAY) if f.code == "dvt")
    assert flag.cls == DEFER and flag.hard_stop


@pytest.mark.parametrize("details, expected", [
    ("both ankles swell in the evening", "leg_swelling"),
    ("", "leg_swelling"),
    ("swollen feet for years", "leg_swelling"),
])
def test_other_leg_swelling_is_screened_as_a_possible_clot(details, expected):
    flag = next(f for f in evaluate(hist("leg_swelling", details), today=TODAY)
                if f.code == expected)
    assert flag.cls == DEFER and flag.needs_clearance


@pytest.mark.parametrize("details", ["checked by GP, not a clot", "scan was clear", "no"])
def test_leg_swelling_a_doctor_has_checked_does_not_defer(details):
    assert not {"dvt", "leg_swelling"} & set(codes(hist("leg_swelling", details)))


@pytest.mark.parametrize("intake", [
    {"history_today": {"chest_pain_or_breathless": True}},
    {"history_today": {"stroke_signs": True}},
    {"history_today": {"fever": True}},
    {"history_today": {"pregnancy_warning": True}},
])
def test_signs_that_need_a_doctor_today_are_hard_stops(intake):
    flags = evaluate(intake, today=TODAY)
    assert flags and all(f.hard_stop for f in flags if f.cls == DEFER)


def test_other_defers_stay_overridable():
    for intake in ({"history_today": {"intoxicated": True}}, hist("hypertension_uncontrolled")):
        (flag,) = [f for f in evaluate(intake, today=TODAY) if f.cls == DEFER]
        assert not flag.hard_stop and not flag.needs_clearance


@pytest.mark.parametrize("text, flag", [
    ("warfarin 5mg", "anticoagulant"), ("Eliquis twice daily", "anticoagulant"),
    ("apixaban", "anticoagulant"), ("Clexane injections", "anticoagulant"),
    ("baby aspirin every morning", "antiplatelet"), ("Plavix", "antiplatelet"),
    ("Lantus at night", "insulin"), ("NovoRapid with meals", "insulin"),
    ("gliclazide", "insulin"), ("prednisolone 10 mg", "corticosteroid"),
    ("Medrol", "corticosteroid"),
])
def test_medicines_typed_as_text_are_recognised(text, flag):
    assert named_in(text, flag)


@pytest.mark.parametrize("text, flag", [
    ("stopped warfarin in 2020", "anticoagulant"), ("no blood thinners", "anticoagulant"),
    ("not on aspirin", "antiplatelet"), ("came off prednisolone last year", "corticosteroid"),
    ("no insulin, diet only", "insulin"), ("metformin", "insulin"),
])
def test_negated_or_stopped_medicines_are_not(text, flag):
    assert not named_in(text, flag)


def test_medicine_list_is_data_with_a_source():
    data = library()
    assert data["source"] and data["reviewed_by"] and date.fromisoformat(data["reviewed_on"])
    assert {"anticoagulant", "antiplatelet", "corticosteroid", "insulin"} <= set(data["classes"])
    for entry in data["classes"].values():
        assert entry["atc"] and len(entry["names"]) == len(set(entry["names"]))


@pytest.mark.parametrize("key, fires, quiet", [
    ("neuropathy", ["both feet", "diabetic, toes"], ["no neuropathy", "ruled out"]),
    ("numbness_tingling", ["left hand at night", "pins and needles"], ["no numbness", "none"]),
    ("epilepsy", ["last seizure in March", "on medication"], ["not since 2015",
                                                              "no seizures since 2010"]),
    ("heart_disease", ["angina", "heart failure"], ["no", "ruled out"]),
    ("kidney_liver", ["kidney disease", "fatty liver"], ["no", "never"]),
    ("disc_herniation", ["L5 disc", "sciatica down the left leg"], ["ruled out", "no"]),
    ("dizziness", ["on standing", "vertigo"], ["not since 2015", "no"]),
    ("concussion", ["fell last month"], ["no", "not since 2015"]),
])
def test_history_answers_fire_unless_negated(key, fires, quiet):
    code = {"neuropathy": "diabetic_neuropathy", "numbness_tingling": "numbness",
            "disc_herniation": "disc_problem"}.get(key, key)
    for details in fires:
        assert code in codes(hist(key, details)), details
    for details in quiet:
        assert code not in codes(hist(key, details)), details


def test_diabetes_details_without_neuropathy_stay_quiet():
    assert "diabetic_neuropathy" not in codes(hist("diabetes", "type 2, no neuropathy"))
    assert "diabetic_neuropathy" in codes(hist("diabetes", "type 1 with neuropathy in feet"))


@pytest.mark.parametrize("details, sites", [
    ("left armpit", ("shoulder_left",)), ("right calf", ("lower_leg_right",)),
    ("both hands", ("hand_left", "hand_right")), ("lower back", ("lower_back",)),
])
def test_area_named_in_text_becomes_the_local_site(details, sites):
    flag = next(f for f in evaluate(hist("numbness_tingling", details), today=TODAY))
    assert flag.sites == sites


@pytest.mark.parametrize("intake", [
    hist("skin_infection", "impetigo on my arm"), hist("skin_infection"),
    hist("skin_condition", "ringworm on my back"), hist("skin_condition", "cold sore"),
])
def test_contagious_skin_infection_in_the_history_defers(intake):
    assert codes(intake).get("skin_widespread_contagious") == DEFER


@pytest.mark.parametrize("intake", [
    hist("skin_condition", "eczema, no infection"), hist("skin_condition", "psoriasis"),
])
def test_non_infectious_skin_is_local_only(intake):
    found = codes(intake)
    assert "skin_widespread_contagious" not in found and found["skin_local"] == "LOCAL"


@pytest.mark.parametrize("weeks, expected, absent", [
    (8, "pregnancy_first_trimester", "pregnancy_late"),
    (12, "pregnancy_first_trimester", "pregnancy_late"),
    (20, None, "pregnancy_first_trimester"),
    (30, "pregnancy_late", "pregnancy_first_trimester"),
])
def test_pregnancy_weeks_give_their_own_guidance(weeks, expected, absent):
    found = codes({"pregnancy": {"pregnant": True, "weeks": weeks}})
    assert found["pregnancy"] == MODIFY
    assert expected is None or found[expected] == MODIFY
    assert absent not in found


def test_late_pregnancy_guidance_says_side_lying_never_flat():
    flag = next(f for f in evaluate({"pregnancy": {"pregnant": True, "weeks": 34}}, today=TODAY)
                if f.code == "pregnancy_late")
    assert "Side-lying" in flag.guidance and "flat on the back" in flag.guidance


def test_cleared_defer_becomes_its_modify_but_hard_stops_never_clear():
    intake = {**hist("dvt_history", "recent DVT on apixaban"),
              "history_today": {"fever": True}}
    flags = {f.code: f for f in evaluate(intake, today=TODAY, cleared={"clot_recent", "fever"})}
    assert flags["clot_recent"].cls == MODIFY and flags["clot_recent"].cleared
    assert site_caps([flags["clot_recent"]]) == {site: 2 for site in LEGS}
    assert flags["fever"].cls == DEFER and flags["fever"].hard_stop


def test_neck_caution_caps_the_neck_not_the_session():
    flags = evaluate({"injuries": [{"region": "neck_back", "date": "2026-11-20",
                                    "kind": "strain"}]}, today=TODAY)
    assert max_pressure_allowed(flags) == 5
    assert site_caps(flags) == {"neck_back": 3}
