"""Login, logout, password change, and the mailed reset and set-password links (/password/...)."""
from __future__ import annotations

import logging
import re
from datetime import timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from notes_app.access import ANY_USER, PUBLIC, policy
from notes_app.auth import services, throttle, tokens
from notes_app.auth.forms import (
    ForgotPasswordForm,
    LoginForm,
    PasswordChangeForm,
    SetPasswordForm,
)
from notes_app.auth.models import User
from notes_app.dbtypes import utcnow
from notes_app.errors import DomainError, LinkError, show_on_form
from notes_app.extensions import db
from notes_app.mail import link_base
from notes_app.web import render_error

bp = Blueprint("auth", __name__)
log = logging.getLogger("knotwork.auth")
# The password step of a two-factor login, waiting for the code (twofactor_views.code).
PENDING_KEY = "two_factor_pending"


# A clean relative URL: printable ASCII from RFC 3986's path/query characters only, so no
# CR/LF (a 500 in the Location header), no spaces, tabs, NULs or Unicode line separators.
_CLEAN_PATH = re.compile(r"/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*")


def safe_next(target: str | None) -> str | None:
    """Return target only if it is a clean relative path on this site (R-Z6, #13 item 3)."""
    if not target or not _CLEAN_PATH.fullmatch(target) or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


# POSTs that check a password or a code: refused for an address over the failure limit.
THROTTLED = {"auth.login", "auth.change_password", "twofactor.code", "twofactor.setup",
             "sessions.sign", "portal.export", "admin.reset_two_factor"}


@bp.before_app_request
def throttle_address():
    """Answer 429 with Retry-After to an address with too many recent failures (R-A3)."""
    if request.method != "POST" or request.endpoint not in THROTTLED:
        return None
    cfg = current_app.config
    wait = throttle.retry_after(request.remote_addr or "", now=utcnow(),
                                limit=cfg["IP_FAILURE_LIMIT"],
                                window=timedelta(minutes=cfg["IP_FAILURE_WINDOW_MINUTES"]))
    if wait is None:
        return None
    log.warning("throttled address=%s endpoint=%s retry_after=%s", request.remote_addr,
                request.endpoint, wait)
    response, status = render_error(429)
    response = make_response(response, status)
    response.headers["Retry-After"] = str(wait)
    return response


def remember_password_step(user, target: str | None) -> None:
    """Keep, in the cookie session only, that this user passed the password step just now."""
    session.clear()
    session[PENDING_KEY] = {"user": user.public_id, "at": utcnow().timestamp(), "next": target}


def home_for(user) -> str:
    """Return where a user lands after login."""
    return url_for("portal.home") if user.role == "client" else url_for("clients.index")


@bp.route("/")
@policy(*ANY_USER)
def index():
    """Send each user to their home page."""
    return redirect(home_for(current_user))


@bp.route("/login", methods=["GET", "POST"])
@policy(PUBLIC)
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        cfg = current_app.config
        user = services.authenticate(
            form.email.data, form.password.data, now=utcnow(),
            threshold=cfg["LOCKOUT_THRESHOLD"], lock_minutes=cfg["LOCKOUT_MINUTES"],
        )
        if user is not None and user.has_two_factor:
            remember_password_step(user, safe_next(request.args.get("next")))
            db.session.commit()
            return redirect(url_for("twofactor.code"))
        if user is not None:
            target = safe_next(request.args.get("next"))
            # R-S4: a fresh session (and CSRF secret) at every login; the old cookie is worthless.
            session.clear()
            services.start_session(user, user_agent=request.user_agent.string, now=utcnow())
            login_user(user)
            db.session.commit()
            return redirect(target or home_for(user))
        db.session.commit()
        # One message for unknown email, wrong password and locked account (R-A3).
        error = _("Email or password is not right.")
    return render_template("auth/login.html", form=form, error=error)


@bp.route("/logout", methods=["POST"])
@policy(*ANY_USER)
def logout():
    """Sign out and revoke the login session on the server (R-S5)."""
    token = current_user.session_token
    if token:
        services.end_session(token, now=utcnow())
        db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out."))
    response = redirect(url_for("auth.login"))
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/account/password", methods=["GET", "POST"])
@policy(*ANY_USER)
def change_password():
    """Change your password; other devices are signed out."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, current=form.current_password.data,
                                     new=form.password.data, now=utcnow())
        except DomainError as exc:
            show_on_form(form, exc, "password")
            db.session.commit()  # a wrong current password is audited and counts (#13 item 6)
        else:
            db.session.commit()
            flash(_("Password changed. Other devices have been signed out."))
            return redirect(home_for(current_user))
    return render_template("auth/password.html", form=form)


LINK_PROBLEMS = {
    "unknown": (404, "This link is not valid",
                "Check that you opened the whole link from the mail, or ask for a new one."),
    "spent": (400, "This link no longer works",
              "Each link works once, and a newer link or a password change replaces it. "
              "Sign in, or ask for a new link."),
    "expired": (400, "This link has expired",
                "Invitations last 72 hours and reset links 30 minutes. Ask for a new one."),
}


def link_problem(exc: LinkError):
    """Answer a reused, expired or unknown link with a plain page, never an error trace."""
    db.session.rollback()
    code, title, text = LINK_PROBLEMS[exc.kind]
    return render_template("auth/link_problem.html", title=title, text=text), code


@bp.route("/password/forgot", methods=["GET", "POST"])
@policy(PUBLIC)
def forgot():
    """Ask for a reset link; the answer is the same whether or not the address is known."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        tokens.request_password_reset(form.email.data, base_url=link_base(), now=utcnow())
        db.session.commit()
        return render_template("auth/forgot_sent.html")
    return render_template("auth/forgot.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@policy(PUBLIC)
def reset(token: str):
    """Choose a new password from a mailed link; every session of the account ends."""
    now = utcnow()
    try:
        row = tokens.find_token(token, ("reset", "invite-staff"), now=now)
    except LinkError as exc:
        return link_problem(exc)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            tokens.reset_password(token, form.password.data, now=now)
        except LinkError as exc:
            return link_problem(exc)
        except DomainError as exc:
            db.session.rollback()
            show_on_form(form, exc, "password")
        else:
            db.session.commit()
            if current_user.is_authenticated:
                logout_user()
            session.clear()
            flash(_("Your password is set. Sign in with it now."))
            return redirect(url_for("auth.login"))
    user = db.session.get(User, row.user_id)
    return render_template("auth/reset.html", form=form, purpose=row.purpose, email=user.email)
