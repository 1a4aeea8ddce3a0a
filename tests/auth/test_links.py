"""Links in mails come only from configuration, never from the request's Host (#13 item 1)."""
from __future__ import annotations

import pytest

from config import DevelopmentConfig, ProductionConfig
from tests.conftest import make_config
from tests.portal.mailbox import outbox_messages

EVIL = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}


def _as_evil_host(c):
    """Let the signed-in test client's cookie travel to requests with the forged Host too."""
    cookie = c.get_cookie("session")
    c.set_cookie("session", cookie.value, domain="evil.example")
    return c


def _only_link(mail) -> str:
    import re

    [link] = re.findall(r"https?://\S+", mail.body)
    return link


def test_a_reset_link_ignores_a_forged_host_without_public_url(world, app):
    """The probe: PUBLIC_URL unset and Host: evil.example put evil.example in the mail."""
    assert app.config["PUBLIC_URL"] == "http://localhost"
    app.test_client().post("/password/forgot", data={"email": world.t1.email}, headers=EVIL)
    [mail] = outbox_messages(app)
    assert _only_link(mail).startswith("http://localhost/password/reset/")
    assert "evil.example" not in mail.body


def test_a_portal_invitation_ignores_a_forged_host(world, app, login_as, make_client_record):
    record = make_client_record(world.t1, "Ingrid", "Halvorsen", email="ingrid@example.org")
    response = _as_evil_host(login_as(world.t1)).post(f"/portal/invite/{record.public_id}",
                                                      headers=EVIL)
    assert response.status_code == 302
    [mail] = outbox_messages(app)
    assert _only_link(mail).startswith("http://localhost/portal/accept/")


def test_a_new_staff_mail_ignores_a_forged_host(world, app, login_as):
    response = _as_evil_host(login_as(world.admin)).post("/admin/staff/new", headers=EVIL, data={
        "full_name": "Noor Haddad", "email": "noor@k.test", "role": "therapist"})
    assert response.status_code == 302
    [mail] = outbox_messages(app)
    assert _only_link(mail).startswith("http://localhost/password/reset/")


def test_links_use_a_configured_public_url(world, db_url, app_factory):
    app = app_factory(make_config(db_url, PUBLIC_URL="https://notes.clinic.example/"))
    app.test_client().post("/password/forgot", data={"email": world.t1.email}, headers=EVIL)
    [mail] = outbox_messages(app)
    assert _only_link(mail).startswith("https://notes.clinic.example/password/reset/")


def test_development_builds_links_from_its_configured_server_name(monkeypatch):
    from config import development_public_url

    monkeypatch.delenv("PUBLIC_URL", raising=False)
    monkeypatch.setenv("PORT", "8123")
    assert development_public_url() == "http://127.0.0.1:8123"
    monkeypatch.setenv("SERVER_HOST", "tablet-lab.local")
    assert development_public_url() == "http://tablet-lab.local:8123"
    monkeypatch.setenv("PUBLIC_URL", "https://notes.clinic.example")
    assert development_public_url() == "https://notes.clinic.example"
    assert DevelopmentConfig.PUBLIC_URL.startswith("http")


@pytest.mark.parametrize("url", [None, "", "http://notes.clinic.example", "notes.clinic.example",
                                 "https://", "https://notes.clinic.example/?x=1"])
def test_production_refuses_to_start_without_an_https_public_url(monkeypatch, url):
    from notes_app import create_app

    monkeypatch.setenv("SECRET_KEY", "Zx9-Qw7!Lm3#Rt5$" * 3)
    if url is None:
        monkeypatch.delenv("PUBLIC_URL", raising=False)
    else:
        monkeypatch.setenv("PUBLIC_URL", url)
    with pytest.raises(RuntimeError, match="PUBLIC_URL"):
        create_app(ProductionConfig)


def test_production_starts_with_an_https_public_url(monkeypatch, db_url, app_factory):
    monkeypatch.setenv("SECRET_KEY", "Zx9-Qw7!Lm3#Rt5$" * 3)
    monkeypatch.setenv("PUBLIC_URL", "https://notes.clinic.example/")
    app = app_factory(type("P", (ProductionConfig,), {"SQLALCHEMY_DATABASE_URI": db_url}))
    assert app.config["PUBLIC_URL"] == "https://notes.clinic.example"
