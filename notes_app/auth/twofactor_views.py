"""Two-factor pages: the login code step, enrolment from the account, and the clinic's gate."""
from __future__ import annotations

from datetime import UTC, datetime

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user
from markupsafe import Markup
from sqlalchemy import select

from notes_app.access import PUBLIC, STAFF, policy
from notes_app.auth import services, twofactor
from notes_app.auth.forms import EnrolForm, LoginCodeForm
from notes_app.auth.models import User
from notes_app.auth.views import PENDING_KEY, home_for, safe_next
from notes_app.dbtypes import utcnow
from notes_app.errors import DomainError, show_on_form
from notes_app.extensions import db

bp = Blueprint("twofactor", __name__)

# What a staff member who must enrol can still reach: enrolment itself and the way out.
OPEN_WHILE_ENROLLING = {"twofactor.setup", "auth.logout", "static", "healthz"}


def _pending_user() -> tuple[User | None, str | None]:
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None, None
    age = utcnow() - datetime.fromtimestamp(pending.get("at", 0), UTC)
    if age.total_seconds() > twofactor.PENDING_SECONDS:
        session.pop(PENDING_KEY, None)
        return None, None
    user = db.session.scalar(select(User).where(User.public_id == str(pending.get("user"))))
    return user, pending.get("next")


@bp.route("/login/code", methods=["GET", "POST"])
@policy(PUBLIC)
def code():
    """Ask for the app code (or a recovery code) after a correct password."""
    user, target = _pending_user()
    if user is None:
        flash("Sign in again to continue.")
        return redirect(url_for("auth.login"))
    form = LoginCodeForm()
    error = None
    if form.validate_on_submit():
        cfg = current_app.config
        ok = twofactor.verify_login_code(user, form.code.data, now=utcnow(),
                                         threshold=cfg["LOCKOUT_THRESHOLD"],
                                         lock_minutes=cfg["LOCKOUT_MINUTES"])
        if ok:
            # R-S4: a new session id once both factors are in.
            session.clear()
            services.start_session(user, user_agent=request.user_agent.string, now=utcnow())
            login_user(user)
            db.session.commit()
            if twofactor.recovery_codes_left(user) <= 2:
                flash("You have few recovery codes left: make new ones on the two-factor page.")
            return redirect(safe_next(target) or home_for(user))
        db.session.commit()  # the failure counts toward the lockout even though we refuse
        if services.is_locked(user, now=utcnow()):
            session.pop(PENDING_KEY, None)
            flash("Email or password is not right.")
            return redirect(url_for("auth.login"))
        error = "That code is not right. Enter the newest code from your app."
    return render_template("auth/code.html", form=form, error=error)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@policy(*STAFF)
def setup():
    """Show two-factor status, or enrol: QR code, secret as text, first code."""
    if current_user.has_two_factor:
        return render_template("auth/two_factor.html", enrolled=True,
                               left=twofactor.recovery_codes_left(current_user))
    cred = twofactor.begin_enrolment(current_user, now=utcnow())
    form = EnrolForm()
    if form.validate_on_submit():
        try:
            codes = twofactor.confirm_enrolment(current_user, password=form.password.data,
                                                code=form.code.data, now=utcnow())
        except DomainError as exc:
            show_on_form(form, exc, "code")  # the failure is audited and counted below
        else:
            db.session.commit()
            # Shown once, in this response only; the database keeps just their hashes.
            return render_template("auth/two_factor.html", enrolled=True, codes=codes,
                                   left=len(codes))
    # The new secret must stay the same across reloads; a failed try is audited and counted.
    db.session.commit()
    # segno writes the SVG itself; the only text in it is our fixed title.
    uri = twofactor.provisioning_uri(current_user, cred)
    return render_template("auth/two_factor.html", enrolled=False, form=form,
                           qr=Markup(twofactor.qr_svg(uri)),
                           secret=twofactor.grouped_secret(cred.secret),
                           required=current_user.clinic.require_staff_two_factor)


@bp.before_app_request
def require_enrolment():
    """Send staff of a clinic that requires two-factor to enrolment until they have it."""
    if request.endpoint in OPEN_WHILE_ENROLLING or request.endpoint is None:
        return None
    if not current_user.is_authenticated or not twofactor.needs_enrolment(current_user):
        return None
    if request.is_json or request.accept_mimetypes.best == "application/json":
        return jsonify(error="Two-factor required",
                       message="Turn on two-factor sign-in to continue."), 403
    return redirect(url_for("twofactor.setup"))
