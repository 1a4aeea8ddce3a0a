"""Smaller holes from the outside probe (#13 item 7): chunked bodies, framing, bidi in names."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from notes_app.auth.models import User
from notes_app.clients.models import Client
from notes_app.extensions import db
from tests.clients.test_clients import VALID

LIMIT = 2 * 1024 * 1024


def _chunked_post(c, path, body: bytes):
    # gunicorn de-chunks the body and marks the stream terminated; Werkzeug then reads it
    # without a Content-Length, which is the path the probe found.
    return c.post(path, input_stream=io.BytesIO(body), environ_overrides={
        "wsgi.input_terminated": True},
        headers={"Transfer-Encoding": "chunked",
                 "Content-Type": "application/x-www-form-urlencoded"})


def _client_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Client))


def test_a_chunked_body_over_the_limit_is_refused_with_413(world, login_as, app):
    c = login_as(world.t1)
    before = _client_count(app)
    body = ("first_name=Cut&last_name=Short&date_of_birth=1990-01-01&address="
            + "x" * LIMIT).encode()
    response = _chunked_post(c, "/clients/new", body)
    assert response.status_code == 413
    assert _client_count(app) == before


def test_a_chunked_body_under_the_limit_arrives_whole(world, login_as, app):
    c = login_as(world.t1)
    body = "&".join(f"{k}={v}" for k, v in {**VALID, "address": "Quay%20Road"}.items())
    response = _chunked_post(c, "/clients/new", body.encode())
    assert response.status_code == 302
    with app.app_context():
        created = db.session.scalar(select(Client).where(Client.last_name == VALID["last_name"]))
        assert created.address == "Quay Road"


def test_a_body_of_exactly_the_limit_is_accepted(world, login_as):
    c = login_as(world.t1)
    prefix = b"first_name=A&pad="
    response = _chunked_post(c, "/clients/new", prefix + b"x" * (LIMIT - len(prefix)))
    assert response.status_code == 200  # form errors (no last name), not 413


@pytest.mark.parametrize("path", ["/login", "/clients/", "/healthz"])
def test_pages_refuse_to_be_framed(world, login_as, path):
    response = login_as(world.t1).get(path)
    assert response.headers["X-Frame-Options"] == "DENY"


BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("char", BIDI)
@pytest.mark.parametrize("field", ["first_name", "last_name", "preferred_name", "emergency_name"])
def test_client_names_refuse_bidirectional_overrides(world, login_as, app, field, char):
    before = _client_count(app)
    response = login_as(world.t1).post("/clients/new", data={
        **VALID, field: f"Pa{char}weł"})
    assert response.status_code == 200
    assert "direction" in response.get_data(as_text=True)
    assert _client_count(app) == before


def test_right_to_left_names_are_still_welcome(world, login_as, app):
    response = login_as(world.t1).post("/clients/new", data={
        **VALID, "first_name": "نور", "last_name": "חדד"})
    assert response.status_code == 302


def test_staff_names_refuse_bidirectional_overrides(world, login_as, app):
    response = login_as(world.admin).post("/admin/staff/new", data={
        "full_name": "Noor \u202eHaddad", "email": "noor@k.test", "role": "therapist"})
    assert response.status_code == 200
    assert "direction" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "noor@k.test")) is None


def test_the_users_cli_refuses_bidirectional_overrides(runner, app, make_clinic):
    make_clinic("Cli Clinic")
    result = runner.invoke(args=["users", "create", "--email", "x@cli.test", "--name",
                                 "Eve \u2067Admin", "--role", "admin", "--clinic", "Cli Clinic"],
                           input="tangerine bicycle harbour owl\ntangerine bicycle harbour owl\n")
    assert result.exit_code != 0 and "direction" in result.output
