"""Portal invitations: invite, accept, expiry, reuse, re-invite, scoping (issue 7 §1, R-A7)."""
from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from notes_app.auth.models import AccountToken, LoginSession, User
from notes_app.clients.models import Client
from notes_app.extensions import db
from tests.conftest import audit_rows, login
from tests.portal.mailbox import HEALTH_WORDS, link_path, outbox_messages

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
NEW_PASSWORD = "lantern orchard pebble river"


@pytest.fixture
def ingrid(world, make_client_record):
    """A client of clinic K with an email and no portal login yet."""
    return make_client_record(world.t1, "Ingrid", "Brønstad", email="Ingrid@Example.org")


def invite(app, world, record, who="t1"):
    """Invite a client as a staff member and return the mailed link's path."""
    c = app.test_client()
    login(c, getattr(world, who))
    response = c.post(f"/portal/invite/{record.public_id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/clients/{record.public_id}")
    return link_path(outbox_messages(app)[-1])


def accept(app, path, password=NEW_PASSWORD):
    """Open an invitation link in a fresh browser and choose a password."""
    c = app.test_client()
    return c, c.post(path, data={"password": password, "confirm": password})


def test_invitation_mail_then_accept_lands_signed_in_on_the_portal(world, ingrid, app):
    path = invite(app, world, ingrid)
    [mail] = outbox_messages(app)
    assert mail.to == "ingrid@example.org" and mail.clinic_id == world.clinic.id
    assert "Kelp Street Clinic" in mail.subject and mail.sent_via == "outbox"
    assert path.startswith("/portal/accept/") and len(path.rsplit("/", 1)[1]) >= 43
    assert not HEALTH_WORDS.search(mail.body)
    assert "Brønstad" not in mail.body  # the link is all the mail needs

    c = app.test_client()
    page = c.get(path)
    assert page.status_code == 200
    assert "Welcome to Kelp Street Clinic" in page.get_data(as_text=True)
    response = c.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/portal/")
    home = c.get("/portal/")
    assert home.status_code == 200 and "Hello, Ingrid" in home.get_data(as_text=True)
    with app.app_context():
        record = db.session.get(Client, ingrid.id)
        user = db.session.get(User, record.portal_user_id)
        assert (user.role, user.clinic_id, user.email) == ("client", world.clinic.id,
                                                           "ingrid@example.org")
        token = db.session.scalars(select(AccountToken)).one()
        assert token.used_at is not None and token.purpose == "invite"
        # Only the SHA-256 of the token is stored.
        assert token.token_hash != path.rsplit("/", 1)[1] and len(token.token_hash) == 64
    assert [r.action for r in audit_rows(app, client_id=ingrid.id)][-2:] == [
        "portal.invite", "portal.accept"]
    assert audit_rows(app, action="login", actor_id=user.id)
    # The new login works with its password too.
    assert login(app.test_client(), "ingrid@example.org", NEW_PASSWORD).status_code == 302


def test_staff_client_page_shows_portal_status_and_the_right_button(world, ingrid, app, login_as):
    c = login_as(world.t1)
    body = c.get(f"/clients/{ingrid.public_id}").get_data(as_text=True)
    assert "No login" in body and "Invite to portal" in body
    invite(app, world, ingrid)
    body = c.get(f"/clients/{ingrid.public_id}").get_data(as_text=True)
    assert "Invited" in body and "Resend invitation" in body and "expires" in body
    accept(app, link_path(outbox_messages(app)[-1]))
    body = c.get(f"/clients/{ingrid.public_id}").get_data(as_text=True)
    assert "Active" in body and "Resend sign-in help" in body
    body = c.get(f"/clients/{world.c2.public_id}").get_data(as_text=True)
    assert "Add an email address to invite this client." in body and "Invite to portal" not in body


def test_an_invitation_link_works_once(world, ingrid, app):
    path = invite(app, world, ingrid)
    assert accept(app, path)[1].status_code == 302
    again = app.test_client().get(path)
    assert again.status_code == 400 and "no longer works" in again.get_data(as_text=True)
    assert accept(app, path, "another fine passphrase")[1].status_code == 400
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "ingrid@example.org"))


def test_an_invitation_expires_after_72_hours(world, ingrid, app):
    with time_machine.travel(T0, tick=False) as traveller:
        path = invite(app, world, ingrid)
        traveller.move_to(T0 + timedelta(hours=71, minutes=59))
        assert app.test_client().get(path).status_code == 200
        traveller.move_to(T0 + timedelta(hours=72, seconds=1))
        expired = app.test_client().get(path)
        assert expired.status_code == 400 and "expired" in expired.get_data(as_text=True)
        assert accept(app, path)[1].status_code == 400
    with app.app_context():
        assert db.session.get(Client, ingrid.id).portal_user_id is None


@pytest.mark.parametrize("path", ["/portal/accept/nonsense", "/password/reset/nonsense",
                                  "/portal/accept/" + "A" * 500])
def test_an_unknown_link_is_a_clear_404(world, app, path):
    for method in ("get", "post"):
        response = getattr(app.test_client(), method)(path, data={"password": NEW_PASSWORD,
                                                                  "confirm": NEW_PASSWORD})
        assert response.status_code == 404
        assert "This link is not valid" in response.get_data(as_text=True)


def test_reinviting_voids_the_earlier_link(world, ingrid, app):
    first = invite(app, world, ingrid)
    second = invite(app, world, ingrid, who="admin")
    assert first != second
    assert app.test_client().get(first).status_code == 400
    assert accept(app, second)[1].status_code == 302


@pytest.mark.parametrize("password, confirm, message", [
    ("password123456", "password123456", "too common"),
    ("short one", "short one", "at least 12"),
    ("ingrid loves long walks", "ingrid loves long walks", "name, email or the clinic"),
    ("lantern orchard pebble river", "lantern orchard pebble rivet", "do not match"),
])
def test_password_policy_problems_are_form_errors(world, ingrid, app, password, confirm, message):
    path = invite(app, world, ingrid)
    c = app.test_client()
    response = c.post(path, data={"password": password, "confirm": confirm})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    # The link survives a refused password.
    assert c.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302


def test_a_client_with_a_login_gets_sign_in_help_instead(world, app, login_as):
    c = login_as(world.t1)
    response = c.post(f"/portal/invite/{world.c1.public_id}", follow_redirects=True)
    assert "Sign-in help sent." in response.get_data(as_text=True)
    [mail] = outbox_messages(app)
    assert mail.to == world.portal.email and "Reset your Knotwork password" in mail.subject
    path = link_path(mail)
    assert path.startswith("/password/reset/")
    assert app.test_client().get(path).status_code == 200
    assert audit_rows(app, action="portal.signin_help", client_id=world.c1.id)


@pytest.mark.parametrize("change, message", [
    ({"email": ""}, "Add the client's email address first."),
    ({"email": "t2@k.test"}, "already belongs to another Knotwork login"),
    ({"archived": True}, "Restore the client before inviting them."),
])
def test_an_invitation_that_cannot_be_sent_says_why(world, ingrid, app, login_as, change, message):
    with app.app_context():
        record = db.session.get(Client, ingrid.id)
        for key, value in change.items():
            setattr(record, key, value)
        db.session.commit()
    response = login_as(world.t1).post(f"/portal/invite/{ingrid.public_id}", follow_redirects=True)
    assert message in html.unescape(response.get_data(as_text=True))
    assert outbox_messages(app) == []


def test_invite_is_scoped_to_the_clinic_and_to_staff(world, ingrid, app):
    other = app.test_client()
    login(other, world.ot)
    assert other.post(f"/portal/invite/{ingrid.public_id}").status_code == 404
    portal = app.test_client()
    login(portal, world.portal)
    assert portal.post(f"/portal/invite/{ingrid.public_id}").status_code == 403
    assert outbox_messages(app) == []


def test_accepting_on_a_staff_tablet_signs_the_staff_member_out(world, ingrid, app):
    path = invite(app, world, ingrid)
    tablet = app.test_client()
    login(tablet, world.t2)
    assert "You are signed in as t2@k.test" in tablet.get(path).get_data(as_text=True)
    response = tablet.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.headers["Location"].endswith("/portal/")
    assert tablet.get("/clients/").status_code == 403  # now the client, not the therapist
    with app.app_context():
        row = db.session.scalars(select(LoginSession).where(
            LoginSession.user_id == world.t2.id)).one()
        assert row.revoked_reason == "logout"


def test_an_invited_client_session_idles_out_at_15_minutes(world, ingrid, app):
    with time_machine.travel(T0, tick=False) as traveller:
        path = invite(app, world, ingrid)
        c, _ = accept(app, path)
        traveller.move_to(T0 + timedelta(minutes=14, seconds=59))
        assert c.get("/portal/").status_code == 200
        traveller.move_to(T0 + timedelta(minutes=30, seconds=1))
        response = c.get("/portal/")
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ingrid@example.org"))
        row = db.session.scalars(select(LoginSession).where(LoginSession.user_id == user.id)).one()
        assert row.revoked_reason == "idle"


def test_an_invited_client_session_ends_after_4_hours_however_active(world, ingrid, app):
    with time_machine.travel(T0, tick=False) as traveller:
        c, _ = accept(app, invite(app, world, ingrid))
        moment = T0
        while moment < T0 + timedelta(hours=3, minutes=50):
            moment += timedelta(minutes=10)
            traveller.move_to(moment)
            assert c.get("/portal/").status_code == 200
        traveller.move_to(T0 + timedelta(hours=4, minutes=1))
        assert c.get("/portal/").status_code == 302
