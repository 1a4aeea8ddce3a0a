"""Password strength by zxcvbn with the user's own context words (#13 item 5, R-A2)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from notes_app.auth.models import User
from notes_app.auth.passwords import policy_problems
from notes_app.extensions import db
from tests.conftest import PASSWORD


def _hash_of(app, user_id):
    with app.app_context():
        return db.session.scalar(select(User.password_hash).where(User.id == user_id))


@pytest.mark.parametrize("weak", ["aaaaaaaaaaaa", "123456789012", "qwertyuiopas", "correcthorse"])
def test_password_change_refuses_guessable_passwords_and_says_why(world, login_as, app, weak):
    before = _hash_of(app, world.t1.id)
    c = login_as(world.t1)
    response = c.post("/account/password", data={
        "current_password": PASSWORD, "password": weak, "confirm": weak})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "too easy to guess" in page
    assert _hash_of(app, world.t1.id) == before


def test_leetspeak_of_the_clinic_name_is_refused_only_with_context(world, login_as, app):
    disguised = "K3lpStr33tCl1n1c"
    assert policy_problems(disguised) == []
    c = login_as(world.t1)
    response = c.post("/account/password", data={
        "current_password": PASSWORD, "password": disguised, "confirm": disguised})
    assert response.status_code == 200
    assert "name, email or the clinic" in response.get_data(as_text=True)


def test_a_strong_passphrase_is_accepted(world, login_as):
    c = login_as(world.t1)
    new = "tangerine bicycle harbour owl"
    response = c.post("/account/password", data={
        "current_password": PASSWORD, "password": new, "confirm": new})
    assert response.status_code == 302


def test_long_unicode_passwords_are_estimated_without_error():
    assert policy_problems("ünïcødé-ßtrïñg-漢字-" * 6 + "xy") == []
    assert policy_problems("b" * 128) != []
