"""Who may reach a note: the clinic's therapists only; another clinic gets 404, admins 403."""
from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, audit_rows, login
from tests.fixtures.sessions import full_note

ROUTES = [
    ("GET", "/sessions/{id}"), ("POST", "/sessions/{id}"), ("PUT", "/sessions/{id}/draft"),
    ("GET", "/sessions/{id}/conflicts"), ("GET", "/sessions/{id}/sign"),
    ("POST", "/sessions/{id}/sign"), ("POST", "/sessions/{id}/addenda"),
    ("POST", "/sessions/{id}/entered-in-error"),
]


@pytest.fixture
def notes(clinic, svc):
    draft = svc.start(clinic.t1, clinic.c1)
    signed = svc.signed_note(clinic.t1, clinic.c1)
    return draft, signed


def call(http, method, url):
    return http.open(url, method=method, json={"observations": "x"} if method == "PUT" else None,
                     data=None if method == "PUT" else {"observations": "x", "reason": "x",
                                                        "text": "x", "password": "x"},
                     headers={"If-Match": "1"})


def test_another_clinics_therapist_gets_404_everywhere(clinic, notes, app):
    http = app.test_client()
    login(http, clinic.ot)
    for note in notes:
        for method, pattern in ROUTES:
            response = call(http, method, pattern.format(id=note.public_id))
            assert response.status_code == 404, (method, pattern, response.status_code)
    denied = audit_rows(app, actor_id=clinic.ot.id, outcome="denied")
    assert len(denied) == 2 * len(ROUTES)
    assert {d.object_id for d in denied} == {n.public_id for n in notes}
    start = http.post(f"/sessions/start/{clinic.c1.public_id}", data={"idempotency_key": "x" * 10})
    assert start.status_code == 404


def test_unknown_ids_look_the_same_as_foreign_ones(clinic, notes, login_as):
    http = login_as(clinic.t1)
    assert http.get("/sessions/not-a-real-id").status_code == 404
    assert http.post("/sessions/start/not-a-client", data={}).status_code == 404


def test_the_clinic_admin_reads_no_notes(clinic, notes, app):
    http = app.test_client()
    login(http, clinic.admin)
    for note in notes:
        for method, pattern in ROUTES:
            response = call(http, method, pattern.format(id=note.public_id))
            assert response.status_code == 403, (method, pattern, response.status_code)
    assert http.get(f"/sessions/start/{clinic.c1.public_id}").status_code == 403
    page = http.get(f"/clients/{clinic.c1.public_id}").get_data(as_text=True)
    assert 'id="sessions"' not in page and full_note()["chief_complaint"] not in page


def test_a_client_login_reaches_no_note(clinic, notes, app):
    http = app.test_client()
    login(http, clinic.portal)
    for method, pattern in ROUTES:
        assert call(http, method, pattern.format(id=notes[1].public_id)).status_code == 403


def test_a_colleague_in_the_clinic_reads_but_cannot_sign(clinic, notes, login_as, svc):
    draft, signed = notes
    http = login_as(clinic.t2)
    assert http.get(f"/sessions/{signed.public_id}").status_code == 200
    svc.save(clinic.t1, draft.public_id, full_note())
    response = http.post(f"/sessions/{draft.public_id}/sign", data={"password": PASSWORD})
    assert response.status_code == 422 and svc.get(draft.public_id, "status") == "draft"


def test_reads_and_the_timeline_are_audited(clinic, notes, login_as, app):
    http = login_as(clinic.t1)
    http.get(f"/sessions/{notes[1].public_id}")
    http.get(f"/clients/{clinic.c1.public_id}")
    reads = audit_rows(app, action="session.read", outcome="success")
    assert [r.object_id for r in reads] == [str(notes[1].id)]
    listed = audit_rows(app, action="session.list")
    assert len(listed) == 1 and listed[0].client_id == clinic.c1.id


def test_the_client_page_shows_the_timeline_and_chart(clinic, svc, login_as):
    for pain in (7, 5, 3):
        svc.signed_note(clinic.t1, clinic.c1, pain_before=pain, pain_after=pain - 2)
    http = login_as(clinic.t1)
    page = http.get(f"/clients/{clinic.c1.public_id}").get_data(as_text=True)
    assert page.count('class="timeline-item') == 3
    assert "<svg" in page and 'class="pain-chart"' in page
    assert "3 → 1" in page and "Start session" in page


def test_the_timeline_is_paginated_newest_first(clinic, svc, login_as, app):
    from datetime import date, timedelta
    for days in range(12):
        svc.start(clinic.t1, clinic.c1, today=date.today() - timedelta(days=days))
    http = login_as(clinic.t1)
    first = http.get(f"/clients/{clinic.c1.public_id}").get_data(as_text=True)
    assert first.count('class="timeline-item') == 10 and "Older →" in first
    second = http.get(f"/clients/{clinic.c1.public_id}?sessions_page=2").get_data(as_text=True)
    assert second.count('class="timeline-item') == 2
    past_the_end = http.get(f"/clients/{clinic.c1.public_id}?sessions_page=9")
    assert past_the_end.get_data(as_text=True).count('class="timeline-item') == 2
    newest = (date.today()).strftime("%d %b %Y")
    yesterday = (date.today() - timedelta(days=1)).strftime("%d %b %Y")
    assert first.index(newest) < first.index(yesterday)


def test_the_start_bar_lists_only_my_drafts_beside_the_signed_course(clinic, svc, login_as):
    from datetime import date, timedelta
    svc.signed_note(clinic.t1, clinic.c1, pain_before=6, pain_after=3)
    mine = svc.start(clinic.t1, clinic.c1, today=date.today() - timedelta(days=1))
    theirs = svc.start(clinic.t2, clinic.c1)
    page = login_as(clinic.t1).get(f"/clients/{clinic.c1.public_id}").get_data(as_text=True)
    assert page.count("Continue draft of") == 1
    assert f'/sessions/{mine.public_id}">Continue draft' in page
    assert f'/sessions/{theirs.public_id}">Continue draft' not in page
    assert 'class="pain-chart"' in page and "6 → 3" in page
