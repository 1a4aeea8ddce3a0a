"""Knotwork: session notes and client records for trigger-point massage therapists."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.engine import Engine

from notes_app.extensions import csrf, db, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_class=None) -> Flask:
    """Build the application from a config class (default: from KNOTWORK_ENV)."""
    from config import ProductionConfig, config_from_env

    config_class = config_class or config_from_env()
    if issubclass(config_class, ProductionConfig):
        config_class.check()
    app = Flask(__name__, template_folder=str(ROOT / "templates"),
                instance_path=str(ROOT / "instance"))
    app.config.from_object(config_class)
    Path(app.instance_path).mkdir(exist_ok=True)
    register_extensions(app)
    register_blueprints(app)
    register_web_layer(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the database, migrations, login manager and CSRF protection."""
    from notes_app import auditchain, models  # noqa: F401  (every table; the audit chain hook)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True,
                     compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.session_protection = None  # sessions are server-side rows (R-S1, R-S6)
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    from notes_app import i18n

    i18n.init_app(app)


def session_limits(user):
    """Return the idle/absolute limits for a user's kind of account (R-S3)."""
    from datetime import timedelta

    from notes_app.auth.services import SessionLimits

    cfg = current_app.config
    if user.role == "client":
        return SessionLimits(timedelta(minutes=cfg["CLIENT_IDLE_MINUTES"]),
                             timedelta(minutes=cfg["CLIENT_ABSOLUTE_MINUTES"]))
    return SessionLimits(timedelta(minutes=cfg["STAFF_IDLE_MINUTES"]),
                         timedelta(minutes=cfg["STAFF_ABSOLUTE_MINUTES"]))


def load_user(token: str):
    """Load the user behind a login-session token, or None when it expired or was revoked."""
    from notes_app.auth.services import load_session_user
    from notes_app.dbtypes import utcnow

    background = request.headers.get("X-Knotwork-Background") == "1"
    user = load_session_user(token, now=utcnow(), limits_for=session_limits, touch=not background)
    if db.session.dirty:
        # A revocation, or the once-a-minute touch: stored before the view's own transaction,
        # which may roll back; a request that changes nothing of the session writes nothing.
        g.bookkeeping_commits = g.get("bookkeeping_commits", 0) + 1
        db.session.commit()
    return user


def unauthorized():
    """Send pages to the login form and scripts a 401."""
    from flask import flash, jsonify, redirect, url_for

    from notes_app.web import wants_json

    if wants_json() or request.path.endswith(".json"):
        return jsonify(error="Not signed in", message="Sign in again to continue."), 401
    flash(_("Please sign in to continue."))
    target = request.full_path if request.method == "GET" else None
    return redirect(url_for("auth.login", next=target.rstrip("?") if target else None))


BLUEPRINTS = (
    "notes_app.auth.views",
    "notes_app.auth.twofactor_views",
    "notes_app.clients.views",
    "notes_app.intake.views",
    "notes_app.sessions.views",
    "notes_app.aftercare.views",
    "notes_app.portal.views",
    "notes_app.admin.views",
    "notes_app.i18n.views",
    "notes_app.records.views",
)


def register_blueprints(app: Flask) -> None:
    """Attach every feature's blueprint."""
    from importlib import import_module

    for module in BLUEPRINTS:
        app.register_blueprint(import_module(module).bp)


def register_web_layer(app: Flask) -> None:
    """Install security headers, error pages and the health check."""
    from notes_app.edge import register_edge
    from notes_app.web import register_web

    register_web(app)
    register_edge(app)


def register_commands(app: Flask) -> None:
    """Add the `flask users` and `flask demo` command groups."""
    from notes_app import demo_scale  # noqa: F401  (adds `flask demo scale`)
    from notes_app.auditverify import audit_cli
    from notes_app.auth.cli import users_cli
    from notes_app.backup.cli import backup_cli
    from notes_app.demo import demo_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(backup_cli)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):  # noqa: ARG001
    # R-L2: WAL for concurrent readers, FULL so a "saved" note survives power loss,
    # foreign keys (off by default in SQLite) and a busy timeout instead of instant errors.
    import sqlite3

    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
    # Let SQLAlchemy emit BEGIN itself, so writes can take the lock up front (below).
    dbapi_connection.isolation_level = None


@event.listens_for(Engine, "begin")
def _sqlite_begin_immediate(conn):
    # A deferred transaction that later writes can fail at once with "database is locked";
    # BEGIN IMMEDIATE waits for the write lock (busy_timeout) instead.
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
