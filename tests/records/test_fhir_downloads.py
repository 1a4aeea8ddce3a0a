"""Where the bundle is offered: the portal's records ZIP and the staff download, both audited."""
from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import time_machine

from notes_app.clinical.fhir_refs import fhir_id
from tests.conftest import PASSWORD, audit_rows, login
from tests.records.fhir_checks import check_bundle, readable, resources


def test_the_portal_zip_holds_the_fhir_bundle_beside_records_json(portal, app):
    c = app.test_client()
    login(c, portal.portal)
    response = c.post("/portal/export", data={})
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert {"records.json", "fhir-bundle.json"} <= set(archive.namelist())
    bundle = json.loads(archive.read("fhir-bundle.json").decode("utf-8"))
    check_bundle(bundle)
    ours = json.loads(archive.read("records.json"))
    assert {e["id"] for e in resources(bundle, "Encounter") if e["status"] == "finished"} == {
        fhir_id(s["public_id"]) for s in ours["sessions"]}
    assert resources(bundle, "Patient")[0]["name"][0]["given"] == ["Zoë"]
    assert "DRAFT-CANARY" not in readable(bundle)
    assert len(audit_rows(app, action="portal.export")) == 1


def _fhir(c, client_id, **data):
    return c.post(f"/records/{client_id}/fhir", data=data)


def test_a_therapist_downloads_the_bundle_after_confirming_the_password(portal, app):
    c = app.test_client()
    with time_machine.travel(datetime.now(UTC), tick=False) as clock:
        login(c, portal.t1)
        page = c.get(f"/records/{portal.c1.public_id}/fhir")
        assert page.status_code == 200 and "Download FHIR bundle" in page.get_data(as_text=True)
        clock.shift(timedelta(minutes=6))
        stale = _fhir(c, portal.c1.public_id)
        assert stale.status_code == 403 and "Confirm your password" in stale.get_data(
            as_text=True)
        wrong = _fhir(c, portal.c1.public_id, password="not my password")
        assert wrong.status_code == 422
        assert audit_rows(app, action="records.fhir_export") == []
        ok = _fhir(c, portal.c1.public_id, password=PASSWORD)
    assert ok.status_code == 200 and ok.mimetype == "application/fhir+json"
    assert ok.headers["Content-Disposition"] == (
        f"attachment; filename=knotwork-fhir-{portal.c1.public_id}.json")
    assert ok.headers["Cache-Control"] == "no-store"
    check_bundle(json.loads(ok.data.decode("utf-8")))
    [row] = audit_rows(app, action="records.fhir_export")
    assert (row.actor_id, row.client_id, row.outcome) == (portal.t1.id, portal.c1.id, "success")
    outcomes = [r.outcome for r in audit_rows(app, action="reauthenticate",
                                              actor_id=portal.t1.id)]
    assert outcomes == ["failure", "success"]


def test_another_clinic_gets_404_and_an_admin_or_client_is_refused(portal, app):
    c = app.test_client()
    login(c, portal.ot)
    assert c.get(f"/records/{portal.c1.public_id}/fhir").status_code == 404
    assert _fhir(c, portal.c1.public_id, password=PASSWORD).status_code == 404
    for user in (portal.admin, portal.portal):
        c = app.test_client()
        login(c, user)
        assert _fhir(c, portal.c1.public_id, password=PASSWORD).status_code == 403
    assert audit_rows(app, action="records.fhir_export") == []



def test_the_client_page_offers_the_export_to_therapists_only(portal, app):
    for user, shown in ((portal.t1, True), (portal.admin, False)):
        c = app.test_client()
        login(c, user)
        page = c.get(f"/clients/{portal.c1.public_id}").get_data(as_text=True)
        assert ("Export record (FHIR)" in page) is shown
        assert (f"/records/{portal.c1.public_id}/fhir" in page) is shown
