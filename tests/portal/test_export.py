"""Right of access (R-C1): the ZIP holds every record of the client and nothing of anyone else."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import time_machine

from notes_app.extensions import db
from tests.conftest import PASSWORD, audit_rows, login
from tests.fixtures.portal import ids_of


def _addendum(app, actor, session_id):
    from notes_app.auth.models import User
    from notes_app.sessions import services
    from notes_app.sessions.models import TreatmentSession
    with app.app_context():
        ts = db.session.scalar(db.select(TreatmentSession).filter_by(public_id=session_id))
        added = services.add_addendum(db.session.get(User, actor.id), ts, "Late detail",
                                      "ADDENDUM-CANARY: client rang, slept better.")
        db.session.commit()
        return added.public_id


def _export(c, **data):
    return c.post("/portal/export", data=data)


def test_the_export_holds_every_record_of_the_client_and_nothing_else(portal, records, app):
    records.check_in(portal.portal, portal.c1, portal.recent, note="CHECKIN-CANARY")
    records.check_in(portal.portal2, portal.c2, portal.other, note="OTHER-CHECKIN")
    addendum = _addendum(app, portal.t1, portal.old)
    c = app.test_client()
    login(c, portal.portal)
    response = _export(c)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f"attachment; filename=knotwork-records-{portal.c1.public_id}.zip"
    assert response.headers["Cache-Control"] == "no-store"

    archive = zipfile.ZipFile(io.BytesIO(response.data))
    records_json = json.loads(archive.read("records.json"))
    assert records_json["schema_version"] == 1
    assert datetime.fromisoformat(records_json["generated_at"]).tzinfo is not None
    assert records_json["client"]["public_id"] == portal.c1.public_id
    assert records_json["client"]["last_name"] == "Kowalczyk"

    mine, theirs = ids_of(app, portal.c1), ids_of(app, portal.c2)
    assert {v["public_id"] for v in records_json["intake_versions"]} == set(
        mine["intake_versions"])
    # Signed notes only: the draft and the note entered in error are not in the record.
    assert {s["public_id"] for s in records_json["sessions"]} == {portal.old, portal.recent}
    old = next(s for s in records_json["sessions"] if s["public_id"] == portal.old)
    assert [a["public_id"] for a in old["addenda"]] == [addendum]
    assert old["techniques"] and old["content_hash"] and old["signed_at"]
    assert {s["public_id"] for s in records_json["aftercare_sheets"]} == set(mine["sheets"])
    assert {c["public_id"] for c in records_json["check_ins"]} == set(mine["check_ins"])
    assert records_json["check_ins"][0]["note"] == "CHECKIN-CANARY"

    pdfs = {name for name in archive.namelist() if name.startswith("aftercare/")}
    assert pdfs == {f"aftercare/{sheet_id}.pdf" for sheet_id in mine["sheets"]}
    from notes_app.aftercare.models import IssuedSheet
    with app.app_context():
        for meta in records_json["aftercare_sheets"]:
            stored = db.session.scalar(db.select(IssuedSheet).filter_by(
                public_id=meta["public_id"]))
            data = archive.read(meta["file"])
            assert data == stored.pdf
            assert hashlib.sha256(data).hexdigest() == meta["sha256"] == stored.sha256

    everything = archive.read("records.json").decode() + " ".join(archive.namelist())
    for kind, values in theirs.items():
        for value in values:
            assert value not in everything, (kind, value)
    for canary in ("OTHER-CANARY", "OTHER-CHECKIN", "Siobh", "DRAFT-CANARY"):
        assert canary not in everything, canary
    assert "ADDENDUM-CANARY" in everything

    [row] = audit_rows(app, action="portal.export")
    assert (row.actor_id, row.client_id, row.outcome) == (portal.portal.id, portal.c1.id,
                                                          "success")


def test_the_export_needs_a_password_confirmed_in_the_last_five_minutes(portal, app):
    c = app.test_client()
    with time_machine.travel(datetime.now(UTC), tick=False) as clock:
        login(c, portal.portal)
        clock.shift(timedelta(minutes=6))
        page = c.get("/portal/export").get_data(as_text=True)
        assert "confirm your password first" in page and "leave this empty" not in page
        stale = _export(c)
        assert stale.status_code == 403 and stale.mimetype == "text/html"
        assert "Confirm your password to download your records." in stale.get_data(as_text=True)
        wrong = _export(c, password="not my password")
        assert wrong.status_code == 422 and "That password is not right." in wrong.get_data(
            as_text=True)
        assert audit_rows(app, action="portal.export") == []
        ok = _export(c, password=PASSWORD)
        assert ok.status_code == 200 and ok.mimetype == "application/zip"
    outcomes = [r.outcome for r in audit_rows(app, action="reauthenticate",
                                              actor_id=portal.portal.id)]
    assert outcomes == ["failure", "success"]
    assert len(audit_rows(app, action="portal.export")) == 1


def test_staff_cannot_export_through_the_portal(portal, app):
    c = app.test_client()
    login(c, portal.t1)
    assert _export(c).status_code == 403
    assert audit_rows(app, action="portal.export") == []


def test_an_export_with_nothing_yet_is_still_a_valid_package(world, app):
    c = app.test_client()
    login(c, world.portal)
    archive = zipfile.ZipFile(io.BytesIO(_export(c).data))
    data = json.loads(archive.read("records.json"))
    assert archive.namelist() == ["records.json", "fhir-bundle.json"]
    assert (data["intake_versions"], data["sessions"], data["aftercare_sheets"],
            data["check_ins"]) == ([], [], [], [])
