"""Re-confirmation counts toward lockout; a per-IP throttle in the database (#13 item 6)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tests.conftest import PASSWORD, audit_rows, login, make_config
from tests.sessions.test_signing import sign_via_web

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
PROBE = "203.0.113.7"


def _locked_out(app, user) -> bool:
    return "Email or password is not right." in login(app.test_client(), user).get_data(
        as_text=True)


def test_wrong_current_passwords_on_password_change_lock_the_account(world, app, login_as):
    c = login_as(world.t1)
    new = "tangerine bicycle harbour owl"
    for _ in range(10):
        c.post("/account/password", data={"current_password": "guess guess guess",
                                          "password": new, "confirm": new})
    right = c.post("/account/password", data={"current_password": PASSWORD, "password": new,
                                               "confirm": new})
    assert right.status_code == 200  # refused: the account is locked now
    assert _locked_out(app, world.t1)
    assert "lockout" in [r.outcome for r in audit_rows(app, actor_id=world.t1.id)]


def test_wrong_passwords_when_signing_lock_the_account(clinic, svc, app, login_as):
    note = svc.start(clinic.t1, clinic.c1)
    from tests.fixtures.sessions import full_note

    svc.save(clinic.t1, note.public_id, full_note())
    http = login_as(clinic.t1)
    for _ in range(10):
        assert sign_via_web(http, note.public_id, password="guess guess guess").status_code == 422
    assert sign_via_web(http, note.public_id).status_code == 422
    assert svc.get(note.public_id, "status") == "draft"
    assert _locked_out(app, clinic.t1)


def test_wrong_passwords_on_the_records_export_lock_the_account(portal, app):
    c = app.test_client()
    login(c, portal.portal)
    for _ in range(10):
        c.post("/portal/export", data={"password": "guess guess guess"})
    response = c.post("/portal/export", data={"password": PASSWORD})
    assert response.mimetype != "application/zip"
    assert _locked_out(app, portal.portal)


def test_a_right_confirmation_resets_the_count(world, app, login_as):
    c = login_as(world.t1)
    new = "tangerine bicycle harbour owl"
    for _ in range(9):
        c.post("/account/password", data={"current_password": "guess guess guess",
                                          "password": new, "confirm": new})
    assert c.post("/account/password", data={"current_password": PASSWORD, "password": new,
                                              "confirm": new}).status_code == 302


def _probe(app, addr=PROBE, forwarded_for=None):
    c = app.test_client()
    c.environ_base["REMOTE_ADDR"] = addr
    if forwarded_for:
        c.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return c


def test_one_address_gets_429_after_100_failures_across_accounts(world, app):
    with time_machine.travel(T0, tick=False) as clock:
        c = _probe(app)
        for i in range(100):
            assert login(c, f"nobody{i}@k.test", "wrong wrong wrong").status_code == 200
            clock.shift(timedelta(seconds=1))
        refused = login(c, world.t1)
        assert refused.status_code == 429
        retry = int(refused.headers["Retry-After"])
        # The oldest failure (at T0) leaves the 15-minute window at T0 + 15 min.
        assert retry == 15 * 60 - 100
        assert "Too many attempts" in refused.get_data(as_text=True)
        assert login(_probe(app, "198.51.100.9"), world.t1).status_code == 302
        clock.shift(timedelta(seconds=retry))
        assert login(c, world.t1).status_code == 302


def test_re_confirmations_count_toward_the_address_throttle(world, app):
    with time_machine.travel(T0, tick=False):
        c = _probe(app)
        login(c, world.t1)
        new = "tangerine bicycle harbour owl"
        for i in range(99):
            login(_probe(app), f"nobody{i}@k.test", "wrong wrong wrong")
        c.post("/account/password", data={"current_password": "guess guess guess",
                                          "password": new, "confirm": new})
        response = c.post("/account/password", data={"current_password": PASSWORD,
                                                      "password": new, "confirm": new})
        assert response.status_code == 429 and "Retry-After" in response.headers


def test_x_forwarded_for_is_ignored_without_trusted_proxies(world, app):
    with time_machine.travel(T0, tick=False):
        for i in range(100):
            spoofed = _probe(app, forwarded_for=f"192.0.2.{i}")
            login(spoofed, f"nobody{i}@k.test", "wrong wrong wrong")
        again = _probe(app, forwarded_for="192.0.2.200")
        assert login(again, world.t1).status_code == 429
    assert {r.source_ip for r in audit_rows(app, action="login")} == {PROBE}


@pytest.mark.parametrize("hops, seen", [(1, "203.0.113.50"), (2, "198.51.100.4")])
def test_the_client_address_comes_through_the_configured_number_of_proxies(
        world, db_url, app_factory, hops, seen):
    app = app_factory(make_config(db_url, TRUSTED_PROXIES=hops))
    c = _probe(app, "10.0.0.2", forwarded_for="198.51.100.4, 203.0.113.50")
    login(c, "nobody@k.test", "wrong wrong wrong")
    [row] = audit_rows(app, action="login")
    assert row.source_ip == seen
