"""Body-map markers: validation, saving through the autosave, signing, knots across sessions."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from notes_app.clinical.contraindications import Flag
from notes_app.clinical.safety import SafetyRules
from notes_app.dbtypes import new_public_id
from notes_app.extensions import db
from notes_app.sessions import markers as marker_service
from notes_app.sessions.drafts import NoteLocked
from notes_app.sessions.marker_models import Knot, Marker, MarkerLocked
from notes_app.sessions.services import save_draft
from notes_app.sessions.validation import InvalidNote
from tests.conftest import login
from tests.fixtures.sessions import full_note, put_draft


def marker(**over) -> dict:
    m = {"knot_id": new_public_id(), "view": "back", "x": 0.62, "y": 0.165, "muscle_id": "UT",
         "side": "R", "kind": "active", "tenderness": 7, "referral_reproduced": True,
         "referral_zone_ids": ["temple"], "after_status": "released", "note": "",
         "warning_ack": False}
    m.update(over)
    return m


@pytest.mark.parametrize("bad", [
    {"x": 1.2}, {"y": -0.1}, {"x": "0.5"}, {"x": float("nan")}, {"muscle_id": "NOPE"},
    {"kind": "knotty"}, {"view": "side"}, {"side": "B"}, {"tenderness": 11},
    {"tenderness": True}, {"after_status": "gone"}, {"referral_zone_ids": ["moon"]},
    {"knot_id": "x"}, {"note": "a" * 501},
])
def test_bad_markers_are_refused_with_a_named_field(bad):
    with pytest.raises(InvalidNote) as exc:
        marker_service.clean_markers([marker(**bad)], {})
    assert all(k.startswith("markers.0.") for k in exc.value.errors)


def test_at_most_200_markers():
    marker_service.clean_markers([marker() for _ in range(200)], {})
    with pytest.raises(InvalidNote) as exc:
        marker_service.clean_markers([marker() for _ in range(201)], {})
    assert "markers" in exc.value.errors


def test_bad_markers_answer_422_never_500(clinic, svc, app):
    note = svc.start(clinic.t1, clinic.c1)
    http = app.test_client()
    login(http, clinic.t1)
    for payload in ({"markers": [marker(x=3)]}, {"markers": "nope"},
                    {"markers": [marker() for _ in range(201)]},
                    {"markers": [], "continued": {"abc": "still"}}, {"markers": [None]}):
        response = put_draft(http, note.public_id, payload, note.version)
        assert response.status_code == 422, payload
    assert svc.get(note.public_id, "version") == note.version


def test_markers_save_through_the_autosave_and_read_back(clinic, svc, app):
    note = svc.start(clinic.t1, clinic.c1)
    http = app.test_client()
    login(http, clinic.t1)
    m = marker()
    response = put_draft(http, note.public_id, {"markers": [m], "continued": {}}, note.version)
    assert response.status_code == 200 and response.json["version"] == note.version + 1
    again = put_draft(http, note.public_id, {"markers": [m], "continued": {}},
                      response.json["version"])
    assert again.json["version"] == response.json["version"]  # unchanged: no new version
    with app.app_context():
        ts = svc.note(note.public_id)
        assert marker_service.markers_for(ts) == [{
            "view": "back", "x": 0.62, "y": 0.165, "side": "R", "muscle_id": "UT",
            "kind": "active", "tenderness": 7, "status": "released", "label": "1"}]
        assert ts.markers[0].knot.public_id == m["knot_id"]
    page = http.get(f"/sessions/{note.public_id}").get_data(as_text=True)
    assert 'id="bodymap-slot"' in page and m["knot_id"] in page


def test_conflicts_still_work_with_markers(clinic, svc, app):
    note = svc.start(clinic.t1, clinic.c1)
    a, b = app.test_client(), app.test_client()
    login(a, clinic.t1)
    login(b, clinic.t1)
    assert put_draft(a, note.public_id, {"markers": [marker()]}, note.version).status_code == 200
    stale = put_draft(b, note.public_id, {"markers": [marker(x=0.4)]}, note.version)
    assert stale.status_code == 412
    assert stale.json["server"]["markers"][0]["x"] == 0.62
    assert stale.json["yours"]["markers"][0]["x"] == 0.4


def test_another_clients_knot_is_refused(clinic, svc, app):
    theirs = svc.start(clinic.t2, clinic.c2)
    m = marker()
    svc.save(clinic.t2, theirs.public_id, {"markers": [m]})
    mine = svc.start(clinic.t1, clinic.c1)
    http = app.test_client()
    login(http, clinic.t1)
    for payload in ({"markers": [marker(knot_id=m["knot_id"])],
                     "continued": {m["knot_id"]: "still"}},
                    {"markers": [marker(knot_id=m["knot_id"])]},
                    {"markers": [], "continued": {m["knot_id"]: "resolved"}}):
        assert put_draft(http, mine.public_id, payload, mine.version).status_code == 422


def test_signed_note_refuses_marker_changes(clinic, svc, app):
    note = svc.signed_note(clinic.t1, clinic.c1, markers=[marker()])
    http = app.test_client()
    login(http, clinic.t1)
    version = svc.get(note.public_id, "version")
    assert put_draft(http, note.public_id, {"markers": []}, version).status_code == 409
    with app.app_context():
        ts = svc.note(note.public_id)
        with pytest.raises(NoteLocked):
            save_draft(svc.user(clinic.t1), ts, {"markers": []}, base_version=version)
        db.session.rollback()
        ts = svc.note(note.public_id)
        ts.markers[0].tenderness = 1
        with pytest.raises(MarkerLocked):
            db.session.flush()
        db.session.rollback()
        db.session.add(Marker(session_id=ts.id, knot_id=ts.markers[0].knot_id, view="back",
                              x=0.5, y=0.5, side="M", kind="active"))
        with pytest.raises(MarkerLocked):
            db.session.flush()
        db.session.rollback()


def test_markers_are_in_the_signed_content_hash(clinic, svc, app):
    note = svc.signed_note(clinic.t1, clinic.c1, markers=[marker()])
    with app.app_context():
        from notes_app.sessions.services import verify_signed_sessions
        assert verify_signed_sessions() == []
        db.session.execute(text("UPDATE session_markers SET tenderness = 2"))
        db.session.commit()
        assert verify_signed_sessions() == [note.public_id]


def test_a_knot_is_followed_across_three_sessions(clinic, svc, app):
    first = marker(tenderness=8)
    knot = first["knot_id"]
    one = svc.signed_note(clinic.t1, clinic.c1, markers=[first])
    two = svc.start(clinic.t1, clinic.c1)
    with app.app_context():
        ghosts = marker_service.ghosts_for(svc.note(two.public_id))
        assert [g["knot_id"] for g in ghosts] == [knot]
    svc.save(clinic.t1, two.public_id, full_note(
        markers=[marker(knot_id=knot, tenderness=5)], continued={knot: "still"}))
    svc.sign(clinic.t1, two.public_id)
    three = svc.start(clinic.t1, clinic.c1)
    svc.save(clinic.t1, three.public_id, full_note(
        markers=[marker(knot_id=knot, tenderness=3, x=0.64)], continued={knot: "moved"}))
    svc.sign(clinic.t1, three.public_id)
    four = svc.start(clinic.t1, clinic.c1)
    svc.save(clinic.t1, four.public_id, full_note(markers=[], continued={knot: "resolved"}))
    svc.sign(clinic.t1, four.public_id)
    five = svc.start(clinic.t1, clinic.c1)
    with app.app_context():
        from notes_app.sessions.knots import knot_histories_for
        k = db.session.scalar(db.select(Knot).filter_by(public_id=knot))
        assert k.status == "resolved" and len(k.markers) == 3
        assert {m.treatment_session.public_id for m in k.markers} == {
            one.public_id, two.public_id, three.public_id}
        [history] = knot_histories_for(svc.client(clinic.c1))
        assert [t for _, t in history.points] == [8, 5, 3]
        assert history.sessions_present == 3 and not history.is_active
        assert marker_service.ghosts_for(svc.note(five.public_id)) == []
    http = app.test_client()
    login(http, clinic.t1)
    page = http.get(f"/clients/{clinic.c1.public_id}").get_data(as_text=True)
    assert 'id="knots"' in page and "Upper trapezius, right" in page and "8 → 5 → 3" in page


def test_undoing_a_new_marker_drops_its_knot(clinic, svc, app):
    note = svc.start(clinic.t1, clinic.c1)
    svc.save(clinic.t1, note.public_id, {"markers": [marker()]})
    svc.save(clinic.t1, note.public_id, {"markers": []})
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Knot)) == 0


SKIN = Flag("skin", "LOCAL", "Skin condition", "Keep off.", None, ("upper_back",), ())
DEEP_UT = [{"muscle_id": "UT", "side": "R", "technique": "ISC", "pressure": 3}]


def test_local_site_and_endangerment_warnings_need_acknowledgement():
    rules = SafetyRules.from_flags([SKIN])
    local = marker_service.clean_markers([marker()], {})[0]
    with pytest.raises(InvalidNote) as exc:
        marker_service.check_marker_warnings(local, rules, DEEP_UT)
    assert "markers.0.warning_ack" in exc.value.errors
    assert marker_service.check_marker_warnings(local, rules, []) == [[]]  # no deep work
    neck = marker(view="front", x=0.45, y=0.135, muscle_id="SCM", warning_ack=False)
    deep_scm = [{"muscle_id": "SCM", "side": "R", "technique": "ISC", "pressure": 2}]
    cleaned = marker_service.clean_markers([neck], {})[0]
    with pytest.raises(InvalidNote):
        marker_service.check_marker_warnings(cleaned, SafetyRules(), deep_scm)
    cleaned[0]["warning_ack"] = True
    [warnings] = marker_service.check_marker_warnings(cleaned, SafetyRules(), deep_scm)
    assert "endangerment" in warnings[0]


def test_acknowledged_warning_is_recorded_on_the_marker(clinic, svc, app):
    note = svc.start(clinic.t1, clinic.c1)
    neck = marker(view="front", x=0.45, y=0.135, muscle_id="SCM")
    rows = [{"muscle_id": "SCM", "side": "R", "technique": "ISC", "pressure": 2,
             "warning_ack": True}]
    http = app.test_client()
    login(http, clinic.t1)
    refused = put_draft(http, note.public_id, {"techniques": rows, "markers": [neck]},
                        note.version)
    assert refused.status_code == 422 and "markers.0.warning_ack" in refused.json["errors"]
    neck["warning_ack"] = True
    ok = put_draft(http, note.public_id, {"techniques": rows, "markers": [neck]}, note.version)
    assert ok.status_code == 200
    with app.app_context():
        saved = svc.note(note.public_id).markers[0]
        assert saved.warning_ack and "endangerment" in saved.warning_text


def test_signing_rechecks_marker_warnings_against_rows_added_later(clinic, svc, app):
    note = svc.start(clinic.t1, clinic.c1)
    svc.save(clinic.t1, note.public_id, full_note())
    # The marker alone warns about nothing: no deep work is planned on it yet.
    svc.save(clinic.t1, note.public_id, {"markers": [marker(view="front", x=0.45, y=0.135,
                                                            muscle_id="SCM")]})
    rows = [{"muscle_id": "SCM", "side": "R", "technique": "ISC", "pressure": 2,
             "warning_ack": True}]
    svc.save(clinic.t1, note.public_id, {"techniques": rows})
    with pytest.raises(InvalidNote) as exc:
        svc.sign(clinic.t1, note.public_id)
    assert "markers.0.warning_ack" in exc.value.errors
    assert svc.get(note.public_id, "status") == "draft"


def test_new_routes_and_pages_are_404_across_clinics(clinic, svc, app):
    note = svc.start(clinic.t1, clinic.c1)
    svc.save(clinic.t1, note.public_id, {"markers": [marker()]})
    http = app.test_client()
    login(http, clinic.ot)
    assert http.get(f"/sessions/{note.public_id}").status_code == 404
    assert put_draft(http, note.public_id, {"markers": []}, 2).status_code == 404
    assert http.get(f"/clients/{clinic.c1.public_id}").status_code == 404


def test_the_client_page_lists_active_knots_and_the_latest_resolved_ones(clinic, svc, app,
                                                                         monkeypatch):
    from notes_app.sessions import knots

    monkeypatch.setattr(knots, "RESOLVED_SHOWN", 1)
    a, b = marker(muscle_id="UT", side="L"), marker(muscle_id="LS", side="R", x=0.4)
    svc.signed_note(clinic.t1, clinic.c1, markers=[a, b])
    c = marker(muscle_id="RH", side="R", y=0.3)
    two = svc.start(clinic.t1, clinic.c1)
    svc.save(clinic.t1, two.public_id, full_note(
        markers=[marker(knot_id=a["knot_id"], muscle_id="UT", side="L"), c],
        continued={a["knot_id"]: "still", b["knot_id"]: "resolved"}))
    svc.sign(clinic.t1, two.public_id)
    three = svc.start(clinic.t1, clinic.c1)
    svc.save(clinic.t1, three.public_id, full_note(
        markers=[marker(knot_id=c["knot_id"], muscle_id="RH", side="R", y=0.3)],
        continued={a["knot_id"]: "resolved", c["knot_id"]: "still"}))
    svc.sign(clinic.t1, three.public_id)
    with app.app_context():
        panel = knots.knot_panel(svc.client(clinic.c1))
        # The active knot, then the resolved one seen last; the older resolved one held back.
        assert [h.name for h in panel["histories"]] == ["Rhomboids, right",
                                                        "Upper trapezius, left"]
        assert (panel["resolved"], panel["hidden"]) == (2, 1)
    http = app.test_client()
    login(http, clinic.t1)
    page = http.get(f"/clients/{clinic.c1.public_id}").get_data(as_text=True)
    assert "Upper trapezius, left" in page and "Levator scapulae, right" not in page
    assert "Show all 2 resolved knots (1 older not shown)" in page and "knots=all" in page
    page = http.get(f"/clients/{clinic.c1.public_id}?knots=all").get_data(as_text=True)
    assert "Levator scapulae, right" in page and "Show all" not in page


def test_the_editor_evaluates_the_intake_once(clinic, svc, app, monkeypatch):
    # The editor, its map, its rules and its warnings all ask for the flags: one evaluation.
    from notes_app.intake import services as intake_services

    calls = []
    evaluate = intake_services.contraindications.evaluate
    monkeypatch.setattr(intake_services.contraindications, "evaluate",
                        lambda *a, **k: calls.append(1) or evaluate(*a, **k))
    note = svc.start(clinic.t1, clinic.c1)
    http = app.test_client()
    login(http, clinic.t1)
    calls.clear()
    assert http.get(f"/sessions/{note.public_id}").status_code == 200
    assert 1 <= len(calls) <= 2  # twice only when a flag waits for a clearance
