"""Intake from home: the full form before a first visit, "what changed?" later, staff badge."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from notes_app.extensions import db
from tests.conftest import audit_rows, login
from tests.fixtures.intake import SIGNATURE, valid_post

RICH = {
    "reason": "Neck ache at the desk", "goals": "Cycle without a stiff neck",
    "history": {"migraine": {"present": True, "details": "Monthly, with aura"}},
    "medications": {"text": "Ibuprofen when needed", "anticoagulant": False},
    "pain_areas": [{"region": "neck_back", "onset": "2026-01-10", "intensity": 6,
                    "character": "ache", "aggravating": "Laptop", "easing": "Heat"}],
    "surgeries": [{"region": "knee_right", "date": "2019-05-01", "details": "Arthroscopy"}],
    "lifestyle": {"desk_hours": 9.0, "stretches": True, "sleep_position": "side"},
    "preferences": {"pressure": "firm", "avoid_regions": ["face"], "notes": "Warm room"},
}


def versions(app, client_id):
    from notes_app.intake.models import IntakeVersion
    with app.app_context():
        return list(db.session.scalars(db.select(IntakeVersion).filter_by(client_id=client_id)
                                       .order_by(IntakeVersion.version)))


def update_post(**overrides) -> dict:
    # What the browser sends back from the page pre-filled with RICH, plus a fresh signature.
    data = {"conditions": ["migraine"], "medications-text": "Ibuprofen when needed",
            "surgeries-0-region": "knee_right", "surgeries-0-date": "2019-05-01",
            "surgeries-0-details": "Arthroscopy", "surgeries-1-region": "",
            "anything_else": "", "consent-treatment": "y", "consent-intensity_ceiling": "7",
            "consent-typed_name": "Zoë Kowalczyk", "consent-signature": SIGNATURE}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_before_a_first_visit_the_client_fills_the_whole_intake(world, login_as, app):
    c = login_as(world.portal)
    page = c.get("/portal/intake").get_data(as_text=True)
    assert "Your health form" in page and 'id="s-lifestyle"' not in page
    for part in ('id="s-reason"', 'id="s-life"', "data-signature-pad", "Your full name",
                 "What brings you in?", "Today, do you have"):
        assert part in page, part
    assert "/clients/" not in page  # no staff links in the client's layout
    response = c.post("/portal/intake", data=valid_post())
    assert response.status_code == 302 and response.headers["Location"].endswith("/portal/")
    [version] = versions(app, world.c1.id)
    assert version.source == "client" and version.created_by_id == world.portal.id
    assert version.data["medications"]["anticoagulant"] is True
    assert version.signature == SIGNATURE
    [row] = audit_rows(app, action="intake.create")
    assert row.actor_id == world.portal.id and row.client_id == world.c1.id


@pytest.mark.parametrize("overrides, message", [
    ({"pain_areas-0-onset": "2026-13-40"}, "Enter a date as YYYY-MM-DD."),
    ({"pain_areas-0-onset": (date.today() + timedelta(days=3)).isoformat()},
     "Enter a date between 1900 and today."),
    ({"pain_areas-0-intensity": "11"}, "Enter a number from 0 to 10."),
    ({"lifestyle-desk_hours": "nan"}, "Enter a number from 0 to 24 hours."),
    ({"lifestyle-desk_hours": "9" * 400}, "Enter a number"),
    ({"reason": "bad\x00text"}, "Remove the invisible control characters."),
    ({"history-migraine_details": "nul\x00"}, "Remove the invisible control characters."),
    ({"allergies-items": ["not-an-allergy"]}, "Choose from the list."),
    ({"consent-signature": ""}, "Sign in the box with a finger or stylus."),
    ({"consent-signature": "data:image/png;base64,AAAA"}, "could not be read"),
    ({"consent-typed_name": ""}, "Type your full name."),
])
def test_bad_answers_at_home_are_form_errors_not_500(world, login_as, app, overrides, message):
    response = login_as(world.portal).post("/portal/intake", data=valid_post(**overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert versions(app, world.c1.id) == []


def test_a_minor_needs_a_guardian_at_home_too(world, make_client_record, make_user, app,
                                              login_as):
    from notes_app.clients.models import Client
    young = make_client_record(world.t1, "Jonas", "Young",
                               date_of_birth=date.today() - timedelta(days=365 * 15))
    login = make_user(world.clinic, "jonas@k.test", "client", "Jonas Young")
    with app.app_context():
        db.session.get(Client, young.id).portal_user_id = login.id
        db.session.commit()
    c = login_as(login)
    assert "You are under 18" in c.get("/portal/intake").get_data(as_text=True)
    body = c.post("/portal/intake", data=valid_post()).get_data(as_text=True)
    assert "a parent or guardian must sign" in body and versions(app, young.id) == []
    ok = c.post("/portal/intake", data=valid_post(**{"consent-guardian_name": "Petra Young",
                                                     "consent-guardian_relationship": "Mother"}))
    assert ok.status_code == 302 and versions(app, young.id)[0].guardian_name == "Petra Young"


def test_later_the_client_sees_a_short_what_changed_form_prefilled(world, records, login_as):
    records.intake(world.t1, world.c1, **RICH)
    page = login_as(world.portal).get("/portal/intake").get_data(as_text=True)
    assert "Has anything changed?" in page and 'id="s-life"' not in page
    assert re.search(r'<input checked[^>]*value="migraine"', page)
    assert "Ibuprofen when needed" in page and "Arthroscopy" in page
    assert 'name="consent-signature" id="consent-signature" value=""' in page  # asked anew


def test_an_update_creates_a_new_version_that_keeps_everything_else(world, records, login_as,
                                                                    app):
    from notes_app.intake import services
    records.intake(world.t1, world.c1, **RICH)
    response = login_as(world.portal).post("/portal/intake", data=update_post(**{
        "conditions": ["migraine", "anticoagulant"],
        "medications-text": "Apixaban 5 mg since March", "medications-anticoagulant": "y",
        "injuries-0-region": "shoulder_left", "injuries-0-date": "2026-03-02",
        "injuries-0-kind": "sprain", "anything_else": "Fell off my bike in March."}))
    assert response.status_code == 302
    first, second = versions(app, world.c1.id)
    assert (second.version, second.source) == (2, "client")
    new, old = second.data, first.data
    for kept in ("reason", "goals", "pain_areas", "surgeries"):
        assert new[kept] == old[kept], kept
    # The shared conversion writes every lifestyle key; the answers given are unchanged.
    answered = {k: v for k, v in new["lifestyle"].items() if v not in (None, "", False, [])}
    assert answered == old["lifestyle"]
    assert new["preferences"]["pressure"] == "firm"
    assert new["history"]["migraine"] == {"present": True, "details": "Monthly, with aura"}
    assert new["history"]["anticoagulant"]["present"] is True
    assert new["history"]["other"]["details"] == "Fell off my bike in March."
    assert new["medications"]["anticoagulant"] is True
    assert new["injuries"][0]["region"] == "shoulder_left"
    with app.app_context():
        from notes_app.intake.models import IntakeVersion
        labels = [label for label, _, _ in services.changes_since_previous(
            db.session.get(IntakeVersion, second.id))]
    assert any("Medicines taken" in label for label in labels)
    assert not any("Lifestyle" in label or "Pain areas" in label for label in labels)


def test_an_update_without_a_new_signature_saves_nothing(world, records, login_as, app):
    records.intake(world.t1, world.c1, **RICH)
    body = login_as(world.portal).post("/portal/intake", data=update_post(
        **{"consent-signature": None, "medications-text": "bad\x00"})).get_data(as_text=True)
    assert "Sign in the box with a finger or stylus." in body
    assert "Remove the invisible control characters." in body
    assert len(versions(app, world.c1.id)) == 1


def test_staff_see_a_client_updated_intake_badge_until_the_next_session(world, records, app):
    therapist, client = app.test_client(), app.test_client()
    login(therapist, world.t1)
    login(client, world.portal)
    records.intake(world.t1, world.c1, **RICH)
    records.visit(world.t1, world.c1, days_ago=3, sheet=False)
    page = therapist.get(f"/clients/{world.c1.public_id}").get_data(as_text=True)
    assert "Client updated intake" not in page
    client.post("/portal/intake", data=update_post(anything_else="New ache"))
    [_, update] = versions(app, world.c1.id)
    page = therapist.get(f"/clients/{world.c1.public_id}").get_data(as_text=True)
    assert "Client updated intake" in page and f"/intake/{update.public_id}" in page
    detail = therapist.get(f"/intake/{update.public_id}").get_data(as_text=True)
    assert "New ache" in detail and "filled by the client" in detail
    # Signed a minute later: signatures keep whole seconds, the update is newer within this one.
    records.visit(world.t1, world.c1, days_ago=0, sheet=False,
                  signed_at=datetime.now(UTC) + timedelta(minutes=1))
    page = therapist.get(f"/clients/{world.c1.public_id}").get_data(as_text=True)
    assert "Client updated intake" not in page


def test_the_admin_sees_no_intake_badge(world, app):
    client, admin = app.test_client(), app.test_client()
    login(client, world.portal)
    login(admin, world.admin)
    assert client.post("/portal/intake", data=valid_post()).status_code == 302
    page = admin.get(f"/clients/{world.c1.public_id}").get_data(as_text=True)
    assert "Client updated intake" not in page
