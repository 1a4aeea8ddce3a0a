"""Issue 16, item 3: the intake asks about a recent birth and a caesarean, and the flags use it."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from notes_app.extensions import db
from notes_app.intake.models import IntakeVersion
from tests.fixtures.intake import valid_post


def _latest(app, client_id) -> dict:
    with app.app_context():
        return db.session.scalar(select(IntakeVersion.data).where(
            IntakeVersion.client_id == client_id).order_by(IntakeVersion.version.desc()))


def test_the_staff_and_portal_forms_ask_about_a_birth(world, login_as):
    staff = login_as(world.t1).get(f"/intake/new/{world.c1.public_id}").get_data(as_text=True)
    for name in ("pregnancy-weeks_since_birth", "pregnancy-caesarean"):
        assert f'name="{name}"' in staff


def test_the_portal_form_asks_about_a_birth(world, login_as):
    page = login_as(world.portal).get("/portal/intake").get_data(as_text=True)
    assert 'name="pregnancy-weeks_since_birth"' in page and 'name="pregnancy-caesarean"' in page


@pytest.mark.parametrize(("weeks", "caesarean", "shown", "hidden"), [
    ("3", "y", ["Had a baby in the last 6 weeks", "Caesarean birth (last 12 weeks)"],
     ["Had a baby 6 to 12 weeks ago"]),
    ("3", None, ["Had a baby in the last 6 weeks"], ["Caesarean birth"]),
    ("9", "y", ["Had a baby 6 to 12 weeks ago", "Caesarean birth (last 12 weeks)"],
     ["Had a baby in the last 6 weeks"]),
    ("20", "y", [], ["Had a baby", "Caesarean birth"]),
    ("", None, [], ["Had a baby", "Caesarean birth"]),
])
def test_a_saved_birth_answer_raises_its_flags(world, login_as, app, weeks, caesarean, shown,
                                               hidden):
    c = login_as(world.t1)
    post = valid_post(**{"pregnancy-weeks_since_birth": weeks, "pregnancy-caesarean": caesarean})
    response = c.post(f"/intake/new/{world.c1.public_id}", data=post)
    assert response.status_code == 302
    stored = _latest(app, world.c1.id)["pregnancy"]
    assert stored["weeks_since_birth"] == (int(weeks) if weeks else None)
    assert stored["caesarean"] is bool(caesarean)
    page = c.get(f"/clients/{world.c1.public_id}").get_data(as_text=True)
    for title in shown:
        assert title in page
    for title in hidden:
        assert title not in page


@pytest.mark.parametrize(("overrides", "message"), [
    ({"pregnancy-caesarean": "y"}, "Give the weeks since the birth."),
    ({"pregnancy-weeks_since_birth": "60"}, "52"),
    ({"pregnancy-weeks_since_birth": "-1"}, "0"),
    ({"pregnancy-weeks_since_birth": "three"}, "whole number"),
])
def test_bad_birth_answers_are_form_errors(world, login_as, app, overrides, message):
    c = login_as(world.t1)
    response = c.post(f"/intake/new/{world.c1.public_id}", data=valid_post(**overrides))
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IntakeVersion)) == 0
