"""Language pages: a staff member's own UI language here, a client's in the portal (same form)."""
from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user

from notes_app.access import STAFF, policy
from notes_app.errors import DomainError, show_on_form
from notes_app.extensions import db
from notes_app.i18n import services
from notes_app.i18n.forms import LanguageForm

bp = Blueprint("i18n", __name__, url_prefix="/language")


def language_page(current: str, save: Callable[[str], None], *, template: str, endpoint: str):
    """Show the language form; on a valid POST save the choice, commit and redirect."""
    form = LanguageForm(data={"language": current}) if request.method == "GET" else LanguageForm()
    if form.validate_on_submit():
        try:
            save(form.language.data)
        except DomainError as exc:
            db.session.rollback()
            show_on_form(form, exc, "language")
        else:
            db.session.commit()
            # Pick the locale again so the confirmation already reads in the new language.
            g.pop("knotwork_locale", None)
            refresh()
            flash(_("Language saved."))
            return redirect(url_for(endpoint))
    return render_template(template, form=form), 400 if form.errors else 200


@bp.route("/", methods=["GET", "POST"])
@policy(*STAFF)
def edit():
    """Show and change the signed-in staff member's own UI language."""
    return language_page(current_user.language,
                         lambda code: services.set_user_language(current_user, code),
                         template="i18n/staff.html", endpoint="i18n.edit")
