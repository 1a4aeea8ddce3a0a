"""Portal isolation and layout, and the mail interface (issue 7 §1 and §6)."""
from __future__ import annotations

import pytest
from werkzeug.exceptions import NotFound

from notes_app.auth.models import User
from notes_app.extensions import db
from notes_app.mail import SMTP_BODY_PLACEHOLDER, send_mail
from notes_app.portal import services
from tests.conftest import login, make_config
from tests.portal.mailbox import link_path, outbox_messages


def test_portal_home_shows_the_clients_own_record_only(world, login_as):
    response = login_as(world.portal).get("/portal/")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Hello, Zoë" in body and "Kelp Street Clinic" in body
    for other in ("Siobhán", "O&#39;Sullivan", "Xavier", "Other Side Clinic"):
        assert other not in body


def test_portal_layout_has_no_staff_navigation(world, login_as):
    body = login_as(world.portal).get("/portal/").get_data(as_text=True)
    assert 'class="portal-bar"' in body and "Sign out" in body
    assert "mainnav" not in body and 'href="/clients/"' not in body and "/admin" not in body


def test_a_client_login_without_a_client_record_gets_404(world, make_user, login_as):
    stray = make_user(world.clinic, "stray@k.test", "client", "Stray Login")
    assert login_as(stray).get("/portal/").status_code == 404


def test_a_login_linked_to_another_clinics_record_gets_404(world, make_user, app):
    from notes_app.clients.models import Client

    crossed = make_user(world.clinic, "crossed@k.test", "client", "Crossed Wires")
    with app.app_context():
        db.session.get(Client, world.x.id).portal_user_id = crossed.id
        db.session.commit()
    c = app.test_client()
    login(c, crossed)
    assert c.get("/portal/").status_code == 404


def test_current_client_belongs_to_the_signed_in_login(world, app):
    with app.app_context():
        portal_user = db.session.get(User, world.portal.id)
        assert services.client_of(portal_user).id == world.c1.id
        with pytest.raises(NotFound):
            services.client_of(db.session.get(User, world.t1.id))


@pytest.mark.parametrize("who", ["t1", "admin"])
def test_staff_are_refused_on_the_portal(world, login_as, who):
    assert login_as(getattr(world, who)).get("/portal/").status_code == 403


def test_client_logins_are_refused_on_staff_and_admin_pages(world, login_as):
    c = login_as(world.portal)
    for url in ("/clients/", f"/clients/{world.c1.public_id}", "/admin/", "/admin/audit",
                "/admin/outbox", "/admin/audit.csv"):
        assert c.get(url).status_code == 403, url
    assert c.post(f"/portal/invite/{world.c2.public_id}").status_code == 403


def test_mail_without_smtp_goes_to_the_outbox(app):
    with app.app_context():
        send_mail("someone@example.org", "Hello", "Body with a link", clinic_id=None)
        db.session.commit()
    [mail] = outbox_messages(app)
    assert (mail.to, mail.subject, mail.body, mail.sent_via) == (
        "someone@example.org", "Hello", "Body with a link", "outbox")


class FakeSMTP:
    """Stands in for smtplib.SMTP and remembers what it was asked to send."""

    sent: list = []
    fail = False

    def __init__(self, host, port, timeout=None):
        self.host, self.port = host, port

    def __enter__(self):
        if FakeSMTP.fail:
            raise OSError("connection refused")
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, username, password):
        pass

    def send_message(self, message):
        FakeSMTP.sent.append(message)


@pytest.fixture
def smtp_app(world, db_url, app_factory, monkeypatch):
    """An app configured for SMTP, with the SMTP client replaced by FakeSMTP."""
    import notes_app.mail

    FakeSMTP.sent, FakeSMTP.fail = [], False
    monkeypatch.setattr(notes_app.mail.smtplib, "SMTP", FakeSMTP)
    return app_factory(make_config(db_url, MAIL_SERVER="smtp.example.org", MAIL_PORT=2525,
                                   MAIL_FROM="clinic@example.org"))


def test_smtp_delivers_and_the_outbox_keeps_no_live_link(world, smtp_app, make_client_record):
    response = smtp_app.test_client().post("/password/forgot", data={"email": world.t1.email})
    assert response.status_code == 200 and FakeSMTP.sent == []
    response.close()  # the reset mail goes out only after the answer has been sent
    [message] = FakeSMTP.sent
    assert message["To"] == world.t1.email and message["From"] == "clinic@example.org"
    assert "/password/reset/" in message.get_content()
    [row] = outbox_messages(smtp_app)
    assert row.sent_via == "smtp" and row.body == SMTP_BODY_PLACEHOLDER


def test_a_refused_smtp_delivery_is_reported_to_staff(world, smtp_app, make_client_record):
    record = make_client_record(world.t1, "Ingrid", "Brønstad", email="ingrid@example.org")
    FakeSMTP.fail = True
    c = smtp_app.test_client()
    login(c, world.t1)
    page = c.post(f"/portal/invite/{record.public_id}", follow_redirects=True)
    assert "The mail server did not accept the message." in page.get_data(as_text=True)
    assert [m.sent_via for m in outbox_messages(smtp_app)] == ["smtp-failed"]


def test_every_portal_link_in_a_mail_resolves(world, app, login_as, make_client_record):
    record = make_client_record(world.t1, "Ingrid", "Brønstad", email="ingrid@example.org")
    login_as(world.t1).post(f"/portal/invite/{record.public_id}")
    app.test_client().post("/password/forgot", data={"email": world.t2.email})
    for mail in outbox_messages(app):
        assert app.test_client().get(link_path(mail)).status_code == 200
