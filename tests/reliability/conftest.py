"""Reliability fixtures: fresh databases of the suite's kind (SQLite file or PostgreSQL)."""
from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

# A commit's fsync costs ~3.6 ms on the test machines' disk and ~0.02 ms in memory; these
# families make tens of thousands. No test here cuts the power: SIGKILL keeps the page cache,
# so an acknowledged save is as durable on tmpfs as on disk. PostgreSQL's counterpart is
# synchronous_commit=off on the suite's own connections (the crash test's server keeps it on).
MEMORY = Path("/dev/shm")


def on_postgres() -> bool:
    """Tell whether the suite runs on PostgreSQL."""
    return (os.environ.get("DATABASE_URL") or "").startswith("postgresql")


class Databases:
    """Makes brand-new empty databases in a folder (SQLite) or on the server, and drops them."""

    def __init__(self, folder):
        self.folder, self.made = folder, []

    def __call__(self, label: str = "db") -> str:
        name = f"knotwork_{label}_{uuid.uuid4().hex[:10]}"
        if not on_postgres():
            return f"sqlite:///{self.folder / (name + '.sqlite')}"
        base = os.environ["DATABASE_URL"]
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        self.made.append(name)
        return make_url(base).set(database=name).render_as_string(hide_password=False)

    def drop(self) -> None:
        """Drop every PostgreSQL database made."""
        if not self.made:
            return
        admin = create_engine(os.environ["DATABASE_URL"], isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in self.made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def memory_folder(fallback: Path):
    """Yield a fresh folder in memory (tmpfs) where there is one, else fallback; removed after."""
    if not (MEMORY.is_dir() and os.access(MEMORY, os.W_OK)):
        yield fallback
        return
    folder = Path(tempfile.mkdtemp(prefix="knotwork-", dir=MEMORY))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def db_url(db_url):
    """The suite's database: its SQLite file in memory, its PostgreSQL commits unflushed."""
    if db_url.startswith("postgresql"):
        url = make_url(db_url)
        options = f"{url.query.get('options', '')} -csynchronous_commit=off".strip()
        yield url.update_query_dict({"options": options}).render_as_string(hide_password=False)
        return
    with memory_folder(Path(db_url.removeprefix("sqlite:///")).parent) as folder:
        yield f"sqlite:///{folder / 'test.sqlite'}"


@pytest.fixture
def fresh_database(tmp_path):
    """Return a factory of brand-new empty databases (dropped afterwards)."""
    with memory_folder(tmp_path) as folder:
        made = Databases(folder)
        yield made
        made.drop()


@pytest.fixture(scope="module")
def module_database(tmp_path_factory):
    """Return a factory of empty databases that live as long as the test module."""
    with memory_folder(tmp_path_factory.mktemp("dbs")) as folder:
        made = Databases(folder)
        yield made
        made.drop()


def pytest_sessionstart(session):
    """Start this run's figures afresh (in the controller only: xdist workers append to them)."""
    from tests.reliability import figures

    if not hasattr(session.config, "workerinput"):
        figures.FILE.unlink(missing_ok=True)


def pytest_terminal_summary(terminalreporter):
    """Print the reliability families' figures at the end of the run."""
    from tests.reliability import figures

    for family, numbers in sorted(figures.totals().items()):
        terminalreporter.write_line(
            f"reliability {family}: " + ", ".join(f"{k}={v}" for k, v in numbers.items()))
