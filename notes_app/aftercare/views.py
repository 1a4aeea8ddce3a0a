"""Aftercare pages: preview and issue a session's sheet, the sheet page and its stored PDF."""
from __future__ import annotations

import io
from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from markupsafe import Markup

from notes_app.access import CLINICAL, policy
from notes_app.aftercare import services
from notes_app.aftercare.forms import IssueForm
from notes_app.clinical import advice, advice_i18n
from notes_app.clinical.bodymap import render_svg
from notes_app.errors import DomainError, show_on_form
from notes_app.extensions import db
from notes_app.languages import is_language, language_choices
from notes_app.sessions import services as session_services
from notes_app.web import render_error

bp = Blueprint("aftercare", __name__, url_prefix="/aftercare")


def map_svgs(sheet_map: dict) -> list[Markup]:
    """Draw the sheet's small map for the page (one SVG per view, built and escaped by bodymap)."""
    markers = sheet_map.get("markers") or []
    return [Markup(render_svg(view, markers, title=f"Treated points, {view} view"))
            for view in sheet_map.get("views") or []]


@bp.route("/session/<session_id>/new", methods=["GET", "POST"])
@policy(*CLINICAL)
def issue(session_id: str):
    """Preview a signed session's sheet: sections and why, what a flag left out; POST issues it."""
    ts = session_services.get_session_for(current_user, session_id,
                                          record_read=request.method == "GET")
    if not ts.is_signed:
        db.session.commit()
        return render_error(409, "Sign the session note before issuing an aftercare sheet.")
    today = date.today()
    asked = request.args.get("language")
    if asked is not None and not is_language(asked):
        db.session.commit()
        return render_error(400, "That language is not offered for aftercare sheets.")
    source = request.form if request.method == "POST" else request.args
    length = source.get("length") or advice.ONE_PAGE
    if length not in services.LENGTHS:
        db.session.commit()
        return render_error(400, "Choose the one-page or the longer sheet.")
    # A posted note counts towards the one-page word budget the page reports.
    typed = {"note": str(request.form.get("note") or "")[:services.NOTE_MAX],
             "next_visit": str(request.form.get("next_visit") or "")[:services.NEXT_VISIT_MAX]} \
        if request.method == "POST" else {}
    inputs = services.build_sheet_inputs(current_user, ts, today=today, length=length, **typed)
    if request.method == "POST":
        form = IssueForm()
        if "language" not in request.form:  # an older page without the picker
            form.language.data = ts.client.preferred_language
    else:
        form = IssueForm(formdata=None, keep=inputs.optional_ids,
                         next_visit=inputs.next_visit_default,
                         language=asked or ts.client.preferred_language, length=length)
    # Sections the one-page budget left off stay valid choices (listed, not switchable): a note
    # typed after the preview may push out a section whose box the page showed.
    form.keep.choices = [(s.id, s.title) for s in inputs.sections if not s.locked]
    form.language.choices = language_choices()
    if form.validate_on_submit():
        try:
            sheet = services.issue_sheet(
                current_user, ts, exclude=set(inputs.optional_ids) - set(form.keep.data or ()),
                note=form.note.data or "", next_visit=form.next_visit.data or "", today=today,
                language=form.language.data, length=length)
        except DomainError as exc:
            db.session.rollback()
            show_on_form(form, exc, "note")
        else:
            db.session.commit()
            flash("Aftercare sheet issued.")
            return redirect(url_for("aftercare.detail", sheet_id=sheet.public_id))
    db.session.commit()
    sheet_language = form.language.data if is_language(form.language.data) \
        else ts.client.preferred_language
    return render_template(
        "aftercare/new.html", ts=ts, client=ts.client, form=form, inputs=inputs,
        # Each section under the title the sheet will print, in the sheet's language.
        printed_titles={s.id: advice_i18n.title_in(s.id, s.title, sheet_language)
                        for s in inputs.sections},
        kept=set(form.keep.data or ()), maps=map_svgs(inputs.map), length=length,
        words=advice.sheet_words(inputs.selection.blocks), one_page_words=advice.ONE_PAGE_WORDS,
        sheets=services.list_sheets_for_session(ts),
        sheet_language=sheet_language, covers=advice_i18n.covers,
        unprintable=services.unprintable_fields(
            ts, current_user.clinic, texts={"Note": form.note.data or "",
                                            "Next visit": form.next_visit.data or ""}),
    ), 422 if request.method == "POST" else 200


@bp.route("/<sheet_id>")
@policy(*CLINICAL)
def detail(sheet_id: str):
    """Show an issued sheet: what it carries, why, and the button to print it."""
    sheet = services.get_sheet_for(current_user, sheet_id)
    db.session.commit()
    blocks = {b.get("id"): b for b in sheet.snapshot.get("blocks") or []}
    # Titles as printed (from the snapshot), reasons as recorded when the sheet was issued.
    printed = [((blocks.get(r["id"]) or {}).get("title") or r["id"],
                services.plain_reason(r["reason"]))
               for r in sheet.selection_reasons if r["included"]]
    switched_off = [services.block_title(r["id"]) for r in sheet.selection_reasons
                    if not r["included"] and r["reason"] != services.ONE_PAGE_TRIM]
    trimmed = [services.block_title(r["id"]) for r in sheet.selection_reasons
               if not r["included"] and r["reason"] == services.ONE_PAGE_TRIM]
    return render_template(
        "aftercare/detail.html", sheet=sheet, client=sheet.client, ts=sheet.treatment_session,
        printed=printed, switched_off=switched_off, trimmed=trimmed,
        note=blocks.get("THERAPIST-NOTE"),
        visit=blocks.get("NEXT-VISIT"),
        suppressed=services.describe_suppressed(sheet.suppressed),
        maps=map_svgs(sheet.snapshot.get("map") or {}))


@bp.route("/<sheet_id>.pdf")
@policy(*CLINICAL)
def pdf(sheet_id: str):
    """Send the stored PDF bytes inline for printing (never rebuilt, R-P3)."""
    sheet = services.get_sheet_for(current_user, sheet_id, action="aftercare.download")
    data, public_id = sheet.pdf, sheet.public_id
    db.session.commit()  # the download is audited before the bytes leave (R-U1)
    return pdf_response(data, public_id)


def pdf_response(data: bytes, public_id: str):
    """Wrap stored sheet bytes for inline printing (the portal's download uses it too)."""
    name = f"aftercare-{public_id}.pdf"
    response = send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=False,
                         download_name=name, conditional=False, etag=False)
    # The opaque id only: a client's name in a filename lands in download folders and logs.
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
