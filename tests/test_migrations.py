"""Migrations: upgrade an empty database, no drift, down to base and up again (R-L5)."""
from __future__ import annotations

import os
import uuid

import pytest
from flask_migrate import check, downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from notes_app import create_app
from notes_app.extensions import db
from tests.conftest import make_config


@pytest.fixture
def empty_database(tmp_path):
    """Yield the URL of a brand-new empty database of the suite's kind, then drop it."""
    url = os.environ.get("DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrate.sqlite'}"
        return
    name = f"knotwork_migrate_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_check_downgrade_upgrade(empty_database):
    app = create_app(make_config(empty_database))
    with app.app_context():
        try:
            _round_trip()
        finally:
            db.session.remove()
            db.engine.dispose()


def _round_trip() -> None:
    """Upgrade, compare with the models, downgrade to nothing and upgrade again."""
    upgrade()
    tables = set(inspect(db.engine).get_table_names())
    assert {"clinics", "users", "clients", "login_sessions", "audit_events"} <= tables
    check()  # raises if the models and the migrations disagree
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert {"clients", "audit_events"} <= set(inspect(db.engine).get_table_names())


def test_sqlite_connections_use_the_durable_pragmas(tmp_path):
    app = create_app(make_config(f"sqlite:///{tmp_path / 'p.sqlite'}"))
    with app.app_context():
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        db.engine.dispose()


def test_migrations_have_a_single_head():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from notes_app import ROOT

    config = Config(str(ROOT / "migrations" / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    # `flask db upgrade` (make run, deployments) needs exactly one head.
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_portal_logins_take_their_client_records_language(empty_database):
    from datetime import date

    from notes_app.auth.models import Clinic, User
    from notes_app.clients.models import Client

    app = create_app(make_config(empty_database))
    with app.app_context():
        try:
            # The revision only moves data, so the models match the schema just before it.
            upgrade(revision="815aa4037395")
            clinic = Clinic(name="K")
            db.session.add(clinic)
            db.session.flush()
            logins = [User(clinic_id=clinic.id, email=f"u{n}@k.test", full_name="X", role=role,
                           password_hash="h", language="en")
                      for n, role in enumerate(("client", "client", "therapist"))]
            db.session.add_all(logins)
            db.session.flush()
            db.session.add(Client(clinic_id=clinic.id, first_name="A", last_name="B",
                                  date_of_birth=date(1980, 1, 1), preferred_language="fr",
                                  portal_user_id=logins[0].id))
            db.session.commit()
            ids = [u.id for u in logins]
            db.session.remove()
            upgrade()
            with db.engine.connect() as conn:
                languages = dict(conn.execute(text("SELECT id, language FROM users")).all())
            # The client's login follows its record; a login without one and staff are untouched.
            assert [languages[i] for i in ids] == ["fr", "en", "en"]
        finally:
            db.session.remove()
            db.engine.dispose()
