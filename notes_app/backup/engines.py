"""How each database is copied out and back: SQLite's online-backup API, PostgreSQL's pg_dump.

Each function works on URLs and files only; the archive module decides what goes where.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Callable
from contextlib import closing, contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, make_url


class BackupError(RuntimeError):
    """A backup, verification or restore could not be done; the message says why."""


def dialect_of(url: str) -> str:
    """Return "sqlite" or "postgresql" for a database URL."""
    name = make_url(url).get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {name}.")
    return name


@contextmanager
def connect(url: str):
    """Yield a connection to url, disposing the engine afterwards."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


# --- SQLite -----------------------------------------------------------------------------------

def sqlite_path(url: str) -> str:
    """Return the file behind a SQLite URL (in-memory databases cannot be backed up)."""
    path = make_url(url).database
    if not path or path == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return path


def sqlite_copy(source: str, target: str) -> None:
    """Copy one SQLite file into another with the online-backup API (R-D2), one consistent step."""
    # pages=-1 copies everything under one read lock: a commit point, even while the app writes.
    with closing(sqlite3.connect(source, timeout=30)) as src, \
            closing(sqlite3.connect(target, timeout=30)) as dst:
        src.backup(dst, pages=-1)


def sqlite_checks(path: str) -> list[str]:
    """Return what PRAGMA integrity_check and foreign_key_check find wrong (empty when sound)."""
    with closing(sqlite3.connect(path)) as conn:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {r[0]} row {r[1]} → {r[2]}"
                     for r in conn.execute("PRAGMA foreign_key_check")]
    return problems


# --- PostgreSQL -------------------------------------------------------------------------------

def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client tools of the "
                          f"server's version (Debian: apt-get install postgresql-client).")
    return path


def _libpq(url: str) -> tuple[str, dict]:
    """Return a libpq URI for url without its password, and an environment carrying it."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)  # never on a command line others can read
    bare = parsed.set(drivername="postgresql", password=None)
    return bare.render_as_string(hide_password=False), env


def _run(args: list[str], env: dict) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{os.path.basename(args[0])} failed: {done.stderr.strip()[-2000:]}")


def current_schema(conn: Connection) -> str:
    """Return the schema the app's tables live in."""
    return conn.execute(text("SELECT current_schema()")).scalar()


def pg_dump(url: str, out_path: str, summarize: Callable[[Connection], dict]) -> dict:
    """Dump the app's schema with pg_dump -Fc and summarize the very same snapshot.

    Returns summarize's answer, taken inside the exported snapshot the dump reads.
    """
    tool = _tool("pg_dump")
    libpq, env = _libpq(url)
    engine = create_engine(url, isolation_level="REPEATABLE READ")
    try:
        with engine.connect() as conn:
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar()
            schema = current_schema(conn)
            _run([tool, "--format=custom", "--no-owner", "--no-privileges",
                  f"--schema={schema}", f"--snapshot={snapshot}", f"--file={out_path}",
                  f"--dbname={libpq}"], env)
            summary = {**summarize(conn), "schema": schema}
            conn.rollback()
    finally:
        engine.dispose()
    return summary


def pg_restore(url: str, dump_path: str, schema: str) -> None:
    """Restore a pg_dump -Fc file into url's database in one transaction, dropping the dumped
    schema first: if anything fails the database is left exactly as it was."""
    tool, psql = _tool("pg_restore"), _tool("psql")
    libpq, env = _libpq(url)
    listing = subprocess.run([tool, "--list", dump_path], capture_output=True, text=True,
                             check=False)
    if listing.returncode != 0:
        raise BackupError(f"pg_restore cannot read the dump: {listing.stderr.strip()[-500:]}")
    # pg_restore alone cannot put a DROP SCHEMA in its transaction: it writes the dump out as
    # SQL, whole (a dump that breaks off half-way must not reach psql as a shorter script), and
    # psql runs the drop and that SQL between one BEGIN and COMMIT (ROLLBACK on any error).
    drop = 'DROP SCHEMA IF EXISTS "{}" CASCADE;'.format(schema.replace('"', '""'))
    with tempfile.NamedTemporaryFile(suffix=".sql") as script:
        written = subprocess.run([tool, "--no-owner", "--no-privileges", f"--file={script.name}",
                                  dump_path], env=env, capture_output=True, text=True,
                                 check=False)
        if written.returncode != 0:
            raise BackupError("pg_restore cannot read the dump; the database is unchanged: "
                              + written.stderr.strip()[-2000:])
        applied = subprocess.run([psql, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1",
                                  "--single-transaction", f"--dbname={libpq}", "-c", drop,
                                  "-f", script.name], env=env, capture_output=True, text=True,
                                 check=False)
    if applied.returncode != 0:
        raise BackupError("The restore failed and was rolled back; the database is unchanged: "
                          + applied.stderr.strip()[-2000:])


@contextmanager
def pg_scratch(url: str, schema: str):
    """Yield the URL of a new empty database on url's server, dropped afterwards."""
    name = f"knotwork_scratch_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        scratch = make_url(url).set(database=name).update_query_dict(
            {"options": f"-csearch_path={schema}"})
        yield scratch.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
