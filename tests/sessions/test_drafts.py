"""Autosave with versions (R-L3, R-L4): conflicts keep both texts, creates are idempotent."""
from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import func, select

from notes_app.extensions import db
from notes_app.sessions.models import ConflictDraft, TreatmentSession
from tests.conftest import audit_rows, login
from tests.fixtures.sessions import full_note, put_draft


def count(app, model, **filters) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).filter_by(**filters))


def test_autosave_bumps_the_version_and_audits(clinic, svc, login_as, app):
    note = svc.start(clinic.t1, clinic.c1)
    http = login_as(clinic.t1)
    response = put_draft(http, note.public_id, full_note(), note.version)
    assert response.status_code == 200
    assert response.json["version"] == note.version + 1
    assert response.headers["ETag"] == f'"{note.version + 1}"'
    assert svc.get(note.public_id, "chief_complaint").startswith("R neck")
    assert len(svc.get(note.public_id, "technique_rows")) == 2
    saves = audit_rows(app, action="session.save")
    assert len(saves) == 1 and saves[0].object_id == str(note.id)
    assert saves[0].client_id == clinic.c1.id


def test_an_unchanged_save_writes_nothing(clinic, svc, login_as, app):
    note = svc.start(clinic.t1, clinic.c1)
    http = login_as(clinic.t1)
    version = put_draft(http, note.public_id, full_note(), note.version).json["version"]
    again = put_draft(http, note.public_id, full_note(), version,
                      **{"X-Knotwork-Background": "1"})
    assert again.status_code == 200 and again.json["version"] == version
    assert len(audit_rows(app, action="session.save")) == 1


def test_a_partial_payload_keeps_the_other_fields(clinic, svc, login_as):
    note = svc.start(clinic.t1, clinic.c1)
    http = login_as(clinic.t1)
    v2 = put_draft(http, note.public_id, full_note(), note.version).json["version"]
    put_draft(http, note.public_id, {"observations": "Only this changed"}, v2)
    assert svc.get(note.public_id, "pain_before") == 6
    assert svc.get(note.public_id, "observations") == "Only this changed"


def test_if_match_is_required(clinic, svc, login_as):
    note = svc.start(clinic.t1, clinic.c1)
    http = login_as(clinic.t1)
    response = http.put(f"/sessions/{note.public_id}/draft", json={"observations": "x"})
    assert response.status_code == 428
    assert http.put(f"/sessions/{note.public_id}/draft", data="[]",
                    content_type="application/json",
                    headers={"If-Match": "1"}).status_code == 400


def test_signed_out_autosave_gets_401_json(clinic, svc, app):
    note = svc.start(clinic.t1, clinic.c1)
    response = put_draft(app.test_client(), note.public_id, {"observations": "x"}, 1)
    assert response.status_code == 401 and response.is_json


def test_two_devices_stale_save_conflicts_and_keeps_both(clinic, svc, app):
    """A and B load v1; A saves (v2); B saves with v1 and gets both versions back."""
    note = svc.start(clinic.t1, clinic.c1)
    device_a, device_b = app.test_client(), app.test_client()
    login(device_a, clinic.t1)
    login(device_b, clinic.t1)
    v1 = note.version
    a = put_draft(device_a, note.public_id, {"observations": "Text from tablet A"}, v1)
    assert a.status_code == 200 and a.json["version"] == v1 + 1
    b = put_draft(device_b, note.public_id, {"observations": "Text from tablet B"}, v1)
    assert b.status_code == 412
    assert b.json["current_version"] == v1 + 1
    assert b.json["server"]["observations"] == "Text from tablet A"
    assert b.json["yours"]["observations"] == "Text from tablet B"
    assert svc.get(note.public_id, "observations") == "Text from tablet A"
    kept = device_b.get(f"/sessions/{note.public_id}/conflicts",
                        headers={"Accept": "application/json"}).json["conflicts"]
    assert [c["payload"]["observations"] for c in kept] == ["Text from tablet B"]
    assert kept[0]["id"] == b.json["conflict_id"] and kept[0]["base_version"] == v1
    page = device_b.get(f"/sessions/{note.public_id}/conflicts").get_data(as_text=True)
    assert "Text from tablet B" in page and "Text from tablet A" in page
    assert len(audit_rows(app, action="session.conflict")) == 1


def test_keep_mine_overwrites_and_keeps_the_other_text(clinic, svc, app):
    note = svc.start(clinic.t1, clinic.c1)
    device_a, device_b = app.test_client(), app.test_client()
    login(device_a, clinic.t1)
    login(device_b, clinic.t1)
    put_draft(device_a, note.public_id, {"observations": "A"}, note.version)
    stale = put_draft(device_b, note.public_id, {"observations": "B"}, note.version)
    resolved = put_draft(device_b, note.public_id, {"note": {"observations": "B"}, "resolve": True},
                         stale.json["current_version"])
    assert resolved.status_code == 200
    assert svc.get(note.public_id, "observations") == "B"
    with app.app_context():
        drafts = db.session.scalars(select(ConflictDraft))
        kinds = {d.kind: d.payload["observations"] for d in drafts}
    assert kinds == {"rejected": "B", "replaced": "A"}


def test_a_stale_background_check_keeps_no_duplicate(clinic, svc, login_as, app):
    note = svc.start(clinic.t1, clinic.c1)
    http = login_as(clinic.t1)
    svc.save(clinic.t1, note.public_id, {"observations": "Newer, from elsewhere"})
    response = put_draft(http, note.public_id, {"observations": ""}, note.version,
                         **{"X-Knotwork-Background": "1"})
    assert response.status_code == 412
    assert count(app, ConflictDraft) == 0


def test_background_saves_do_not_keep_the_login_alive(clinic, svc, app):
    """R-S3: unchanged autosaves carry X-Knotwork-Background and do not refresh last_seen_at."""
    from notes_app.auth.models import LoginSession

    note = svc.start(clinic.t1, clinic.c1)
    http = app.test_client()
    with time_machine.travel(datetime.now(UTC), tick=False) as clock:
        login(http, clinic.t1)
        with app.app_context():
            first = db.session.scalar(select(LoginSession.last_seen_at))
        clock.shift(timedelta(minutes=5))
        put_draft(http, note.public_id, {}, note.version, **{"X-Knotwork-Background": "1"})
        with app.app_context():
            assert db.session.scalar(select(LoginSession.last_seen_at)) == first
        clock.shift(timedelta(minutes=11))
        response = put_draft(http, note.public_id, {}, note.version,
                             **{"X-Knotwork-Background": "1"})
        assert response.status_code == 401  # idle for 16 minutes despite the background saves


def test_threaded_saves_from_the_same_version_one_wins(clinic, svc, app):
    """Two threads released together with version 1: exactly one 200 and one conflict."""
    note = svc.start(clinic.t1, clinic.c1)
    devices = [app.test_client(), app.test_client()]
    for device in devices:
        login(device, clinic.t1)
    barrier = threading.Barrier(2)
    results: dict[str, int] = {}

    def save(name, device):
        barrier.wait()
        response = put_draft(device, note.public_id, {"observations": f"from {name}"}, note.version)
        results[name] = response.status_code

    threads = [threading.Thread(target=save, args=(n, d))
               for n, d in zip("AB", devices, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results.values()) == [200, 412], results
    winner = next(n for n, code in results.items() if code == 200)
    loser = next(n for n, code in results.items() if code == 412)
    assert svc.get(note.public_id, "observations") == f"from {winner}"
    with app.app_context():
        drafts = db.session.scalars(select(ConflictDraft)).all()
        assert [d.payload["observations"] for d in drafts] == [f"from {loser}"]
        db.session.remove()


def test_start_is_idempotent_per_key(clinic, login_as, app):
    http = login_as(clinic.t1)
    url = f"/sessions/start/{clinic.c1.public_id}"
    answers = [http.post(url, data={"idempotency_key": "retry-key-0001"}) for _ in range(3)]
    assert {a.status_code for a in answers} == {302}
    assert len({a.headers["Location"] for a in answers}) == 1
    assert count(app, TreatmentSession) == 1
    other = http.post(f"/sessions/start/{clinic.c2.public_id}",
                      data={"idempotency_key": "retry-key-0001"})
    assert other.status_code == 422
    assert "already used for another client" in other.get_data(as_text=True)
    assert count(app, TreatmentSession) == 1


def test_start_without_a_key_is_refused(clinic, login_as, app):
    http = login_as(clinic.t1)
    response = http.post(f"/sessions/start/{clinic.c1.public_id}", data={})
    assert response.status_code == 422 and count(app, TreatmentSession) == 0


def test_a_lost_response_retry_finds_the_same_note(clinic, svc):
    first = svc.start(clinic.t1, clinic.c1, key="lost-response-key")
    again = svc.start(clinic.t1, clinic.c1, key="lost-response-key")
    assert first.public_id == again.public_id


def test_only_the_author_edits_a_draft(clinic, svc, login_as):
    note = svc.start(clinic.t1, clinic.c1)
    http = login_as(clinic.t2)
    assert put_draft(http, note.public_id, {"observations": "x"}, note.version).status_code == 403
    page = http.get(f"/sessions/{note.public_id}")
    assert page.status_code == 200 and "only they can edit" in page.get_data(as_text=True)
