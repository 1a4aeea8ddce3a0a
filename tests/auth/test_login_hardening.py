"""Login holes from the probe: `next` with control characters, equal work per state (#13)."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from argon2 import PasswordHasher

from notes_app.auth.models import User
from notes_app.dbtypes import utcnow
from notes_app.extensions import db
from tests.conftest import PASSWORD, login


@pytest.mark.parametrize("target", [
    "/clients/\r\nSet-Cookie: x=1", "/clients/\n", "/clients/\r", "/\t/evil.example",
    "/clients/\x00", "/ /evil.example", "/clients/\u2028",
])
def test_next_with_control_characters_is_ignored_after_login(world, client, target):
    """#13 item 3: CR/LF in next answered 500 after a successful login."""
    response = login(client, world.t1, next_url=quote(target, safe="/"))
    assert response.status_code == 302
    assert response.headers["Location"] == "/clients/"


def test_next_keeps_a_clean_query_string(world, client):
    response = login(client, world.t1, next_url=quote("/clients/?q=zo%C3%AB&page=2", safe="/"))
    assert response.headers["Location"] == "/clients/?q=zo%C3%AB&page=2"


def _state(app, world, state):
    with app.app_context():
        user = db.session.get(User, world.t1.id)
        if state == "disabled":
            user.is_disabled = True
        elif state == "locked":
            user.locked_until = utcnow() + timedelta(minutes=10)
        db.session.commit()


@pytest.mark.parametrize("state, email, password", [
    ("unknown", "nobody@k.test", PASSWORD),
    ("disabled", None, PASSWORD),
    ("disabled", None, "a wrong password"),
    ("locked", None, PASSWORD),
    ("wrong", None, "a wrong password"),
    ("right", None, PASSWORD),
])
def test_login_runs_exactly_one_hash_verify_for_every_account_state(
        world, client, app, monkeypatch, state, email, password):
    """#13 item 4: disabled accounts answered in ~11 ms because no hash was checked."""
    _state(app, world, state)
    calls = []
    real = PasswordHasher.verify

    def counting(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    response = login(client, email or world.t1.email, password)
    assert response.status_code == (302 if state == "right" else 200)
    assert len(calls) == 1


def test_a_disabled_account_with_the_right_password_is_refused(world, client, app):
    _state(app, world, "disabled")
    response = login(client, world.t1)
    assert "Email or password is not right." in response.get_data(as_text=True)
