"""The intake's vocabulary as plain data (domain §4), consent texts, cause scores and version diff.

An intake is a plain dict; every key is optional and a missing key means "not present / empty".
The Flask form produces exactly this shape (region ids come from clinical.regions)::

    {
      "reason": str, "goals": str,
      "pain_areas": [{"region": id, "onset": "YYYY-MM-DD" | "", "intensity": 0..10,
                      "character": PAIN_CHARACTERS key, "aggravating": str, "easing": str}],
      "history": {HEALTH_HISTORY key: {"present": bool, "details": str}},
      "history_today": {TODAY_CHECKS key: bool},
      "medications": {"text": str, MEDICATION_FLAGS key: bool, ...},
      "allergies": {"items": [ALLERGIES key], "other": str},
      "pregnancy": {"pregnant": bool, "weeks": int | None, "high_risk": bool,
                    "weeks_since_birth": int | None, "caesarean": bool},
      "surgeries": [{"region": id, "date": "YYYY-MM-DD", "details": str}],
      "injuries": [{"region": id, "date": "YYYY-MM-DD", "kind": INJURY_KINDS key, "details": str}],
      "scars": [{"region": id, "healed": bool}],
      "skin": [{"region": id, "contagious": bool, "widespread": bool, "details": str}],
      "devices": [{"region": id, "kind": DEVICE_KINDS key}],
      "preferences": {"pressure": PRESSURE_PREFERENCES key, "avoid_regions": [id],
                      "sensitive_consent": [SENSITIVE_AREAS key], "notes": str},
      "lifestyle": {"occupation": str, "desk_hours": float, "screen_setup": SCREEN_SETUPS key,
                    "monitor_position": MONITOR_POSITIONS key, "phone_hours": float,
                    "phone_cradling": bool, "driving_hours": float,
                    "repetitive_tasks": [REPETITIVE_TASKS key], "repetitive_hours": float,
                    "break_frequency": BREAK_FREQUENCIES key, "stretches": bool,
                    "stress": 0..10, "jaw_clenching": bool, "headaches_per_week": int,
                    "activity_minutes_week": int, "sitting_hours": float,
                    "fluid_litres": float, "often_thirsty": bool,
                    "sleep_position": SLEEP_POSITIONS key, "pillow_type": PILLOW_TYPES key,
                    "pillow_age_years": float, "wake_stiff": bool, "arm_overhead": bool,
                    "sleep_hours": float, "previous_injuries": str},
      "consent": {"version": str, "language": "en" | "fr" | ... (the texts as read; absent
                  before it was kept, meaning en), "treatment": bool, "deep_pressure": bool,
                  "intensity_ceiling": 0..10, "sensitive_areas": bool, "marks": bool,
                  "typed_name": str, "signed_on": "YYYY-MM-DD",
                  "guardian_name": str, "guardian_relationship": str},
    }
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from notes_app.clinical._intake_access import as_entries, as_map, number, text
from notes_app.clinical.i18n_marker import N_
from notes_app.clinical.regions import REGION_BY_ID


class HistoryItem(NamedTuple):
    """One Y/N line of the health-history checklist (§4.2)."""

    key: str
    label: str
    group: str
    takes_details: bool


HISTORY_GROUPS: tuple[tuple[str, str], ...] = (
    ("cardiovascular", N_("Heart and circulation")),
    ("blood", N_("Blood and bleeding")),
    ("musculoskeletal", N_("Bones, joints and muscles")),
    ("neurological", N_("Nerves and head")),
    ("metabolic", N_("Metabolism and hormones")),
    ("cancer", N_("Cancer")),
    ("skin", N_("Skin")),
    ("other", N_("Other")),
)

_H = HistoryItem
HEALTH_HISTORY: tuple[HistoryItem, ...] = (
    _H("high_blood_pressure", N_("High blood pressure"), "cardiovascular", True),
    _H("hypertension_uncontrolled", N_("High blood pressure that is not under control right now"),
       "cardiovascular", True),
    _H("heart_disease", N_("Heart disease or heart problems"), "cardiovascular", True),
    _H("pacemaker", N_("Pacemaker or other implanted heart device"), "cardiovascular", True),
    _H("stroke_tia", N_("Stroke or mini-stroke (TIA), or problems with the neck arteries"),
       "cardiovascular", True),
    _H("dvt_history", N_("Blood clot, DVT or PE (now, suspected, or in the past)"),
       "cardiovascular", True),
    _H("varicose_veins", N_("Varicose veins"), "cardiovascular", True),
    _H("leg_swelling", N_("Swelling in the legs or ankles"), "cardiovascular", True),
    _H("phlebitis", N_("Phlebitis (a sore, inflamed vein) now or recently"), "cardiovascular",
       True),
    _H("aneurysm", N_("Aneurysm (a weak, bulging artery, e.g. in the belly or brain)"),
       "cardiovascular", True),
    _H("bleeding_disorder", N_("Bleeding disorder (e.g. haemophilia)"), "blood", True),
    _H("low_platelets", N_("Low platelets"), "blood", True),
    _H("bruises_easily", N_("Bruise easily"), "blood", False),
    _H("anticoagulant", N_("Take blood thinners (anticoagulant or antiplatelet)"), "blood", True),
    _H("osteoporosis", N_("Osteoporosis or osteopenia (thin bones)"), "musculoskeletal", True),
    _H("recent_fracture", N_("Broken bone in the last 3 months"), "musculoskeletal", True),
    _H("arthritis", N_("Arthritis (rheumatoid or osteoarthritis)"), "musculoskeletal", True),
    _H("ra_flare", N_("Rheumatoid arthritis flare right now"), "musculoskeletal", True),
    _H("disc_herniation", N_("Disc herniation or sciatica"), "musculoskeletal", True),
    _H("joint_replacement", N_("Joint replacement"), "musculoskeletal", True),
    _H("spinal_surgery", N_("Spinal surgery"), "musculoskeletal", True),
    _H("whiplash", N_("Whiplash or car accident"), "musculoskeletal", True),
    _H("scoliosis", N_("Scoliosis"), "musculoskeletal", False),
    _H("fibromyalgia", N_("Fibromyalgia or widespread pain sensitivity"), "musculoskeletal", True),
    _H("hernia", N_("Hernia (e.g. in the belly or groin)"), "musculoskeletal", True),
    _H("acute_inflammation", N_("A hot, red, swollen area right now (e.g. gout, bursitis, "
       "cellulitis): where?"), "musculoskeletal", True),
    _H("numbness_tingling", N_("Numbness or tingling"), "neurological", True),
    _H("neuropathy", N_("Neuropathy (reduced feeling, e.g. from diabetes)"), "neurological",
       True),
    _H("epilepsy", N_("Epilepsy or seizures"), "neurological", True),
    _H("migraine", N_("Frequent headaches or migraine"), "neurological", True),
    _H("dizziness", N_("Dizziness or fainting"), "neurological", True),
    _H("concussion", N_("Concussion or a blow to the head in the last 3 months"), "neurological",
       True),
    _H("diabetes", N_("Diabetes (type, insulin, neuropathy?)"), "metabolic", True),
    _H("thyroid", N_("Thyroid condition"), "metabolic", True),
    _H("kidney_liver", N_("Kidney or liver disease"), "metabolic", True),
    _H("cancer_current", N_("Cancer now (in treatment or spread)"), "cancer", True),
    _H("cancer_past", N_("Cancer in the past (treatment and dates)"), "cancer", True),
    _H("bone_metastases", N_("Cancer that has spread to the bones"), "cancer", True),
    _H("lymph_node_removal", N_("Lymph nodes removed or treated (which side?)"), "cancer", True),
    _H("skin_condition", N_("Rash, eczema, psoriasis, skin infection, open wound, burn or sunburn"),
       "skin", True),
    _H("skin_infection", N_("A skin infection that can spread (e.g. impetigo, ringworm, scabies, "
       "cold sores, shingles)"), "skin", True),
    _H("asthma", N_("Asthma or breathing problems"), "other", True),
    _H("mental_health", N_("Anything about your mental health you want us to know (optional)"),
       "other", True),
    _H("other", N_("Anything else your therapist should know"), "other", True),
)
HISTORY_BY_KEY: dict[str, HistoryItem] = {item.key: item for item in HEALTH_HISTORY}

TODAY_CHECKS: tuple[tuple[str, str], ...] = (
    ("fever", N_("Fever, flu or another illness that might be catching")),
    ("chest_pain_or_breathless", N_("Chest pain or sudden shortness of breath")),
    ("stroke_signs", N_("Face drooping, arm weakness or slurred speech")),
    ("intoxicated", N_("Had alcohol or drugs today")),
    ("severe_unexplained_pain", N_("Severe pain you can't explain")),
    ("calf_swelling", N_("One calf or leg swollen, warm, red or painful")),
    ("pregnancy_warning", N_("If pregnant: bleeding, leaking fluid, a bad headache, blurred sight, "
                          "sudden swelling, belly pain, or the baby moving less")))
MEDICATION_FLAGS: tuple[tuple[str, str, str], ...] = (
    ("anticoagulant", N_("Blood thinner (anticoagulant)"),
     N_("e.g. warfarin, heparin, apixaban, rivaroxaban: bruising and bleeding come easily")),
    ("antiplatelet", N_("Antiplatelet"),
     N_("e.g. daily aspirin, clopidogrel: bruising and bleeding come easily")),
    ("corticosteroid", N_("Steroid tablets taken long-term"),
     N_("e.g. prednisolone: skin and bones can be more fragile")),
    ("analgesic_today", N_("Painkiller or muscle relaxant taken today"),
     N_("you may not feel when pressure is too much")),
    ("bp_medication", N_("Blood-pressure medicine"), N_("you may feel dizzy when getting up")),
    ("insulin", N_("Insulin or other diabetes medicine that can lower blood sugar"),
     N_("blood sugar can drop during or after a session")))
ALLERGIES: tuple[tuple[str, str], ...] = (
    ("nut_oils", N_("Nut oils (sweet almond, macadamia...)")),
    ("latex", N_("Latex (gloves)")),
    ("fragrance", N_("Fragrance or essential oils")),
    ("lanolin", N_("Lanolin")),
    ("lotions", N_("Particular lotions or creams")),
    ("topical_analgesics", N_("Pain-relief rubs (menthol, camphor)")),
    ("adhesives", N_("Adhesives (kinesiology tape)")),
    ("other", N_("Other")))
PAIN_CHARACTERS: tuple[tuple[str, str], ...] = (
    ("ache", N_("Aching")), ("dull", N_("Dull")), ("burning", N_("Burning")),
    ("sharp", N_("Sharp")),
    ("shooting", N_("Shooting")), ("tingling", N_("Tingling or pins and needles")),
    ("numb", N_("Numb")), ("throbbing", N_("Throbbing")), ("stiffness", N_("Stiff or tight")))
PRESSURE_PREFERENCES: tuple[tuple[str, str], ...] = (
    ("light", N_("Light")), ("medium", N_("Medium")), ("firm", N_("Firm")), ("deep", N_("Deep")))

SENSITIVE_AREAS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("gluteals", N_("Buttocks (gluteals)"), ("buttock_left", "buttock_right")),
    ("chest", N_("Chest (pectorals)"), ("chest",)),
    ("abdomen", N_("Abdomen (for psoas work)"), ("abdomen",)),
    ("inner_thigh", N_("Inner thigh (adductors)"), ("thigh_left", "thigh_right")),
    ("face_jaw", N_("Face and jaw"), ("face",)),
)

INJURY_KINDS = (("strain", N_("Strain")), ("sprain", N_("Sprain")),
                ("fracture", N_("Broken bone")), ("whiplash", N_("Whiplash")),
                ("other", N_("Other")))
DEVICE_KINDS = (("pacemaker", N_("Pacemaker")), ("pump", N_("Pump (e.g. insulin)")),
                ("joint_replacement", N_("Joint replacement")), ("port", N_("Port")),
                ("other", N_("Other")))
SCREEN_SETUPS = (("laptop", N_("Laptop only")), ("external", N_("External monitor")),
                 ("both", N_("Laptop and external monitor")), ("none", N_("No screen work")))
MONITOR_POSITIONS = (("above", N_("Above eye level")), ("at", N_("At eye level")),
                     ("below", N_("Below eye level")))
BREAK_FREQUENCIES = (("lt30", N_("Every 30 minutes or less")),
                     ("30to60", N_("Every 30-60 minutes")),
                     ("gt60", N_("Less than once an hour")), ("rarely", N_("Rarely")))
REPETITIVE_TASKS = (("typing_mouse", N_("Typing or mouse")), ("lifting", N_("Lifting")),
                    ("overhead", N_("Overhead work")),
                    ("carrying", N_("Carrying children or bags")),
                    ("instrument", N_("Playing an instrument")), ("sport", N_("Sport")))
SLEEP_POSITIONS = (("back", N_("On my back")), ("side", N_("On my side")),
                   ("stomach", N_("On my stomach")), ("mixed", N_("It varies")))
PILLOW_TYPES = (("feather", N_("Feather or down")), ("memory_foam", N_("Memory foam")),
                ("latex", N_("Latex")), ("fibre", N_("Fibre or polyester")),
                ("contoured", N_("Contoured (neck support)")), ("flat", N_("Flat or thin")),
                ("several", N_("Several pillows stacked")), ("none", N_("No pillow")))

CONSENT_TEXT_VERSION = "2026-11"
DEFAULT_INTENSITY_CEILING = 7  # domain §2.2(b): 7/10 is the usual ceiling; the client may set it
CONSENT_TEXTS: dict[str, str] = {
    "treatment": N_(
        "I am asking for massage, which may include deep-tissue and trigger-point work. Massage "
        "is not a diagnosis, a prescription or a replacement for medical care, and my therapist "
        "will not diagnose any condition. Soreness for a day or two afterwards is common; "
        "bruising or a short-lived rise in symptoms can happen. I have answered the health "
        "questions honestly and will say when anything changes. I can ask questions, ask for "
        "less pressure, or stop the session at any time. My records stay confidential unless I "
        "agree in writing to share them."),
    "deep_pressure": N_(
        "I agree to deep pressure and trigger-point work. Some discomfort is expected, but it "
        "should stay at or below {ceiling} out of 10, where I can still breathe and relax. I "
        "will say when it goes past that, and I can ask to ease off or stop at any time."),
    "sensitive_areas": N_(
        "I agree to work on the areas I have ticked (buttocks, chest, abdomen, inner thigh, face "
        "and jaw). My therapist will explain before working there, keep me covered, and check "
        "with me again before starting. I can change my mind at any time, even mid-session."),
    "marks": N_(
        "I agree to techniques that can leave marks, such as cupping or tool-assisted work. "
        "They can leave round marks, redness or small bruises that usually fade within days to "
        "two weeks. I can say no to these and still have the rest of my treatment."),
}


def consent_text(key: str, ceiling: int = DEFAULT_INTENSITY_CEILING) -> str:
    """Return the consent text for key, with the agreed intensity ceiling filled in."""
    return CONSENT_TEXTS[key].format(ceiling=ceiling)


CAUSE_TAGS = ("POS", "OVR", "STR", "INA", "HYD", "SLP", "INJ")


def _ramp(value: float | None, start: float, full: float, weight: float) -> float:
    """Return 0 at start rising linearly to weight at full (either direction); 0 if unknown."""
    if value is None:
        return 0.0
    share = (value - start) / (full - start)
    return weight * min(1.0, max(0.0, share))


def cause_scores(intake: Mapping[str, Any] | None) -> dict[str, float]:
    """Return a 0.0–1.0 strength per cause tag from the intake's lifestyle and injury answers."""
    intake = as_map(intake)
    life, history = as_map(intake.get("lifestyle")), as_map(intake.get("history"))

    def num(key: str) -> float | None:
        return number(life.get(key))

    def yes(key: str) -> bool:
        return life.get(key) is True  # only a ticked box counts; unanswered adds nothing

    def choice(key: str) -> str:
        return text(life.get(key))

    def ticked(key: str) -> bool:
        return bool(as_map(history.get(key)).get("present"))

    def count(section: str) -> int:
        return len(as_entries(intake.get(section)))

    tasks = life.get("repetitive_tasks")
    task_count = len([t for t in tasks if t]) if isinstance(tasks, (list, tuple)) else 0
    scores = {
        # Desk time dominates: posture complaints cluster past ~6-8 h/day; under 2 h is noise.
        # A laptop alone or a monitor below eye level pulls the head forward; cradling a phone
        # side-bends the neck; long drives hold one posture.
        "POS": _ramp(num("desk_hours"), 2, 8, 0.5) + _ramp(num("phone_hours"), 1, 4, 0.2)
        + 0.2 * yes("phone_cradling") + 0.15 * (choice("monitor_position") == "below")
        + 0.15 * (choice("screen_setup") == "laptop") + _ramp(num("driving_hours"), 1, 3, 0.15),
        # Hours of the same movement, worse without breaks (micro-breaks every 30-60 min are the
        # usual ergonomic advice) and without stretching; each listed task adds a little.
        "OVR": _ramp(num("repetitive_hours"), 1, 6, 0.5)
        + {"30to60": 0.1, "gt60": 0.25, "rarely": 0.35}.get(choice("break_frequency"), 0.0)
        + 0.1 * (life.get("stretches") is False) + min(0.15, 0.05 * task_count),
        # Stress 0-3 is everyday; above that it ramps. Clenching and tension headaches are the
        # body signs §4.6 links to jaw, neck and shoulder trigger points.
        "STR": _ramp(num("stress"), 3, 10, 0.6) + 0.25 * yes("jaw_clenching")
        + _ramp(num("headaches_per_week"), 0, 3, 0.15),
        # WHO: at least 150 min/week of moderate activity; the shortfall drives the score. Long
        # sitting adds on its own (WHO also advises limiting sedentary time).
        "INA": _ramp(num("activity_minutes_week"), 150, 0, 0.7)
        + _ramp(num("sitting_hours"), 4, 10, 0.3),
        # About 2 L/day of drinks covers most adults (EFSA total-water advice minus food water);
        # below 0.75 L is clearly short. Frequent thirst or dark urine is a direct sign.
        # General health only: §4.6 says never to infer trigger points from it.
        "HYD": _ramp(num("fluid_litres"), 2.0, 0.75, 0.7) + 0.3 * yes("often_thirsty"),
        # Stomach sleeping twists the neck for hours; a flat, absent or >1-2-year-old pillow
        # stops supporting it; waking stiff and an arm overhead are the complaints that follow;
        # under 7 h/night is short for adults.
        "SLP": {"stomach": 0.4, "mixed": 0.1}.get(choice("sleep_position"), 0.0)
        + 0.2 * (choice("pillow_type") in ("flat", "none"))
        + _ramp(num("pillow_age_years"), 1, 3, 0.15) + 0.25 * yes("wake_stiff")
        + 0.1 * yes("arm_overhead") + _ramp(num("sleep_hours"), 7, 5, 0.1),
        # Old injuries, operations and scars leave tissue that restricts and refers; whiplash
        # and spinal surgery weigh most for the neck and back work this app records.
        "INJ": 0.3 * bool(choice("previous_injuries")) + min(0.4, 0.2 * count("injuries"))
        + min(0.3, 0.15 * count("surgeries")) + min(0.2, 0.1 * count("scars"))
        + 0.2 * ticked("whiplash") + 0.2 * ticked("spinal_surgery")
        + 0.1 * ticked("recent_fracture"),
    }
    return {tag: round(min(1.0, max(0.0, float(scores[tag]))), 3) for tag in CAUSE_TAGS}


SECTION_LABELS: dict[str, str] = {
    "reason": "Reason for visit", "goals": "Goals", "pain_areas": "Pain",
    "history": "Health history", "history_today": "Today", "medications": "Medications",
    "allergies": "Allergies", "pregnancy": "Pregnancy", "surgeries": "Surgery",
    "injuries": "Injury", "scars": "Scar", "skin": "Skin", "devices": "Implanted device",
    "preferences": "Preferences", "lifestyle": "Lifestyle", "consent": "Consent",
}
FIELD_LABELS: dict[str, str] = {
    **{key: label for key, label in TODAY_CHECKS},
    **{key: label for key, label, _ in MEDICATION_FLAGS},
    "text": "Medicines taken", "items": "Allergies", "other": "Other",
    "onset": "Started", "intensity": "Intensity (0-10)", "character": "Feels like",
    "aggravating": "Worse with", "easing": "Better with", "date": "Date", "kind": "Kind",
    "details": "Details", "healed": "Healed", "contagious": "Contagious",
    "widespread": "Widespread", "pregnant": "Pregnant", "weeks": "Weeks", "high_risk": "High risk",
    "weeks_since_birth": "Weeks since the birth", "caesarean": "Caesarean birth",
    "pressure": "Pressure", "avoid_regions": "Areas to avoid",
    "sensitive_consent": "Sensitive areas agreed", "notes": "Notes",
    "occupation": "Occupation", "desk_hours": "Desk/screen hours a day",
    "screen_setup": "Screen setup", "monitor_position": "Monitor height",
    "phone_hours": "Phone hours a day", "phone_cradling": "Holds phone between ear and shoulder",
    "driving_hours": "Driving hours a day", "repetitive_tasks": "Repetitive tasks",
    "repetitive_hours": "Repetitive work hours a day", "break_frequency": "Breaks",
    "stretches": "Stretches or warms up", "stress": "Stress (0-10)",
    "jaw_clenching": "Clenches jaw or grinds teeth", "headaches_per_week": "Headaches a week",
    "activity_minutes_week": "Active minutes a week", "sitting_hours": "Sitting hours a day",
    "fluid_litres": "Fluids (litres a day)", "often_thirsty": "Often thirsty",
    "sleep_position": "Sleep position", "pillow_type": "Pillow",
    "pillow_age_years": "Pillow age (years)",
    "wake_stiff": "Wakes stiff", "arm_overhead": "Sleeps with arm overhead",
    "sleep_hours": "Sleep hours", "previous_injuries": "Previous injuries",
    "version": "Consent text version", "language": "Consent text language",
    "treatment": "Treatment consent",
    "deep_pressure": "Deep-pressure consent", "intensity_ceiling": "Intensity ceiling",
    "sensitive_areas": "Sensitive-area consent", "marks": "Consent to marks",
    "typed_name": "Signed by", "signed_on": "Signed on", "guardian_name": "Guardian",
    "guardian_relationship": "Guardian's relationship",
}
_REGION_LABELS = {rid: region.label for rid, region in REGION_BY_ID.items()}
# Value vocabularies by field key, so the diff shows "Below eye level" rather than "below".
VALUE_LABELS: dict[str, dict[str, str]] = {
    "items": dict(ALLERGIES), "character": dict(PAIN_CHARACTERS),
    "pressure": dict(PRESSURE_PREFERENCES), "avoid_regions": _REGION_LABELS,
    "sensitive_consent": {key: label for key, label, _ in SENSITIVE_AREAS},
    "kind": dict(INJURY_KINDS) | dict(DEVICE_KINDS), "screen_setup": dict(SCREEN_SETUPS),
    "monitor_position": dict(MONITOR_POSITIONS), "break_frequency": dict(BREAK_FREQUENCIES),
    "repetitive_tasks": dict(REPETITIVE_TASKS), "sleep_position": dict(SLEEP_POSITIONS),
    "pillow_type": dict(PILLOW_TYPES), "region": _REGION_LABELS,
    "language": {"en": "English", "fr": "French", "es": "Spanish"},  # the consent as read
}


def _show(key: str, value: Any) -> str:
    """Render one answer for people: yes/no, labelled choices, comma-joined lists."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    vocab = VALUE_LABELS.get(key, {})
    if isinstance(value, (list, tuple)):
        return ", ".join(vocab.get(v, v) if isinstance(v, str) else str(v)
                         for v in value if v not in (None, ""))
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 8.0 hours reads as 8
    return vocab.get(value, str(value)) if isinstance(value, str) else str(value)


def _flatten(intake: Mapping[str, Any] | None) -> dict[str, tuple[str, bool]]:
    """Map each answer's readable label to (display value, is blank)."""
    out: dict[str, tuple[str, bool]] = {}

    def put(label: str, key: str, value: Any) -> None:
        blank = value in (None, "", False) or value == [] or value == {}
        out[label] = (_show(key, value), blank)  # unticked == unanswered, so no "— → no" noise

    for section, value in as_map(intake).items():
        title = SECTION_LABELS.get(section, section.replace("_", " ").capitalize())
        if section == "history":
            for key, item in as_map(value).items():
                item = as_map(item)
                details = text(item.get("details"))
                shown = (f"yes: {details}" if details else "yes") if item.get("present") else None
                label = HISTORY_BY_KEY[key].label if key in HISTORY_BY_KEY else key
                put(f"{title} › {label}", key, shown)
        elif isinstance(value, Mapping):
            for key, answer in value.items():
                put(f"{title} › {FIELD_LABELS.get(key, key)}", key, answer)
        elif isinstance(value, list) and all(isinstance(v, Mapping) for v in value):
            seen: dict[str, int] = {}
            for entry in value:
                region = entry.get("region")
                where = _REGION_LABELS.get(region, "Unspecified area") if isinstance(
                    region, str) else "Unspecified area"
                seen[where] = seen.get(where, 0) + 1
                name = f"{title} – {where}" + (f" #{seen[where]}" if seen[where] > 1 else "")
                for key, answer in entry.items():
                    if key != "region":  # the region is already in the label
                        put(f"{name} › {FIELD_LABELS.get(key, key)}", key, answer)
        else:
            put(title, section, value)
    return out


def diff_intakes(
    old: Mapping[str, Any] | None, new: Mapping[str, Any]
) -> list[tuple[str, str, str]]:
    """Return (field label, old value, new value) for every answer that changed between versions."""
    before, after = _flatten(old), _flatten(new)
    changes = []
    for label in dict.fromkeys([*before, *after]):
        (old_shown, old_blank), (new_shown, new_blank) = (
            before.get(label, ("", True)), after.get(label, ("", True)))
        if old_blank and new_blank:
            continue
        if old_shown != new_shown:
            changes.append((label, old_shown, new_shown))
    return changes
