"""Build (once) and find the scale databases the page benchmark runs on.

A SQLite file under instance/bench/, or a PostgreSQL schema, per size; the name carries a hash of
the builder's sources, so changed data builds afresh. A reused database is migrated to the
current head first, so new indexes and tables (with their data migrations) apply to it.
"""
from __future__ import annotations

import hashlib
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from config import DevelopmentConfig  # noqa: E402

CACHE_DIR = ROOT / "instance" / "bench"
# What decides the built rows; schema changes are applied to a cached database by migrating it.
KEY_SOURCES = ("notes_app/demo_scale.py", "notes_app/demo_scale_visits.py",
               "notes_app/demo_scale_names.py", "notes_app/sessions/demo.py",
               "notes_app/intake/demo.py")


@dataclass(frozen=True)
class Size:
    """One data-set size: clients and average visits per client."""

    clients: int
    visits: int

    @property
    def label(self) -> str:
        def short(n: int) -> str:
            return f"{n / 1000:g}k" if n >= 1000 else str(n)
        return f"{short(self.clients)}/{short(self.clients * self.visits)}"

    @classmethod
    def parse(cls, spec: str) -> Size:
        clients, visits = spec.lower().split("x")
        return cls(int(clients), int(visits))


def bench_config(url: str):
    """Return a development config on url, without CSRF and with cheap hashing (bench only)."""
    return type("BenchConfig", (DevelopmentConfig,), {
        "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
        "ARGON2_PARAMS": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1},
        "STAFF_IDLE_MINUTES": 600, "CLIENT_IDLE_MINUTES": 240})


def source_key() -> str:
    """Return a short hash of what decides the built data: migrations and builders."""
    digest = hashlib.sha256()
    for name in KEY_SOURCES:
        path = ROOT / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.name.encode() + file.read_bytes())
    return digest.hexdigest()[:10]


def _scoped(url: str, schema: str) -> str:
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return scoped.render_as_string(hide_password=False)


def _migrate(url: str) -> None:
    from flask_migrate import upgrade

    from notes_app import create_app
    from notes_app.extensions import db

    app = create_app(bench_config(url))
    with app.app_context():
        upgrade()
        logging.getLogger("alembic").setLevel(logging.WARNING)
        db.session.remove()
        db.engine.dispose()


def _build(url: str, size: Size) -> None:
    from flask_migrate import upgrade

    from notes_app import create_app
    from notes_app.demo_scale import build_scale
    from notes_app.extensions import db

    app = create_app(bench_config(url))
    started = time.perf_counter()
    with app.app_context():
        upgrade()
        logging.getLogger("alembic").setLevel(logging.WARNING)
        build_scale(clients=size.clients, visits_per_client=size.visits)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    print(f"  built {size.label} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def database_for(size: Size, postgres_url: str | None = None) -> str:
    """Return the URL of a built scale database of this size (SQLite, or a PostgreSQL schema)."""
    key = f"scale_{size.clients}x{size.visits}_{source_key()}"
    if postgres_url is None:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        path = CACHE_DIR / f"{key}.sqlite"
        if not path.exists():
            partial = path.with_suffix(".partial")
            for stale in CACHE_DIR.glob(f"scale_{size.clients}x{size.visits}_*"):
                stale.unlink()  # older builds of this size: a schema or builder change
            _build(f"sqlite:///{partial}", size)
            partial.rename(path)
        else:
            _migrate(f"sqlite:///{path}")
        return f"sqlite:///{path}"
    engine = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        done = conn.execute(text(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = :s "
            "AND table_name = 'bench_built'"), {"s": key}).scalar()
        if not done:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{key}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{key}"'))
    url = _scoped(postgres_url, key)
    if not done:
        _build(url, size)
        with engine.connect() as conn:  # marks the schema complete only after a whole build
            # Fresh bulk rows have no planner statistics until autovacuum gets round to them;
            # without them PostgreSQL planned the list search at 160 ms, 3 ms after ANALYZE (#11).
            tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = :s"),
                                  {"s": key}).scalars()
            conn.execute(text("ANALYZE " + ", ".join(f'"{key}"."{t}"' for t in tables)))
            conn.execute(text(f'CREATE TABLE "{key}".bench_built (at timestamptz)'))
    else:
        _migrate(url)
    engine.dispose()
    return url


@dataclass
class Subjects:
    """The records the benchmark opens: who logs in and which pages they see."""

    therapist_email: str
    admin_email: str
    portal_email: str
    client_id: str
    draft_id: str
    draft_version: int
    signed_id: str
    late_after: str
    late_page: int
    clients: int


def subjects(app) -> Subjects:
    """Find the long-term client, their draft, their latest signed note and a late list page."""
    from notes_app.auth.models import Clinic, User
    from notes_app.clients.models import Client
    from notes_app.demo_scale import CLINIC_NAME, DOMAIN, LONG_TERM_EMAIL
    from notes_app.extensions import db
    from notes_app.sessions.models import SIGNED, TreatmentSession

    with app.app_context():
        clinic = db.session.scalar(select(Clinic).where(Clinic.name == CLINIC_NAME))
        portal = db.session.scalar(select(User).where(User.email == LONG_TERM_EMAIL))
        client = db.session.scalar(select(Client).where(Client.portal_user_id == portal.id))
        draft = db.session.scalar(select(TreatmentSession).where(
            TreatmentSession.client_id == client.id, TreatmentSession.status == "draft"))
        signed = db.session.scalar(select(TreatmentSession).where(
            TreatmentSession.client_id == client.id, TreatmentSession.status == SIGNED)
            .order_by(TreatmentSession.session_date.desc()).limit(1))
        listed = select(Client.public_id).where(Client.clinic_id == clinic.id,
                                                Client.archived.is_(False))
        count = db.session.scalar(select(text("count(*)")).select_from(listed.subquery()))
        late = db.session.scalar(listed.order_by(Client.last_name, Client.first_name, Client.id)
                                 .offset(int(count * 0.9)).limit(1))
        therapist = db.session.get(User, draft.therapist_id)
        result = Subjects(therapist.email, f"admin@{DOMAIN}", LONG_TERM_EMAIL, client.public_id,
                          draft.public_id, draft.version, signed.public_id, late,
                          int(count * 0.9) // app.config["CLIENTS_PER_PAGE"] + 1, count)
        db.session.remove()
    return result


def postgres_url() -> str | None:
    """Return DATABASE_URL when it points at PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgresql") else None
