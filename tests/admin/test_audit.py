"""The admin's audit report: exact filter counts, order, paging, CSV export, isolation (R-U3)."""
from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from notes_app.audit import AuditEvent
from notes_app.extensions import db
from tests.conftest import audit_rows, login
from tests.portal.mailbox import HEALTH_WORDS

START = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
ACTIONS = ("client.read", "client.update", "session.sign", "intake.read")


@pytest.fixture
def seeded(world, app):
    """Seed 600 events in clinic K and 200 in the other clinic; return K's as plain tuples."""
    actors = [world.admin, world.t1, world.t2]
    clients = [world.c1, world.c2, None]
    mine = []
    with app.app_context():
        for i in range(600):
            actor, subject = actors[i % 3], clients[(i // 3) % 3]
            event = (START + timedelta(hours=7 * i), actor.id, subject and subject.id,
                     ACTIONS[i % 4], "denied" if i % 10 == 0 else "success")
            mine.append(event)
            db.session.add(AuditEvent(occurred_at=event[0], actor_id=actor.id,
                                      actor_role=actor.role, clinic_id=world.clinic.id,
                                      action=event[3], object_type="client",
                                      object_id=str(subject.id if subject else ""),
                                      client_id=event[2], outcome=event[4]))
        for i in range(200):
            db.session.add(AuditEvent(occurred_at=START + timedelta(hours=5 * i),
                                      actor_id=world.ot.id, actor_role="therapist",
                                      clinic_id=world.other_clinic.id, action=ACTIONS[i % 4],
                                      object_type="client", object_id=str(world.x.id),
                                      client_id=world.x.id, outcome="success"))
        db.session.commit()
    return mine


def total(response) -> int:
    """Read the event count the audit page reports."""
    body = response.get_data(as_text=True)
    assert response.status_code == 200, body[:300]
    return int(re.search(r'class="muted audit-count">(\d+) event', body).group(1))


def in_days(moment: datetime, first: date, last: date) -> bool:
    return first <= moment.date() <= last


@pytest.mark.parametrize("case", ["range", "user", "client", "action", "outcome", "all"])
def test_filters_return_exact_counts(world, seeded, login_as, case):
    first, last = date(2025, 4, 10), date(2025, 6, 30)
    args = {"date_from": first.isoformat(), "date_to": last.isoformat()}
    keep = lambda e: in_days(e[0], first, last)  # noqa: E731
    checks = {
        "user": ({"user": world.t1.public_id}, lambda e: e[1] == world.t1.id),
        "client": ({"client": world.c1.public_id}, lambda e: e[2] == world.c1.id),
        "action": ({"action": "session.sign"}, lambda e: e[3] == "session.sign"),
        "outcome": ({"outcome": "denied"}, lambda e: e[4] == "denied"),
    }
    if case in checks:
        args.update(checks[case][0])
        keep = lambda e, k=keep, f=checks[case][1]: k(e) and f(e)  # noqa: E731
    if case == "all":
        for extra, check in checks.values():
            args.update(extra)
            keep = lambda e, k=keep, f=check: k(e) and f(e)  # noqa: E731
    expected = sum(1 for e in seeded if keep(e))
    assert total(login_as(world.admin).get("/admin/audit", query_string=args)) == expected
    assert case == "all" or expected > 10  # the seed really exercises each filter


def test_events_are_newest_first_and_paged_with_the_filters_kept(world, seeded, login_as):
    c = login_as(world.admin)
    args = {"date_from": "2025-03-01", "date_to": "2025-12-31", "action": "client.read"}
    first = c.get("/admin/audit", query_string=args).get_data(as_text=True)
    times = re.findall(r'<td class="nowrap">([^<]+)</td>', first)
    assert len(times) == 50 and times == sorted(times, reverse=True)
    older = re.search(r'href="([^"]+)">Older', first).group(1).replace("&amp;", "&")
    assert "action=client.read" in older and "page=2" in older
    second = c.get(older).get_data(as_text=True)
    later_times = re.findall(r'<td class="nowrap">([^<]+)</td>', second)
    assert later_times and max(later_times) < min(times)


def test_csv_export_has_ids_only_and_matches_the_filters(world, seeded, login_as, app):
    c = login_as(world.admin)
    args = {"date_from": "2025-04-10", "date_to": "2025-06-30", "client": world.c1.public_id}
    shown = total(c.get("/admin/audit", query_string=args))
    response = c.get("/admin/audit.csv", query_string=args)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == shown > 0
    # A random public id can start with "-", which the formula guard quotes (1 run in 64).
    guarded = ("'" if world.c1.public_id[:1] in "=+-@" else "") + world.c1.public_id
    assert {r["client_id"] for r in rows} == {guarded}
    assert rows[0]["occurred_at_utc"] > rows[-1]["occurred_at_utc"]
    assert not HEALTH_WORDS.search(text)
    for private in ("Zoë", "Kowalczyk", "zoe@example.org", "7700"):
        assert private not in text
    assert audit_rows(app, action="audit.export", actor_id=world.admin.id)


def test_csv_cells_never_start_a_spreadsheet_formula(world, app, login_as):
    login_as(world.t1).get("/clients/=HYPERLINK(1)")  # a denied lookup audits the id as typed
    admin = app.test_client()
    login(admin, world.admin)
    text = admin.get("/admin/audit.csv", query_string={"outcome": "denied"}).get_data(as_text=True)
    assert "'=HYPERLINK(1)" in text
    assert ",=HYPERLINK" not in text


def test_another_clinics_admin_sees_none_of_these_events(world, seeded, app, make_user):
    other_admin = make_user(world.other_clinic, "oa@other.test", "admin", "Olga Other")
    c = app.test_client()
    login(c, other_admin)
    args = {"date_from": "2025-01-01", "date_to": "2025-12-31"}
    assert total(c.get("/admin/audit", query_string=args)) == 200  # only their own clinic's
    assert total(c.get("/admin/audit", query_string={**args, "client": world.c1.public_id})) == 0
    page = c.get("/admin/audit").get_data(as_text=True)
    assert "Tom One" not in page and world.t1.public_id not in page
    text = c.get("/admin/audit.csv", query_string={**args, "action": "client.update"}).get_data(
        as_text=True)
    assert world.c1.public_id not in text and world.c2.public_id not in text
    assert len(text.strip().splitlines()) == 1 + 50


def test_the_audit_page_names_no_client(world, seeded, login_as):
    body = login_as(world.admin).get("/admin/audit").get_data(as_text=True)
    assert world.c1.public_id[:8] in body
    for private in ("Zoë", "Kowalczyk", "Siobhán", "zoe@example.org"):
        assert private not in body


@pytest.mark.parametrize("args, message", [
    ({"date_from": "2025-05-01", "date_to": "2025-04-01"}, "before the start date"),
    ({"user": "no-such-user"}, "Not a valid choice"),
    ({"client": "<script>"}, "Paste the id"),
])
def test_bad_filters_are_explained_and_the_export_refused(world, login_as, args, message):
    c = login_as(world.admin)
    response = c.get("/admin/audit", query_string=args)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert c.get("/admin/audit.csv", query_string=args).status_code == 400


def test_outbox_shows_this_clinics_mail_and_reading_it_is_audited(world, app, make_user, login_as):
    make_user(world.other_clinic, "oa@other.test", "admin", "Olga Other")
    app.test_client().post("/password/forgot", data={"email": world.t1.email})
    app.test_client().post("/password/forgot", data={"email": "oa@other.test"})
    body = login_as(world.admin).get("/admin/outbox").get_data(as_text=True)
    assert world.t1.email in body and "/password/reset/" in body
    assert "oa@other.test" not in body
    assert audit_rows(app, action="outbox.read", actor_id=world.admin.id)


def test_client_logins_appear_by_id_not_by_name(world, app, login_as):
    portal = app.test_client()
    login(portal, world.portal)  # a login event by the client
    body = login_as(world.admin).get("/admin/audit").get_data(as_text=True)
    assert "client login" in body and world.portal.public_id[:8] in body
    assert "Zoë" not in body and "c1@k.test" not in body
