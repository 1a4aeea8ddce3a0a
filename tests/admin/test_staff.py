"""Admin people pages: who may enter, add a therapist, disable, revoke (R-Z2, R-S5)."""
from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from notes_app.auth.models import User
from notes_app.extensions import db
from tests.conftest import audit_rows, login
from tests.portal.mailbox import link_path, outbox_messages

ADMIN_PAGES = ("/admin/", "/admin/staff/new", "/admin/audit", "/admin/audit.csv", "/admin/outbox")
NEW_PASSWORD = "lantern orchard pebble river"


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_pages_refuse_everyone_but_admins(world, app, url):
    anonymous = app.test_client().get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    for who, expected in (("t1", 403), ("portal", 403), ("admin", 200)):
        c = app.test_client()
        login(c, getattr(world, who))
        assert c.get(url).status_code == expected, (who, url)


def test_admin_nav_link_is_shown_to_admins_only(world, app):
    for who, shown in (("admin", True), ("t1", False)):
        c = app.test_client()
        login(c, getattr(world, who))
        assert ('href="/admin/"' in c.get("/clients/").get_data(as_text=True)) is shown


def test_people_page_lists_this_clinics_staff_only(world, login_as):
    body = login_as(world.admin).get("/admin/").get_data(as_text=True)
    assert "Tom One" in body and "Tia Two" in body and "Ana Admin" in body
    assert "Otto Other" not in body and "Zoë" not in body and "c1@k.test" not in body


def test_adding_a_therapist_mails_a_link_to_choose_a_password(world, app, login_as):
    c = login_as(world.admin)
    response = c.post("/admin/staff/new", data={"full_name": "Noor Haddad",
                                                "email": "Noor@K.test", "role": "therapist"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "noor@k.test"))
        assert (user.role, user.clinic_id) == ("therapist", world.clinic.id)
        assert not user.is_disabled
    body = c.get("/admin/").get_data(as_text=True)
    assert "Noor Haddad" in body and "Invited" in body and "Resend link" in body
    [mail] = outbox_messages(app)
    assert mail.to == "noor@k.test" and "Your Knotwork account" in mail.subject
    path = link_path(mail)
    assert path.startswith("/password/reset/")
    assert "Choose your password" in app.test_client().get(path).get_data(as_text=True)
    done = app.test_client().post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")
    assert login(app.test_client(), "noor@k.test", NEW_PASSWORD).status_code == 302
    assert "Invited" not in c.get("/admin/").get_data(as_text=True)
    actions = [r.action for r in audit_rows(app, object_type="user", object_id=str(user.id))]
    assert {"user.create", "user.invite", "user.activate"} <= set(actions)


def test_resending_a_staff_link_voids_the_first(world, app, login_as):
    c = login_as(world.admin)
    c.post("/admin/staff/new", data={"full_name": "Noor Haddad", "email": "noor@k.test",
                                     "role": "therapist"})
    with app.app_context():
        pid = db.session.scalar(select(User.public_id).where(User.email == "noor@k.test"))
    assert c.post(f"/admin/staff/{pid}/resend").status_code == 302
    first, second = (link_path(m) for m in outbox_messages(app))
    assert app.test_client().get(first).status_code == 400
    assert app.test_client().get(second).status_code == 200


@pytest.mark.parametrize("data, message", [
    ({"full_name": "Tom Again", "email": "t1@k.test", "role": "therapist"}, "already exists"),
    ({"full_name": "", "email": "x@k.test", "role": "therapist"}, "This field is required."),
    ({"full_name": "Bad Role", "email": "x@k.test", "role": "client"}, "Not a valid choice"),
])
def test_adding_staff_shows_problems_as_form_errors(world, app, login_as, data, message):
    response = login_as(world.admin).post("/admin/staff/new", data=data)
    assert response.status_code == 200 and message in html.unescape(response.get_data(as_text=True))
    assert outbox_messages(app) == []


def test_disabling_a_therapist_ends_their_session_at_once(world, app, login_as):
    tablet = app.test_client()
    login(tablet, world.t1)
    assert tablet.get("/clients/").status_code == 200
    c = login_as(world.admin)
    assert c.post(f"/admin/staff/{world.t1.public_id}/disable").status_code == 302
    assert tablet.get("/clients/").status_code == 302
    assert login(app.test_client(), world.t1).status_code == 200  # refused, generic answer
    assert "Disabled" in c.get("/admin/").get_data(as_text=True)
    assert c.post(f"/admin/staff/{world.t1.public_id}/enable").status_code == 302
    assert login(app.test_client(), world.t1).status_code == 302
    assert audit_rows(app, action="user.disable", actor_id=world.admin.id)
    assert audit_rows(app, action="user.enable", actor_id=world.admin.id)


def test_an_admin_cannot_disable_themselves(world, app, login_as):
    c = login_as(world.admin)
    page = c.post(f"/admin/staff/{world.admin.public_id}/disable", follow_redirects=True)
    assert "You cannot disable your own account." in page.get_data(as_text=True)
    assert c.get("/admin/").status_code == 200


def test_revoking_signs_a_user_out_on_every_device(world, app, login_as):
    tablet, phone = app.test_client(), app.test_client()
    login(tablet, world.t2)
    login(phone, world.t2)
    c = login_as(world.admin)
    assert "2 signed-in devices" in c.get("/admin/").get_data(as_text=True)
    c.post(f"/admin/staff/{world.t2.public_id}/revoke")
    assert tablet.get("/clients/").status_code == 302 and phone.get("/clients/").status_code == 302
    assert login(app.test_client(), world.t2).status_code == 302  # the account itself still works
    assert audit_rows(app, action="user.revoke_sessions", object_id=str(world.t2.id))


def test_revoking_your_own_sessions_keeps_this_one(world, app, login_as):
    other_device = app.test_client()
    login(other_device, world.admin)
    c = login_as(world.admin)
    c.post(f"/admin/staff/{world.admin.public_id}/revoke")
    assert c.get("/admin/").status_code == 200
    assert other_device.get("/admin/").status_code == 302


def test_another_clinics_admin_gets_404_on_this_clinics_people(world, app, make_user):
    other_admin = make_user(world.other_clinic, "oa@other.test", "admin", "Olga Other")
    c = app.test_client()
    login(c, other_admin)
    for action in ("disable", "enable", "revoke", "resend"):
        assert c.post(f"/admin/staff/{world.t1.public_id}/{action}").status_code == 404
    # Client logins are not managed here either.
    own = app.test_client()
    login(own, world.admin)
    assert own.post(f"/admin/staff/{world.portal.public_id}/disable").status_code == 404
    with app.app_context():
        assert not db.session.get(User, world.t1.id).is_disabled
    assert len(audit_rows(app, actor_id=other_admin.id, outcome="denied")) == 4


def test_disabling_voids_links_mailed_before(world, app, login_as):
    c = login_as(world.admin)
    c.post("/admin/staff/new", data={"full_name": "Noor Haddad", "email": "noor@k.test",
                                     "role": "therapist"})
    path = link_path(outbox_messages(app)[-1])
    with app.app_context():
        pid = db.session.scalar(select(User.public_id).where(User.email == "noor@k.test"))
    c.post(f"/admin/staff/{pid}/disable")
    c.post(f"/admin/staff/{pid}/enable")
    assert app.test_client().get(path).status_code == 400
