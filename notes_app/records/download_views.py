"""The "confirm your password, then download" view step both record exports share (R-A8, R-C1)."""
from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime

from flask import render_template, send_file

from notes_app.auth.services import DOWNLOAD_FRESH_MINUTES, confirm_identity, is_fresh
from notes_app.dbtypes import utcnow
from notes_app.errors import DomainError, ReauthRequired, show_on_form
from notes_app.extensions import db


def confirmed_download(form, user, build: Callable[[datetime], bytes], *, filename: str,
                       mimetype: str, template: str, **context):
    """Send build(now)'s bytes once the password is confirmed, else render the page with why."""
    status = 200
    if form.validate_on_submit():
        now = utcnow()
        try:
            confirm_identity(user, form.password.data or None, now=now)
        except DomainError as exc:
            db.session.commit()  # keeps the audited failed confirmation
            show_on_form(form, exc, "password")
            status = 403 if isinstance(exc, ReauthRequired) else 422
        else:
            data = build(now)
            db.session.commit()
            return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True,
                             download_name=filename)
    fresh = is_fresh(user, now=utcnow(), minutes=DOWNLOAD_FRESH_MINUTES)
    return render_template(template, form=form, fresh=fresh, **context), status
