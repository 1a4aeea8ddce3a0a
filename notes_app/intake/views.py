"""Intake pages: take a new version, read one version, list the history; the client-page panel."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from notes_app import audit
from notes_app.access import CLINICAL, policy
from notes_app.clients.services import get_client_for
from notes_app.clinical.intake_schema import (
    CONSENT_TEXT_VERSION,
    DEFAULT_INTENSITY_CEILING,
    MEDICATION_FLAGS,
    TODAY_CHECKS,
)
from notes_app.errors import DomainError, show_on_form
from notes_app.extensions import db
from notes_app.intake import clearance, services
from notes_app.intake.form_page import (
    consent_texts,
    form_context,
    history_groups,
    show_consent_error,
)
from notes_app.intake.form_sections import page_language
from notes_app.intake.forms import (
    ClearanceForm,
    IntakeForm,
    WithdrawClearanceForm,
    form_data_from_intake,
    intake_from_form,
)
from notes_app.intake.panel import (
    answers,
    flag_view,
    show,
    top_causes,
)

bp = Blueprint("intake", __name__, url_prefix="/intake")

@bp.route("/new/<client_id>", methods=["GET", "POST"])
@policy(*CLINICAL)
def create(client_id: str):
    """Take a new intake version, pre-filled from the current one."""
    client = get_client_for(current_user, client_id)
    today = date.today()
    minor = services.is_minor_on(client, today)
    current = services.current_intake_for(client)
    if request.method == "POST":
        form = IntakeForm(minor=minor)
    else:
        form = IntakeForm(data=form_data_from_intake(current.data if current else None,
                                                     occupation=client.occupation), minor=minor)
        services.record_read(current_user, client, current)
    if form.validate_on_submit():
        try:
            version = services.create_intake_version(current_user, client,
                                                     intake_from_form(form), today=today,
                                                     consent_language=page_language())
        except DomainError as exc:
            db.session.rollback()
            show_consent_error(form, exc)
        else:
            db.session.commit()
            flash(f"Intake saved as version {version.version}.")
            return redirect(url_for("clients.detail", client_id=client.public_id,
                                    _anchor="intake"))
    db.session.commit()  # the audited read of the version used to pre-fill
    return render_template("intake/form.html", client=client, current=current, minor=minor,
                           **form_context(form))


@bp.route("/<version_id>")
@policy(*CLINICAL)
def detail(version_id: str):
    """Show one intake version with its flags and what changed since the one before."""
    version = services.get_intake_version_for(current_user, version_id)
    client = version.client
    current = services.current_intake_for(client)
    is_current = current is not None and current.id == version.id
    today = date.today()
    # A superseded version shows what was flagged on the day it was signed.
    flags = services.flags_for_version(version, today=today if is_current else version.signed_on)
    changes = services.changes_since_previous(version)
    db.session.commit()
    data = version.data
    ceiling = (data.get("consent") or {}).get("intensity_ceiling", DEFAULT_INTENSITY_CEILING)
    # The text the client read, in the language they read it (versions before it was kept: en).
    read_in = services.consent_language_of(version)
    same_text = version.consent_version == CONSENT_TEXT_VERSION
    return render_template(
        "intake/detail.html", version=version, client=client, is_current=is_current,
        current=current, flags=flags, changes=changes, data=data,
        causes=top_causes(data, limit=7), history_groups=history_groups(),
        today_checks=TODAY_CHECKS, med_flags=MEDICATION_FLAGS, show=show, answers=answers,
        consent=consent_texts(ceiling, read_in) if same_text else None, consent_language=read_in,
        consent_here=consent_texts(ceiling) if same_text and read_in != page_language()
        else None)


@bp.route("/client/<client_id>/history")
@policy(*CLINICAL)
def history(client_id: str):
    """List every intake version of a client, newest first."""
    client = get_client_for(current_user, client_id)
    versions = services.list_versions_for(client)
    services.record_read(current_user, client, action="intake.history")
    db.session.commit()
    return render_template("intake/history.html", client=client, versions=versions)


def _clearance_page(client, form, withdraw_form=None, *, withdrawing="", status=200):
    today = date.today()
    waiting = clearance.waiting_for_clearance(client, today=today)
    form.flag_code.choices = [(f.code, f.title) for f in waiting]
    if len(waiting) == 1 and not form.flag_code.data:
        form.flag_code.data = waiting[0].code
    version = services.current_intake_for(client)
    services.record_read(current_user, client, version)
    audit.record(current_user, "intake.clearance.list", object_type="client",
                 object_id=client.id, client=client)
    db.session.commit()
    return render_template(
        "intake/clearances.html", client=client, form=form, waiting=waiting,
        clearances=clearance.list_clearances_for(client), version=version,
        in_force=lambda c: clearance.in_force(c, version.id if version else None),
        withdraw_form=withdraw_form or WithdrawClearanceForm(formdata=None),
        withdrawing=withdrawing,
        flags=services.current_flags_for(client, today=today)), status


@bp.route("/client/<client_id>/clearances", methods=["GET", "POST"])
@policy(*CLINICAL)
def clearances(client_id: str):
    """Record a clinician's clearance for a caution that waits for one; list past clearances."""
    client = get_client_for(current_user, client_id)
    form = ClearanceForm() if request.method == "POST" else ClearanceForm(formdata=None)
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                clearance.record_clearance(
                    current_user, client, flag_code=form.flag_code.data,
                    cleared_by=form.cleared_by.data, cleared_on=form.cleared_on.data,
                    note=form.note.data or "", today=date.today())
            except DomainError as exc:
                db.session.rollback()
                show_on_form(form, exc, "flag_code")
            else:
                db.session.commit()
                flash("Clearance recorded.")  # no health details in flashes
                return redirect(url_for("intake.clearances", client_id=client.public_id))
        return _clearance_page(client, form, status=422)
    return _clearance_page(client, form)


@bp.route("/clearances/<clearance_id>/withdraw", methods=["POST"])
@policy(*CLINICAL)
def withdraw_clearance(clearance_id: str):
    """Withdraw a recorded clearance with a reason; it stays in the record."""
    found = clearance.get_clearance_for(current_user, clearance_id)
    client = found.client
    form = WithdrawClearanceForm()
    if form.validate_on_submit():
        try:
            clearance.withdraw_clearance(current_user, found, form.reason.data)
        except DomainError as exc:
            db.session.rollback()
            show_on_form(form, exc, "reason")
        else:
            db.session.commit()
            flash("Clearance withdrawn.")
            return redirect(url_for("intake.clearances", client_id=client.public_id))
    return _clearance_page(client, ClearanceForm(formdata=None), form,
                           withdrawing=found.public_id, status=422)


# Formatters for any page that lists flags or clearances (they read nothing).
bp.add_app_template_global(flag_view, "intake_flag_view")
bp.add_app_template_global(clearance.title_for, "clearance_title")
