"""Chain checkpoints (issue #11): the audit page hashes only the events since the last check,
`flask audit verify` walks from genesis, and a break stays reported."""
from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from sqlalchemy import event, select

from notes_app import audit, auditverify
from notes_app.audit import AuditEvent
from notes_app.auditchain import event_hash
from notes_app.auditverify import ChainCheckpoint, verify_chain
from notes_app.auth.models import User
from notes_app.extensions import db
from tests.admin.test_audit_chain import _activity, _tamper
from tests.conftest import audit_rows

GONE = "the event the last check ended at was changed or removed"


def _record(app, world, n: int) -> list[int]:
    """Append n events to the clinic's chain, committed; return their ids."""
    with app.app_context():
        actor = db.session.get(User, world.t1.id)
        for i in range(n):
            audit.record(actor, "test.new", object_id=str(i))
        db.session.commit()
    return [r.id for r in audit_rows(app, action="test.new")][-n:]


def _point(app, clinic_id: int | None):
    with app.app_context():
        row = db.session.get(ChainCheckpoint, clinic_id or 0)
        return row and SimpleNamespace(**{c.name: getattr(row, c.name)
                                          for c in ChainCheckpoint.__table__.c})


def _hashes(monkeypatch) -> list[int]:
    # A walk hashes each event it reads once: the hashed ids are the rows it read.
    seen = []

    def counted(evt):
        seen.append(evt.id)
        return event_hash(evt)

    monkeypatch.setattr(auditverify, "event_hash", counted)
    return seen


def _page(c) -> str:
    return c.get("/admin/audit").get_data(as_text=True)


def test_the_page_reads_only_the_events_after_the_checkpoint(world, app, login_as, monkeypatch):
    c = login_as(world.admin)
    assert "Every event verified now, from the first." in _page(c)
    point = _point(app, world.clinic.id)
    assert point.full_at is not None and point.event_id == audit_rows(app)[-1].id
    new = _record(app, world, 3)
    seen = _hashes(monkeypatch)
    page = _page(c)
    # The checkpoint's own event (re-confirmed), then only what came after it.
    assert seen == [point.event_id, *new]
    assert "3 events since the check of" in page and "Last full check from the first event" in page
    moved = _point(app, world.clinic.id)
    assert (moved.event_id, moved.event_count) == (new[-1], point.event_count + 3)
    assert moved.full_at == point.full_at  # the page's walk was not a full one
    seen.clear()
    assert "0 events since the check of" in _page(c) and seen == [new[-1]]


def test_a_changed_event_after_the_checkpoint_shows_on_the_page(world, app, login_as):
    c = login_as(world.admin)
    _page(c)
    point = _point(app, world.clinic.id)
    new = _record(app, world, 3)
    _tamper(app, "UPDATE audit_events SET object_id = 'x' WHERE id = :id", id=new[1])
    page = _page(c)
    assert f"The audit chain is broken at event #{new[1]}: its content was changed." in page
    assert f"Verified up to event #{new[0]}." in page
    kept = _point(app, world.clinic.id)
    assert (kept.event_id, kept.broken_id) == (point.event_id, new[1])


def test_a_change_before_the_checkpoint_is_caught_by_the_full_walk(world, app, login_as, runner):
    _activity(app, world)
    c = login_as(world.admin)
    _page(c)
    _record(app, world, 2)
    early = [r for r in audit_rows(app) if r.clinic_id == world.clinic.id][1]
    _tamper(app, "UPDATE audit_events SET object_id = 'x' WHERE id = :id", id=early.id)
    # The page vouches only for what it checked: the events since its checkpoint...
    page = _page(c)
    full_at = _point(app, world.clinic.id).full_at.strftime("%Y-%m-%d %H:%M")
    assert "Chain verified" in page and "2 events since the check of" in page
    assert f"Last full check from the first event {full_at} UTC" in page
    assert "flask audit verify" in page
    # ...the nightly walk from genesis finds the change, and from then on the page says so.
    walked = runner.invoke(args=["audit", "verify"])
    assert walked.exit_code == 1
    assert f"BROKEN at audit event {early.id} (its content was changed)" in walked.output
    page = _page(c)
    assert f"The audit chain is broken at event #{early.id}: its content was changed." in page
    assert "Found " in page and "Verified up to event" not in page
    assert _point(app, None).clinic_id is None  # the chain of no clinic has its own row


def test_the_page_says_when_no_full_check_has_run(world, app, login_as):
    c = login_as(world.admin)
    _page(c)
    _tamper(app, "UPDATE audit_chain_checkpoints SET full_at = NULL")
    _record(app, world, 1)
    page = _page(c)
    assert "1 event since the check of" in page
    assert "No full check from the first event has run yet" in page


def test_a_page_view_hashes_at_most_its_limit_in_one_statement(world, app, login_as,
                                                                monkeypatch):
    from notes_app.admin import views

    _activity(app, world)
    monkeypatch.setattr(views, "CHAIN_EVENTS_PER_VIEW", 2)
    c = login_as(world.admin)
    mine = [r.id for r in audit_rows(app) if r.clinic_id == world.clinic.id]
    assert len(mine) > 4
    walks = []

    def count_walks(conn, cursor, statement, *args):  # noqa: ARG001
        if statement.startswith("SELECT audit_events.id, audit_events.prev_hash"):
            walks.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count_walks)
    try:
        seen = _hashes(monkeypatch)
        page = _page(c)
        assert seen == mine[:2] and len(walks) == 1
        point = _point(app, world.clinic.id)
        seen.clear()
        walks.clear()
        second = _page(c)
        assert seen == mine[1:4] and len(walks) == 1
    finally:
        event.remove(engine, "before_cursor_execute", count_walks)
    assert "2 events verified now, from the first; later events wait for the next view." in page
    assert "No full check from the first event has run yet" in page
    assert (point.event_id, point.event_count, point.full_at) == (mine[1], 2, None)
    page = second
    assert "2 events since the check of" in page and "later events wait" in page
    while "later events wait" in page:
        page = _page(c)
    assert _point(app, world.clinic.id).event_id == mine[-1]
    assert "No full check from the first event has run yet" in page


def _rehash(app, event_id: int) -> None:
    # A careful forger: change the event and give it the hash its new content has.
    with app.app_context():
        evt = db.session.execute(select(AuditEvent.__table__).where(
            AuditEvent.id == event_id)).one()
        forged = SimpleNamespace(**{**evt._mapping, "object_id": "forged"})
        db.session.rollback()
    _tamper(app, "UPDATE audit_events SET object_id = 'forged', hash = :h WHERE id = :id",
            h=event_hash(forged), id=event_id)


@pytest.mark.parametrize("tamper", ["content", "rehashed", "removed"])
def test_a_tampered_checkpoint_event_is_caught(world, app, login_as, tamper):
    c = login_as(world.admin)
    _page(c)
    point = _point(app, world.clinic.id)
    _record(app, world, 1)
    if tamper == "content":
        _tamper(app, "UPDATE audit_events SET outcome = 'x' WHERE id = :id", id=point.event_id)
    elif tamper == "rehashed":
        _rehash(app, point.event_id)
    else:
        _tamper(app, "DELETE FROM audit_events WHERE id = :id", id=point.event_id)
    page = _page(c)
    assert f"The audit chain is broken at event #{point.event_id}: {GONE}." in page
    assert _point(app, world.clinic.id).event_id == point.event_id


def test_a_broken_chain_never_moves_the_checkpoint_and_stays_reported(world, app, login_as,
                                                                       runner):
    c = login_as(world.admin)
    _page(c)
    point = _point(app, world.clinic.id)
    new = _record(app, world, 2)
    _tamper(app, "UPDATE audit_events SET object_id = 'x' WHERE id = :id", id=new[0])
    assert f"broken at event #{new[0]}" in _page(c)
    _record(app, world, 3)
    assert f"broken at event #{new[0]}" in _page(c)
    # Put back as it was: the page still reports the break it found, until a full walk.
    _tamper(app, "UPDATE audit_events SET object_id = '0' WHERE id = :id", id=new[0])
    page = _page(c)
    assert f"broken at event #{new[0]}" in page and "Found " in page
    kept = _point(app, world.clinic.id)
    assert (kept.event_id, kept.event_count, kept.broken_id) == (
        point.event_id, point.event_count, new[0])
    walked = runner.invoke(args=["audit", "verify"])
    assert walked.exit_code == 0, walked.output
    assert f"the break recorded at audit event {new[0]} is no longer there" in walked.output
    assert "Chain verified" in _page(c)
    whole = _point(app, world.clinic.id)
    last = [r for r in audit_rows(app) if r.clinic_id == world.clinic.id][-1]
    assert (whole.event_id, whole.broken_id) == (last.id, None) and whole.full_at > point.full_at


def test_a_full_walk_ignores_the_checkpoint(world, app, monkeypatch):
    _activity(app, world)
    with app.app_context():
        verify_chain(world.clinic.id)
        db.session.commit()
    _record(app, world, 1)
    seen = _hashes(monkeypatch)
    with app.app_context():
        report = verify_chain(world.clinic.id, full=True)
        db.session.commit()
    mine = [r.id for r in audit_rows(app) if r.clinic_id == world.clinic.id]
    assert report.ok and seen == mine and report.since is None


def test_the_walk_stops_at_the_head_it_read(world, app, monkeypatch):
    _activity(app, world)
    with app.app_context():
        verify_chain(world.clinic.id)
        db.session.commit()
    new = _record(app, world, 3)
    real = auditverify._head_and_checkpoint
    # As if the last two were appended after the walk read the head.
    monkeypatch.setattr(auditverify, "_head_and_checkpoint",
                        lambda clinic_id: (new[0], real(clinic_id)[1]))
    with app.app_context():
        report = verify_chain(world.clinic.id, batch=1)
        db.session.commit()
    monkeypatch.undo()
    assert report.ok and (report.last_id, report.checked) == (new[0], 1)
    assert _point(app, world.clinic.id).event_id == new[0]
    with app.app_context():
        again = verify_chain(world.clinic.id)
    assert again.ok and (again.last_id, again.checked) == (new[-1], 2)


def test_an_append_during_the_walk_waits_for_the_next_one(world, app, monkeypatch):
    # PostgreSQL: the append lands during the walk, which stops at the head it read. SQLite:
    # the walk's transaction holds the write lock, so the append waits until the walk is done.
    sqlite = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    _activity(app, world)
    real, late, threads = auditverify._head_and_checkpoint, [], []

    def then_append(clinic_id):
        read = real(clinic_id)
        thread = threading.Thread(target=lambda: late.extend(_record(app, world, 1)))
        thread.start()
        threads.append(thread)
        thread.join(timeout=1 if sqlite else 30)  # PostgreSQL: committed before the walk
        if sqlite:
            assert thread.is_alive() and not late  # still waiting for the write lock
        return read

    with app.app_context():
        verify_chain(world.clinic.id)
        db.session.commit()
        monkeypatch.setattr(auditverify, "_head_and_checkpoint", then_append)
        report = verify_chain(world.clinic.id, batch=1)
        db.session.commit()
        monkeypatch.undo()
        for thread in threads:
            thread.join(timeout=30)
        assert late and report.ok and report.checked == 0
        again = verify_chain(world.clinic.id)
    assert again.ok and (again.last_id, again.checked) == (late[0], 1)
