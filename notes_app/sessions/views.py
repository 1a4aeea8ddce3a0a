"""Session-note pages and the autosave JSON endpoint (one blueprint, /sessions)."""
from __future__ import annotations

import re
from datetime import date

from flask import (
    Blueprint,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from notes_app import audit, jsondata
from notes_app.access import CLINICAL, policy
from notes_app.aftercare import sections as aftercare_sections
from notes_app.clients import services as client_services
from notes_app.clinical.contraindications import overridable
from notes_app.clinical.safety import row_warnings
from notes_app.dbtypes import utcnow
from notes_app.errors import DomainError, show_on_form
from notes_app.extensions import db
from notes_app.intake import clearance
from notes_app.intake import services as intake
from notes_app.portal import sections as portal_sections
from notes_app.sessions import knots, mapdata, panel, services
from notes_app.sessions.content import copy_marks, jsonable, note_content, row_content
from notes_app.sessions.forms import AddendumForm, EnteredInErrorForm, SignForm, StartForm
from notes_app.sessions.markers import continuation_text, marker_title
from notes_app.sessions.schemas import autosave_schema
from notes_app.sessions.signing import sign_problems
from notes_app.sessions.validation import InvalidNote, payload_from_form
from notes_app.web import render_error

bp = Blueprint("sessions", __name__, url_prefix="/sessions")
WRITER_ID = re.compile(r"[A-Za-z0-9-]{8,64}")


# Formatters the session templates share (they read nothing; the views load the data).
for _name, _helper in (("technique_summary", panel.technique_summary),
                       ("marker_title", marker_title), ("sparkline", knots.sparkline),
                       ("continuation_text", continuation_text),
                       ("copy_marks", copy_marks)):
    bp.add_app_template_global(_helper, _name)


@bp.route("/start/<client_id>", methods=["GET", "POST"])
@policy(*CLINICAL)
def start(client_id: str):
    """Start a note for a client (retries with the same key return the same note)."""
    client = client_services.get_client_for(current_user, client_id)
    today = date.today()
    has_previous = services.last_signed_for(client) is not None
    form = StartForm() if request.method == "POST" else panel.start_form(
        client, has_previous=has_previous)
    blocked, refused = [], None
    if form.validate_on_submit():
        try:
            ts = services.start_session(
                current_user, client, idempotency_key=form.idempotency_key.data,
                copy_from_last=form.copy_forward.data, today=today,
                override_reason=form.override_reason.data)
        except DomainError as exc:
            db.session.rollback()
            if exc.field == "blockers":
                blocked = [exc.message]
            elif exc.field in ("hard_stop", "clearance"):
                refused = exc.message
            else:
                show_on_form(form, exc, "override_reason")
        else:
            db.session.commit()
            return redirect(url_for("sessions.detail", session_id=ts.public_id))
    client_services.record_view(current_user, client)
    recent_checkins = portal_sections.checkins_section(current_user, client)
    db.session.commit()
    flags = intake.current_flags_for(client, today=today)
    status = 422 if request.method == "POST" else 200
    return render_template("sessions/start.html", client=client, form=form, flags=flags,
                           blockers=blocked or intake.session_blockers(client, today=today),
                           refusal=refused or services.start_refusal(flags),
                           waiting=panel.clearable_now(flags),
                           clearances=clearance.active_clearances_for(client),
                           defer=bool(overridable(flags)), has_previous=has_previous,
                           checkin_cards=recent_checkins), status


def _commit_if(commit: bool) -> None:
    # A GET commits once, after everything its page reads: one transaction, not a second one
    # for the reads (on SQLite each takes the write lock).
    if commit:
        db.session.commit()


def _editor(ts, *, note=None, errors=None, status=200, commit=False):
    client = ts.client
    flags = intake.current_flags_for(client, today=ts.session_date)
    rules = services.rules_for(ts)
    # Warnings drawn by the server keep the page honest without JS; the script redraws them.
    warnings = [] if note else [row_warnings(row_content(r), rules) for r in ts.technique_rows]
    stored = note_content(ts)
    # The editor is a draft's, so the client's last signed note is the one before it.
    previous = services.last_signed_for(client)
    bodymap = {**mapdata.session_data(ts, rules, note=stored, previous=previous),
               "catalogue": mapdata.catalogue()}
    page = dict(
        ts=ts, client=client, note=note or stored, errors=errors or {},
        flags=flags, rules=rules.as_json(), source=ts.copied_from, row_warnings=warnings,
        lists=panel.pick_lists(),
        recent=services.recently_used_combinations(current_user, client=client),
        usual=services.usual_doses(current_user, client=client),
        previous=previous, conflicts=services.list_conflicts_for(ts),
        bodymap=bodymap, bodymap_svgs=mapdata.base_svgs(ts))
    _commit_if(commit)
    return render_template("sessions/editor.html", **page), status


def _reader(ts, *, addendum_form=None, error_form=None, status=200, commit=False):
    page = dict(
        ts=ts, client=ts.client, note=note_content(ts),
        bodymap_svgs=mapdata.readonly_svgs(ts), bodymap_markers=ts.markers,
        addenda=list(ts.addenda),  # read here, in the page's one transaction
        aftercare_sheets=aftercare_sections.session_section(current_user, ts),
        addendum_form=addendum_form or AddendumForm(formdata=None),
        error_form=error_form or EnteredInErrorForm(formdata=None))
    _commit_if(commit)
    return render_template("sessions/detail.html", **page), status


def _version_from(raw) -> int | None:
    raw = str(raw or "").strip().removeprefix("W/").strip('"').removeprefix("v")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def _writer_from(raw) -> str:
    """Return the editor tab's random writer id from its header, or "" when absent or odd."""
    raw = str(raw or "")
    return raw if WRITER_ID.fullmatch(raw) else ""


@bp.route("/<session_id>", methods=["GET", "POST"])
@policy(*CLINICAL)
def detail(session_id: str):
    """Show a note: the editor for its author's draft, read-only otherwise; POST saves (no JS)."""
    ts = services.get_session_for(current_user, session_id, record_read=request.method == "GET")
    editable = ts.is_editable_by(current_user)
    if request.method == "POST":
        if not editable:
            return render_error(409, "Only the author's draft can be edited; signed notes take "
                                     "addenda.")
        payload = payload_from_form(request.form)
        try:
            services.save_draft(current_user, ts, payload, today=date.today(),
                                base_version=_version_from(request.form.get("version")) or 0)
        except InvalidNote as exc:
            db.session.rollback()
            return _editor(ts, note={**note_content(ts), **payload}, errors=exc.errors,
                           status=422)
        except services.Conflict:
            db.session.commit()  # keeps the side draft
            flash("This note changed on another device. Your version is kept below.")
            return redirect(url_for("sessions.conflicts", session_id=ts.public_id))
        db.session.commit()
        flash("Draft saved.")
        return redirect(url_for("sessions.detail", session_id=ts.public_id))
    return _editor(ts, commit=True) if editable else _reader(ts, commit=True)


@bp.route("/<session_id>/draft", methods=["PUT"])
@policy(*CLINICAL)
def autosave(session_id: str):
    """Save a draft from the editor script: If-Match carries the version it was based on."""
    ts = services.get_session_for(current_user, session_id, record_read=False)
    if not ts.is_draft:
        return jsonify(error="locked", status=ts.status,
                       message="This note is signed and locked; add an addendum instead."), 409
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify(error="bad_request", message="Send the note as a JSON object."), 400
    try:
        jsondata.check(body, autosave_schema(body))  # #13: shape before any service runs
    except jsondata.InvalidJSON as exc:
        return jsonify(exc.as_dict()), exc.status
    base = _version_from(request.headers.get("If-Match")) or _version_from(body.get("base_version"))
    if base is None:
        return jsonify(error="precondition_required",
                       message="Send If-Match with the version you edited."), 428
    try:
        services.save_draft(current_user, ts, body.get("note", body), base_version=base,
                            today=date.today(), resolve_conflict=body.get("resolve") is True,
                            background=request.headers.get("X-Knotwork-Background") == "1",
                            writer=_writer_from(request.headers.get("X-Knotwork-Writer")))
    except InvalidNote as exc:
        db.session.rollback()
        return jsonify(error="invalid", message=exc.message, errors=exc.errors,
                       warnings=exc.warnings), 422
    except services.Conflict as exc:
        db.session.commit()  # the side draft and its audit row
        return jsonify(error="conflict", message=exc.message, current_version=exc.current_version,
                       server=exc.server, yours=exc.submitted,
                       conflict_id=exc.draft.public_id if exc.draft else None,
                       conflicts_url=url_for("sessions.conflicts", session_id=ts.public_id)), 412
    except services.NoteLocked as exc:
        db.session.rollback()
        return jsonify(error="locked", message=exc.message), 409
    except DomainError as exc:
        db.session.rollback()
        return jsonify(error="forbidden", message=exc.message), 403
    db.session.commit()
    response = jsonify(version=ts.version, saved_at=utcnow().isoformat(timespec="seconds"),
                       copied_fields=ts.copied_fields)
    response.headers["ETag"] = f'"{ts.version}"'
    return response


@bp.route("/<session_id>/conflicts")
@policy(*CLINICAL)
def conflicts(session_id: str):
    """List the side drafts kept when saves from another device lost a version race."""
    ts = services.get_session_for(current_user, session_id)
    drafts = services.list_conflicts_for(ts)
    audit.record(current_user, "session.conflicts.read", object_type="treatment_session",
                 object_id=ts.id, client=ts.client)
    db.session.commit()
    if request.accept_mimetypes.best == "application/json":
        return jsonify(version=ts.version, conflicts=[
            {"id": d.public_id, "kind": d.kind, "base_version": d.base_version,
             "created_at": d.created_at.isoformat(), "payload": d.payload} for d in drafts])
    return render_template("sessions/conflicts.html", ts=ts, client=ts.client, drafts=drafts,
                           current=jsonable(note_content(ts)))


@bp.route("/<session_id>/sign", methods=["GET", "POST"])
@policy(*CLINICAL)
def sign(session_id: str):
    """Review a draft and sign it with the password (R-A8); signed notes are locked."""
    ts = services.get_session_for(current_user, session_id, record_read=request.method == "GET")
    if not ts.is_draft:
        if request.method == "GET":
            return redirect(url_for("sessions.detail", session_id=ts.public_id))
        return render_error(409, "This note is already signed.")
    form = SignForm() if request.method == "POST" else SignForm(formdata=None, version=ts.version)
    problems, status = {}, 200
    if form.validate_on_submit():
        try:
            services.sign_session(current_user, ts, form.password.data or None, now=utcnow(),
                                  base_version=form.version.data)
        except services.StaleNote as exc:
            db.session.rollback()
            flash(exc.message)
            return redirect(url_for("sessions.sign", session_id=ts.public_id))
        except InvalidNote as exc:
            problems, status = exc.errors, 422
        except services.ReauthRequired as exc:
            form.password.errors = [exc.message]
        except DomainError as exc:
            show_on_form(form, exc, "password")
            status = 422
        else:
            db.session.commit()
            flash("Note signed and locked.")
            if form.aftercare.data:  # signed from the editor: straight on to the sheet
                return redirect(url_for("aftercare.issue", session_id=ts.public_id))
            return redirect(url_for("sessions.detail", session_id=ts.public_id))
    # The read, or a refused signing's audited password confirmation (it counts, R-A8).
    db.session.commit()
    problems = problems or sign_problems(ts, services.rules_for(ts))
    return render_template("sessions/sign.html", ts=ts, client=ts.client, form=form,
                           note=note_content(ts), problems=problems,
                           flags=intake.current_flags_for(ts.client, today=ts.session_date)), status


def _write(form, field: str, change):
    """Run one change to a note and commit it.

    Returns (saved, response): a locked note answers 409; other domain errors go on the form.
    """
    try:
        change()
    except services.NoteLocked as exc:
        db.session.rollback()
        return False, render_error(409, exc.message)
    except DomainError as exc:
        db.session.rollback()
        show_on_form(form, exc, field)
        return False, None
    db.session.commit()
    return True, None


@bp.route("/<session_id>/addenda", methods=["POST"])
@policy(*CLINICAL)
def addenda(session_id: str):
    """Add an addendum under a signed note."""
    ts = services.get_session_for(current_user, session_id, record_read=False)
    form = AddendumForm()
    if form.validate_on_submit():
        saved, locked = _write(form, "text", lambda: services.add_addendum(
            current_user, ts, form.reason.data, form.text.data, form.kind.data))
        if locked is not None:
            return locked
        if saved:
            flash("Addendum added.")
            return redirect(url_for("sessions.detail", session_id=ts.public_id,
                                    _anchor="addenda"))
    return _reader(ts, addendum_form=form, status=422)


@bp.route("/<session_id>/entered-in-error", methods=["POST"])
@policy(*CLINICAL)
def entered_in_error(session_id: str):
    """Hide a note written by mistake; it is kept, with the reason, never deleted."""
    ts = services.get_session_for(current_user, session_id, record_read=False)
    form = EnteredInErrorForm()
    if form.validate_on_submit():
        saved, locked = _write(form, "reason", lambda: services.mark_entered_in_error(
            current_user, ts, form.reason.data))
        if locked is not None:
            return locked
        if saved:
            flash("The note is marked as entered in error and hidden from the timeline.")
            return redirect(url_for("clients.detail", client_id=ts.client.public_id))
    if ts.is_editable_by(current_user):
        flash(form.reason.errors[0] if form.reason.errors else "Tick to confirm.")
        return redirect(url_for("sessions.detail", session_id=ts.public_id))
    return _reader(ts, error_form=form, status=422)


