"""Staff download of a client's record as a FHIR bundle, after the password is confirmed again."""
from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from notes_app.access import CLINICAL, policy
from notes_app.clients.services import get_client_for
from notes_app.records import services
from notes_app.records.download_views import confirmed_download
from notes_app.records.forms import ExportForm

bp = Blueprint("records", __name__, url_prefix="/records")


@bp.route("/<client_id>/fhir", methods=["GET", "POST"])
@policy(*CLINICAL)
def fhir_export(client_id: str):
    """Download the client's signed record as FHIR JSON (R-A8 re-authentication, audited)."""
    client = get_client_for(current_user, client_id)  # 404 unless in the therapist's clinic
    return confirmed_download(
        ExportForm(), current_user,
        lambda now: services.export_fhir(current_user, client, now=now),
        filename=services.fhir_filename(client), mimetype="application/fhir+json",
        template="records/fhir.html", client=client)
