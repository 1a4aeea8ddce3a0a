"""The tamper-evident audit chain (#13 item 9, R-U2): hashes, verify/head, page, concurrency."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text

from notes_app import audit
from notes_app.audit import AuditEvent
from notes_app.auditchain import GENESIS, event_hash
from notes_app.auditverify import verify_chain
from notes_app.auth.models import User
from notes_app.extensions import db
from tests.conftest import audit_rows, login
from tests.test_migrations import empty_database  # noqa: F401  (fixture)


def _activity(app, world):
    for who in (world.t1, world.admin, world.portal):
        login(app.test_client(), who)
    login(app.test_client(), "nobody@k.test", "wrong wrong wrong")  # an event of no clinic


def test_each_event_chains_to_the_previous_event_of_its_clinic(world, app):
    _activity(app, world)
    rows = audit_rows(app)
    assert len(rows) > 5
    heads = {}
    for row in rows:
        assert row.prev_hash == heads.get(row.clinic_id, GENESIS)
        assert row.hash == event_hash(row)
        heads[row.clinic_id] = row.hash
    assert None in heads and world.clinic.id in heads and world.other_clinic.id in heads


def _tamper(app, sql, **params):
    with app.app_context():
        db.session.execute(text(sql), params)  # raw SQL: the ORM refuses to change audit rows
        db.session.commit()


def test_verify_passes_then_names_the_first_changed_event(world, app, runner):
    _activity(app, world)
    ok = runner.invoke(args=["audit", "verify"])
    assert ok.exit_code == 0, ok.output
    assert f"clinic {world.clinic.id}:" in ok.output and "verified" in ok.output
    victim = [r for r in audit_rows(app) if r.clinic_id == world.clinic.id][2]
    _tamper(app, "UPDATE audit_events SET object_id = 'x' WHERE id = :id", id=victim.id)
    broken = runner.invoke(args=["audit", "verify"])
    assert broken.exit_code == 1
    assert f"BROKEN at audit event {victim.id} (its content was changed)" in broken.output


def test_verify_notices_a_removed_event(world, app, runner):
    _activity(app, world)
    mine = [r for r in audit_rows(app) if r.clinic_id == world.clinic.id]
    _tamper(app, "DELETE FROM audit_events WHERE id = :id", id=mine[1].id)
    broken = runner.invoke(args=["audit", "verify"])
    assert broken.exit_code == 1
    assert f"BROKEN at audit event {mine[2].id} (the previous event was changed" in broken.output


def test_head_prints_each_clinics_latest_hash(world, app, runner):
    _activity(app, world)
    result = runner.invoke(args=["audit", "head"])
    assert result.exit_code == 0
    last = [r for r in audit_rows(app) if r.clinic_id == world.clinic.id][-1]
    assert f"{world.clinic.id}\tKelp Street Clinic\tevent {last.id}\t" in result.output
    assert result.output.count(last.hash) == 1


def test_the_admin_audit_page_shows_how_far_the_chain_is_verified(world, app, login_as):
    c = login_as(world.admin)
    page = c.get("/admin/audit").get_data(as_text=True)
    assert "Chain verified" in page and "up to event #" in page
    assert "Every event verified now, from the first." in page
    last = [r for r in audit_rows(app) if r.clinic_id == world.clinic.id][-1]
    _tamper(app, "UPDATE audit_events SET outcome = 'success' , action = 'x' WHERE id = :id",
            id=last.id)
    page = c.get("/admin/audit").get_data(as_text=True)
    assert f"The audit chain is broken at event #{last.id}" in page


def test_concurrent_appends_never_fork_the_chain(world, app):
    """Eight threads append to one clinic's chain at once; it stays one line."""
    barrier = threading.Barrier(8)
    errors = []

    def append(n):
        try:
            with app.app_context():
                actor = db.session.get(User, world.t1.id)
                db.session.commit()  # SQLite: don't hold the write lock while at the barrier
                barrier.wait(timeout=10)
                for i in range(5):
                    audit.record(actor, "test.concurrent", object_id=f"{n}-{i}")
                    db.session.commit()
                db.session.remove()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=append, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    with app.app_context():
        report = verify_chain(world.clinic.id)
        assert report.ok, report
    rows = [r for r in audit_rows(app) if r.clinic_id == world.clinic.id]
    assert len([r for r in rows if r.action == "test.concurrent"]) == 40
    assert len({r.prev_hash for r in rows}) == len(rows)  # no two events share a parent


def _tests_events(app):
    return [r.action for r in audit_rows(app) if r.action.startswith("test.")]


def test_a_transactions_events_are_stored_together_and_seen_by_its_reads(world, app):
    with app.app_context():
        actor = db.session.get(User, world.t1.id)
        audit.record(actor, "test.a")
        audit.record(actor, "test.b")
        # Held back until the commit, yet a read of the trail in the transaction sees them.
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.action.like("test.%"))) == 2
        audit.record(actor, "test.c")
        db.session.commit()
        audit.record(actor, "test.rolled-back")
        db.session.rollback()
        audit.record(actor, "test.d")
        db.session.commit()
        assert verify_chain(world.clinic.id).ok
    assert _tests_events(app) == ["test.a", "test.b", "test.c", "test.d"]


def test_a_rolled_back_savepoint_keeps_the_events_recorded_before_it(world, app):
    with app.app_context():
        actor = db.session.get(User, world.t1.id)
        audit.record(actor, "test.before")
        with pytest.raises(RuntimeError), db.session.begin_nested():
            audit.record(actor, "test.inside")
            db.session.flush()  # chained and inserted inside the savepoint, then undone
            raise RuntimeError
        audit.record(actor, "test.after")
        db.session.commit()
        assert verify_chain(world.clinic.id).ok
    assert _tests_events(app) == ["test.before", "test.after"]


@pytest.mark.parametrize("clinic_attr", ["clinic", "other_clinic"])
def test_verify_chain_reports_the_last_verified_event(world, app, clinic_attr):
    _activity(app, world)
    clinic_id = getattr(world, clinic_attr).id
    with app.app_context():
        report = verify_chain(clinic_id)
    mine = [r for r in audit_rows(app) if r.clinic_id == clinic_id]
    assert report.ok and report.count == len(mine) and report.last_id == mine[-1].id


def test_the_migration_chains_the_events_that_exist(empty_database):  # noqa: F811
    from flask_migrate import upgrade

    from notes_app import create_app
    from tests.conftest import make_config

    app = create_app(make_config(empty_database))
    with app.app_context():
        try:
            upgrade(revision="95f1402e3c37")
            db.session.execute(text("INSERT INTO clinics (id, public_id, name, address, phone, "
                                    "paper_size, created_at, require_staff_two_factor) VALUES "
                                    "(1, 'c1', 'Old Clinic', '', '', 'A4', :t, false)"),
                               {"t": "2026-11-20 08:00:00"})
            for i, clinic in enumerate([1, None, 1, 1]):
                db.session.execute(text(
                    "INSERT INTO audit_events (occurred_at, actor_id, actor_role, clinic_id, "
                    "action, object_type, object_id, client_id, outcome, request_id, source_ip) "
                    "VALUES (:t, NULL, '', :c, 'login', 'user', :o, NULL, 'success', '', '')"),
                    {"t": f"2026-11-20 08:0{i}:00.25", "c": clinic, "o": str(i)})
            db.session.commit()
            upgrade()
            for clinic_id, count in ((1, 3), (None, 1)):
                report = verify_chain(clinic_id)
                assert report.ok and report.count == count, report
            # New events continue the migrated chain.
            audit.record(None, "after.migration", clinic_id=1)
            db.session.commit()
            assert verify_chain(1).count == 4
        finally:
            db.session.remove()
            db.engine.dispose()


def test_the_chain_head_and_walk_seek_the_clinics_index(world, app, login_as):
    # Another clinic's newer events must not be scanned past, nor the clinic's trail sorted.
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return  # the plan check is SQLite's EXPLAIN QUERY PLAN; PostgreSQL plans by statistics
    _activity(app, world)
    seen = []
    with app.app_context():
        from sqlalchemy import event

        event.listen(db.engine, "before_cursor_execute",
                     lambda conn, cur, stmt, params, *a: seen.append((stmt, params)))
    login_as(world.admin).get("/admin/audit")
    with app.app_context():
        reads = [(s, p) for s, p in seen if s.lstrip().startswith("SELECT")
                 and ("ORDER BY audit_events.id" in s or "max(audit_events.id)" in s)]
        assert len(reads) >= 2  # the head read before the append, the verify's head and walk
        for stmt, params in reads:
            plan = " | ".join(r[-1] for r in db.session.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN " + stmt, params).all())
            # SQLite's one-column index already holds the rowid (the id) in order after the
            # key; PostgreSQL's needs (clinic_id, id), which the migration adds.
            assert "INDEX ix_audit_events_clinic_id" in plan, (stmt, plan)
            assert "TEMP B-TREE" not in plan, (stmt, plan)
