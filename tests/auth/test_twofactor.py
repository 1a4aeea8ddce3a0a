"""Staff two-factor (TOTP, #13 item 8, R-A5), with controlled time."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine
from sqlalchemy import func, select

from notes_app.auth import twofactor
from notes_app.auth.models import Clinic, LoginSession, RecoveryCode, TwoFactorCredential, User
from notes_app.extensions import db
from tests.conftest import PASSWORD, audit_rows, login

T0 = datetime(2026, 11, 2, 9, 0, 10, tzinfo=UTC)
STEP = timedelta(seconds=30)


def enrol(app, user, at=T0) -> tuple[str, list[str]]:
    """Turn two-factor on for a user through the services; return secret and recovery codes."""
    with app.app_context():
        u = db.session.get(User, user.id)
        cred = twofactor.begin_enrolment(u, now=at)
        code = pyotp.TOTP(cred.secret).at(at - STEP)  # an older code, so at's own stays unused
        codes = twofactor.confirm_enrolment(u, password=PASSWORD, code=code, now=at)
        db.session.commit()
        return cred.secret, codes


def code_at(secret, when) -> str:
    return pyotp.TOTP(secret).at(when)


def _signed_in(c) -> bool:
    return c.get("/clients/").status_code == 200


def test_enrolment_shows_a_server_drawn_qr_and_the_secret_then_ten_codes_once(world, app,
                                                                              login_as):
    with time_machine.travel(T0, tick=False):
        c = login_as(world.t1)
        page = c.get("/account/two-factor").get_data(as_text=True)
        assert "<svg" in page and "QR code for your app" in page
        with app.app_context():
            secret = db.session.get(TwoFactorCredential, world.t1.id).secret
        assert twofactor.grouped_secret(secret) in page
        # A reload keeps the same secret (the QR already scanned stays valid).
        assert twofactor.grouped_secret(secret) in c.get("/account/two-factor").get_data(
            as_text=True)
        done = c.post("/account/two-factor", data={"password": PASSWORD,
                                                   "code": code_at(secret, T0)})
    body = done.get_data(as_text=True)
    codes = re.findall(r"<code>([0-9a-f]{5}(?:-[0-9a-f]{5}){3})</code>", body)
    assert done.status_code == 200 and len(set(codes)) == 10
    with app.app_context():
        stored = list(db.session.scalars(select(RecoveryCode.code_hash).where(
            RecoveryCode.user_id == world.t1.id)))
        assert len(stored) == 10 and not set(codes) & set(stored)
        assert db.session.get(User, world.t1.id).has_two_factor
    assert audit_rows(app, action="two_factor.enrol", actor_id=world.t1.id)
    # Shown once: the status page lists no codes.
    assert "<code>" not in c.get("/account/two-factor").get_data(as_text=True)


@pytest.mark.parametrize("password, good_code", [(PASSWORD, False), ("not my password", True)])
def test_enrolment_needs_the_password_and_a_right_code(world, app, login_as, password, good_code):
    with time_machine.travel(T0, tick=False):
        c = login_as(world.t1)
        c.get("/account/two-factor")
        with app.app_context():
            secret = db.session.get(TwoFactorCredential, world.t1.id).secret
        code = code_at(secret, T0) if good_code else code_at(secret, T0 + 5 * STEP)
        response = c.post("/account/two-factor", data={"password": password, "code": code})
    assert response.status_code == 200 and "<code>" not in response.get_data(as_text=True)
    with app.app_context():
        assert not db.session.get(User, world.t1.id).has_two_factor


def test_login_asks_for_the_code_after_the_password(world, app):
    secret, _ = enrol(app, world.t1)
    c = app.test_client()
    with time_machine.travel(T0 + STEP, tick=False):
        first = login(c, world.t1, next_url="/clients/")
        assert first.headers["Location"] == "/login/code"
        assert not _signed_in(c)  # the password alone opens nothing
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 0
        done = c.post("/login/code", data={"code": code_at(secret, T0 + STEP)})
        assert done.status_code == 302 and done.headers["Location"] == "/clients/"
        assert _signed_in(c)


def test_a_code_is_accepted_once(world, app):
    secret, _ = enrol(app, world.t1)
    with time_machine.travel(T0 + STEP, tick=False):
        code = code_at(secret, T0 + STEP)
        a, b = app.test_client(), app.test_client()
        login(a, world.t1)
        assert a.post("/login/code", data={"code": code}).status_code == 302
        login(b, world.t1)
        replay = b.post("/login/code", data={"code": code})
        assert replay.status_code == 200 and "not right" in replay.get_data(as_text=True)
        assert not _signed_in(b)


@pytest.mark.parametrize("steps_ago, ok", [(0, True), (1, True), (2, False), (-1, True),
                                           (-2, False)])
def test_codes_are_valid_one_step_either_side(world, app, steps_ago, ok):
    secret, _ = enrol(app, world.t1)
    now = T0 + 10 * STEP
    with time_machine.travel(now, tick=False):
        c = app.test_client()
        login(c, world.t1)
        response = c.post("/login/code", data={"code": code_at(secret, now - steps_ago * STEP)})
        assert (response.status_code == 302) is ok


def test_a_recovery_code_works_once(world, app):
    _, codes = enrol(app, world.t1)
    with time_machine.travel(T0 + STEP, tick=False):
        c = app.test_client()
        login(c, world.t1)
        assert c.post("/login/code", data={"code": codes[3].upper()}).status_code == 302
        again = app.test_client()
        login(again, world.t1)
        assert again.post("/login/code", data={"code": codes[3]}).status_code == 200
        assert again.post("/login/code", data={"code": codes[4]}).status_code == 302
    assert [r.outcome for r in audit_rows(app, action="login.code")] == [
        "recovery", "failure", "recovery"]


def test_wrong_codes_count_toward_the_lockout_and_the_password_does_not_reset_them(world, app):
    secret, _ = enrol(app, world.t1)
    with time_machine.travel(T0 + STEP, tick=False) as traveller:
        c = app.test_client()
        for attempt in range(10):
            if attempt % 3 == 0:  # signing in again with the password must not wipe the count
                login(c, world.t1)
            c.post("/login/code", data={"code": "000000"})
        traveller.shift(STEP)
        locked = app.test_client()
        assert "Email or password is not right." in login(locked, world.t1).get_data(as_text=True)
        traveller.shift(timedelta(minutes=15, seconds=1))
        fresh = app.test_client()
        assert login(fresh, world.t1).headers["Location"] == "/login/code"
        now = T0 + 2 * STEP + timedelta(minutes=15, seconds=1)
        assert fresh.post("/login/code", data={"code": code_at(secret, now)}).status_code == 302
    assert "lockout" in [r.outcome for r in audit_rows(app, action="login.code")]


def test_the_password_step_expires_after_five_minutes(world, app):
    secret, _ = enrol(app, world.t1)
    with time_machine.travel(T0 + STEP, tick=False) as traveller:
        c = app.test_client()
        login(c, world.t1)
        traveller.shift(timedelta(minutes=5, seconds=1))
        late = T0 + STEP + timedelta(minutes=5, seconds=1)
        response = c.post("/login/code", data={"code": code_at(secret, late)})
        assert response.headers["Location"] == "/login"
        assert not _signed_in(c)


def _require(app, world, on=True):
    with app.app_context():
        db.session.get(Clinic, world.clinic.id).require_staff_two_factor = on
        db.session.commit()


@pytest.mark.parametrize("path, writes", [("/clients/", False), ("/clients/new", True),
                                          ("/account/password", True), ("/admin/", False)])
def test_a_clinic_requiring_two_factor_sends_staff_to_enrolment_everywhere(world, app, path,
                                                                           writes):
    _require(app, world)
    c = app.test_client()
    assert login(c, world.admin).status_code == 302
    response = c.get(path)
    assert response.status_code == 302 and response.headers["Location"] == "/account/two-factor"
    if writes:
        assert c.post(path, data={}).headers["Location"] == "/account/two-factor"
    assert c.get("/account/two-factor").status_code == 200


def test_json_callers_are_refused_until_enrolled_and_clients_are_not_affected(world, app):
    _require(app, world)
    c = app.test_client()
    login(c, world.t1)
    response = c.put("/sessions/x/draft", json={})
    assert response.status_code == 403 and response.json["error"] == "Two-factor required"
    portal = app.test_client()
    login(portal, world.portal)
    assert portal.get("/portal/").status_code == 200


def test_after_enrolling_the_required_clinic_lets_the_staff_member_in(world, app):
    _require(app, world)
    with time_machine.travel(T0, tick=False):
        c = app.test_client()
        login(c, world.t1)
        c.get("/account/two-factor")
        with app.app_context():
            secret = db.session.get(TwoFactorCredential, world.t1.id).secret
        c.post("/account/two-factor", data={"password": PASSWORD, "code": code_at(secret, T0)})
        assert _signed_in(c)


def test_the_admin_turns_the_requirement_on_and_it_is_audited(world, app, login_as):
    c = login_as(world.admin)
    page = c.get("/admin/").get_data(as_text=True)
    assert "Require two-factor sign-in for staff" in page
    assert c.post("/admin/two-factor", data={"required": "y"}).status_code == 302
    with app.app_context():
        assert db.session.get(Clinic, world.clinic.id).require_staff_two_factor
    assert audit_rows(app, action="clinic.require_two_factor", actor_id=world.admin.id)
    # The admin has no two-factor yet: from now on even they are sent to enrolment.
    assert c.get("/admin/").headers["Location"] == "/account/two-factor"


def test_an_admin_resets_a_staff_members_two_factor_after_reconfirming(world, app, login_as):
    now = datetime.now(UTC)
    secret, _ = enrol(app, world.t1, at=now)
    therapist = app.test_client()
    login(therapist, world.t1)
    therapist.post("/login/code", data={"code": code_at(secret, now)})
    assert _signed_in(therapist)
    admin = login_as(world.admin)
    assert "Reset two-factor" in admin.get("/admin/").get_data(as_text=True)
    url = f"/admin/staff/{world.t1.public_id}/two-factor/reset"
    admin.post(url, data={"password": "not my password"})
    with app.app_context():
        assert db.session.get(User, world.t1.id).has_two_factor
    admin.post(url, data={"password": PASSWORD})
    with app.app_context():
        assert db.session.get(TwoFactorCredential, world.t1.id) is None
        assert db.session.scalar(select(func.count()).select_from(RecoveryCode)) == 0
    assert not _signed_in(therapist)
    assert [r.outcome for r in audit_rows(app, action="reauthenticate",
                                          actor_id=world.admin.id)] == ["failure", "success"]
    [reset] = audit_rows(app, action="two_factor.reset")
    assert (reset.actor_id, reset.object_id) == (world.admin.id, str(world.t1.id))
    # Back to a password login, free to enrol again.
    assert login(app.test_client(), world.t1).headers["Location"] == "/clients/"


def test_another_clinics_admin_cannot_reset(world, app, make_user, login_as):
    enrol(app, world.t1)
    other_admin = make_user(world.other_clinic, "oa@other.test", "admin", "Olga Admin")
    c = login_as(other_admin)
    response = c.post(f"/admin/staff/{world.t1.public_id}/two-factor/reset",
                      data={"password": PASSWORD})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(User, world.t1.id).has_two_factor
