"""#13 item 2: every JSON body meets an explicit schema, text is valid Unicode at the edge, and a
note already holding bad data still opens."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from notes_app.extensions import db
from tests.fixtures.sessions import full_note, put_draft


def _raw_put(http, public_id, body: str, version):
    return http.put(f"/sessions/{public_id}/draft", data=body.encode("utf-8"),
                    headers={"If-Match": f'"{version}"', "Accept": "application/json",
                             "Content-Type": "application/json"})


@pytest.fixture
def draft(clinic, svc):
    note = svc.start(clinic.t1, clinic.c1)
    return note.public_id, svc.save(clinic.t1, note.public_id, full_note())


@pytest.mark.parametrize("body, field, status", [
    # a lone surrogate as a JSON escape, in a range-of-motion row and in a top-level text
    ('{"rom": [{"movement": "Neck \\ud800", "before": 10}]}', "rom.0.movement", 400),
    ('{"observations": "\\udfff"}', "observations", 400),
    # wrongly typed values in allow-listed fields
    ('{"chief_complaint": {"a": 1}}', "chief_complaint", 422),
    ('{"techniques": [{"muscle_id": "UT", "side": "R", "technique": "ISC", "pressure": [4]}]}',
     "techniques.0.pressure", 422),
    ('{"rom": [{"movement": ["x"]}]}', "rom.0.movement", 422),
    ('{"pain_before": 1e400}', "pain_before", 422),
    ('{"markers": [{"x": ' + "9" * 3900 + ', "y": 0.5}]}', "markers.0.x", 422),
    ('{"markers": "lots"}', "markers", 422),
    # nesting ~1000 deep, and constants JSON does not have
    ('{"rom": ' + "[" * 1000 + "]" * 1000 + "}", "body", 400),
    ('{"pain_after": NaN}', "body", 400),
])
def test_hostile_autosave_bodies_are_refused_naming_the_field(draft, login_as, clinic, svc,
                                                              body, field, status):
    public_id, version = draft
    before = svc.get(public_id, "version")
    response = _raw_put(login_as(clinic.t1), public_id, body, version)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.get_json()["field"] == field
    assert svc.get(public_id, "version") == before


def test_invalid_utf8_json_is_refused(draft, login_as, clinic):
    public_id, version = draft
    response = login_as(clinic.t1).put(
        f"/sessions/{public_id}/draft", data=b'{"observations": "caf\xe9"}',
        headers={"If-Match": f'"{version}"', "Content-Type": "application/json"})
    assert response.status_code == 400 and "UTF-8" in response.get_json()["message"]


def test_a_well_formed_autosave_still_saves(draft, login_as, clinic):
    public_id, version = draft
    response = put_draft(login_as(clinic.t1), public_id, {"observations": "Zoë ✓ 🙂"}, version)
    assert response.status_code == 200


def test_invalid_utf8_in_a_form_is_refused_and_nothing_is_created(clinic, login_as, app):
    from notes_app.clients.models import Client

    with app.app_context():
        count = db.session.query(Client).count()
    response = login_as(clinic.t1).post(
        "/clients/new", data=b"first_name=Ana%ED%A0%80&last_name=B%FF&date_of_birth=1990-01-01",
        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 400
    assert "first_name" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Client).count() == count


def test_invalid_utf8_in_a_query_string_is_refused(clinic, login_as):
    assert login_as(clinic.t1).get("/clients/?q=%C3%28").status_code == 400


def test_a_note_already_holding_a_lone_surrogate_still_opens(draft, login_as, clinic, app):
    public_id, _ = draft
    rom = json.dumps([{"movement": "Neck \ud800", "side": "R", "before": 10, "after": 20,
                       "limited_by_pain": False}])  # ensure_ascii keeps the escape storable
    with app.app_context():
        db.session.execute(text("UPDATE treatment_sessions SET rom = :rom WHERE public_id = :p"),
                           {"rom": rom, "p": public_id})
        db.session.commit()
    http = login_as(clinic.t1)
    for url in (f"/sessions/{public_id}", f"/sessions/{public_id}/sign",
                f"/sessions/{public_id}/conflicts"):
        page = http.get(url)
        assert page.status_code == 200, url
        assert "\ufffd" in page.get_data(as_text=True) or url.endswith("conflicts")
    assert http.get(f"/sessions/{public_id}/conflicts",
                    headers={"Accept": "application/json"}).status_code == 200


@pytest.mark.parametrize("points", [
    '[{"view": "back", "y": 0.5, "x": ' + "9" * 3900 + "}]",
    "[" * 1900 + "]" * 1900,
    '[{"view": "back", "x": {"a": 1}, "y": 0.2}]',
    '[{"view": "\\ud800", "x": 0.1, "y": 0.2}]',
    '[{"view": "back", "x": NaN, "y": 0.2}]',
])
def test_hostile_check_in_points_are_refused_on_the_form(portal, login_as, app, points):
    from notes_app.portal.models import CheckIn

    response = login_as(portal.portal).post(f"/portal/checkin/{portal.recent}", data={
        "soreness": "4", "pain": "3", "points": points, "note": "ok"})
    assert response.status_code < 500
    page = response.get_data(as_text=True)
    assert "could not be read" in page or "outside the body map" in page  # a form error
    with app.app_context():
        assert db.session.query(CheckIn).count() == 0
