"""Portal pages for clients, the invitation they accept, and the staff-side invite button."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user

from notes_app.access import CLIENT, PUBLIC, STAFF, policy
from notes_app.auth import services as auth_services
from notes_app.auth.services import DomainError
from notes_app.clients.models import Client
from notes_app.clients.services import get_client_for
from notes_app.dbtypes import utcnow
from notes_app.extensions import db
from notes_app.mail import link_base
from notes_app.portal import services
from notes_app.portal.accounts import link_problem
from notes_app.portal.forms import SetPasswordForm

bp = Blueprint("portal", __name__, url_prefix="/portal")


@bp.app_context_processor
def portal_status_helper():
    """Let the staff client page ask for a client's portal status (portal/_client_section.html)."""
    def portal_status_for(client: Client) -> services.PortalStatus:
        return services.portal_status_for(client, now=utcnow())
    return {"portal_status_for": portal_status_for}


@bp.route("/")
@policy(*CLIENT)
def home():
    """Show the client's portal home."""
    client = services.current_client()
    return render_template("portal/home.html", client=client,
                           clinic=services.client_clinic(client))


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
        row = services.find_token(token, ("invite",), now=now)
    except services.LinkError as exc:
        return link_problem(exc)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.accept_invitation(token, form.password.data, now=now)
        except services.LinkError as exc:
            return link_problem(exc)
        except DomainError as exc:
            db.session.rollback()
            form.password.errors.append(exc.message)
        else:
            if current_user.is_authenticated and current_user.session_token:
                # A shared tablet: whoever was signed in is signed out on the server too.
                auth_services.end_session(current_user.session_token, now=now)
            # R-S4: a fresh session (and CSRF secret), exactly as at a password login.
            session.clear()
            auth_services.start_session(user, user_agent=request.user_agent.string, now=now)
            login_user(user)
            db.session.commit()
            flash("Welcome! Your portal account is ready.")
            return redirect(url_for("portal.home"))
    client = db.session.get(Client, row.client_id)
    return render_template("portal/accept.html", form=form, email=row.email,
                           clinic=services.client_clinic(client))
