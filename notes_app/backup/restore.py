"""Verify a backup in a scratch database, and restore one into the app's database (R-D3).

Both compare the restored database's canonical export with the manifest taken at backup time.
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from cryptography.fernet import Fernet

from notes_app.backup import engines
from notes_app.backup.archive import Backup, create_backup, open_backup, plaintext
from notes_app.backup.canonical import export_summary, table_names
from notes_app.backup.engines import BackupError


def _compare(summary: dict, info: dict) -> None:
    if summary["export_sha256"] == info["export_sha256"]:
        return
    differ = sorted(t for t in {*summary["rows"], *info["rows"]}
                    if summary["rows"].get(t) != info["rows"].get(t))
    detail = f" (row counts differ in: {', '.join(differ)})" if differ else ""
    raise BackupError("The restored data differs from the data backed up" + detail + ".")


@contextmanager
def _restored_scratch(backup: Backup, blob: bytes, server_url: str) -> Iterator[str]:
    """Yield the URL of a scratch database holding the backup, dropped afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / ("copy" + (".sqlite" if backup.info["dialect"] == "sqlite" else ""))
        copy.write_bytes(blob)
        if backup.info["dialect"] == "sqlite":
            problems = engines.sqlite_checks(str(copy))
            if problems:
                raise BackupError("The backup fails SQLite's checks: " + "; ".join(problems[:5]))
            yield f"sqlite:///{copy}"
            return
        if engines.dialect_of(server_url) != "postgresql":
            raise BackupError("A PostgreSQL backup is verified on a PostgreSQL server: set "
                              "DATABASE_URL to one.")
        with engines.pg_scratch(server_url, backup.info["schema"]) as scratch:
            engines.pg_restore(scratch, str(copy), backup.info["schema"])
            yield scratch


def verify_backup(path: Path, *, server_url: str, fernet: Fernet | None,
                  check_migrations: Callable[[str], None]) -> dict:
    """Check a backup's checksums, restore it into scratch, compare exports, migrate to head.

    :raises BackupError: naming the first problem found.
    """
    backup = open_backup(path)
    blob = plaintext(backup, fernet)
    with _restored_scratch(backup, blob, server_url) as scratch:
        with engines.connect(scratch) as conn:
            summary = export_summary(conn)
        _compare(summary, backup.info)
        # The copy must also come up to today's schema with no drift from the models.
        check_migrations(scratch)
    return backup.info


def row_total(url: str) -> int:
    """Return how many rows the database's data tables hold."""
    with engines.connect(url) as conn:
        quote = conn.dialect.identifier_preparer.quote
        return sum(conn.exec_driver_sql(f"SELECT COUNT(*) FROM {quote(t)}").scalar()
                   for t in table_names(conn))


def restore_backup(path: Path, *, url: str, fernet: Fernet | None, replace: bool,
                   safety_dir: Path) -> tuple[dict, Backup | None]:
    """Restore a backup into the database at url; returns (manifest, backup of what it replaced).

    :raises BackupError: the database holds data and replace is False, or the copy is unsound.
    """
    backup = open_backup(path)
    blob = plaintext(backup, fernet)
    if engines.dialect_of(url) != backup.info["dialect"]:
        raise BackupError(f"This is a {backup.info['dialect']} backup; the configured database "
                          f"is {engines.dialect_of(url)}.")
    rows = row_total(url)
    if rows and not replace:
        raise BackupError(f"The database is not empty ({rows} rows). Restore into an empty "
                          f"database, or pass --replace to back it up first and replace it.")
    kept = create_backup(url, safety_dir, fernet=fernet) if rows else None
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy"
        copy.write_bytes(blob)
        if backup.info["dialect"] == "sqlite":
            problems = engines.sqlite_checks(str(copy))
            if problems:
                raise BackupError("The backup fails SQLite's checks: " + "; ".join(problems[:5]))
            engines.sqlite_copy(str(copy), engines.sqlite_path(url))
        else:
            engines.pg_restore(url, str(copy), backup.info["schema"])
    with engines.connect(url) as conn:
        _compare(export_summary(conn), backup.info)
    return backup.info, kept
