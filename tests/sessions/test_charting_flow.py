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


def _rows(note: dict, **marks) -> list[dict]:
    """Return the copied rows as the editor sends them, with proposal/prefilled marks."""
    return [{**row, **marks.get(str(i), {})} for i, row in enumerate(note["techniques"])]


def test_kept_and_cleared_proposals_and_untouched_doses_survive_a_reload(clinic, svc, login_as,
                                                                         app):
    import pytest

    from notes_app.sessions.content import note_content
    from notes_app.sessions.validation import InvalidNote

    svc.signed_note(clinic.t1, clinic.c1)
    draft = svc.start(clinic.t1, clinic.c1, copy=True)
    http = login_as(clinic.t1)
    page = http.get(f"/sessions/{draft.public_id}").get_data(as_text=True)
    assert page.count("data-copied>") + page.count("data-copied data-prefilled") == 2
    # Keep row 1 with its pressure untouched; row 2 stays a proposal.
    with app.app_context():
        note = note_content(svc.note(draft.public_id))
    svc.save(clinic.t1, draft.public_id, {"techniques": _rows(note, **{
        "0": {"proposal": False, "prefilled": ["pressure"]},
        "1": {"proposal": True, "prefilled": ["pressure", "minutes"]}})})
    copied = svc.get(draft.public_id, "copied_fields")
    assert "techniques.0" not in copied and "techniques.1" in copied
    assert {"techniques.0.pressure", "techniques.1.minutes"} <= set(copied)
    page = http.get(f"/sessions/{draft.public_id}").get_data(as_text=True)
    assert page.count("data-keep-row") == 0  # the Keep buttons are the script's, not the page's
    assert 'data-index="1" data-copied' in page and 'data-index="0" data-copied' not in page
    assert '<span data-proposal-count>1</span>' in page
    assert page.count('data-prefill-mark="pressure">copied') == 2
    # A row still proposed from last visit blocks signing; clearing it lets the note sign.
    svc.save(clinic.t1, draft.public_id, {"chief_complaint": "Neck."})
    with pytest.raises(InvalidNote) as exc:
        svc.sign(clinic.t1, draft.public_id)
    assert list(exc.value.errors) == ["techniques.1"]
    svc.save(clinic.t1, draft.public_id, {"techniques": _rows(note, **{
        "0": {"prefilled": ["pressure"]}})[:1]})
    svc.sign(clinic.t1, draft.public_id)
    assert svc.get(draft.public_id, "status") == "signed"
    shown = http.get(f"/sessions/{draft.public_id}").get_data(as_text=True)
    assert "techniques.0" not in shown  # row marks are not "copied parts" of the signed note


def test_the_client_own_dose_comes_before_the_therapist_usual(clinic, svc, app):
    svc.signed_note(clinic.t1, clinic.c1, techniques=[
        {"muscle_id": "upper_back", "side": "B", "technique": "EFF", "pressure": 2,
         "minutes": 8}])
    other = svc.start(clinic.t1, clinic.c2)
    svc.save(clinic.t1, other.public_id, {"techniques": [
        {"muscle_id": "upper_back", "side": "B", "technique": "EFF", "pressure": 3,
         "minutes": 12}]})
    with app.app_context():
        assert services.usual_doses(svc.user(clinic.t1))["EFF"] == {"pressure": 3,
                                                                    "minutes": 12}
        mine = services.usual_doses(svc.user(clinic.t1), client=svc.client(clinic.c1))
    assert mine["EFF"] == {"pressure": 2, "minutes": 8}


def test_better_is_stored_shown_in_the_signed_note_and_in_progress(clinic, svc, login_as, app):
    from notes_app.dbtypes import new_public_id

    knot = new_public_id()
    spot = {"knot_id": knot, "view": "back", "x": 0.62, "y": 0.165, "muscle_id": "UT",
            "side": "R", "kind": "active", "tenderness": 6}
    svc.signed_note(clinic.t1, clinic.c1, markers=[spot])
    two = svc.start(clinic.t1, clinic.c1)
    svc.save(clinic.t1, two.public_id, {"markers": [{**spot, "tenderness": 3}],
                                        "continued": {knot: "eased"}})
    svc.save(clinic.t1, two.public_id, {"chief_complaint": "Neck.", "techniques": [
        {"muscle_id": "UT", "side": "R", "technique": "EFF", "pressure": 2, "minutes": 8}]})
    svc.sign(clinic.t1, two.public_id)
    http = login_as(clinic.t1)
    note = http.get(f"/sessions/{two.public_id}").get_data(as_text=True)
    assert 'data-continuation="eased">better than last visit' in note
    progress = http.get(f"/clients/{clinic.c1.public_id}").get_data(as_text=True)
    assert "data-knot-better" in progress and "6 → 3" in progress


def test_the_client_dose_wins_within_the_scan_and_the_therapist_fills_the_rest(clinic, svc,
                                                                             app):
    # The client's last signed note is a colleague's; the therapist's own rows are newer.
    svc.signed_note(clinic.t2, clinic.c1, techniques=[
        {"muscle_id": "upper_back", "side": "B", "technique": "EFF", "pressure": 2,
         "minutes": 8}])
    svc.signed_note(clinic.t1, clinic.c2, techniques=[
        {"muscle_id": "upper_back", "side": "B", "technique": "EFF", "pressure": 4,
         "minutes": 12},
        {"muscle_id": "upper_back", "side": "B", "technique": "STP", "pressure": 3,
         "minutes": 5}])
    with app.app_context():
        t1, c1 = svc.user(clinic.t1), svc.client(clinic.c1)
        assert services.usual_doses(t1, client=c1) == {
            "EFF": {"pressure": 2, "minutes": 8}, "STP": {"pressure": 3, "minutes": 5}}
        assert services.usual_doses(t1, scan=1, client=c1) == {
            "EFF": {"pressure": 2, "minutes": 8}}
