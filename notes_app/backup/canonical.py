"""The canonical export: every table's rows sorted by primary key as JSON, binaries by SHA-256.

Two databases hold the same records exactly when their canonical exports are byte-identical
(R-D3). Read straight from the driver, so nothing the ORM does can hide a difference.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import inspect
from sqlalchemy.engine import Connection

SKIP_TABLES = frozenset({"alembic_version"})


def _plain(value):
    """Return a JSON-ready form of one driver value; binaries (PDFs, PNGs) become their digest."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"sha256": hashlib.sha256(bytes(value)).hexdigest()}
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def revision_of(conn: Connection) -> str | None:
    """Return the schema revision stamped in a database, or None when it has none."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def table_names(conn: Connection) -> list[str]:
    """Return the data tables of a database in name order."""
    return sorted(t for t in inspect(conn).get_table_names() if t not in SKIP_TABLES)


def _rows(conn: Connection, table: str) -> Iterator[dict]:
    insp = inspect(conn)
    columns = [c["name"] for c in insp.get_columns(table)]
    order = insp.get_pk_constraint(table).get("constrained_columns") or columns
    quote = conn.dialect.identifier_preparer.quote
    sql = (f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)} "
           f"ORDER BY {', '.join(quote(c) for c in order)}")
    for row in conn.exec_driver_sql(sql):
        yield {name: _plain(value) for name, value in zip(columns, row, strict=True)}


def _dump(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def export_chunks(conn: Connection) -> Iterator[bytes]:
    """Yield the canonical export of the database behind conn, piece by piece, as UTF-8."""
    yield ('{"revision":' + _dump(revision_of(conn)) + ',"tables":{').encode()
    for t, table in enumerate(table_names(conn)):
        yield ((',' if t else '') + _dump(table) + ':[').encode()
        for r, row in enumerate(_rows(conn, table)):
            yield ((',' if r else '') + _dump(row)).encode()
        yield b"]"
    yield b"}}"


def export_summary(conn: Connection) -> dict:
    """Return the export's SHA-256, the revision and each table's row count."""
    digest = hashlib.sha256()
    for chunk in export_chunks(conn):
        digest.update(chunk)
    counts = {t: conn.exec_driver_sql(
        f"SELECT COUNT(*) FROM {conn.dialect.identifier_preparer.quote(t)}").scalar()
        for t in table_names(conn)}
    return {"export_sha256": digest.hexdigest(), "revision": revision_of(conn), "rows": counts}
