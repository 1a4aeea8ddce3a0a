"""The loader: one client's signed record, every demo bundle valid, no N+1 queries."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import event, select

from notes_app.clinical.fhir import resource_counts
from notes_app.clinical.fhir_refs import fhir_id
from notes_app.extensions import db
from tests.records.fhir_checks import check_bundle, readable, resources

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def _bundle_for(app, client_id):
    from notes_app.clients.models import Client
    from notes_app.records.services import fhir_bundle_for
    with app.app_context():
        return fhir_bundle_for(db.session.get(Client, client_id), now=NOW)


def test_the_bundle_holds_this_clients_signed_record_and_nothing_else(portal, app):
    bundle = _bundle_for(app, portal.c1.id)
    check_bundle(bundle)
    encounters = {e["id"]: e["status"] for e in resources(bundle, "Encounter")}
    assert encounters == {fhir_id(portal.old): "finished", fhir_id(portal.recent): "finished",
                          fhir_id(portal.wrong): "entered-in-error"}
    sheets = {d["id"] for d in resources(bundle, "DocumentReference")
              if d["type"]["text"] == "Aftercare sheet"}
    assert sheets == {fhir_id(s) for s in portal.sheets1}
    assert [q["id"] for q in resources(bundle, "QuestionnaireResponse")] == [
        fhir_id(portal.intake1)]
    text = readable(bundle)
    for absent in ("DRAFT-CANARY", "ERROR-CANARY", "OTHER-CANARY", "Siobh", fhir_id(portal.draft),
                   fhir_id(portal.other), fhir_id(portal.intake2),
                   *(fhir_id(s) for s in portal.sheets2)):
        assert absent not in text, absent
    assert "SECRET-ASSESSMENT tissue softer" in text  # the clinician gets the whole note


def test_every_demo_clients_bundle_validates(app):
    from notes_app.clients.models import Client
    from notes_app.demo import seed_demo
    from notes_app.records.services import fhir_bundle_for
    from notes_app.sessions.models import DRAFT, SIGNED, TreatmentSession
    with app.app_context():
        seed_demo()
        db.session.commit()
        drafts = list(db.session.scalars(select(TreatmentSession).filter_by(status=DRAFT)))
        assert drafts, "the demo has a draft in progress"
        clients = list(db.session.scalars(select(Client)))
        assert len(clients) >= 13
        for client in clients:
            bundle = fhir_bundle_for(client, now=NOW)
            check_bundle(bundle)
            signed = db.session.scalar(select(db.func.count()).select_from(TreatmentSession)
                                       .filter_by(client_id=client.id, status=SIGNED))
            counts = resource_counts(bundle)
            assert counts.get("Encounter", 0) == signed, client.full_name
            [patient] = resources(bundle, "Patient")
            assert patient["name"][0]["family"] == client.last_name
            text = readable(bundle)
            for draft in drafts:
                assert fhir_id(draft.public_id) not in text
                assert draft.chief_complaint not in text


def test_the_loader_runs_the_same_number_of_queries_for_two_visits_or_five(world, records, app):
    from notes_app.clients.models import Client
    from notes_app.records.services import fhir_bundle_for
    records.intake(world.t1, world.c1)
    records.intake(world.t2, world.c2)
    for days in (3, 2):
        records.visit(world.t1, world.c1, days_ago=days)
    for days in (6, 5, 4, 3, 2):
        records.visit(world.t2 if days % 2 else world.t1, world.c2, days_ago=days)

    def statements(client_id):
        seen = []
        with app.app_context():
            listener = lambda *a, **k: seen.append(1)  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                db.session.expire_all()
                fhir_bundle_for(db.session.get(Client, client_id), now=NOW)
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    assert statements(world.c1.id) == statements(world.c2.id) <= 12
