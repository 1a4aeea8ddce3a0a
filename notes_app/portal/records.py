"""What the portal shows a client about their own care: next steps, visits, progress, settings.

Every function takes the client record (from portal.services.current_client) and queries only
that client's rows; the views audit what they show.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from notes_app import audit
from notes_app.aftercare import services as aftercare
from notes_app.aftercare.models import IssuedSheet
from notes_app.auth.models import Clinic
from notes_app.clients.models import Client
from notes_app.clinical.advice import BLOCK_BY_ID, render_block
from notes_app.clinical.bodymap import render_svg
from notes_app.extensions import db
from notes_app.intake import services as intake
from notes_app.portal import checkins
from notes_app.portal.models import PortalSetting
from notes_app.sessions import services as sessions
from notes_app.sessions.chart import ChartPoint, pain_chart_svg
from notes_app.sessions.models import SIGNED, TreatmentSession
from notes_app.sessions.safety import area_label

WARNING_BLOCK = "RED-FLAGS"


@dataclass(frozen=True)
class WarningSigns:
    """The warning-signs box: groups of (heading, bullets) and where the text came from."""

    title: str
    paragraphs: list[str]
    groups: list[tuple[str, list[str]]]
    from_sheet: bool


@dataclass
class NextSteps:
    """What the home page asks of the client, and what it hands them."""

    pending_checkins: list[TreatmentSession]
    intake_state: str | None  # "missing", "due" or None
    intake_due_reason: str | None
    latest_sheet: IssuedSheet | None
    warning_signs: WarningSigns
    sheet_count: int = 0


@dataclass
class Visit:
    """A client-facing summary of one signed session."""

    treatment_session: TreatmentSession
    areas: list[str]
    home_care: str
    interval: str
    assessment: list[tuple[str, str]] = field(default_factory=list)
    sheet: IssuedSheet | None = None
    checked_in: bool = False
    checkin_open: bool = False


def settings_for(clinic_id: int) -> PortalSetting:
    """Return a clinic's portal settings (unsaved defaults when it never changed them)."""
    row = db.session.get(PortalSetting, clinic_id)
    return row if row is not None else PortalSetting(clinic_id=clinic_id,
                                                     share_assessment_with_clients=False)


def update_settings(actor, *, share_assessment: bool) -> PortalSetting:
    """Save the actor's clinic portal settings, audited."""
    row = db.session.get(PortalSetting, actor.clinic_id)
    if row is None:
        row = PortalSetting(clinic_id=actor.clinic_id)
        db.session.add(row)
    row.share_assessment_with_clients = bool(share_assessment)
    row.updated_by_id = actor.id
    db.session.flush()
    audit.record(actor, "portal.settings", object_type="clinic", object_id=actor.clinic_id)
    return row


def warning_signs_from(sheet: IssuedSheet | None, clinic=None) -> WarningSigns:
    """Return the warning signs printed on a sheet, or the library's text with clinic's numbers."""
    blocks = ((sheet.snapshot or {}).get("blocks") or []) if sheet is not None else []
    printed = next((b for b in blocks if isinstance(b, dict) and b.get("id") == WARNING_BLOCK),
                   None)
    if printed is not None:
        return WarningSigns(str(printed.get("title") or ""),
                            [str(p) for p in printed.get("paragraphs") or []],
                            [(str(g.get("heading") or ""), [str(b) for b in g.get("bullets") or []])
                             for g in printed.get("groups") or [] if isinstance(g, dict)], True)
    # The numbers filled in as the clinic's sheets print them (its country's, or its own).
    block = render_block(BLOCK_BY_ID[WARNING_BLOCK], contacts=aftercare.sheet_contacts(clinic))
    return WarningSigns(block.title, list(block.paragraphs),
                        [(g.heading, list(g.bullets)) for g in block.groups], False)


def next_steps_for(client: Client, *, today: date, max_age_months: int) -> NextSteps:
    """Collect the home page's cards: check-ins due, intake to fill, latest sheet, warnings."""
    sheets = aftercare.list_sheets_for_client(client)
    latest = sheets[0] if sheets else None
    due = intake.intake_due(client, today=today, max_age_months=max_age_months)
    state = None
    if intake.current_intake_for(client) is None:
        state = "missing"
    elif due:
        state = "due"
    return NextSteps(checkins.pending_sessions_for(client, today=today), state, due, latest,
                     # A sheet carries its own printed numbers: load the clinic only without one.
                     warning_signs_from(latest, None if latest is not None
                                        else db.session.get(Clinic, client.clinic_id)),
                     len(sheets))


def signed_sessions_for(client: Client) -> list[TreatmentSession]:
    """Return the client's signed sessions, newest first (drafts and entered-in-error hidden)."""
    return list(db.session.scalars(
        select(TreatmentSession).where(TreatmentSession.client_id == client.id,
                                       TreatmentSession.status == SIGNED)
        .order_by(TreatmentSession.session_date.desc(), TreatmentSession.id.desc())))


def areas_worked(treatment_session: TreatmentSession) -> list[str]:
    """Return the muscles and areas a session's technique rows worked on, once each."""
    return list(dict.fromkeys(area_label(r.muscle_id, r.side)
                              for r in treatment_session.technique_rows))


def visits_for(client: Client, *, today: date) -> list[Visit]:
    """Return the client-facing summaries of every signed session, newest first."""
    share = settings_for(client.clinic_id).share_assessment_with_clients
    sheets: dict[int, IssuedSheet] = {}
    for sheet in aftercare.list_sheets_for_client(client):
        sheets.setdefault(sheet.session_id, sheet)  # newest first: keep the latest per session
    done = checkins.checked_in_session_ids(client)
    visits = []
    for ts in signed_sessions_for(client):
        assessment = []
        if share:
            assessment = [(label, text) for label, text in
                          (("How you responded", ts.response),
                           ("Progress towards your goals", ts.goals_progress)) if text]
        visits.append(Visit(ts, areas_worked(ts), ts.home_care or "", ts.interval or "",
                            assessment, sheets.get(ts.id), ts.id in done,
                            ts.id not in done and checkins.is_open(ts, today=today)))
    return visits


def pain_chart_for(client: Client) -> str:
    """Return the pain-before/after chart of the client's signed sessions ('' without data)."""
    course = sessions.signed_course_for(client)
    return pain_chart_svg([ChartPoint(t.session_date, t.pain_before, t.pain_after)
                           for t in course], title="Your pain before and after each visit")


def current_knots_for(client: Client) -> tuple[TreatmentSession | None, dict[str, str]]:
    """Return the latest signed session and its map per view, drawn as the staff side draws it."""
    latest = sessions.last_signed_for(client)
    if latest is None:
        return None, {}
    # The same source as the aftercare sheet's map: the session's body map, else its rows.
    found = aftercare.sheet_map(latest)
    markers = found["markers"]
    maps = {view: render_svg(view, markers, title=f"Where we worked on {latest.session_date:%d %b}"
                             f", {view} view") for view in ("front", "back")
            if any(m.get("view") == view for m in markers)}
    return latest, maps
