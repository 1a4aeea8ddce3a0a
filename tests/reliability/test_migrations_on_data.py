"""#12 item 6: migrations step by step with the demo data in place, up to head and down to base.

The demo clinic is built at head, then replayed into a fresh database one revision at a time:
after each upgrade the rows every existing table can hold are loaded, and no later step may lose
one. Then the database goes down one revision at a time, counting rows again.
"""
from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, func, insert, inspect, select, update

from notes_app import ROOT, create_app
from notes_app.extensions import db
from tests.conftest import make_config


def _order() -> list[str]:
    from alembic.config import Config

    config = Config(str(ROOT / "migrations" / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    script = ScriptDirectory.from_config(config)
    return [r.revision for r in reversed(list(script.walk_revisions("base", "heads")))], script


def _heads(engine) -> tuple:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_heads()


def _rows(engine) -> dict[str, list[dict]]:
    meta = MetaData()
    meta.reflect(bind=engine)
    with engine.connect() as conn:
        return {t.name: [dict(r._mapping) for r in conn.execute(select(t))]
                for t in meta.sorted_tables if t.name != "alembic_version"}


def _counts(engine) -> dict[str, int]:
    meta = MetaData()
    meta.reflect(bind=engine)
    with engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar()
                for t in meta.sorted_tables if t.name != "alembic_version"}


def _without_ids(rows: list[dict]) -> list[tuple]:
    return sorted(tuple(sorted((k, v) for k, v in r.items() if k != "id")) for r in rows)


def _load(engine, demo: dict[str, list[dict]], loaded: set[str]) -> None:
    """Insert the demo rows of tables that exist now and were not loaded yet (columns they have).

    A table a migration fills from existing rows (client_search_terms, backfilled from clients)
    is not loaded on top, which would clash on its ids: its backfill must equal what the app
    wrote for the same records, surrogate ids aside.
    """
    meta = MetaData()
    meta.reflect(bind=engine)
    with engine.begin() as conn:
        for table in meta.sorted_tables:
            if table.name in loaded or table.name not in demo or not demo[table.name]:
                continue
            names = set(table.c.keys())
            wanted = [{k: v for k, v in row.items() if k in names} for row in demo[table.name]]
            present = [dict(r._mapping) for r in conn.execute(select(table))]
            if present:
                assert _without_ids(present) == _without_ids(wanted), \
                    f"the migration's backfill of {table.name} differs from the app's rows"
            else:
                # A row may point at a later row of its own table (a note copied from a newer
                # one): insert those links empty, then set them once every row is in.
                own = [fk.parent.name for fk in table.foreign_keys
                       if fk.column.table.name == table.name]
                conn.execute(insert(table), [{**r, **dict.fromkeys(own)} for r in wanted])
                for row in wanted:
                    links = {k: row[k] for k in own if row.get(k) is not None}
                    if links:
                        conn.execute(update(table).where(table.c.id == row["id"]).values(links))
            loaded.add(table.name)


pytestmark = pytest.mark.reliability


def test_every_revision_up_and_down_keeps_the_demo_rows(fresh_database):
    source = create_app(make_config(fresh_database("demo")))
    with source.app_context():
        upgrade()
        assert source.test_cli_runner().invoke(args=["demo", "seed"]).exit_code == 0
        demo = _rows(db.engine)
        db.session.remove()
        db.engine.dispose()
    order, script = _order()
    target = create_app(make_config(fresh_database("steps")))
    with target.app_context():
        engine, loaded, seen = db.engine, set(), {}
        for revision in order:
            upgrade(revision=revision)
            counts = _counts(engine)
            lost = {t: (n, counts.get(t)) for t, n in seen.items() if counts.get(t, 0) < n}
            assert not lost, f"upgrade to {revision} lost rows: {lost}"
            _load(engine, demo, loaded)
            seen = _counts(engine)
        assert seen == {t: len(rows) for t, rows in demo.items()}
        # Down again, one revision at a time (the newest head first): what remains keeps its rows.
        while heads := _heads(engine):
            newest = max(heads, key=order.index)
            down = script.get_revision(newest).down_revision
            # A merge goes down to one parent (the other heads stay); "-1" would be ambiguous.
            downgrade(revision=down[0] if isinstance(down, tuple) else f"{newest}@-1")
            counts = _counts(engine)
            lost = {t: (seen[t], n) for t, n in counts.items() if n < seen.get(t, 0)}
            assert not lost, f"downgrade below {newest} lost rows: {lost}"
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        db.session.remove()
        db.engine.dispose()
