"""Check-ins after a visit: the window, validation, one per visit, and what therapists see."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from notes_app.extensions import db
from tests.conftest import audit_rows

GOOD_POINTS = json.dumps([{"view": "back", "x": 0.41, "y": 0.22},
                          {"view": "front", "x": 0.5, "y": 0.3}])


def post(c, session_id, **overrides):
    data = {"soreness": "4", "pain": "3", "points": GOOD_POINTS, "note": "Better today."}
    data.update(overrides)
    return c.post(f"/portal/checkin/{session_id}", data={k: v for k, v in data.items()
                                                         if v is not None})


def stored(app):
    from notes_app.portal.models import CheckIn
    with app.app_context():
        return list(db.session.scalars(db.select(CheckIn)))


def test_a_check_in_is_stored_with_the_sheets_advice_and_audited(portal, login_as, app):
    c = login_as(portal.portal)
    page = c.get(f"/portal/checkin/{portal.recent}").get_data(as_text=True)
    assert "data-checkin-map" in page and "After your session" in page  # sheet block titles
    assert "Warning signs" not in page.split("Which advice")[1].split("</fieldset>")[0]
    from notes_app.portal import checkins
    with app.app_context():
        from notes_app.sessions.models import TreatmentSession
        ts = db.session.scalar(db.select(TreatmentSession).filter_by(public_id=portal.recent))
        choices = checkins.advice_choices_for(ts)
    response = post(login_as(portal.portal), portal.recent, advice=[choices[0][0]])
    assert response.status_code == 302 and response.headers["Location"].endswith("/portal/")
    [item] = stored(app)
    assert (item.soreness, item.pain, item.note) == (4, 3, "Better today.")
    assert item.advice_followed == [choices[0][1]]
    assert item.points == json.loads(GOOD_POINTS)
    [row] = audit_rows(app, action="checkin.create")
    assert row.actor_id == portal.portal.id and row.client_id == portal.c1.id
    home = c.get("/portal/").get_data(as_text=True)
    assert f"/portal/checkin/{portal.recent}" not in home


def test_without_a_sheet_the_fixed_advice_list_is_offered(portal, login_as, records, app):
    bare = records.visit(portal.t1, portal.c1, days_ago=2, sheet=False)
    page = login_as(portal.portal).get(f"/portal/checkin/{bare}").get_data(as_text=True)
    assert "Moved gently the same day" in page
    assert post(login_as(portal.portal), bare, advice=["warmth"]).status_code == 302
    assert stored(app)[0].advice_followed == ["Used warmth (a warm shower or heat pack)"]


@pytest.mark.parametrize("overrides, message", [
    ({"soreness": "11"}, "Choose a number from 0 to 10."),
    ({"pain": "-1"}, "Choose a number from 0 to 10."),
    ({"pain": "abc"}, "Choose a number from 0 to 10."),
    ({"soreness": None}, "Choose a number from 0 to 10."),
    ({"advice": ["not-a-block"]}, "Choose from the list."),
    ({"note": "x" * 1001}, "1000"),
    ({"note": "nul\x00byte"}, "control characters"),
    ({"points": json.dumps([{"view": "back", "x": 1.2, "y": 0.5}])}, "outside the body map"),
    ({"points": json.dumps([{"view": "back", "x": 0.2, "y": -0.01}])}, "outside the body map"),
    ({"points": json.dumps([{"view": "back", "x": "NaN", "y": 0.5}])}, "outside the body map"),
    ({"points": '[{"view": "back", "x": NaN, "y": 0.5}]'}, "outside the body map"),
    ({"points": json.dumps([{"view": "side", "x": 0.2, "y": 0.5}])}, "could not be read"),
    ({"points": json.dumps([{"view": "back", "x": True, "y": 0.5}])}, "outside the body map"),
    ({"points": json.dumps([{"view": "back", "x": 0.5, "y": 0.5}] * 21)}, "at most 20"),
    ({"points": "{not json"}, "could not be read"),
    ({"points": json.dumps({"view": "back"})}, "could not be read"),
])
def test_bad_check_ins_are_form_errors_and_store_nothing(portal, login_as, app, overrides,
                                                         message):
    response = post(login_as(portal.portal), portal.recent, **overrides)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert stored(app) == []


def test_twenty_points_are_accepted(portal, login_as, app):
    points = [{"view": "front" if i % 2 else "back", "x": i / 20, "y": 1 - i / 20}
              for i in range(20)]
    assert post(login_as(portal.portal), portal.recent,
                points=json.dumps(points)).status_code == 302
    assert len(stored(app)[0].points) == 20


def test_one_check_in_per_visit(portal, login_as, app):
    c = login_as(portal.portal)
    assert post(c, portal.recent).status_code == 302
    again = post(c, portal.recent, soreness="9")
    assert again.status_code == 409
    assert "you already checked in" in again.get_data(as_text=True)
    assert [i.soreness for i in stored(app)] == [4]
    assert "you already checked in" in c.get(f"/portal/checkin/{portal.recent}").get_data(
        as_text=True)


def test_the_service_refuses_a_second_check_in(portal, records, app):
    from notes_app.portal.checkins import CheckInExists
    records.check_in(portal.portal, portal.c1, portal.recent)
    with pytest.raises(CheckInExists):
        records.check_in(portal.portal, portal.c1, portal.recent)


def test_the_window_opens_the_day_after_and_closes_after_a_week(portal, records, login_as,
                                                                  app):
    today = records.visit(portal.t1, portal.c1, days_ago=0)
    c = login_as(portal.portal)
    for session_id in (today, portal.old):
        assert "This check-in is not open" in c.get(f"/portal/checkin/{session_id}").get_data(
            as_text=True)
        assert post(c, session_id).status_code == 409
    assert stored(app) == []
    from notes_app.portal import checkins
    with app.app_context():
        from notes_app.sessions.models import TreatmentSession
        ts = db.session.scalar(db.select(TreatmentSession).filter_by(public_id=portal.recent))
        day = ts.session_date
        assert not checkins.is_open(ts, today=day)
        assert checkins.is_open(ts, today=day + timedelta(days=1))
        assert checkins.is_open(ts, today=day + timedelta(days=7))
        assert not checkins.is_open(ts, today=day + timedelta(days=8))


@pytest.mark.parametrize("target", ["other", "draft", "wrong", "missing"])
def test_sessions_that_are_not_the_clients_signed_ones_are_404(portal, login_as, app, target):
    session_id = "no-such-session" if target == "missing" else getattr(portal, target)
    c = login_as(portal.portal)
    assert c.get(f"/portal/checkin/{session_id}").status_code == 404
    assert post(c, session_id).status_code == 404
    assert stored(app) == []
    denied = audit_rows(app, action="checkin.read", outcome="denied")
    assert len(denied) == 2 and {r.object_id for r in denied} == {session_id}


def test_therapists_see_check_ins_on_the_client_page(portal, records, login_as, app):
    records.check_in(portal.portal, portal.c1, portal.recent, points_raw=GOOD_POINTS,
                     note="Tight under the <b>left</b> blade")
    body = login_as(portal.t1).get(f"/clients/{portal.c1.public_id}").get_data(as_text=True)
    section = body[body.index('id="checkins"'):]
    assert "Soreness <strong>3</strong>/10" in section
    assert "Tight under the &lt;b&gt;left&lt;/b&gt; blade" in section
    assert 'kw-bodymap--back' in section and 'kw-bodymap--front' in section
    assert audit_rows(app, action="checkin.list", actor_id=portal.t1.id)


def test_therapists_see_check_ins_when_starting_the_next_session(portal, records, login_as, app):
    records.check_in(portal.portal, portal.c1, portal.recent, points_raw=GOOD_POINTS,
                     note="Still sore by the shoulder blade")
    response = login_as(portal.t1).get(f"/sessions/start/{portal.c1.public_id}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    section = body[body.index('id="checkins"'):]
    assert "Still sore by the shoulder blade" in section
    assert audit_rows(app, action="checkin.list", actor_id=portal.t1.id)


def test_check_ins_are_not_shown_to_the_admin_or_another_clinic(portal, records, login_as,
                                                                 app):
    records.check_in(portal.portal, portal.c1, portal.recent, note="PRIVATE-NOTE")
    body = login_as(portal.admin).get(f"/clients/{portal.c1.public_id}").get_data(as_text=True)
    assert "PRIVATE-NOTE" not in body and 'id="checkins"' not in body
    assert audit_rows(app, action="checkin.list") == []


def test_the_partial_shows_the_latest_three(portal, records, app):
    from flask import render_template_string

    from notes_app.auth.models import User
    from notes_app.clients.models import Client
    from notes_app.portal.sections import checkins_section

    for n, days in enumerate((4, 3, 2), start=1):
        visit = records.visit(portal.t1, portal.c1, days_ago=days, sheet=False)
        records.check_in(portal.portal, portal.c1, visit, note=f"NOTE-{n}")
    records.check_in(portal.portal, portal.c1, portal.recent, note="NOTE-4")
    with app.test_request_context():
        cards = checkins_section(db.session.get(User, portal.t1.id),
                                 db.session.get(Client, portal.c1.id))
        html = render_template_string('{% include "portal/_checkins.html" %}', cards=cards)
    assert html.count('class="checkin-card"') == 3
    assert "NOTE-1" not in html
    assert html.index("NOTE-4") < html.index("NOTE-3") < html.index("NOTE-2")
