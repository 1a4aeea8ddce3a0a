"""Staff download of a client's record as a FHIR bundle, after the password is confirmed again."""
from __future__ import annotations

import io

from flask import Blueprint, render_template, send_file
from flask_login import current_user

from notes_app.access import CLINICAL, policy
from notes_app.auth import services as auth_services
from notes_app.auth.services import DomainError
from notes_app.clients.services import get_client_for
from notes_app.dbtypes import utcnow
from notes_app.extensions import db
from notes_app.portal import export as record_export
from notes_app.portal.forms import ExportForm
from notes_app.records import services

bp = Blueprint("records", __name__, url_prefix="/records")


@bp.route("/<client_id>/fhir", methods=["GET", "POST"])
@policy(*CLINICAL)
def fhir_export(client_id: str):
    """Download the client's signed record as FHIR JSON (R-A8 re-authentication, audited)."""
    client = get_client_for(current_user, client_id)  # 404 unless in the therapist's clinic
    form = ExportForm()
    status = 200
    if form.validate_on_submit():
        now = utcnow()
        try:
            record_export.confirm_identity(current_user, form.password.data or None, now=now)
        except DomainError as exc:
            db.session.commit()  # keeps the audited failed confirmation
            form.password.errors = [exc.message]
            status = 403 if isinstance(exc, record_export.ReauthRequired) else 422
        else:
            data = services.export_fhir(current_user, client, now=now)
            db.session.commit()
            return send_file(io.BytesIO(data), mimetype="application/fhir+json",
                             as_attachment=True, download_name=services.fhir_filename(client))
    fresh = auth_services.is_fresh(current_user, now=utcnow(),
                                   minutes=record_export.FRESH_MINUTES)
    return render_template("records/fhir.html", form=form, client=client, fresh=fresh), status
