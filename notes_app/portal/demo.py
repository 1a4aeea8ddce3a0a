"""Demo portal activity, built through the app's services (idempotent, runs after the others).

client@demo.test (Zoë) gets a visit from yesterday whose check-in is waiting and an earlier visit
already checked in; client2@demo.test (Amara) needs nothing new: the intake seeder made her intake
13 months old, so the portal asks her what changed.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from notes_app.aftercare import services as aftercare
from notes_app.auth.models import User
from notes_app.clinical.contraindications import DEFER
from notes_app.clinical.safety import SafetyRules, row_warnings
from notes_app.extensions import db
from notes_app.intake import services as intake
from notes_app.portal import checkins
from notes_app.portal.models import CheckIn
from notes_app.sessions import services as sessions
from notes_app.sessions.models import SIGNED, TreatmentSession

CHECKED_IN_CLIENT = ("Zoë", "Kowalczyk")
# Zoë's latest visit, as the neck improves and the shoulder-blade knot takes over.
RECENT_ROWS = [("RH", "L", "ISC", 4, (45, 3)), ("MT", "L", "STP", 3, 5),
               ("UT", "R", "MET", 2, (8, 3)), ("LS", "R", "ISC", 3, (60, 2))]
RECENT_NOTE = {
    "chief_complaint": "Neck much easier; a knot under the L shoulder blade nags by evening.",
    "changes_since_last": "New monitor height helps; fewer afternoon headaches.",
    "response_to_last": "Sore for a day, then looser. Did the doorway stretch most days.",
    "observations": "Taut band in L rhomboid reproduces the familiar ache; R upper trapezius "
                    "softer than last visit.",
    "pain_before": 4, "pain_after": 2, "pgic": 2, "duration_minutes": 60,
    "positions": ["prone", "supine"],
    "response": "Pain 4→2/10; rhomboid band released with compression.",
    "goals_progress": "Can turn her head fully when cycling; afternoon headaches rare.",
    "next_focus": "L rhomboid and mid trapezius; recheck R levator scapulae.",
    "interval": "2 weeks",
    "home_care": "Ball on the wall under the left shoulder blade, a minute at a time, once a "
                 "day. Doorway stretch twice a day. Screen breaks every 45 minutes.",
    "referral": "",
}


def _rows(rules: SafetyRules) -> list[dict]:
    """Return the recent visit's rows within the client's flags (as a therapist would)."""
    rows = []
    for muscle, side, code, pressure, dose in RECENT_ROWS:
        if code in rules.avoid:
            continue
        row = {"muscle_id": muscle, "side": side, "technique": code,
               "pressure": min(pressure, rules.max_pressure_for(muscle, side)),
               "client_intensity": pressure + 2,
               "minutes": dose if isinstance(dose, int) else None,
               "hold_seconds": dose[0] if isinstance(dose, tuple) else None,
               "reps": dose[1] if isinstance(dose, tuple) else None,
               "response": "released" if code == "ISC" else "reduced", "warning_ack": False}
        warnings = row_warnings(row, rules)
        if any("flagged area" in w or "to be avoided on" in w for w in warnings):
            continue
        row["warning_ack"] = bool(warnings)
        rows.append(row)
    return rows


def _recent_visit(client, therapist, today: date) -> None:
    """Sign a visit dated yesterday, with its sheet, unless one from the last two days exists."""
    latest = sessions.last_signed_for(client)
    if latest is not None and latest.session_date >= today - timedelta(days=2):
        return
    day = today - timedelta(days=1)
    if intake.session_blockers(client, today=day) or any(
            f.cls == DEFER for f in intake.current_flags_for(client, today=day)):
        return
    therapist = latest.therapist if latest is not None else therapist
    ts = sessions.start_session(therapist, client, today=day, copy_from_last=True,
                                idempotency_key=f"demo-portal-{client.public_id[:12]}-{day:%Y%m%d}")
    if ts.status != "draft":
        return
    rules = SafetyRules.from_flags(intake.current_flags_for(client, today=day))
    sessions.save_draft(therapist, ts, {**RECENT_NOTE, "techniques": _rows(rules)},
                        base_version=ts.version, today=day)
    signed_at = datetime.combine(day, time(17, 30), tzinfo=UTC)
    sessions.sign_session(therapist, ts, now=signed_at, reauthenticated=True)
    aftercare.issue_sheet(therapist, ts, note=RECENT_NOTE["home_care"], today=day,
                          next_visit=aftercare.suggested_next_visit(ts),
                          now=signed_at + timedelta(minutes=5))


def _earlier_check_in(client, portal_user, today: date) -> None:
    """Record a check-in two days after the visit before the latest, if none exists yet."""
    if db.session.scalar(select(CheckIn.id).where(CheckIn.client_id == client.id).limit(1)):
        return
    signed = db.session.scalars(
        select(TreatmentSession).where(TreatmentSession.client_id == client.id,
                                       TreatmentSession.status == SIGNED)
        .order_by(TreatmentSession.session_date.desc()).limit(2)).all()
    if len(signed) < 2 or portal_user is None:
        return
    ts = signed[1]
    day = ts.session_date + timedelta(days=2)
    choices = [key for key, _ in checkins.advice_choices_for(ts)][:3]
    checkins.create_check_in(
        portal_user, client, ts, soreness=3, pain=3, advice_ids=choices, today=day,
        now=datetime.combine(day, time(8, 40), tzinfo=UTC),
        points_raw='[{"view": "back", "x": 0.4, "y": 0.26}, {"view": "back", "x": 0.62, '
                   '"y": 0.19}]',
        note="Sore the first evening, better since. Still a tight spot under the left "
             "shoulder blade after long calls.")


def seed(*, clinic, staff, clients) -> None:  # noqa: ARG001  (clinic: the seeder contract)
    """Give the portal demo client a pending check-in and a past one (safe to run again)."""
    therapists = [u for u in staff if u.role == "therapist"]
    client = next((c for c in clients if (c.first_name, c.last_name) == CHECKED_IN_CLIENT), None)
    if client is None or not therapists or client.portal_user_id is None:
        return
    today = date.today()
    _recent_visit(client, therapists[0], today)
    # After the recent visit exists, so the past check-in belongs to the visit before it.
    _earlier_check_in(client, db.session.get(User, client.portal_user_id), today)
    db.session.flush()
