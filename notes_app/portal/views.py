"""Portal pages for clients (home, aftercare, visits, progress, intake, check-ins, export), the
invitation they accept, and the staff-side pieces (invite button, settings, client-page helpers).
Every client page starts from current_client(): any id that is not the client's own is a 404.
"""
from __future__ import annotations

import io
from datetime import date

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user
from markupsafe import Markup

from notes_app import audit
from notes_app.access import CLIENT, PUBLIC, STAFF, policy
from notes_app.aftercare import services as aftercare
from notes_app.auth import services as auth_services
from notes_app.auth.forms import SetPasswordForm
from notes_app.auth.views import link_problem
from notes_app.clients.models import Client
from notes_app.clients.services import get_client_for
from notes_app.clinical.bodymap import VIEWS, render_svg
from notes_app.dbtypes import utcnow
from notes_app.errors import DomainError, LinkError, show_on_form
from notes_app.extensions import db
from notes_app.i18n.services import set_client_language
from notes_app.i18n.views import language_page
from notes_app.intake import services as intake
from notes_app.intake.form_page import form_context, show_consent_error
from notes_app.intake.form_sections import (
    options,
    page_language,
)
from notes_app.intake.forms import (
    IntakeForm,
    form_data_from_intake,
    intake_from_form,
)
from notes_app.mail import link_base
from notes_app.portal import checkins, records, services
from notes_app.portal import export as record_export
from notes_app.portal.forms import CheckInForm, WhatChangedForm
from notes_app.portal.intake_home import merged_intake, speak_to_client, update_form_data
from notes_app.records.download_views import confirmed_download
from notes_app.records.forms import ExportForm

bp = Blueprint("portal", __name__, url_prefix="/portal")

def _own_client() -> tuple[Client, date]:
    """Return the signed-in client's record (404 for any other login) and today."""
    return services.current_client(), date.today()


def _read(action: str, client: Client) -> None:
    """Audit that the client is shown a page of their own clinical record (R-U1)."""
    # Committed before the page's queries, so the objects it renders are not expired by it.
    audit.record(current_user, action, object_type="client", object_id=client.id, client=client,
                 clinic_id=client.clinic_id)
    db.session.commit()


@bp.route("/")
@policy(*CLIENT)
def home():
    """Show the client's next steps, latest aftercare sheet and what to watch for."""
    client, today = _own_client()
    steps = records.next_steps_for(client, today=today,
                                   max_age_months=current_app.config["INTAKE_MAX_AGE_MONTHS"])
    return render_template("portal/home.html", client=client,
                           clinic=services.client_clinic(client), steps=steps)


@bp.route("/aftercare")
@policy(*CLIENT)
def aftercare_list():
    """List the aftercare sheets the client was given."""
    client, _ = _own_client()
    _read("aftercare.list", client)
    sheets = aftercare.list_sheets_for_client(client)
    return render_template("portal/aftercare.html", sheets=sheets)


@bp.route("/aftercare/<sheet_id>.pdf")
@policy(*CLIENT)
def aftercare_pdf(sheet_id: str):
    """Send the stored PDF of one of the client's sheets, exactly as issued (R-P3)."""
    client, _ = _own_client()
    sheet = aftercare.get_sheet_for_client(client, sheet_id, actor=current_user)
    db.session.commit()
    return send_file(io.BytesIO(sheet.pdf), mimetype="application/pdf", as_attachment=False,
                     download_name=f"aftercare-{sheet.public_id}.pdf")


@bp.route("/visits")
@policy(*CLIENT)
def visits():
    """List the client's signed visits with a summary written for them."""
    client, today = _own_client()
    _read("portal.visits", client)
    items = records.visits_for(client, today=today)
    return render_template("portal/visits.html", visits=items)


@bp.route("/progress")
@policy(*CLIENT)
def progress():
    """Show the pain chart and where the knots were last worked on."""
    client, _ = _own_client()
    _read("portal.progress", client)
    # Both SVGs are built by our drawing code, which escapes every text it writes.
    chart = Markup(records.pain_chart_for(client))
    latest, maps = records.current_knots_for(client)
    return render_template("portal/progress.html", chart=chart, latest=latest,
                           maps={view: Markup(svg) for view, svg in maps.items()},
                           areas=records.areas_worked(latest) if latest else [])


def _intake_page(template: str, form, **context):
    """Render an intake form page in the client's words, with the shared intake partials."""
    speak_to_client(form)
    return render_template(template, for_client=True, submit_label=_("Sign and send"),
                           **form_context(form), **context)


@bp.route("/intake", methods=["GET", "POST"])
@policy(*CLIENT)
def intake_form():
    """Fill the intake before a first visit, or tell the clinic what changed since the last one."""
    client, today = _own_client()
    minor = intake.is_minor_on(client, today)
    current = intake.current_intake_for(client)
    update = current is not None
    if request.method == "POST":
        form = WhatChangedForm(minor=minor) if update else IntakeForm(minor=minor)
    elif update:
        form = WhatChangedForm(formdata=None, data=update_form_data(current.data), minor=minor)
        intake.record_read(current_user, client, current)  # the form shows the current answers
    else:
        form = IntakeForm(formdata=None, minor=minor,
                          data=form_data_from_intake(None, occupation=client.occupation))
    speak_to_client(form)
    if form.validate_on_submit():
        data = (merged_intake(current.data, form, occupation=client.occupation) if update
                else intake_from_form(form))
        try:
            intake.create_intake_version(current_user, client, data, source="client",
                                         today=today, consent_language=page_language())
        except DomainError as exc:
            db.session.rollback()
            show_consent_error(form, exc)
        else:
            db.session.commit()
            flash(_("Thank you. Your clinic has your answers.") if update else
                  _("Thank you. Your intake is with your clinic."))
            return redirect(url_for("portal.home"))
    db.session.commit()
    if update:
        for rows in (form.surgeries, form.injuries):
            if len(rows) < rows.max_entries:
                rows.append_entry()  # one blank row to add something new
    return _intake_page("portal/intake_update.html" if update else "portal/intake_form.html",
                        form, client=client, current=current, minor=minor)


def _tap_maps() -> dict[str, Markup]:
    """Return the blank front and back maps the check-in widget marks points on."""
    return {view: Markup(render_svg(view, title=f"Body map, {view} view: tap where it hurts"))
            for view in VIEWS}


@bp.route("/checkin/<session_id>", methods=["GET", "POST"])
@policy(*CLIENT)
def checkin(session_id: str):
    """Ask how the client feels a day or two after a visit (one check-in per visit)."""
    client, today = _own_client()
    ts = checkins.signed_session_for(client, session_id, actor=current_user)
    existing = checkins.check_in_for_session(ts)
    is_open = checkins.is_open(ts, today=today)
    form = CheckInForm()
    form.advice.choices = options(checkins.advice_choices_for(ts))
    status, problem = 200, ""
    if request.method == "POST" and (existing is not None or not is_open):
        status = 409  # nothing to submit: the page explains why
    elif form.validate_on_submit():
        try:
            checkins.create_check_in(
                current_user, client, ts, soreness=form.soreness.data, pain=form.pain.data,
                advice_ids=form.advice.data, points_raw=form.points.data, note=form.note.data,
                today=today)
        except checkins.CheckInExists:
            db.session.rollback()
            existing, status = checkins.check_in_for_session(ts), 409
        except DomainError as exc:
            db.session.rollback()
            if exc.field and exc.field in form:
                form[exc.field].errors = [*form[exc.field].errors, exc.message]
            else:
                problem = exc.message
        else:
            db.session.commit()
            flash(_("Thank you. Your therapist will read this before your next visit."))
            return redirect(url_for("portal.home"))
    return render_template("portal/checkin.html", ts=ts, form=form, existing=existing,
                           is_open=is_open, window=checkins.window_for(ts), problem=problem,
                           areas=records.areas_worked(ts), maps=_tap_maps(),
                           max_points=checkins.MAX_POINTS), status


@bp.route("/export", methods=["GET", "POST"])
@policy(*CLIENT)
def export():
    """Download every record the clinic keeps about the client, after a password check (R-C1)."""
    client, _ = _own_client()
    return confirmed_download(
        ExportForm(), current_user,
        lambda now: record_export.build_export(current_user, client, now=now),
        filename=record_export.export_filename(client), mimetype="application/zip",
        template="portal/export.html")


@bp.route("/language", methods=["GET", "POST"])
@policy(*CLIENT)
def language():
    """Let the client choose the language of their portal, mails and aftercare sheets."""
    client, _today = _own_client()
    return language_page(client.preferred_language,
                         lambda code: set_client_language(current_user, client, code),
                         template="i18n/portal.html", endpoint="portal.language")


@bp.route("/invite/<client_id>", methods=["POST"])
@policy(*STAFF)
def invite(client_id: str):
    """Mail a client a portal invitation, or a reset link when they already have a login."""
    client = get_client_for(current_user, client_id)
    target = url_for("clients.detail", client_id=client.public_id)
    try:
        kind, message = services.invite_client(current_user, client, base_url=link_base(),
                                               now=utcnow())
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message)
    else:
        db.session.commit()
        if message.sent_via == "smtp-failed":
            flash("The mail server did not accept the message. Try again later.")
        else:
            flash("Invitation sent." if kind == "invite" else "Sign-in help sent.")
    return redirect(target)


@bp.route("/accept/<token>", methods=["GET", "POST"])
@policy(PUBLIC)
def accept(token: str):
    """Choose a password from an invitation, then land signed in on the portal."""
    now = utcnow()
    try:
        row = services.find_invitation(token, now=now)
    except LinkError as exc:
        return link_problem(exc)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.accept_invitation(token, form.password.data, now=now)
        except LinkError as exc:
            return link_problem(exc)
        except DomainError as exc:
            db.session.rollback()
            show_on_form(form, exc, "password")
        else:
            if current_user.is_authenticated and current_user.session_token:
                # A shared tablet: whoever was signed in is signed out on the server too.
                auth_services.end_session(current_user.session_token, now=now)
            # R-S4: a fresh session (and CSRF secret), exactly as at a password login.
            session.clear()
            auth_services.start_session(user, user_agent=request.user_agent.string, now=now)
            login_user(user)
            db.session.commit()
            flash(_("Welcome! Your portal account is ready."))
            return redirect(url_for("portal.home"))
    client = db.session.get(Client, row.client_id)
    return render_template("portal/accept.html", form=form, email=row.email,
                           clinic=services.client_clinic(client))
