"""Password reset pages (/password/...), shared with staff, and the answer for a dead link."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_login import current_user, logout_user

from notes_app.access import PUBLIC, policy
from notes_app.auth.models import User
from notes_app.auth.services import DomainError
from notes_app.dbtypes import utcnow
from notes_app.extensions import db
from notes_app.mail import link_base
from notes_app.portal import services
from notes_app.portal.forms import ForgotPasswordForm, SetPasswordForm

bp = Blueprint("accounts", __name__, url_prefix="/password")

LINK_PROBLEMS = {
    "unknown": (404, "This link is not valid",
                "Check that you opened the whole link from the mail, or ask for a new one."),
    "spent": (400, "This link no longer works",
              "Each link works once, and a newer link or a password change replaces it. "
              "Sign in, or ask for a new link."),
    "expired": (400, "This link has expired",
                "Invitations last 72 hours and reset links 30 minutes. Ask for a new one."),
}


def link_problem(exc: services.LinkError):
    """Answer a reused, expired or unknown link with a plain page, never an error trace."""
    db.session.rollback()
    code, title, text = LINK_PROBLEMS[exc.kind]
    return render_template("auth/link_problem.html", title=title, text=text), code


@bp.route("/forgot", methods=["GET", "POST"])
@policy(PUBLIC)
def forgot():
    """Ask for a reset link; the answer is the same whether or not the address is known."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data, base_url=link_base(), now=utcnow())
        db.session.commit()
        return render_template("auth/forgot_sent.html")
    return render_template("auth/forgot.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@policy(PUBLIC)
def reset(token: str):
    """Choose a new password from a mailed link; every session of the account ends."""
    now = utcnow()
    try:
        row = services.find_token(token, ("reset", "invite-staff"), now=now)
    except services.LinkError as exc:
        return link_problem(exc)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data, now=now)
        except services.LinkError as exc:
            return link_problem(exc)
        except DomainError as exc:
            db.session.rollback()
            form.password.errors.append(exc.message)
        else:
            db.session.commit()
            if current_user.is_authenticated:
                logout_user()
            session.clear()
            flash("Your password is set. Sign in with it now.")
            return redirect(url_for("auth.login"))
    user = db.session.get(User, row.user_id)
    return render_template("auth/reset.html", form=form, purpose=row.purpose, email=user.email)
