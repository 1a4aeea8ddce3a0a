"""Configuration safety checks and the demo seed."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from config import DEV_SECRET, ProductionConfig
from notes_app.auth.models import Clinic, User
from notes_app.clients.models import Client
from notes_app.extensions import db
from tests.conftest import login


@pytest.mark.parametrize("secret", [None, "", DEV_SECRET, "short", "a" * 40])
def test_production_refuses_missing_or_weak_secret(monkeypatch, secret):
    from notes_app import create_app

    if secret is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def test_deploy_checks(monkeypatch, db_url, app_factory):

    monkeypatch.setenv("SECRET_KEY", "Zx9-Qw7!Lm3#Rt5$" * 3)

    monkeypatch.setenv("PUBLIC_URL", "https://notes.clinic.example")
    cfg = type("P", (ProductionConfig,), {"SQLALCHEMY_DATABASE_URI": db_url})
    app = app_factory(cfg)
    assert not app.debug and not app.config["SQLALCHEMY_ECHO"]
    assert app.config.get("PROPAGATE_EXCEPTIONS") is not True
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024


def test_demo_seed_is_refused_in_production(monkeypatch, db_url, app_factory):

    monkeypatch.setenv("SECRET_KEY", "Zx9-Qw7!Lm3#Rt5$" * 3)

    monkeypatch.setenv("PUBLIC_URL", "https://notes.clinic.example")
    app = app_factory(type("P", (ProductionConfig,), {"SQLALCHEMY_DATABASE_URI": db_url}))
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code != 0 and "refused" in result.output


def test_demo_seed_is_idempotent_and_complete(app, runner):
    for _ in range(2):
        result = runner.invoke(args=["demo", "seed"])
        assert result.exit_code == 0, result.output
    with app.app_context():
        harbour = db.session.scalar(select(Clinic).where(Clinic.name == "Harbour Street Massage"))
        north = db.session.scalar(select(Clinic).where(Clinic.name == "Northside Bodywork"))
        count = lambda clinic: db.session.scalar(  # noqa: E731
            select(func.count()).select_from(Client).where(Client.clinic_id == clinic.id))
        assert count(harbour) >= 8 and count(north) >= 2
        names = " ".join(c.full_name for c in db.session.scalars(select(Client)))
        for needle in ("ë", "ł", "á", "'"):
            assert needle in names
        roles = {u.email: u.role for u in db.session.scalars(select(User))}
        assert roles["admin@demo.test"] == "admin"
        assert roles["therapist@demo.test"] == roles["therapist2@demo.test"] == "therapist"
        assert roles["other-therapist@demo.test"] == "therapist"
        assert roles["client@demo.test"] == roles["client2@demo.test"] == "client"
        linked = db.session.scalars(select(Client).where(Client.portal_user_id.is_not(None))).all()
        assert len(linked) == 2


def test_every_demo_login_works(app, runner):
    runner.invoke(args=["demo", "seed"])
    for email in ("admin@demo.test", "therapist@demo.test", "therapist2@demo.test",
                  "other-therapist@demo.test", "client@demo.test", "client2@demo.test"):
        assert login(app.test_client(), email, "knotwork-demo").status_code == 302, email
