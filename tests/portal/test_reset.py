"""Password reset: one answer for every address, 30-minute single-use links, throttle (R-A7)."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from notes_app.auth.models import User
from notes_app.extensions import db
from tests.conftest import PASSWORD, audit_rows, login, make_config
from tests.portal.mailbox import link_path, outbox_messages, strip_csrf

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
NEW_PASSWORD = "lantern orchard pebble river"


def forgot(app, email: str):
    """Ask for a reset link from a fresh browser and return the response."""
    return app.test_client().post("/password/forgot", data={"email": email})


def reset_link(app, user) -> str:
    """Ask for a reset link for a user and return its path."""
    assert forgot(app, user.email).status_code == 200
    return link_path(outbox_messages(app, to=user.email)[-1])


def set_password(app, path, password=NEW_PASSWORD):
    """Submit a new password through a link from a fresh browser."""
    return app.test_client().post(path, data={"password": password, "confirm": password})


def test_forgot_answers_byte_for_byte_the_same_for_known_and_unknown(world, db_url, app_factory):
    app = app_factory(make_config(db_url, WTF_CSRF_ENABLED=True))
    answers = []
    for email in (world.t1.email, "nobody-at-all@k.test", world.t1.email.upper()):
        c = app.test_client()
        form = c.get("/password/forgot").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        response = c.post("/password/forgot", data={"email": email, "csrf_token": token})
        headers = {k: v for k, v in response.headers.items() if k not in ("X-Request-Id",)}
        answers.append((response.status_code, strip_csrf(response.get_data(as_text=True)), headers))
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 200 and "Check your email" in answers[0][1]
    assert world.t1.email not in answers[0][1]
    assert [m.to for m in outbox_messages(app)] == [world.t1.email, world.t1.email]
    # Both kinds of request leave the same trace: one audit row, with no address in it.
    assert len(audit_rows(app, action="password.forgot")) == 3
    assert audit_rows(app, action="password.forgot", outcome="ignored")[0].object_id == ""


def test_forgot_form_is_linked_from_login_and_keeps_its_errors(world, client):
    assert "/password/forgot" in client.get("/login").get_data(as_text=True)
    response = client.post("/password/forgot", data={"email": "not an address"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.get_data(as_text=True)


def test_reset_sets_the_password_and_signs_out_every_session(world, app):
    tablet = app.test_client()
    login(tablet, world.t1)
    cookie = tablet.get_cookie("session").value
    path = reset_link(app, world.t1)
    assert path.startswith("/password/reset/")
    page = app.test_client().get(path).get_data(as_text=True)
    assert "Choose a new password" in page and world.t1.email in page
    response = set_password(app, path)
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert tablet.get("/clients/").status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", cookie)
    assert replay.get("/clients/").status_code == 302
    assert login(app.test_client(), world.t1, PASSWORD).status_code == 200
    assert login(app.test_client(), world.t1, NEW_PASSWORD).status_code == 302
    assert audit_rows(app, action="password.reset", actor_id=world.t1.id)


def test_reset_unlocks_a_locked_account(world, app):
    for _ in range(10):
        login(app.test_client(), world.t1, "wrong password here")
    with app.app_context():
        assert db.session.get(User, world.t1.id).locked_until is not None
    assert set_password(app, reset_link(app, world.t1)).status_code == 302
    with app.app_context():
        user = db.session.get(User, world.t1.id)
        assert user.locked_until is None and user.failed_logins == 0
    assert login(app.test_client(), world.t1, NEW_PASSWORD).status_code == 302


def test_a_reset_link_expires_after_30_minutes(world, app):
    with time_machine.travel(T0, tick=False) as traveller:
        path = reset_link(app, world.t1)
        traveller.move_to(T0 + timedelta(minutes=29, seconds=59))
        assert app.test_client().get(path).status_code == 200
        traveller.move_to(T0 + timedelta(minutes=30, seconds=1))
        response = app.test_client().get(path)
        assert response.status_code == 400 and "expired" in response.get_data(as_text=True)
        assert set_password(app, path).status_code == 400
    assert login(app.test_client(), world.t1, PASSWORD).status_code == 302


def test_a_reset_link_works_once_and_voids_the_others(world, app):
    first, second = reset_link(app, world.t1), reset_link(app, world.t1)
    assert set_password(app, second).status_code == 302
    assert set_password(app, second, "a different long passphrase").status_code == 400
    assert app.test_client().get(first).status_code == 400
    assert login(app.test_client(), world.t1, NEW_PASSWORD).status_code == 302


def test_any_password_change_voids_outstanding_links(world, app, login_as):
    path = reset_link(app, world.t1)
    changed = "quiet harbour evening tide"
    response = login_as(world.t1).post("/account/password", data={
        "current_password": PASSWORD, "password": changed, "confirm": changed})
    assert response.status_code == 302
    assert app.test_client().get(path).status_code == 400
    assert login(app.test_client(), world.t1, changed).status_code == 302


def test_policy_problems_on_reset_are_form_errors_and_keep_the_link(world, app):
    path = reset_link(app, world.t1)
    response = set_password(app, path, "Password123456")
    assert response.status_code == 200 and "too common" in response.get_data(as_text=True)
    assert set_password(app, path).status_code == 302


def test_at_most_five_reset_mails_per_address_per_hour(world, app):
    with time_machine.travel(T0, tick=False) as traveller:
        bodies = set()
        for minute in range(7):
            traveller.move_to(T0 + timedelta(minutes=minute))
            response = forgot(app, world.t1.email)
            bodies.add((response.status_code, response.get_data(as_text=True)))
        assert len(bodies) == 1  # throttled or not, the same answer
        assert len(outbox_messages(app, to=world.t1.email)) == 5
        traveller.move_to(T0 + timedelta(minutes=61))
        forgot(app, world.t1.email)
        assert len(outbox_messages(app, to=world.t1.email)) == 6


def test_disabled_accounts_get_the_same_answer_and_no_mail(world, app):
    with app.app_context():
        db.session.get(User, world.t2.id).is_disabled = True
        db.session.commit()
    assert "Check your email" in forgot(app, world.t2.email).get_data(as_text=True)
    assert outbox_messages(app) == []


def test_links_use_the_configured_public_url_not_the_host_header(world, db_url, app_factory):
    app = app_factory(make_config(db_url, PUBLIC_URL="https://knotwork.clinic.example"))
    app.test_client().post("/password/forgot", data={"email": world.t1.email},
                           headers={"Host": "evil.example"})
    [mail] = outbox_messages(app)
    assert "https://knotwork.clinic.example/password/reset/" in mail.body
    assert "evil.example" not in mail.body


@pytest.mark.parametrize("path", ["/password/forgot", "/portal/accept/x", "/password/reset/x"])
def test_account_pages_carry_the_security_headers(world, client, path):
    response = client.get(path)
    assert response.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
