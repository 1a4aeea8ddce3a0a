"""Route policy, CSRF, headers, errors and size limits (R-Z1–R-Z3, R-W1, R-W2, R-W4, R-E1)."""
from __future__ import annotations

import re

import pytest
from flask import Flask

from notes_app.extensions import db
from tests.conftest import login, make_config

PUBLIC_ENDPOINTS = {"auth.login", "healthz", "static", "auth.forgot", "auth.reset",
                    "portal.accept", "twofactor.code"}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def routes(app: Flask):
    """Yield (endpoint, rule, method) for every route except HEAD/OPTIONS."""
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, rule, method


def build(rule, value="x") -> str:
    """Fill every converter of a rule with a dummy value."""
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", value, rule.rule)


def object_routes(app: Flask):
    """Yield routes that address a client (or a client's record) by id."""
    for endpoint, rule, method in routes(app):
        if "client_id" in rule.arguments:
            yield endpoint, rule, method


def test_every_route_declares_a_policy(app):
    for endpoint, view in app.view_functions.items():
        if endpoint == "static":
            continue
        assert getattr(view, "access_policy", None), f"{endpoint} has no @policy"


def test_anonymous_visitor_is_refused_everywhere(app):
    c = app.test_client()
    for endpoint, rule, method in routes(app):
        if endpoint in PUBLIC_ENDPOINTS:
            continue
        response = c.open(build(rule), method=method)
        assert response.status_code in (302, 401), (endpoint, method, response.status_code)
        if response.status_code == 302:
            assert "/login" in response.headers["Location"], endpoint


def test_json_callers_get_401_not_a_redirect(app):
    c = app.test_client()
    response = c.get("/clients/", headers={"Accept": "application/json"})
    assert response.status_code == 401 and response.is_json


def test_client_login_is_refused_on_staff_routes(world, app):
    c = app.test_client()
    login(c, world.portal)
    for endpoint, rule, method in routes(app):
        if endpoint in PUBLIC_ENDPOINTS or endpoint.split(".")[0] in ("portal", "auth"):
            continue
        response = c.open(build(rule, world.c1.public_id), method=method)
        assert response.status_code in (403, 404), (endpoint, method, response.status_code)


def test_another_clinics_therapist_gets_404_on_every_object_route(world, app):
    from tests.conftest import audit_rows

    c = app.test_client()
    login(c, world.ot)
    seen = 0
    for endpoint, rule, method in object_routes(app):
        response = c.open(build(rule, world.c1.public_id), method=method)
        assert response.status_code == 404, (endpoint, method, response.status_code)
        seen += 1
    assert seen >= 4
    denied = audit_rows(app, actor_id=world.ot.id, outcome="denied")
    assert len(denied) == seen and all(row.object_id == world.c1.public_id for row in denied)


def test_404_for_a_missing_id_looks_like_404_for_a_foreign_one(world, login_as):
    c = login_as(world.t1)
    foreign = c.get(f"/clients/{world.x.public_id}")
    missing = c.get("/clients/doesnotexist")
    assert foreign.status_code == missing.status_code == 404
    strip = lambda r: re.sub(r"<code>[0-9a-f]+</code>", "", r.get_data(as_text=True))  # noqa: E731
    assert strip(foreign) == strip(missing)


def test_posts_without_a_csrf_token_change_nothing(world, db_url, app_factory):
    from notes_app.clients.models import Client

    app = app_factory(make_config(db_url, WTF_CSRF_ENABLED=True))
    c = app.test_client()
    page = c.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert c.post("/login", data={"email": world.t1.email, "password": "x" * 12}).status_code == 400
    response = c.post("/login", data={"email": world.t1.email,
                                      "password": "correct horse battery staple",
                                      "csrf_token": token})
    assert response.status_code == 302
    before = None
    with app.app_context():
        before = db.session.get(Client, world.c1.id).last_name
    for endpoint, rule, method in routes(app):
        if method in UNSAFE and endpoint != "auth.login":
            url = build(rule, world.c1.public_id)
            response = c.open(url, method=method, data={"last_name": "Changed", "first_name": "X"})
            assert response.status_code == 400, (endpoint, response.status_code)
    with app.app_context():
        assert db.session.get(Client, world.c1.id).last_name == before
    assert c.get("/clients/").status_code == 200  # still signed in: the logout POST was refused


def test_security_headers_on_every_page(world, login_as, app):
    c = login_as(world.t1)
    pages = ["/clients/", f"/clients/{world.c1.public_id}", "/clients/new", "/account/password",
             "/login", "/healthz", "/nope"]
    for url in pages:
        response = c.get(url)
        csp = response.headers["Content-Security-Policy"]
        for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'",
                          "frame-ancestors 'none'", "form-action 'self'"):
            assert directive in csp, (url, directive)
        assert "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Cache-Control"] == "no-store"
        assert "Strict-Transport-Security" not in response.headers


def test_templates_carry_no_inline_script_or_style():
    from pathlib import Path

    # Resolved from this file, so the scan is not empty when pytest runs from another directory.
    paths = sorted((Path(__file__).resolve().parents[1] / "templates").rglob("*.html"))
    assert len(paths) > 20
    for path in paths:
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path
        assert " style=" not in text and "<style" not in text, path
        assert "|safe" not in text, path


def test_production_sends_hsts_and_secure_cookie(db_url, monkeypatch, app_factory):
    from config import ProductionConfig

    monkeypatch.setenv("SECRET_KEY", "k" * 20 + "0123456789abcdefghijkl")

    monkeypatch.setenv("PUBLIC_URL", "https://notes.clinic.example")
    cfg = type("P", (ProductionConfig,), {"SQLALCHEMY_DATABASE_URI": db_url,
                                          "ARGON2_PARAMS": {"time_cost": 1, "memory_cost": 1024,
                                                            "parallelism": 1}})
    app = app_factory(cfg)
    response = app.test_client().get("/login")
    assert "max-age=31536000; includeSubDomains" in response.headers["Strict-Transport-Security"]
    assert app.config["SESSION_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"


def test_error_page_leaks_nothing(db_url, app_factory):
    from notes_app.access import PUBLIC, policy

    app = app_factory(make_config(db_url, TESTING=False))

    @policy(PUBLIC)
    def boom():
        raise RuntimeError("SELECT secret FROM sqlalchemy traceback")

    app.add_url_rule("/boom", "boom", boom)
    response = app.test_client().get("/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    for leak in ("Traceback", "sqlalchemy", "SELECT", 'File "', app.config["SECRET_KEY"]):
        assert leak not in body
    assert response.headers["X-Request-Id"] in body


def test_oversized_body_gets_413(world, login_as):
    c = login_as(world.t1)
    response = c.post("/clients/new", data={"address": "x" * (2 * 1024 * 1024 + 1)})
    assert response.status_code == 413


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_unsupported_methods_get_405(world, login_as, method):
    c = login_as(world.t1)
    assert c.open(f"/clients/{world.c1.public_id}", method=method).status_code == 405


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}
