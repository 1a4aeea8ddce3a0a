"""Sign and lock (R-A8, R-R1), addenda (R-R2), entered in error (R-R3) and hash verification."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select, text

from notes_app.errors import DomainError
from notes_app.extensions import db
from notes_app.sessions import services
from notes_app.sessions.models import LockedRecord, TechniqueRow, TreatmentSession
from tests.conftest import PASSWORD, audit_rows, login
from tests.fixtures.sessions import full_note, put_draft


@pytest.fixture
def draft(clinic, svc):
    note = svc.start(clinic.t1, clinic.c1)
    svc.save(clinic.t1, note.public_id, full_note())
    return note


def sign_via_web(http, public_id, password=PASSWORD, version=None):
    data = {"password": password}
    if version is not None:
        data["version"] = version
    return http.post(f"/sessions/{public_id}/sign", data=data)


def test_signing_asks_for_the_password_and_locks(clinic, draft, svc, login_as, app):
    http = login_as(clinic.t1)
    page = http.get(f"/sessions/{draft.public_id}/sign").get_data(as_text=True)
    assert 'type="password"' in page and "Sign and lock" in page
    response = sign_via_web(http, draft.public_id, version=svc.get(draft.public_id, "version"))
    assert response.status_code == 302
    reauth = audit_rows(app, action="reauthenticate")[-1].id
    with app.app_context():
        ts = svc.note(draft.public_id)
        assert ts.status == "signed" and ts.signed_by_id == clinic.t1.id
        assert ts.signed_at is not None and len(ts.content_hash) == 64
        assert ts.reauth_event_id == reauth
    assert len(audit_rows(app, action="session.sign")) == 1
    shown = http.get(f"/sessions/{draft.public_id}").get_data(as_text=True)
    assert "Signed by" in shown and 'id="note-form"' not in shown


def test_a_wrong_password_signs_nothing(clinic, draft, svc, login_as, app):
    http = login_as(clinic.t1)
    response = sign_via_web(http, draft.public_id, password="not my password")
    assert response.status_code == 422
    assert "password is not right" in response.get_data(as_text=True)
    assert svc.get(draft.public_id, "status") == "draft"
    assert audit_rows(app, action="reauthenticate")[-1].outcome == "failure"


def test_signing_without_a_fresh_password_is_refused(clinic, draft, svc, app):
    http = app.test_client()
    with time_machine.travel(datetime.now(UTC), tick=False) as clock:
        login(http, clinic.t1)
        clock.shift(timedelta(minutes=6))
        response = http.post(f"/sessions/{draft.public_id}/sign", data={})
        assert response.status_code == 200
        assert "Confirm your password to sign." in response.get_data(as_text=True)
        assert svc.get(draft.public_id, "status") == "draft"
        assert sign_via_web(http, draft.public_id).status_code == 302
    assert svc.get(draft.public_id, "status") == "signed"


def test_the_service_refuses_a_stale_reauthentication(clinic, draft, svc, app):
    with app.app_context():
        user, ts = svc.user(clinic.t1), svc.note(draft.public_id)
        with pytest.raises(services.ReauthRequired):
            services.sign_session(user, ts, now=datetime.now(UTC))  # no login session
        assert ts.status == "draft"


def test_sign_needs_a_complaint_and_a_technique(clinic, svc, login_as):
    note = svc.start(clinic.t1, clinic.c1)
    http = login_as(clinic.t1)
    response = sign_via_web(http, note.public_id)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "chief complaint" in body and "at least one technique" in body
    assert svc.get(note.public_id, "status") == "draft"


def test_a_signed_note_refuses_edits_in_the_view(clinic, draft, svc, login_as):
    svc.sign(clinic.t1, draft.public_id)
    http = login_as(clinic.t1)
    version = svc.get(draft.public_id, "version")
    assert put_draft(http, draft.public_id, {"observations": "x"}, version).status_code == 409
    assert http.post(f"/sessions/{draft.public_id}", data={"observations": "x",
                                                            "version": version}).status_code == 409
    assert sign_via_web(http, draft.public_id).status_code == 409  # signing twice
    assert http.delete(f"/sessions/{draft.public_id}").status_code == 405
    assert svc.get(draft.public_id, "observations") == full_note()["observations"]


def test_a_signed_note_refuses_edits_in_the_service(clinic, draft, svc, app):
    svc.sign(clinic.t1, draft.public_id)
    with app.app_context():
        user, ts = svc.user(clinic.t1), svc.note(draft.public_id)
        with pytest.raises(services.NoteLocked):
            services.save_draft(user, ts, {"observations": "x"}, base_version=ts.version,
                                today=ts.session_date)
        with pytest.raises(services.NoteLocked):
            services.sign_session(user, ts, now=datetime.now(UTC), reauthenticated=True)


def test_a_signed_note_refuses_edits_in_the_orm(clinic, draft, svc, app):
    svc.sign(clinic.t1, draft.public_id)
    with app.app_context():
        ts = svc.note(draft.public_id)
        ts.observations = "tampered"
        with pytest.raises(LockedRecord):
            db.session.commit()
        db.session.rollback()
        ts = svc.note(draft.public_id)
        ts.technique_rows[0].pressure = 5
        with pytest.raises(LockedRecord):
            db.session.commit()
        db.session.rollback()
        db.session.delete(svc.note(draft.public_id))
        with pytest.raises(LockedRecord):
            db.session.flush()
        db.session.rollback()
        ts = svc.note(draft.public_id)
        ts.technique_rows.append(TechniqueRow(muscle_id="UT", side="L", technique="EFF",
                                              pressure=2))
        with pytest.raises(LockedRecord):
            db.session.commit()
        db.session.rollback()
    assert svc.get(draft.public_id, "observations") == full_note()["observations"]


def test_hashes_verify_and_raw_changes_are_detected(clinic, draft, svc, app):
    svc.sign(clinic.t1, draft.public_id)
    with app.app_context():
        ts = svc.note(draft.public_id)
        services.add_addendum(svc.user(clinic.t1), ts, "Forgot", "Client mentioned a fall.")
        db.session.commit()
        assert services.verify_signed_sessions() == []
        db.session.execute(text("UPDATE treatment_sessions SET pain_after = 0 WHERE id = :id"),
                           {"id": draft.id})
        db.session.commit()
        assert services.verify_signed_sessions() == [draft.public_id]
        db.session.execute(text("UPDATE treatment_sessions SET pain_after = 3 WHERE id = :id"),
                           {"id": draft.id})
        db.session.execute(text("UPDATE technique_rows SET pressure = 5 WHERE session_id = :id"),
                           {"id": draft.id})
        db.session.commit()
        assert services.verify_signed_sessions() == [draft.public_id]
        db.session.execute(text("UPDATE technique_rows SET pressure = 4 WHERE session_id = :id "
                                "AND technique = 'ISC'"), {"id": draft.id})
        db.session.execute(text("UPDATE technique_rows SET pressure = 3 WHERE session_id = :id "
                                "AND technique = 'STP'"), {"id": draft.id})
        db.session.commit()
        assert services.verify_signed_sessions() == []
        db.session.execute(text("UPDATE session_addenda SET text = 'rewritten'"))
        db.session.commit()
        assert services.verify_signed_sessions() == [draft.public_id]


def test_addenda_appear_in_order_under_the_untouched_original(clinic, draft, svc, login_as, app):
    svc.sign(clinic.t1, draft.public_id)
    digest = svc.get(draft.public_id, "content_hash")
    http = login_as(clinic.t2)  # a colleague may add a late entry
    for reason, body, kind in (("Late entry", "Client phoned: slept well.", "late_entry"),
                               ("Correction", "Pressure on LS was P2, not P3.", "correction")):
        response = http.post(f"/sessions/{draft.public_id}/addenda",
                             data={"reason": reason, "text": body, "kind": kind})
        assert response.status_code == 302
    page = http.get(f"/sessions/{draft.public_id}").get_data(as_text=True)
    original = page.index(full_note()["observations"])
    first, second = page.index("Client phoned: slept well."), page.index("Pressure on LS was P2")
    assert original < first < second
    assert svc.get(draft.public_id, "content_hash") == digest
    assert svc.get(draft.public_id, "observations") == full_note()["observations"]
    assert len(audit_rows(app, action="session.addendum")) == 2
    with app.app_context():
        assert services.verify_signed_sessions() == []


def test_addendum_validation_and_drafts(clinic, draft, svc, login_as):
    http = login_as(clinic.t1)
    assert http.post(f"/sessions/{draft.public_id}/addenda",
                     data={"reason": "x", "text": "y"}).status_code == 409  # still a draft
    svc.sign(clinic.t1, draft.public_id)
    response = http.post(f"/sessions/{draft.public_id}/addenda",
                         data={"reason": "Why", "text": "bad\x00text"})
    assert response.status_code == 422
    assert "control characters" in response.get_data(as_text=True)


def test_entered_in_error_hides_with_a_reason_and_keeps_the_row(clinic, draft, svc, login_as, app):
    svc.sign(clinic.t1, draft.public_id)
    http = login_as(clinic.t1)
    with app.app_context():
        rows_before = db.session.scalar(select(func.count()).select_from(TreatmentSession))
    missing = http.post(f"/sessions/{draft.public_id}/entered-in-error", data={"reason": "Oops"})
    assert missing.status_code == 422  # the confirmation tick is required
    response = http.post(f"/sessions/{draft.public_id}/entered-in-error",
                         data={"reason": "Written for the wrong client", "confirm": "y"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(TreatmentSession)) == rows_before
        assert services.verify_signed_sessions() == []
    assert svc.get(draft.public_id, "status") == "entered_in_error"
    client_page = http.get(f"/clients/{clinic.c1.public_id}").get_data(as_text=True)
    assert f"/sessions/{draft.public_id}" not in client_page
    assert "entered in error is hidden" in client_page
    history = http.get(f"/clients/{clinic.c1.public_id}?sessions_hidden=1").get_data(as_text=True)
    assert f"/sessions/{draft.public_id}" in history
    note_page = http.get(f"/sessions/{draft.public_id}").get_data(as_text=True)
    assert "Entered in error" in note_page and "Written for the wrong client" in note_page
    again = http.post(f"/sessions/{draft.public_id}/entered-in-error",
                      data={"reason": "again", "confirm": "y"})
    assert again.status_code == 409
    assert len(audit_rows(app, action="session.entered_in_error")) == 1


def test_only_the_author_marks_entered_in_error(clinic, draft, svc, app):
    with app.app_context(), pytest.raises(DomainError):
        services.mark_entered_in_error(svc.user(clinic.t2), svc.note(draft.public_id), "no")
