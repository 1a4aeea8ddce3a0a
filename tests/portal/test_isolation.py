"""Isolation (issue 7 §6): each demo client asks for every id of the other on every portal route."""
from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from notes_app.access import PUBLIC
from notes_app.extensions import db
from tests.conftest import audit_rows, login
from tests.fixtures.portal import ids_of

DEMO_PASSWORD = "knotwork-demo"
DEMO_CLIENTS = ("client@demo.test", "client2@demo.test")


@pytest.fixture
def demo(app, runner):
    """Seed the demo through the CLI and return the two portal clients by login email."""
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    from notes_app.auth.models import User
    from notes_app.clients.models import Client
    found = {}
    with app.app_context():
        for email in DEMO_CLIENTS:
            user = db.session.scalar(select(User).where(User.email == email))
            client = db.session.scalar(select(Client).where(Client.portal_user_id == user.id))
            found[email] = SimpleNamespace(id=client.id, public_id=client.public_id,
                                           user_id=user.id)
    return found


def id_routes(app):
    """Yield (rule, method, policy) for every /portal rule that takes an id."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/portal/") and rule.arguments:
            policy = app.view_functions[rule.endpoint].access_policy
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method, policy


def fill(rule, value: str) -> str:
    return re.sub(r"<(?:[^:>]+:)?[^>]+>", value, rule.rule)


def test_the_portal_routes_with_an_id_are_the_ones_this_test_knows(app):
    # A new portal route with an id must be added to the isolation walk below.
    found = {(rule.endpoint, method) for rule, method, _ in id_routes(app)}
    assert found == {("portal.aftercare_pdf", "GET"), ("portal.checkin", "GET"),
                     ("portal.checkin", "POST"), ("portal.invite", "POST"),
                     ("portal.accept", "GET"), ("portal.accept", "POST")}


def test_demo_clients_have_what_the_demo_promises(demo, app):
    from notes_app.clients.models import Client
    from notes_app.portal import checkins
    from notes_app.portal.records import next_steps_for

    with app.app_context():
        zoe = db.session.get(Client, demo["client@demo.test"].id)
        amara = db.session.get(Client, demo["client2@demo.test"].id)
        steps = next_steps_for(zoe, today=date.today(), max_age_months=12)
        assert steps.pending_checkins and steps.latest_sheet is not None
        assert checkins.list_check_ins_for(zoe)  # history: an earlier check-in
        assert next_steps_for(amara, today=date.today(), max_age_months=12).intake_state == "due"


@pytest.mark.parametrize("me, them", [DEMO_CLIENTS, tuple(reversed(DEMO_CLIENTS))])
def test_a_demo_client_gets_404_for_every_id_of_the_other(demo, app, me, them):
    c = app.test_client()
    assert login(c, me, DEMO_PASSWORD).status_code == 302
    their_ids = ids_of(app, demo[them])
    assert their_ids["sessions"] and their_ids["sheets"] and their_ids["intake_versions"]
    every = [value for values in their_ids.values() for value in values]
    every += [demo[them].public_id]
    before = ids_of(app, demo[them])["check_ins"]
    tried = 0
    for rule, method, policy in id_routes(app):
        for value in every:
            response = c.open(fill(rule, value), method=method, data={"soreness": "1"})
            # Staff-only routes refuse a client before looking anything up.
            expected = 403 if "client" not in policy and policy != (PUBLIC,) else 404
            assert response.status_code == expected, (rule.rule, method, value)
            tried += 1
    assert tried >= len(every) * 5
    assert ids_of(app, demo[them])["check_ins"] == before  # no POST got through
    denied = audit_rows(app, actor_id=demo[me].user_id, outcome="denied")
    assert len(denied) >= len(every) * 3  # the PDF and both check-in methods
    # Their pages list only their own things.
    mine = ids_of(app, demo[me])
    for url in ("/portal/", "/portal/aftercare", "/portal/visits", "/portal/progress"):
        body = c.get(url).get_data(as_text=True)
        assert not any(value in body for value in every), url
    assert any(sheet in c.get("/portal/aftercare").get_data(as_text=True)
               for sheet in mine["sheets"])


@pytest.mark.parametrize("me, them", [DEMO_CLIENTS, tuple(reversed(DEMO_CLIENTS))])
def test_the_export_of_one_demo_client_holds_no_id_of_the_other(demo, app, me, them):
    c = app.test_client()
    login(c, me, DEMO_PASSWORD)
    response = c.post("/portal/export", data={"password": DEMO_PASSWORD})
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    blob = archive.read("records.json").decode() + " ".join(archive.namelist())
    theirs = ids_of(app, demo[them])
    for values in theirs.values():
        for value in values:
            assert value not in blob
    assert demo[them].public_id not in blob
    data = json.loads(archive.read("records.json"))
    mine = ids_of(app, demo[me])
    assert {v["public_id"] for v in data["intake_versions"]} == set(mine["intake_versions"])
    assert {s["public_id"] for s in data["aftercare_sheets"]} == set(mine["sheets"])
    assert {c["public_id"] for c in data["check_ins"]} == set(mine["check_ins"])


def test_seeding_the_demo_again_adds_no_portal_records(demo, app, runner):
    from sqlalchemy import func

    from notes_app.aftercare.models import IssuedSheet
    from notes_app.portal.models import CheckIn
    from notes_app.sessions.models import TreatmentSession

    def counts():
        with app.app_context():
            return [db.session.scalar(select(func.count()).select_from(model))
                    for model in (TreatmentSession, IssuedSheet, CheckIn)]

    before = counts()
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    assert counts() == before
