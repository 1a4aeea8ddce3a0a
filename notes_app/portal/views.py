"""Portal pages for clients."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from notes_app.access import CLIENT, policy

bp = Blueprint("portal", __name__, url_prefix="/portal")


@bp.route("/")
@policy(*CLIENT)
def home():
    """Show the client's portal home."""
    return render_template("portal/home.html", user=current_user)
