"""Demo intakes: one per demo client, through the same service the form uses (idempotent).

Chosen so every rule class shows (anticoagulants, a recent operation, a pregnancy, a suspected
DVT), each of the seven causes is strong for someone, the minor has guardian consent, Zoë has two
versions and Amara's intake is 13 months old.
"""
from __future__ import annotations

import math
import zlib
from datetime import date, timedelta

from notes_app.intake import services
from notes_app.intake.signature import png_data_url


def shift_months(day: date, months: int) -> date:
    """Return the same day some months earlier or later (clamped to the 28th)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, min(day.day, 28))


def signature_for(name: str) -> str:
    """Draw a plausible scribbled signature for a name as a PNG data URL."""
    seed = zlib.crc32(name.encode("utf-8"))
    loops, tilt = 3 + seed % 4, (seed >> 4) % 7 - 3
    width, height, points = 360, 110, set()
    for step in range(900):
        t = step / 900
        x = 18 + 300 * t + 14 * math.sin(t * loops * 2 * math.pi)
        y = 58 + tilt * 6 * t - 24 * math.sin(t * loops * 2 * math.pi + seed % 5) * (1 - t / 2)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                points.add((round(x) + dx, round(y) + dy))
    for step in range(260):  # the underline flourish
        t = step / 260
        points.add((round(40 + 290 * t), round(92 - 8 * math.sin(t * math.pi))))
        points.add((round(40 + 290 * t), round(93 - 8 * math.sin(t * math.pi))))
    return png_data_url(width, height, sorted(points))


def _ago(today: date, days: int) -> str:
    return (today - timedelta(days=days)).isoformat()


def _intake(today: date, *, reason, goals, pain=(), history=None, meds=None, allergies=(),
            pregnancy=None, surgeries=(), injuries=(), scars=(), pressure="medium",
            avoid=(), life=None, consent_extra=None) -> dict:
    """Assemble one intake dict in the documented shape with demo defaults."""
    return {
        "reason": reason, "goals": goals,
        "pain_areas": [{"region": r, "onset": _ago(today, d), "intensity": i, "character": c,
                        "aggravating": a, "easing": e} for r, d, i, c, a, e in pain],
        "history": {k: {"present": True, "details": v} for k, v in (history or {}).items()},
        "history_today": {},
        "medications": {"text": "", **(meds or {})},
        "allergies": {"items": list(allergies), "other": ""},
        "pregnancy": pregnancy or {"pregnant": False, "weeks": None, "high_risk": False},
        "surgeries": [{"region": r, "date": _ago(today, d), "details": t} for r, d, t in surgeries],
        "injuries": [{"region": r, "date": _ago(today, d), "kind": k, "details": t}
                     for r, d, k, t in injuries],
        "scars": [{"region": r, "healed": h} for r, h in scars],
        "skin": [], "devices": [],
        "preferences": {"pressure": pressure, "avoid_regions": list(avoid),
                        "sensitive_consent": [], "notes": ""},
        "lifestyle": life or {},
        "consent": {"treatment": True, "deep_pressure": True, "intensity_ceiling": 7,
                    "sensitive_areas": False, "marks": False, **(consent_extra or {})},
    }


def profiles(today: date) -> dict[tuple[str, str], list[tuple[date, dict]]]:
    """Return (signing day, intake) versions per demo client, oldest first."""
    zoe_v1 = _intake(
        today, reason="Stiff neck and a headache behind the right eye by mid-afternoon.",
        goals="Get through a work day without the headache.",
        pain=[("neck_back", 400, 6, "ache", "Long days at the laptop", "Heat, walking")],
        life={"occupation": "Software developer", "desk_hours": 9, "screen_setup": "laptop",
              "monitor_position": "below", "phone_hours": 2, "stress": 6,
              "activity_minutes_week": 120, "fluid_litres": 1.5, "sleep_position": "side",
              "sleep_hours": 7, "break_frequency": "gt60", "repetitive_tasks": ["typing_mouse"],
              "repetitive_hours": 6})
    zoe_v2 = _intake(
        today, reason="Neck better since the new monitor; now a knot under the left shoulder "
        "blade.", goals="Climb again without the shoulder catching.",
        pain=[("neck_back", 400, 3, "ache", "Late evenings at the laptop", "Heat"),
              ("upper_back", 20, 6, "sharp", "Climbing, reaching overhead", "Stretching")],
        meds={"analgesic_today": True, "text": "Ibuprofen 400 mg this morning"},
        life={**zoe_v1["lifestyle"], "screen_setup": "external", "monitor_position": "at",
              "stress": 7, "jaw_clenching": True, "activity_minutes_week": 180,
              "repetitive_tasks": ["typing_mouse", "sport"]})
    return {
        ("Zoë", "Kowalczyk"): [(shift_months(today, -5), zoe_v1), (today, zoe_v2)],
        ("Amara", "Okafor"): [(shift_months(today, -13), _intake(
            today, reason="Jaw ache and tight shoulders, worse in exam weeks.",
            goals="Sleep without grinding; fewer tension headaches.",
            pain=[("face", 500, 5, "ache", "Stress, chewing", "Warm compress")],
            history={"high_blood_pressure": "Controlled with amlodipine"},
            meds={"bp_medication": True, "text": "Amlodipine 5 mg"},
            life={"occupation": "Primary school teacher", "stress": 8, "jaw_clenching": True,
                  "headaches_per_week": 3, "desk_hours": 3, "activity_minutes_week": 150,
                  "fluid_litres": 1.8, "sleep_position": "side", "sleep_hours": 6.5}))],
        ("Paweł", "Łukasiewicz"): [(today, _intake(
            today, reason="Lower back and right knee after the operation.",
            goals="Back to full shifts lifting at the warehouse.",
            pain=[("lower_back", 200, 6, "ache", "Lifting, twisting", "Walking")],
            surgeries=[("knee_right", 35, "Keyhole surgery, torn meniscus")],
            scars=[("knee_right", True)], avoid=["knee_right"], pressure="firm",
            life={"occupation": "Warehouse team lead", "repetitive_tasks": ["lifting",
                  "carrying"], "repetitive_hours": 6, "break_frequency": "rarely",
                  "stretches": False, "activity_minutes_week": 300, "fluid_litres": 2,
                  "sleep_position": "back", "sleep_hours": 7}))],
        ("Siobhán", "O'Sullivan"): [(today, _intake(
            today, reason="Right shoulder and neck tight from rehearsals; 24 weeks pregnant.",
            goals="Play a full concert without the shoulder burning.",
            pain=[("shoulder_right", 90, 5, "burning", "Long rehearsals", "Rest, heat")],
            pregnancy={"pregnant": True, "weeks": 24, "high_risk": False}, pressure="light",
            allergies=["nut_oils"],
            life={"occupation": "Violinist", "repetitive_tasks": ["instrument"],
                  "repetitive_hours": 5, "break_frequency": "gt60", "desk_hours": 1,
                  "stress": 5, "activity_minutes_week": 150, "fluid_litres": 2,
                  "sleep_position": "side", "sleep_hours": 8}))],
        ("Mateo", "García Álvarez"): [(today, _intake(
            today, reason="Thighs and calves feel like rope after long delivery days.",
            goals="Recover between shifts.", pressure="deep",
            pain=[("thigh_left", 60, 4, "stiffness", "Hills", "Foam roller"),
                  ("lower_leg_right", 60, 5, "ache", "Sprints", "Rest")],
            injuries=[("shoulder_left", 2200, "fracture", "Broken collarbone, fall in 2020")],
            life={"occupation": "Cycle courier", "activity_minutes_week": 1200,
                  "fluid_litres": 0.8, "often_thirsty": True, "repetitive_tasks": ["sport"],
                  "repetitive_hours": 3, "sleep_position": "back", "sleep_hours": 7,
                  "previous_injuries": "Broken collarbone 2020"}))],
        ("Margaret", "D'Arcy"): [(today, _intake(
            today, reason="Aching hips and upper back; stiff after sitting.",
            goals="Walk to the library without stopping.", pressure="light",
            pain=[("hip_left", 700, 5, "ache", "Getting up from a chair", "Warm bath")],
            history={"anticoagulant": "Apixaban for atrial fibrillation",
                     "osteoporosis": "Diagnosed 2019", "arthritis": "Osteoarthritis, hips"},
            meds={"anticoagulant": True, "text": "Apixaban 5 mg twice daily, calcium"},
            life={"occupation": "Retired librarian", "activity_minutes_week": 30,
                  "sitting_hours": 9, "fluid_litres": 1.2, "sleep_position": "back",
                  "sleep_hours": 7}))],
        ("Hằng", "Nguyễn"): [(today, _intake(
            today, reason="Neck stiff on waking after night shifts.",
            goals="Turn my head while driving home.",
            pain=[("neck_back", 150, 6, "stiffness", "Waking up", "Hot shower")],
            life={"occupation": "Nurse (night shifts)", "sleep_position": "stomach",
                  "pillow_type": "flat", "pillow_age_years": 4, "wake_stiff": True,
                  "arm_overhead": True, "sleep_hours": 5, "fluid_litres": 1.2,
                  "activity_minutes_week": 200}))],
        ("Eleni", "Papadopoulou"): [(today, {**_intake(
            today, reason="Came in for upper back tension; left calf swollen since Sunday.",
            goals="Ease the shoulders before a deadline.",
            pain=[("upper_back", 100, 5, "ache", "Drawing at the desk", "Stretching"),
                  ("lower_leg_left", 3, 6, "throbbing", "Walking", "Nothing so far")],
            history={"dvt_history": "Suspected clot, left calf: swollen, warm and red since "
                                    "Sunday. GP appointment booked."},
            life={"occupation": "Architect", "desk_hours": 8, "screen_setup": "both",
                  "monitor_position": "at", "stress": 6, "activity_minutes_week": 90,
                  "fluid_litres": 1.5, "sleep_position": "side", "sleep_hours": 7}),
            "history_today": {"calf_swelling": True}})],
        ("Henrik", "Østergaard"): [(today, _intake(
            today, reason="Low back and right shoulder after long driving shifts.",
            goals="Finish a shift without the back seizing.",
            pain=[("lower_back", 900, 6, "ache", "Sitting in the cab", "Walking")],
            history={"diabetes": "Type 2 with neuropathy in both feet"},
            meds={"insulin": True, "text": "Metformin, insulin glargine"},
            life={"occupation": "Bus driver", "driving_hours": 8, "sitting_hours": 10,
                  "activity_minutes_week": 40, "fluid_litres": 1.5, "sleep_position": "back",
                  "sleep_hours": 6.5}))],
        ("Jonas", "Müller-Brandt"): [(today, _intake(
            today, reason="Shoulders tight in the swimming season.",
            goals="Keep training ten sessions a week.",
            pain=[("shoulder_right", 40, 4, "ache", "Butterfly sets", "Ice")],
            injuries=[("shoulder_right", 400, "strain", "Rotator cuff strain last season")],
            life={"occupation": "Student, competitive swimmer",
                  "repetitive_tasks": ["sport", "overhead"], "repetitive_hours": 3,
                  "activity_minutes_week": 900, "arm_overhead": True,
                  "sleep_position": "stomach", "sleep_hours": 8, "fluid_litres": 2.5},
            consent_extra={"deep_pressure": False, "guardian_name": "Katrin Müller-Brandt",
                           "guardian_relationship": "Mother"}))],
        ("Rhys", "Llewellyn"): [(today, _intake(
            today, reason="Neck and upper back since a car accident years ago.",
            goals="Work under sinks without the neck locking.",
            history={"whiplash": "Rear-ended 2015"},
            injuries=[("neck_back", 4000, "whiplash", "Car accident 2015")],
            life={"occupation": "Plumber", "previous_injuries": "Whiplash 2015",
                  "repetitive_tasks": ["overhead", "lifting"], "repetitive_hours": 4,
                  "break_frequency": "30to60", "activity_minutes_week": 200}))],
        ("Chiara", "Bianchi"): [(today, _intake(
            today, reason="Forearms and wrists ache at the end of a shift.",
            goals="Pull shots all day without the wrist aching.",
            pain=[("forearm_right", 120, 5, "burning", "Tamping, steaming milk", "Rest")],
            life={"occupation": "Barista", "repetitive_tasks": ["lifting"],
                  "repetitive_hours": 7, "break_frequency": "gt60", "fluid_litres": 1,
                  "activity_minutes_week": 100}))],
        ("Dmitri", "Volkov"): [(today, _intake(
            today, reason="Low back and neck after double shifts in the kitchen.",
            goals="Sleep through and wake without the neck locked.",
            life={"occupation": "Chef", "stress": 9, "jaw_clenching": True,
                  "sleep_position": "stomach", "sleep_hours": 5, "wake_stiff": True,
                  "fluid_litres": 1, "activity_minutes_week": 60}))],
    }


def seed(*, clinic, staff, clients) -> None:  # noqa: ARG001  (clinic: the seeder contract)
    """Give every demo client an intake; clients that already have one are left alone."""
    therapist = next((u for u in staff if u.role == "therapist"), staff[0])
    today = date.today()
    table = profiles(today)
    for client in clients:
        if services.current_intake_for(client) is not None:
            continue
        versions = table.get((client.first_name, client.last_name)) or [(today, _intake(
            today, reason="General tension.", goals="Relax.",
            life={"occupation": client.occupation}))]
        for signed_on, data in versions:
            consent = dict(data["consent"], typed_name=client.full_name,
                           signature=signature_for(data["consent"].get("guardian_name")
                                                   or client.full_name))
            services.create_intake_version(therapist, client, {**data, "consent": consent},
                                           today=signed_on)
