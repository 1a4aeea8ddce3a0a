"""Login, lockout, server-side sessions and timeouts (R-A1–R-A4, R-S1–R-S5, R-Z6)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from argon2 import PasswordHasher
from argon2.exceptions import VerifyMismatchError
from sqlalchemy import select

from config import ProductionConfig
from notes_app.auth.models import LoginSession, User
from notes_app.extensions import db
from tests.conftest import PASSWORD, audit_rows, login

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_login_lands_staff_on_clients_and_client_on_portal(world, client):
    response = login(client, world.t1)
    assert response.status_code == 302 and response.headers["Location"].endswith("/clients/")
    other = client.application.test_client()
    response = login(other, world.portal)
    assert response.headers["Location"].endswith("/portal/")


def test_wrong_password_and_unknown_email_get_identical_answers(world, client):
    wrong = login(client, world.t1, "not the password at all")
    unknown = login(client, "nobody@k.test", "not the password at all")
    assert wrong.status_code == unknown.status_code == 200
    body_wrong = wrong.get_data(as_text=True).replace(world.t1.email, "EMAIL")
    body_unknown = unknown.get_data(as_text=True).replace("nobody@k.test", "EMAIL")
    assert body_wrong == body_unknown
    assert "Email or password is not right." in body_wrong


# R-A4 (one hash verify for every account state): tests/auth/test_login_hardening.py


def test_ten_failures_lock_for_fifteen_minutes_with_the_same_answer(world, client, app):
    with time_machine.travel(T0, tick=False) as traveller:
        for _ in range(10):
            login(client, world.t1, "wrong password here")
        locked = login(client, world.t1)
        assert locked.status_code == 200
        assert "Email or password is not right." in locked.get_data(as_text=True)
        traveller.move_to(T0 + timedelta(minutes=14))
        assert login(client, world.t1).status_code == 200
        traveller.move_to(T0 + timedelta(minutes=15, seconds=1))
        assert login(client, world.t1).status_code == 302
    assert audit_rows(app, action="login", outcome="lockout")


def test_success_resets_the_failure_counter(world, client, app):
    for _ in range(9):
        login(client, world.t1, "wrong password here")
    assert login(client, world.t1).status_code == 302
    client.post("/logout")
    for _ in range(9):
        login(client, world.t1, "wrong password here")
    assert login(client, world.t1).status_code == 302


def test_production_hash_parameters_meet_the_floor(app):
    params = ProductionConfig.ARGON2_PARAMS
    encoded = PasswordHasher(**params).hash("some password of mine")
    assert encoded.startswith("$argon2id$")
    settings = dict(kv.split("=") for kv in encoded.split("$")[3].split(","))
    assert int(settings["m"]) >= 65536 and int(settings["t"]) >= 3 and int(settings["p"]) >= 4


def test_weaker_hash_is_upgraded_on_login_and_wrong_password_leaves_it(world, client, app):
    weak = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1).hash(PASSWORD)
    with app.app_context():
        db.session.get(User, world.t1.id).password_hash = weak
        db.session.commit()
    login(client, world.t1, "wrong password here")
    with app.app_context():
        assert db.session.get(User, world.t1.id).password_hash == weak
    assert login(client, world.t1).status_code == 302
    with app.app_context():
        stored = db.session.get(User, world.t1.id).password_hash
    assert stored != weak and stored.startswith("$argon2id$")
    with pytest.raises(VerifyMismatchError):
        PasswordHasher().verify(stored, "wrong")


def test_session_cookie_replayed_after_logout_is_refused(world, app):
    first = app.test_client()
    login(first, world.t1)
    cookie = first.get_cookie("session").value
    assert first.get("/clients/").status_code == 200
    first.post("/logout")
    replay = app.test_client()
    replay.set_cookie("session", cookie)
    response = replay.get("/clients/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logout_is_post_only_and_clears_site_data(world, login_as):
    c = login_as(world.t1)
    assert c.get("/logout").status_code == 405
    response = c.post("/logout")
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'


def test_login_rotates_the_session(world, app):
    c = app.test_client()
    c.get("/login")
    c.post("/login", data={"email": "x@y.z", "password": "nope nope nope"})
    before = c.get_cookie("session")
    login(c, world.t1)
    after = c.get_cookie("session")
    assert before is None or before.value != after.value
    with app.app_context():
        rows = db.session.scalars(select(LoginSession)).all()
        # Only a hash of the token is stored, never the token itself.
        assert len(rows) == 1 and len(rows[0].token_hash) == 64


def test_deleting_the_session_row_signs_the_user_out(world, login_as, app):
    c = login_as(world.t1)
    with app.app_context():
        db.session.execute(LoginSession.__table__.delete())
        db.session.commit()
    assert c.get("/clients/").status_code == 302


def test_tampered_cookie_is_not_authenticated(world, login_as):
    c = login_as(world.t1)
    value = c.get_cookie("session").value
    c.set_cookie("session", value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1])
    assert c.get("/clients/").status_code == 302


def test_staff_idle_timeout_is_fifteen_minutes(world, app):
    with time_machine.travel(T0, tick=False) as traveller:
        c = app.test_client()
        login(c, world.t1)
        traveller.move_to(T0 + timedelta(minutes=14, seconds=59))
        assert c.get("/clients/").status_code == 200
        traveller.move_to(T0 + timedelta(minutes=30, seconds=1))
        assert c.get("/clients/").status_code == 302
    with app.app_context():
        row = db.session.scalars(select(LoginSession)).one()
        assert row.revoked_at is not None and row.revoked_reason == "idle"


def test_background_requests_do_not_keep_the_session_alive(world, app):
    with time_machine.travel(T0, tick=False) as traveller:
        c = app.test_client()
        login(c, world.t1)
        for minute in range(1, 15):
            traveller.move_to(T0 + timedelta(minutes=minute))
            c.get("/clients/", headers={"X-Knotwork-Background": "1"})
        traveller.move_to(T0 + timedelta(minutes=15, seconds=30))
        assert c.get("/clients/").status_code == 302


@pytest.mark.parametrize("who, hours, ok", [("t1", 9.9, True), ("t1", 10.1, False),
                                             ("portal", 3.9, True), ("portal", 4.1, False)])
def test_absolute_timeout_by_kind_of_account(world, app, who, hours, ok):
    user = getattr(world, who)
    url = "/clients/" if who == "t1" else "/portal/"
    with time_machine.travel(T0, tick=False) as traveller:
        c = app.test_client()
        login(c, user)
        moment = T0
        while moment < T0 + timedelta(hours=hours) - timedelta(minutes=10):
            moment += timedelta(minutes=10)
            traveller.move_to(moment)
            c.get(url)
        traveller.move_to(T0 + timedelta(hours=hours))
        assert (c.get(url).status_code == 200) is ok


def test_password_change_signs_out_other_devices(world, app):
    tablet, phone = app.test_client(), app.test_client()
    login(tablet, world.t1)
    login(phone, world.t1)
    new = "a brand new long passphrase"
    response = tablet.post("/account/password", data={
        "current_password": PASSWORD, "password": new, "confirm": new})
    assert response.status_code == 302
    assert tablet.get("/clients/").status_code == 200
    assert phone.get("/clients/").status_code == 302
    assert login(app.test_client(), world.t1, new).status_code == 302


def test_password_change_refuses_a_weak_password(world, login_as):
    c = login_as(world.t1)
    response = c.post("/account/password", data={
        "current_password": PASSWORD, "password": "Password123456", "confirm": "Password123456"})
    assert response.status_code == 200 and "too common" in response.get_data(as_text=True)


def test_disabling_an_account_ends_its_sessions(world, login_as, app):
    from notes_app.auth.services import set_disabled
    from notes_app.dbtypes import utcnow

    c = login_as(world.t1)
    with app.app_context():
        set_disabled(db.session.get(User, world.t1.id), True,
                     actor=db.session.get(User, world.admin.id), now=utcnow())
        db.session.commit()
    assert c.get("/clients/").status_code == 302
    assert login(app.test_client(), world.t1).status_code == 200


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example",
                                    "javascript:alert(1)"])
def test_next_only_follows_relative_paths(world, client, target):
    response = login(client, world.t1, next_url=target)
    assert response.headers["Location"].endswith("/clients/")


def test_next_follows_a_relative_path(world, client, make_client_record):
    response = login(client, world.t1, next_url=f"/clients/{world.c1.public_id}")
    assert response.headers["Location"] == f"/clients/{world.c1.public_id}"


def test_no_remember_me_cookie_is_ever_set(world, client):
    response = login(client, world.t1)
    assert "remember_token" not in " ".join(response.headers.getlist("Set-Cookie"))
