"""Demo session notes: 3-8 signed visits per demo client and one draft in progress (idempotent).

Built through the same services as the editor, within each client's intake flags: rows a flag
forbids are left out, pressure never exceeds the cap, and any remaining warning is acknowledged.
"""
from __future__ import annotations

import zlib
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from notes_app.clinical.contraindications import DEFER
from notes_app.clinical.safety import SafetyRules, row_warnings
from notes_app.extensions import db
from notes_app.intake import services as intake
from notes_app.sessions import services
from notes_app.sessions.demo_markers import knots_for, map_payload
from notes_app.sessions.models import TreatmentSession

# (area, side, technique, pressure, dose) per client; dose is minutes or (hold s, reps).
ROWS = {
    "Zoë": [("UT", "R", "ISC", 4, (60, 3)), ("LS", "R", "STP", 4, 6),
            ("SOC", "B", "MFR", 3, (90, 2)), ("UT", "R", "MET", 2, (8, 3)),
            ("RH", "L", "ISC", 4, (45, 3)), ("MT", "L", "STP", 3, 5),
            ("upper_back", "B", "EFF", 2, 8)],
    "Amara": [("MAS", "B", "PRS", 2, (60, 2)), ("TMP", "B", "MFR", 2, (90, 2)),
              ("UT", "B", "PET", 3, 8), ("SOC", "B", "MFR", 2, (120, 1)),
              ("LS", "L", "MET", 2, (8, 3))],
    "Paweł": [("QL", "R", "ISC", 3, (60, 3)), ("GMD", "R", "STP", 3, 6),
              ("PIR", "R", "MET", 2, (10, 3)), ("GMX", "B", "PET", 3, 8),
              ("lower_back", "B", "EFF", 2, 8)],
    "Siobhán": [("UT", "R", "PET", 2, 8), ("LS", "R", "MFR", 2, (90, 2)),
                ("SSP", "R", "PRS", 2, (60, 2)), ("RH", "R", "MET", 2, (8, 3)),
                ("ISP", "R", "MFR", 2, (90, 1))],
    "Mateo": [("thigh_left", "L", "PET", 4, 10), ("lower_leg_right", "R", "STP", 4, 6),
              ("GMD", "L", "ISC", 4, (60, 2)), ("PIR", "L", "PNS", 3, (6, 5)),
              ("thigh_right", "R", "EFF", 3, 6)],
    "Margaret": [("upper_back", "B", "EFF", 2, 10), ("hip_left", "L", "MFR", 1, (120, 2)),
                 ("GMD", "L", "PRS", 2, (60, 2)), ("UT", "B", "PET", 2, 6),
                 ("LT", "B", "MFR", 1, (90, 1))],
    "Hằng": [("SOC", "B", "ISC", 3, (60, 2)), ("SPC", "R", "STP", 3, 5),
             ("LS", "R", "ISC", 4, (60, 3)), ("UT", "B", "MET", 2, (8, 3)),
             ("neck_back", "B", "EFF", 2, 6)],
    "Henrik": [("QL", "B", "ISC", 3, (60, 2)), ("GMD", "R", "STP", 3, 6),
               ("ISP", "R", "ISC", 3, (45, 3)), ("UT", "R", "PET", 3, 6),
               ("lower_back", "B", "EFF", 2, 8)],
    "Jonas": [("ISP", "R", "MFR", 3, (90, 2)), ("TMI", "R", "PRS", 2, (60, 2)),
              ("SSP", "R", "MET", 2, (8, 3)), ("LD", "R", "PET", 3, 6),
              ("PMN", "R", "MFR", 2, (90, 1))],
    "Rhys": [("SPC", "B", "ISC", 3, (60, 2)), ("SOC", "B", "MFR", 2, (120, 1)),
             ("UT", "R", "STP", 3, 5), ("LS", "R", "ISC", 3, (45, 3)),
             ("RH", "R", "PET", 3, 6)],
    "Chiara": [("forearm_right", "R", "PET", 3, 6), ("forearm_right", "R", "STP", 3, 5),
               ("forearm_right", "R", "XFF", 3, 3), ("hand_right", "R", "MFR", 2, (60, 2)),
               ("UT", "R", "PET", 3, 5)],
}
DEFAULT_ROWS = [("UT", "B", "ISC", 3, (60, 2)), ("QL", "B", "STP", 3, 6),
                ("SOC", "B", "MFR", 2, (90, 2)), ("lower_back", "B", "EFF", 2, 8)]
COMPLAINTS = {
    "Zoë": "Stiff R neck, headache behind the R eye by mid-afternoon.",
    "Amara": "Jaw ache on waking and tight shoulders in exam week.",
    "Paweł": "Low back tight after lifting shifts; R knee still swollen.",
    "Siobhán": "R shoulder and neck burn after rehearsals.",
    "Mateo": "Thighs and calves like rope after long delivery days.",
    "Margaret": "Aching L hip and upper back, stiff after sitting.",
    "Hằng": "Neck stiff on waking after night shifts.",
    "Henrik": "Low back seizes after long driving shifts.",
    "Jonas": "R shoulder tight after butterfly sets.",
    "Rhys": "Neck locks when working under sinks.",
    "Chiara": "R forearm and wrist ache at the end of a shift.",
}
# Aoife treats these two at Harbour; everyone else sees the first therapist of the clinic.
SECOND_THERAPIST = {"Siobhán", "Mateo"}
DRAFT_CLIENT = "Hằng"


def _seed_number(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def _row(spec, rules: SafetyRules) -> dict | None:
    area, side, code, pressure, dose = spec
    if code in rules.avoid:
        return None  # a flag rules this technique out for this client
    row = {"muscle_id": area, "side": side, "technique": code,
           "pressure": min(pressure, rules.max_pressure_for(area, side)),
           "client_intensity": min(7, pressure + 3),
           "minutes": dose if isinstance(dose, int) else None,
           "hold_seconds": dose[0] if isinstance(dose, tuple) else None,
           "reps": dose[1] if isinstance(dose, tuple) else None,
           "response": "released" if code in ("ISC", "PRS", "MFR") else "reduced",
           "warning_ack": False}
    warnings = row_warnings(row, rules)
    if any("flagged area" in w or "to be avoided on" in w for w in warnings):
        return None  # never work a site the intake says to avoid
    row["warning_ack"] = bool(warnings)
    return row


def _note(name: str, visit: int, total: int, rules: SafetyRules, plateau: bool) -> dict:
    pool = ROWS.get(name, DEFAULT_ROWS)
    picks = [pool[(visit + i) % len(pool)] for i in range(3 + visit % 2)]
    rows = [r for r in (_row(spec, rules) for spec in dict.fromkeys(picks)) if r]
    start = 6 + _seed_number(name) % 2
    before = max(2, start - (visit // 3 if plateau else visit))
    after = max(0, before - (2 if visit % 3 else 3))
    note = {
        "duration_minutes": 60 if visit % 4 else 45, "positions": ["prone", "supine"],
        "chief_complaint": COMPLAINTS.get(name, "General tension in neck and back."),
        "changes_since_last": "" if visit == 0 else (
            "Much the same." if plateau and visit > 2
            else "Easier since last time; fewer bad days."),
        "pain_before": before,
        "response_to_last": "" if visit == 0
        else "Sore for a day, then looser. Did the stretches most days.",
        "observations": "Hypertonic bands in the treated areas; tender spots reproduce the "
                        "familiar ache.",
        "rom": [{"movement": "Cervical rotation", "side": "R", "before": 50 + visit * 3,
                 "after": 58 + visit * 3, "limited_by_pain": visit < 2}] if visit % 2 == 0 else [],
        "techniques": rows,
        "response": f"Pain {before}→{after}/10; tissue softer after the work.",
        "goals_progress": "Plateau; review the home programme." if plateau and visit > 2
        else "Steady progress towards the client's goal.",
        "next_focus": "Same areas, reassess the trigger points.",
        "interval": "2 weeks" if visit < total - 2 else "3 weeks",
        "home_care": "Stretches twice a day; breaks from the desk every 45 minutes.",
        "referral": "", "pain_after": after,
    }
    if visit > 0:
        note["pgic"] = 4 if plateau and visit > 2 else max(2, 4 - visit // 2)
    if name == "Siobhán":
        note["positions"] = ["side_lying_left", "side_lying_right"]
    return note


def _rules_on(client, day: date) -> SafetyRules:
    return SafetyRules.from_flags(intake.current_flags_for(client, today=day))


def _signed_visits(therapist, client, today: date) -> None:
    key = _seed_number(client.full_name)
    total, plateau = 3 + key % 6, key % 3 == 0
    last = today - timedelta(days=5 + key % 10)
    days = [last - timedelta(days=14 * (total - 1 - i) + (i % 3)) for i in range(total)]
    knots = knots_for(ROWS.get(client.first_name, DEFAULT_ROWS))
    for visit, day in enumerate(days):
        ts = services.start_session(
            therapist, client, idempotency_key=f"demo-{client.public_id[:12]}-{visit}",
            copy_from_last=visit > 0, today=day)
        rules = _rules_on(client, day)
        note = _note(client.first_name, visit, total, rules, plateau)
        note.update(map_payload(knots, visit, rules, note["techniques"]))
        services.save_draft(therapist, ts, note,
                            base_version=ts.version, today=today)
        signed_at = datetime.combine(day, time(17, 30), tzinfo=UTC)
        services.sign_session(therapist, ts, now=signed_at, reauthenticated=True)


def _draft(therapist, client, today: date) -> None:
    ts = services.start_session(therapist, client,
                                idempotency_key=f"demo-{client.public_id[:12]}-draft",
                                copy_from_last=True, today=today)
    note = _note(client.first_name, 5, 6, _rules_on(client, today), False)
    services.save_draft(therapist, ts, {
        "chief_complaint": "Neck stiff again after three night shifts in a row.",
        "pain_before": 5, "changes_since_last": "New pillow helped for a week.",
        "techniques": note["techniques"][:2]}, base_version=ts.version, today=today)


def seed(*, clinic, staff, clients) -> None:
    """Give each demo client signed sessions (and Hằng a draft); clients with notes are skipped."""
    therapists = [u for u in staff if u.role == "therapist"]
    if not therapists:
        return
    today = date.today()
    for client in clients:
        exists = db.session.scalar(select(TreatmentSession.id).where(
            TreatmentSession.client_id == client.id).limit(1))
        if exists is not None or intake.session_blockers(client, today=today):
            continue
        flags = intake.current_flags_for(client, today=today)
        if any(f.cls == DEFER for f in flags):
            continue  # not treated while a "do not treat" flag stands (e.g. a suspected clot)
        therapist = therapists[-1] if client.first_name in SECOND_THERAPIST else therapists[0]
        _signed_visits(therapist, client, today)
        if client.first_name == DRAFT_CLIENT and clinic.name.startswith("Harbour"):
            _draft(therapist, client, today)
    db.session.flush()
