"""Client pages for therapists and clinic admins.

The client page is a shared page: its view composes it from each feature's `sections` module.
"""
from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from notes_app.access import STAFF, policy
from notes_app.aftercare import sections as aftercare_sections
from notes_app.clients import services
from notes_app.clients.forms import ClientForm, SearchForm
from notes_app.dbtypes import utcnow
from notes_app.errors import DomainError
from notes_app.extensions import db
from notes_app.intake import sections as intake_sections
from notes_app.portal import sections as portal_sections
from notes_app.sessions import sections as session_sections

bp = Blueprint("clients", __name__, url_prefix="/clients")


def _page_arg() -> int:
    raw = request.values.get("page", "1")
    return int(raw) if raw.isdigit() and len(raw) < 7 else 1


@bp.route("/", methods=["GET", "POST"])
@policy(*STAFF)
def index():
    """List and search the clinic's clients (the search itself is POSTed, R-W5)."""
    form = SearchForm()
    query, archived = "", False
    if request.method == "POST":
        if not form.validate():
            return render_template("clients/index.html", form=form, page=None, query=""), 400
        query, archived = (form.q.data or "").strip(), bool(form.show_archived.data)
    page = services.list_clients_for(current_user, query=query, page=_page_arg(),
                                     per_page=current_app.config["CLIENTS_PER_PAGE"],
                                     include_archived=archived,
                                     after=request.values.get("after"),
                                     before=request.values.get("before"))
    db.session.commit()
    return render_template("clients/index.html", form=form, page=page, query=query)


@bp.route("/new", methods=["GET", "POST"])
@policy(*STAFF)
def create():
    """Create a client, warning when the name and date of birth match an existing one."""
    form = ClientForm()
    duplicates = []
    if form.validate_on_submit():
        try:
            client = services.create_client(current_user, form.client_data(),
                                            confirm_duplicate=form.confirm_duplicate.data)
        except DomainError as exc:
            duplicates = services.find_possible_duplicates(
                current_user.clinic_id, form.first_name.data, form.last_name.data,
                form.date_of_birth.data)
            form.confirm_duplicate.errors = [exc.message]
        else:
            db.session.commit()
            flash("Client created.")
            return redirect(url_for("clients.detail", client_id=client.public_id))
    return render_template("clients/form.html", form=form, client=None, duplicates=duplicates)


@bp.route("/<client_id>")
@policy(*STAFF)
def detail(client_id: str):
    """Show one client's record."""
    client = services.get_client_for(current_user, client_id)
    services.record_view(current_user, client)
    # The page's sections, in the order shown; each loads, authorizes and audits its own part
    # (None: not for this user), all in this request's one transaction (R-U1).
    sections = {
        "intake": intake_sections.client_section(
            current_user, client, today=date.today(),
            max_age_months=current_app.config["INTAKE_MAX_AGE_MONTHS"]),
        "sessions": session_sections.client_section(
            current_user, client, page=request.args.get("sessions_page", "1"),
            show_hidden=request.args.get("sessions_hidden") == "1",
            all_knots=request.args.get("knots") == "all"),
        "aftercare": aftercare_sections.client_section(current_user, client),
        "portal": portal_sections.client_section(current_user, client, now=utcnow()),
    }
    db.session.commit()
    return render_template("clients/detail.html", client=client, **sections)


@bp.route("/<client_id>/edit", methods=["GET", "POST"])
@policy(*STAFF)
def edit(client_id: str):
    """Edit a client's identity and contact details."""
    client = services.get_client_for(current_user, client_id)
    form = ClientForm(obj=client)
    if form.validate_on_submit():
        services.update_client(current_user, client, form.client_data())
        db.session.commit()
        flash("Client updated.")
        return redirect(url_for("clients.detail", client_id=client.public_id))
    return render_template("clients/form.html", form=form, client=client, duplicates=[])


@bp.route("/<client_id>/archive", methods=["POST"])
@policy(*STAFF)
def archive(client_id: str):
    """Archive a client: hidden from the list, nothing deleted."""
    client = services.get_client_for(current_user, client_id)
    services.set_archived(current_user, client, True)
    db.session.commit()
    flash("Client archived. Their records are kept.")
    return redirect(url_for("clients.detail", client_id=client.public_id))


@bp.route("/<client_id>/restore", methods=["POST"])
@policy(*STAFF)
def restore(client_id: str):
    """Bring an archived client back into the list."""
    client = services.get_client_for(current_user, client_id)
    services.set_archived(current_user, client, False)
    db.session.commit()
    flash("Client restored.")
    return redirect(url_for("clients.detail", client_id=client.public_id))
