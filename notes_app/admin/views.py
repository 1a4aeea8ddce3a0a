"""Clinic admin pages: staff accounts, the audit trail with CSV export, and the outbox."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user

from notes_app import auditverify
from notes_app.access import policy
from notes_app.admin import clinic as clinic_config
from notes_app.admin import services
from notes_app.admin.forms import (
    AuditFilterForm,
    ClinicSettingsForm,
    SettingsForm,
    StaffForm,
    TwoFactorRequirementForm,
    TwoFactorResetForm,
)
from notes_app.aftercare.services import sheet_contacts, sheet_water_guide
from notes_app.auth import twofactor
from notes_app.auth.services import clinic_settings
from notes_app.auth.tokens import issue_staff_invite
from notes_app.clinical.contacts import COUNTRIES, country_choices
from notes_app.dbtypes import utcnow
from notes_app.errors import DomainError, show_on_form
from notes_app.extensions import db
from notes_app.mail import link_base, smtp_settings

bp = Blueprint("admin", __name__, url_prefix="/admin")

AUDIT_PER_PAGE = 50
# At most this many events hashed per audit page view (about half a second on 2 cores): a chain
# left unchecked for long is caught up over a few views, or at once by `flask audit verify`.
CHAIN_EVENTS_PER_VIEW = 20_000
OUTBOX_PER_PAGE = 20
CSV_COLUMNS = ("occurred_at_utc", "actor_id", "actor_role", "action", "object_type", "object_id",
               "client_id", "outcome", "request_id", "source_ip")


def _page_arg() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and len(raw) < 7 else 1


@bp.route("/")
@policy("admin")
def index():
    """List the clinic's therapists and admins."""
    idle = timedelta(minutes=current_app.config["STAFF_IDLE_MINUTES"])
    rows = services.list_staff_for(current_user, now=utcnow(), idle=idle)
    requirement = TwoFactorRequirementForm(required=current_user.clinic.require_staff_two_factor)
    return render_template("admin/index.html", rows=rows, requirement=requirement,
                           reset_form=TwoFactorResetForm())


@bp.route("/clinic", methods=["GET", "POST"])
@policy("admin")
def clinic():
    """Set the clinic's country (the numbers and drinking guidance sheets print) and paper."""
    current = current_user.clinic
    form = ClinicSettingsForm() if request.method == "POST" else ClinicSettingsForm(
        formdata=None, country=current.country, emergency_number=current.emergency_number,
        advice_number=current.advice_number, paper_size=current.paper_size or "A4")
    form.country.choices = country_choices()
    if form.validate_on_submit():
        try:
            clinic_config.update_clinic_settings(
                current_user, country=form.country.data or "",
                emergency_number=form.emergency_number.data or "",
                advice_number=form.advice_number.data or "", paper_size=form.paper_size.data)
        except DomainError as exc:
            db.session.rollback()
            target = getattr(form, exc.field or "", None) or form.country
            target.errors = [*target.errors, exc.message]
        else:
            db.session.commit()
            flash("Clinic settings saved.")
            return redirect(url_for("admin.clinic"))
    return render_template("admin/clinic.html", form=form, countries=COUNTRIES,
                           printed=sheet_contacts(current), water=sheet_water_guide(current)), \
        422 if request.method == "POST" else 200


@bp.route("/two-factor", methods=["POST"])
@policy("admin")
def two_factor_requirement():
    """Turn the clinic's "require two-factor for staff" setting on or off."""
    form = TwoFactorRequirementForm()
    if form.validate_on_submit():
        twofactor.set_clinic_requirement(current_user, bool(form.required.data))
        db.session.commit()
        flash("Two-factor sign-in is now required for staff." if form.required.data
              else "Two-factor sign-in is now optional for staff.")
    return redirect(url_for("admin.index"))


@bp.route("/staff/<user_id>/two-factor/reset", methods=["POST"])
@policy("admin")
def reset_two_factor(user_id: str):
    """Remove a staff member's two-factor (lost phone) after the admin's password; audited."""
    user = services.get_staff_user_for(current_user, user_id)
    form = TwoFactorResetForm()
    if not form.validate_on_submit():
        flash("Enter your password to reset two-factor sign-in.")
        return redirect(url_for("admin.index"))
    try:
        twofactor.reset_two_factor(current_user, user, password=form.password.data, now=utcnow())
    except DomainError as exc:
        flash(exc.message)
    else:
        flash(f"Two-factor sign-in reset for {user.full_name}; they were signed out everywhere.")
    # Committed either way: a wrong password is audited and counts toward the lockout.
    db.session.commit()
    return redirect(url_for("admin.index"))


@bp.route("/staff/new", methods=["GET", "POST"])
@policy("admin")
def add_staff():
    """Add a therapist or admin; they choose their password through a mailed link."""
    form = StaffForm()
    if form.validate_on_submit():
        try:
            services.add_staff(current_user, email=form.email.data, full_name=form.full_name.data,
                               role=form.role.data, base_url=link_base(), now=utcnow())
        except DomainError as exc:
            db.session.rollback()
            show_on_form(form, exc, "email")
        else:
            db.session.commit()
            flash("Account created. A link to choose a password was sent.")
            return redirect(url_for("admin.index"))
    return render_template("admin/staff_form.html", form=form)


def _change_staff(user_id: str, change, done: str):
    user = services.get_staff_user_for(current_user, user_id)
    try:
        change(user)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message)
    else:
        db.session.commit()
        flash(done)
    return redirect(url_for("admin.index"))


@bp.route("/staff/<user_id>/disable", methods=["POST"])
@policy("admin")
def disable(user_id: str):
    """Disable a staff account; its sessions end at once."""
    return _change_staff(user_id, lambda u: services.set_staff_disabled(
        current_user, u, True, now=utcnow()), "Account disabled and signed out everywhere.")


@bp.route("/staff/<user_id>/enable", methods=["POST"])
@policy("admin")
def enable(user_id: str):
    """Re-enable a disabled staff account."""
    return _change_staff(user_id, lambda u: services.set_staff_disabled(
        current_user, u, False, now=utcnow()), "Account enabled.")


@bp.route("/staff/<user_id>/revoke", methods=["POST"])
@policy("admin")
def revoke_sessions(user_id: str):
    """Sign a staff account out on every device."""
    return _change_staff(user_id, lambda u: services.revoke_staff_sessions(
        current_user, u, now=utcnow()), "Signed out on every device.")


@bp.route("/staff/<user_id>/resend", methods=["POST"])
@policy("admin")
def resend_invite(user_id: str):
    """Mail a new set-password link to a staff member who has not chosen one yet."""
    return _change_staff(user_id, lambda u: issue_staff_invite(
        current_user, u, base_url=link_base(), now=utcnow()), "A new link was sent.")


def _audit_form() -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    form.set_choices(services.audit_choices_for(current_user))
    return form


@bp.route("/audit")
@policy("admin")
def audit():
    """Show the clinic's audit trail, filtered, newest first."""
    form = _audit_form()
    page = None
    if form.validate():
        page = services.list_audit_for(current_user, form.filters(), page=_page_arg(),
                                       per_page=AUDIT_PER_PAGE)
    # From the chain's checkpoint: only the events since the last check are hashed (issue #11).
    chain = auditverify.verify_chain(current_user.clinic_id, limit=CHAIN_EVENTS_PER_VIEW)
    db.session.commit()  # the checkpoint, moved over the events the walk found intact
    return render_template("admin/audit.html", form=form, page=page, args=form.query_args(),
                           chain=chain)


def _csv_cell(value) -> str:
    text = "" if value is None else str(value)
    # Spreadsheets run cells starting with these as formulas; object ids can come from URLs.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.route("/audit.csv")
@policy("admin")
def audit_export():
    """Download the filtered audit trail as CSV: ids only, no health values (R-U3)."""
    form = _audit_form()
    if not form.validate():
        return render_template("admin/audit.html", form=form, page=None,
                               args=form.query_args()), 400
    filters, clinic_id = form.filters(), current_user.clinic_id
    services.record_audit_export(current_user)
    db.session.commit()

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        for event, actor_pid, _name, client_pid in services.iter_audit_for(clinic_id, filters):
            writer.writerow([_csv_cell(v) for v in (
                event.occurred_at.strftime("%Y-%m-%dT%H:%M:%SZ"), actor_pid, event.actor_role,
                event.action, event.object_type, event.object_id, client_pid, event.outcome,
                event.request_id, event.source_ip)])
            if buffer.tell() > 16384:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    name = f"audit-{utcnow():%Y%m%d-%H%M}.csv"
    return Response(stream_with_context(lines()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/settings", methods=["GET", "POST"])
@policy("admin")
def settings():
    """Let the clinic admin choose the clinic's settings (what the portal shows clients)."""
    current = clinic_settings(current_user.clinic_id)
    form = SettingsForm(data={"share_assessment": current.share_assessment_with_clients}) \
        if request.method == "GET" else SettingsForm()
    if form.validate_on_submit():
        services.update_settings(current_user, share_assessment=form.share_assessment.data)
        db.session.commit()
        flash("Portal settings saved.")
        return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", form=form)


@bp.route("/outbox")
@policy("admin")
def outbox():
    """Show the clinic's outgoing mail (the only delivery when no SMTP server is set)."""
    page = services.list_outbox_for(current_user, page=_page_arg(), per_page=OUTBOX_PER_PAGE)
    db.session.commit()
    return render_template("admin/outbox.html", page=page, smtp=smtp_settings() is not None)
