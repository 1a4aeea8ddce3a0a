"""The tablet charting flow (issue 17): proposals, pickers, signing from the editor, usual dose."""
from __future__ import annotations

from notes_app.sessions import services
from tests.conftest import PASSWORD


def test_the_editor_is_laid_out_in_the_order_of_the_work(clinic, svc, login_as):
    svc.signed_note(clinic.t1, clinic.c1)
    draft = svc.start(clinic.t1, clinic.c1, copy=True)
    page = login_as(clinic.t1).get(f"/sessions/{draft.public_id}").get_data(as_text=True)
    order = [page.index(marker) for marker in
             ('id="sec-s"', 'id="bodymap-slot"', 'id="sec-tx"', 'id="sec-a"', 'id="sec-p"',
              'id="sec-sign"')]
    assert order == sorted(order)
    # Copied rows are offered as proposals, muscles come from chips, the status sits in the bar.
    assert "data-proposals" in page and "data-keep-all" in page and "data-clear-all" in page
    assert 'id="area-data"' in page and "muscle-picker.js" in page
    assert 'class="save-status is-live"' not in page
    assert 'data-clear-field="next_focus"' in page


def test_signing_from_the_editor_goes_on_to_the_aftercare_sheet(clinic, svc, login_as):
    draft = svc.start(clinic.t1, clinic.c1)
    svc.save(clinic.t1, draft.public_id, {"chief_complaint": "Neck.", "techniques": [
        {"muscle_id": "UT", "side": "R", "technique": "EFF", "pressure": 2, "minutes": 8}]})
    http = login_as(clinic.t1)
    response = http.post(f"/sessions/{draft.public_id}/sign", data={
        "password": PASSWORD, "aftercare": "y", "version": svc.get(draft.public_id, "version")})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/aftercare/session/{draft.public_id}/new")
    assert svc.get(draft.public_id, "status") == "signed"


def test_signing_without_the_sheet_option_stays_on_the_note(clinic, svc, login_as):
    draft = svc.start(clinic.t1, clinic.c1)
    svc.save(clinic.t1, draft.public_id, {"chief_complaint": "Neck.", "techniques": [
        {"muscle_id": "UT", "side": "R", "technique": "EFF", "pressure": 2, "minutes": 8}]})
    response = login_as(clinic.t1).post(f"/sessions/{draft.public_id}/sign", data={
        "password": PASSWORD, "version": svc.get(draft.public_id, "version")})
    assert response.headers["Location"].endswith(f"/sessions/{draft.public_id}")


def test_usual_dose_is_the_last_one_used_per_technique(clinic, svc, app):
    svc.signed_note(clinic.t1, clinic.c1)
    with app.app_context():
        doses = services.usual_doses(svc.user(clinic.t1))
        other = services.usual_doses(svc.user(clinic.t2))
    # full_note(): ISC held 60 s × 3 (no minutes to offer), STP for 5 minutes.
    assert doses["ISC"] == {"pressure": 4, "minutes": None}
    assert doses["STP"] == {"pressure": 3, "minutes": 5}
    assert "ISC" not in other
