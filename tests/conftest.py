"""Shared fixtures: the app, a clean database per test, factories and login helpers."""
from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from config import TestingConfig
from notes_app import create_app
from notes_app.extensions import db

# Feature fixtures shared across test folders, registered as plugins rather than imported.
pytest_plugins = ["tests.fixtures.intake", "tests.fixtures.sessions", "tests.fixtures.aftercare",
                  "tests.fixtures.portal"]

PASSWORD = "correct horse battery staple"


def database_url(tmp_dir) -> str:
    """Return the database the suite runs on: DATABASE_URL, else a SQLite file."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_dir / 'test.sqlite'}"


def make_config(url: str, **overrides):
    """Return a TestingConfig subclass pointed at url with overrides."""
    return type("SuiteConfig", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": url, **overrides})


@pytest.fixture(scope="session")
def db_url(tmp_path_factory):
    """Yield the suite's database URL; on PostgreSQL a schema of its own, dropped afterwards."""
    url = database_url(tmp_path_factory.mktemp("db"))
    if not url.startswith("postgresql"):
        yield url
        return
    import uuid

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    # Concurrent runs (CI, several developers) share one database: each gets its own schema.
    schema = f"kw_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def _app(db_url):
    app = create_app(make_config(db_url))
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        db.create_all()
    yield app
    with app.app_context():
        # PostgreSQL waits forever on drop_all while a session holds a transaction.
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def wipe(app) -> None:
    """Delete every row so the next test starts from an empty database."""
    with app.app_context():
        db.session.remove()
        tables = list(reversed(db.metadata.sorted_tables))
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(t.name for t in tables)
            db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()


# Requests that committed more than once (#10: one commit per request), filled by the listener.
EXTRA_COMMITS: list[str] = []


def _count_commit(session) -> None:
    from flask import g, has_request_context, request

    if not has_request_context() or session.in_nested_transaction():
        return  # a SAVEPOINT released inside the request's transaction is not a commit
    g.test_commits = g.get("test_commits", 0) + 1
    # load_user's session touch and the refusal writer are counted apart (bookkeeping_commits).
    if g.test_commits - g.get("bookkeeping_commits", 0) > 1:
        EXTRA_COMMITS.append(f"{request.method} {request.url_rule or request.path}")


@pytest.fixture(scope="session", autouse=True)
def _one_commit_per_request():
    """Fail the test that made a request commit twice."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    event.listen(Session, "after_commit", _count_commit)
    yield
    event.remove(Session, "after_commit", _count_commit)


@pytest.fixture
def app(_app):
    """The application with an empty database, wiped again afterwards."""
    EXTRA_COMMITS.clear()
    yield _app
    wipe(_app)
    assert not EXTRA_COMMITS, f"requests that committed more than once: {EXTRA_COMMITS}"


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_clinic(app):
    """Return a factory that creates a clinic and returns its ids."""
    from notes_app.auth.models import Clinic

    def make(name="Test Clinic", **kw):
        with app.app_context():
            clinic = Clinic(name=name, **kw)
            db.session.add(clinic)
            db.session.commit()
            return SimpleNamespace(id=clinic.id, name=clinic.name, public_id=clinic.public_id)
    return make


@pytest.fixture
def make_user(app):
    """Return a factory that creates an account (password PASSWORD unless given)."""
    from notes_app.auth import services
    from notes_app.auth.models import Clinic

    def make(clinic, email, role="therapist", full_name="Test Person", password=PASSWORD):
        with app.app_context():
            user = services.create_user(clinic=db.session.get(Clinic, clinic.id), email=email,
                                        full_name=full_name, role=role, password=password,
                                        check_policy=False)
            db.session.commit()
            return SimpleNamespace(id=user.id, email=user.email, role=role, clinic_id=clinic.id,
                                   public_id=user.public_id, password=password)
    return make


@pytest.fixture
def make_client_record(app):
    """Return a factory that creates a client record in a clinic via the service."""
    from datetime import date

    from notes_app.auth.models import User
    from notes_app.clients import services

    def make(actor, first_name="Ada", last_name="Lovelace", date_of_birth=date(1985, 12, 10), **kw):
        with app.app_context():
            data = {"first_name": first_name, "last_name": last_name,
                    "date_of_birth": date_of_birth, "preferred_name": "", "phone": "",
                    "email": "", "address": "", "occupation": "", "emergency_name": "",
                    "emergency_relationship": "", "emergency_phone": ""}
            data.update(kw)
            record = services.create_client(db.session.get(User, actor.id), data,
                                            confirm_duplicate=True)
            db.session.commit()
            return SimpleNamespace(id=record.id, public_id=record.public_id,
                                   clinic_id=record.clinic_id, first_name=first_name,
                                   last_name=last_name)
    return make


@pytest.fixture
def world(make_clinic, make_user, make_client_record, app):
    """Two clinics: K (admin, two therapists, two clients, one portal login) and Other."""
    from notes_app.clients.models import Client

    k = make_clinic("Kelp Street Clinic")
    other = make_clinic("Other Side Clinic")
    w = SimpleNamespace(clinic=k, other_clinic=other)
    w.admin = make_user(k, "admin@k.test", "admin", "Ana Admin")
    w.t1 = make_user(k, "t1@k.test", "therapist", "Tom One")
    w.t2 = make_user(k, "t2@k.test", "therapist", "Tia Two")
    w.ot = make_user(other, "ot@other.test", "therapist", "Otto Other")
    w.c1 = make_client_record(w.t1, "Zoë", "Kowalczyk", phone="+44 7700 900123",
                              email="zoe@example.org")
    w.c2 = make_client_record(w.t2, "Siobhán", "O'Sullivan")
    w.x = make_client_record(w.ot, "Xavier", "Elsewhere")
    w.portal = make_user(k, "c1@k.test", "client", "Zoë Kowalczyk")
    with app.app_context():
        db.session.get(Client, w.c1.id).portal_user_id = w.portal.id
        db.session.commit()
    return w


def login(test_client, user_or_email, password=PASSWORD, next_url=None):
    """Sign a test client in and return the response."""
    email = getattr(user_or_email, "email", user_or_email)
    url = "/login" + (f"?next={next_url}" if next_url else "")
    return test_client.post(url, data={"email": email, "password": password})


@pytest.fixture
def login_as(client):
    """Return a function that signs the test client in as a user."""
    def do(user):
        response = login(client, user)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client
    return do


def audit_rows(app, **filters):
    """Return audit events matching column filters."""
    from sqlalchemy import select

    from notes_app.audit import AuditEvent

    with app.app_context():
        stmt = select(AuditEvent).filter_by(**filters).order_by(AuditEvent.id)
        return [SimpleNamespace(**{c.name: getattr(e, c.name) for c in AuditEvent.__table__.c})
                for e in db.session.scalars(stmt)]


@pytest.fixture
def app_factory():
    """Return a function building extra apps (other configs); their pools close afterwards."""
    built = []

    def build(config_class):
        extra = create_app(config_class)
        built.append(extra)
        return extra

    yield build
    for extra in built:
        with extra.app_context():
            db.session.remove()
            db.engine.dispose()
