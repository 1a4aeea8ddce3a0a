"""Tests for the intake vocabulary, consent texts, cause scores and the version diff."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notes_app.clinical import intake_schema as schema
from notes_app.clinical.intake_schema import CAUSE_TAGS, cause_scores, diff_intakes
from notes_app.clinical.regions import REGION_BY_ID

REQUIRED_HISTORY = {
    "high_blood_pressure", "hypertension_uncontrolled", "heart_disease", "pacemaker", "stroke_tia",
    "dvt_history", "varicose_veins", "leg_swelling", "bleeding_disorder", "low_platelets",
    "bruises_easily", "osteoporosis", "recent_fracture", "arthritis", "ra_flare",
    "disc_herniation", "joint_replacement", "spinal_surgery", "whiplash", "scoliosis",
    "fibromyalgia", "numbness_tingling", "neuropathy", "epilepsy", "migraine", "dizziness",
    "diabetes", "thyroid", "kidney_liver", "cancer_current", "cancer_past", "bone_metastases",
    "lymph_node_removal", "skin_condition", "asthma", "other",
}


def keys(pairs) -> list[str]:
    return [pair[0] for pair in pairs]


def test_history_checklist_covers_the_domain():
    items = schema.HEALTH_HISTORY
    assert REQUIRED_HISTORY <= set(schema.HISTORY_BY_KEY)
    assert len(keys(items)) == len(set(keys(items)))
    groups = set(keys(schema.HISTORY_GROUPS))
    assert all(item.group in groups and item.label for item in items)
    assert isinstance(schema.HISTORY_BY_KEY["bruises_easily"].takes_details, bool)


def test_pick_lists():
    assert keys(schema.MEDICATION_FLAGS) == [
        "anticoagulant", "antiplatelet", "corticosteroid", "analgesic_today", "bp_medication",
        "insulin"]
    assert all(label and why for _, label, why in schema.MEDICATION_FLAGS)
    assert keys(schema.PRESSURE_PREFERENCES) == ["light", "medium", "firm", "deep"]
    assert keys(schema.BREAK_FREQUENCIES) == ["lt30", "30to60", "gt60", "rarely"]
    assert keys(schema.SLEEP_POSITIONS) == ["back", "side", "stomach", "mixed"]
    assert keys(schema.SCREEN_SETUPS) == ["laptop", "external", "both", "none"]
    assert keys(schema.MONITOR_POSITIONS) == ["above", "at", "below"]
    assert {"nut_oils", "latex", "fragrance", "lanolin", "adhesives", "other"} <= set(
        keys(schema.ALLERGIES))
    assert {"ache", "burning", "sharp", "tingling", "throbbing", "stiffness"} <= set(
        keys(schema.PAIN_CHARACTERS))
    assert set(keys(schema.TODAY_CHECKS)) == {
        "fever", "chest_pain_or_breathless", "stroke_signs", "intoxicated",
        "severe_unexplained_pain", "calf_swelling", "pregnancy_warning"}


def test_sensitive_areas_point_at_real_regions():
    assert keys(schema.SENSITIVE_AREAS) == ["gluteals", "chest", "abdomen", "inner_thigh",
                                            "face_jaw"]
    assert all(r in REGION_BY_ID for _, _, regions in schema.SENSITIVE_AREAS for r in regions)


def test_consent_texts():
    assert re.fullmatch(r"\d{4}-\d{2}", schema.CONSENT_TEXT_VERSION)
    assert set(schema.CONSENT_TEXTS) == {"treatment", "deep_pressure", "sensitive_areas", "marks"}
    treatment = schema.consent_text("treatment")
    assert "not a diagnosis" in treatment and "stop" in treatment
    assert "6 out of 10" in schema.consent_text("deep_pressure", ceiling=6)
    assert "stop at any time" in schema.consent_text("deep_pressure")
    assert "cupping" in schema.consent_text("marks")
    assert all("{" not in schema.consent_text(key) for key in schema.CONSENT_TEXTS)


@pytest.mark.parametrize("intake", [None, {}, {"lifestyle": {}}, {"lifestyle": "junk"}])
def test_empty_intake_scores_zero(intake):
    assert cause_scores(intake) == dict.fromkeys(CAUSE_TAGS, 0.0)


def test_desk_worker_scores_posture_highest():
    scores = cause_scores({"lifestyle": {
        "occupation": "accountant", "desk_hours": 9, "screen_setup": "laptop",
        "monitor_position": "below", "phone_hours": 2, "activity_minutes_week": 200,
        "fluid_litres": 2.5, "sleep_position": "side", "stress": 3}})
    assert scores["POS"] >= 0.8
    assert max(scores, key=scores.get) == "POS"
    assert scores["INA"] == scores["HYD"] == scores["SLP"] == 0.0


def test_sedentary_person_scores_inactivity():
    scores = cause_scores({"lifestyle": {"activity_minutes_week": 0, "sitting_hours": 11}})
    assert scores["INA"] == 1.0


@pytest.mark.parametrize("minutes, expected", [(0, 0.7), (75, 0.35), (150, 0.0), (400, 0.0)])
def test_inactivity_follows_the_who_150_minutes(minutes, expected):
    assert cause_scores({"lifestyle": {"activity_minutes_week": minutes}})["INA"] == expected


def test_stomach_sleeper_with_flat_pillow_scores_sleep():
    scores = cause_scores({"lifestyle": {"sleep_position": "stomach", "pillow_type": "flat"}})
    assert scores["SLP"] >= 0.6
    side = cause_scores({"lifestyle": {"sleep_position": "side", "pillow_type": "memory_foam"}})
    assert side["SLP"] == 0.0


REACH = {
    "POS": {"lifestyle": {"desk_hours": 10, "screen_setup": "laptop", "monitor_position": "below",
                          "phone_cradling": True}},
    "OVR": {"lifestyle": {"repetitive_tasks": ["typing_mouse", "lifting"], "repetitive_hours": 7,
                          "break_frequency": "rarely", "stretches": False}},
    "STR": {"lifestyle": {"stress": 9, "jaw_clenching": True, "headaches_per_week": 3}},
    "INA": {"lifestyle": {"activity_minutes_week": 20, "sitting_hours": 10}},
    "HYD": {"lifestyle": {"fluid_litres": 0.8, "often_thirsty": True}},
    "SLP": {"lifestyle": {"sleep_position": "stomach", "pillow_type": "flat", "wake_stiff": True,
                          "pillow_age_years": 4}},
    "INJ": {"lifestyle": {"previous_injuries": "rugby shoulder 2015"},
            "injuries": [{"region": "shoulder_left", "date": "2015-03-01", "kind": "sprain"}],
            "scars": [{"region": "knee_right", "healed": True}],
            "history": {"whiplash": {"present": True}}},
}


@pytest.mark.parametrize("tag", CAUSE_TAGS)
def test_each_tag_is_reachable_on_its_own(tag):
    scores = cause_scores(REACH[tag])
    assert scores[tag] >= 0.8
    assert all(score < 0.5 for other, score in scores.items() if other != tag)


def test_unanswered_and_mistyped_answers_add_nothing():
    lifestyle = {"stretches": None, "desk_hours": "lots", "stress": True, "repetitive_tasks": "x",
                 "break_frequency": ["rarely"], "fluid_litres": float("nan")}
    assert cause_scores({"lifestyle": lifestyle}) == dict.fromkeys(CAUSE_TAGS, 0.0)


_numbers = st.one_of(st.none(), st.floats(-100, 1000), st.integers(-100, 1000))


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({}, optional={
    key: _numbers for key in ("desk_hours", "phone_hours", "driving_hours", "repetitive_hours",
                              "stress", "headaches_per_week", "activity_minutes_week",
                              "sitting_hours", "fluid_litres", "pillow_age_years", "sleep_hours")}
    | {key: st.booleans() for key in ("phone_cradling", "stretches", "jaw_clenching",
                                      "often_thirsty", "wake_stiff", "arm_overhead")}))
def test_scores_stay_between_zero_and_one(lifestyle):
    scores = cause_scores({"lifestyle": lifestyle})
    assert set(scores) == set(CAUSE_TAGS)
    assert all(0.0 <= score <= 1.0 for score in scores.values())


@given(st.floats(0, 24), st.floats(0, 24))
def test_more_desk_hours_never_lowers_posture(a, b):
    low, high = sorted((a, b))
    assert cause_scores({"lifestyle": {"desk_hours": low}})["POS"] <= cause_scores(
        {"lifestyle": {"desk_hours": high}})["POS"]


BASE = {
    "reason": "Knots between the shoulder blades",
    "history": {"osteoporosis": {"present": False, "details": ""},
                "migraine": {"present": True, "details": "twice a month"}},
    "medications": {"text": "", "insulin": False},
    "lifestyle": {"desk_hours": 8.0, "monitor_position": "at", "stress": 5},
    "allergies": {"items": ["latex"], "other": ""},
    "surgeries": [],
}


def test_same_intake_has_no_changes():
    assert diff_intakes(BASE, dict(BASE)) == []


def test_first_version_lists_only_filled_answers():
    changes = dict((label, (old, new)) for label, old, new in diff_intakes(None, BASE))
    assert changes == {
        "Reason for visit": ("", "Knots between the shoulder blades"),
        "Health history › Frequent headaches or migraine": ("", "yes: twice a month"),
        "Lifestyle › Desk/screen hours a day": ("", "8"),
        "Lifestyle › Monitor height": ("", "At eye level"),
        "Lifestyle › Stress (0-10)": ("", "5"),
        "Allergies › Allergies": ("", "Latex (gloves)"),
    }


def test_changes_are_labelled_for_people():
    new = {**BASE,
           "history": {"osteoporosis": {"present": True, "details": "scan 2026"},
                       "migraine": {"present": False, "details": "twice a month"}},
           "medications": {"text": "", "insulin": True},
           "lifestyle": {"desk_hours": 8, "monitor_position": "below", "stress": 5},
           "allergies": {"items": ["latex", "nut_oils"], "other": ""}}
    assert diff_intakes(BASE, new) == [
        ("Health history › Osteoporosis or osteopenia (thin bones)", "", "yes: scan 2026"),
        ("Health history › Frequent headaches or migraine", "yes: twice a month", ""),
        ("Medications › Insulin or other diabetes medicine that can lower blood sugar", "no",
         "yes"),
        ("Lifestyle › Monitor height", "At eye level", "Below eye level"),
        ("Allergies › Allergies", "Latex (gloves)",
         "Latex (gloves), Nut oils (sweet almond, macadamia...)"),
    ]


def test_list_entries_are_labelled_by_region():
    new = {**BASE, "surgeries": [
        {"region": "shoulder_left", "date": "2026-10-01", "details": "rotator cuff"},
        {"region": "shoulder_left", "date": "2026-11-01", "details": ""}]}
    assert diff_intakes(BASE, new) == [
        ("Surgery – Shoulder (left) › Date", "", "2026-10-01"),
        ("Surgery – Shoulder (left) › Details", "", "rotator cuff"),
        ("Surgery – Shoulder (left) #2 › Date", "", "2026-11-01"),
    ]
    assert diff_intakes(new, BASE)[0] == ("Surgery – Shoulder (left) › Date", "2026-10-01", "")


def test_diff_survives_odd_values():
    odd = {"pain_areas": [{"region": ["x"], "intensity": 4}], "preferences": {"avoid_regions": [
        "face", {"bad": 1}]}, "weird_section": 3}
    labels = [label for label, _, _ in diff_intakes(None, odd)]
    assert labels == ["Pain – Unspecified area › Intensity (0-10)",
                      "Preferences › Areas to avoid", "Weird section"]
