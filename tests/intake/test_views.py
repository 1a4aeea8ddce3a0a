"""Intake pages: the form round trip, the client-page panel, history, and who may see what."""
from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import func, select

from notes_app.extensions import db
from notes_app.intake.models import IntakeVersion
from tests.conftest import audit_rows, login
from tests.fixtures.intake import SIGNATURE, minimal_intake, valid_post


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(IntakeVersion))


def _version_ids(app, client_id) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(IntakeVersion.public_id).where(
            IntakeVersion.client_id == client_id).order_by(IntakeVersion.version)))


def test_the_form_has_every_section_and_starts_blank(world, login_as):
    page = login_as(world.t1).get(f"/intake/new/{world.c1.public_id}").get_data(as_text=True)
    for section in ("s-reason", "s-pain", "s-health", "s-meds", "s-body", "s-prefs", "s-life",
                    "s-consent"):
        assert f'id="{section}"' in page and f'href="#{section}"' in page
    assert page.count('name="pain_areas-') >= 3 * 6  # three blank pain rows without JS
    assert 'id="tpl-pain_areas"' in page and 'name="pain_areas-__i__-region"' in page
    assert "Consent text version 2026-11" in page
    assert "data-signature-pad" in page and "js/signature-pad.js" in page
    assert re.search(r'<input checked[^>]*value="medium"', page)  # a sensible default pressure
    assert "<input checked" not in page.split('id="s-consent"')[1]  # consents are never pre-ticked


def test_saving_redirects_to_the_client_page_with_the_flags(world, login_as, app):
    c = login_as(world.t1)
    response = c.post(f"/intake/new/{world.c1.public_id}", data=valid_post())
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/clients/{world.c1.public_id}#intake")
    page = c.get(response.headers["Location"]).get_data(as_text=True)
    assert "Intake saved as version 1." in page
    assert "Blood thinners" in page and "Max pressure 2/5" in page
    assert "Surgery site (last 12 weeks)" in page and "Knee (right)" in page
    assert [r.action for r in audit_rows(app, client_id=world.c1.id)
            if r.action.startswith("intake")] == ["intake.create", "intake.read"]
    with app.app_context():
        version = db.session.scalar(select(IntakeVersion))
        data = version.data
    assert data["pain_areas"] == [{"region": "neck_back", "onset": "2026-01-10", "intensity": 6,
                                   "character": "ache", "aggravating": "Laptop",
                                   "easing": "Heat"}]
    assert data["history"] == {"osteoporosis": {"present": True, "details": "Diagnosed 2020"}}
    assert data["medications"]["anticoagulant"] is True and data["medications"]["insulin"] is False
    assert data["allergies"] == {"items": ["nut_oils", "latex"], "other": ""}
    assert data["scars"] == [{"region": "knee_right", "healed": True}]
    assert data["lifestyle"]["desk_hours"] == 9.0 and data["lifestyle"]["stretches"] is False
    assert data["lifestyle"]["stress"] == 7 and data["lifestyle"]["fluid_litres"] == 1.25
    assert data["consent"]["intensity_ceiling"] == 6 and data["consent"]["treatment"] is True
    assert data["consent"]["signed_on"] == date.today().isoformat()
    assert data["pregnancy"] == {"pregnant": False, "weeks": None, "high_risk": False,
                                 "weeks_since_birth": None, "caesarean": False}
    assert version.signature == SIGNATURE


def test_flags_on_the_client_page_are_most_severe_first(world, login_as, make_intake):
    make_intake(world.t1, world.c1, {
        **minimal_intake(), "scars": [{"region": "thigh_left", "healed": False}],
        "medications": {"anticoagulant": True}, "history_today": {"calf_swelling": True}})
    page = login_as(world.t1).get(f"/clients/{world.c1.public_id}").get_data(as_text=True)
    order = [m.group(1) for m in re.finditer(r'class="flag flag-(\w+)"', page)]
    assert order == ["defer", "modify", "local"]
    assert page.index("Possible blood clot") < page.index("Blood thinners") < page.index(
        "Skin condition or open wound")
    assert "Do not treat today" in page and "Thigh (left)" in page


def test_client_page_shows_intake_due_and_blockers(world, login_as, make_intake):
    c = login_as(world.t1)
    page = c.get(f"/clients/{world.c1.public_id}").get_data(as_text=True)
    assert "Intake due" in page and "No intake on file" in page and "Take intake" in page
    make_intake(world.t1, world.c1, today=date.today() - timedelta(days=400))
    page = c.get(f"/clients/{world.c1.public_id}").get_data(as_text=True)
    assert "Intake is 13 months old" in page and "Update intake" in page
    make_intake(world.t1, world.c1)
    page = c.get(f"/clients/{world.c1.public_id}").get_data(as_text=True)
    assert "Intake due" not in page and "No cautions from the intake" in page


def test_a_second_version_prefills_and_shows_what_changed(world, login_as, app):
    c = login_as(world.t1)
    assert c.post(f"/intake/new/{world.c1.public_id}", data=valid_post()).status_code == 302
    form = c.get(f"/intake/new/{world.c1.public_id}").get_data(as_text=True)
    assert "Neck and shoulder pain after long days" in form and "Pre-filled from version 1" in form
    assert 'value="Zoë Kowalczyk"' not in form and SIGNATURE not in form  # signed afresh
    assert c.post(f"/intake/new/{world.c1.public_id}",
                  data=valid_post(**{"lifestyle-stress": "2"})).status_code == 302
    first, second = _version_ids(app, world.c1.id)
    page = c.get(f"/clients/{world.c1.public_id}").get_data(as_text=True)
    assert "Changed since version 1" in page and "Stress (0-10)" in page
    detail = c.get(f"/intake/{second}").get_data(as_text=True)
    assert "Intake version 2" in detail and "<del>7</del>" in detail and "<ins>2</ins>" in detail
    old = c.get(f"/intake/{first}").get_data(as_text=True)
    assert "Superseded" in old and "Flags on the day it was signed" in old
    history = c.get(f"/intake/client/{world.c1.public_id}/history").get_data(as_text=True)
    assert history.count('class="version-row"') == 2 and "v2" in history
    assert len(audit_rows(app, action="intake.history")) == 1


def test_the_client_page_hook_audits_the_intake_read(world, login_as, make_intake, app):
    c = login_as(world.t1)
    c.get(f"/clients/{world.c1.public_id}")
    assert audit_rows(app, action="intake.read") == []  # no intake: nothing clinical shown
    make_intake(world.t1, world.c1)
    c.get(f"/clients/{world.c1.public_id}")
    reads = audit_rows(app, action="intake.read")
    assert len(reads) == 1 and reads[0].client_id == world.c1.id
    assert reads[0].request_id  # written inside the request, with the page's own commit


def test_admins_see_no_intake_and_are_refused_its_pages(world, login_as, make_intake, app):
    vid = make_intake(world.t1, world.c1, {**minimal_intake(),
                                           "medications": {"anticoagulant": True}})
    c = login_as(world.admin)
    page = c.get(f"/clients/{world.c1.public_id}").get_data(as_text=True)
    assert "Blood thinners" not in page and "shown to therapists only" in page
    for url in (f"/intake/new/{world.c1.public_id}", f"/intake/{vid}",
                f"/intake/client/{world.c1.public_id}/history"):
        assert c.get(url).status_code == 403, url
    assert c.post(f"/intake/new/{world.c1.public_id}", data=valid_post()).status_code == 403
    assert audit_rows(app, action="intake.read") == []


def test_client_logins_are_refused(world, make_intake, app):
    vid = make_intake(world.t1, world.c1)
    c = app.test_client()
    login(c, world.portal)
    for url in (f"/intake/new/{world.c1.public_id}", f"/intake/{vid}",
                f"/intake/client/{world.c1.public_id}/history"):
        assert c.get(url).status_code == 403, url


def test_another_clinic_gets_404_on_every_intake_route(world, make_intake, app):
    vid = make_intake(world.t1, world.c1)
    c = app.test_client()
    login(c, world.ot)
    for method, url in (("GET", f"/intake/new/{world.c1.public_id}"),
                        ("POST", f"/intake/new/{world.c1.public_id}"),
                        ("GET", f"/intake/{vid}"),
                        ("GET", f"/intake/client/{world.c1.public_id}/history")):
        response = c.open(url, method=method, data=valid_post() if method == "POST" else None)
        assert response.status_code == 404, (method, url)
    assert _count(app) == 1
    assert len(audit_rows(app, actor_id=world.ot.id, outcome="denied")) == 4


def test_a_minor_needs_guardian_fields(world, login_as, make_client_record, app):
    minor = make_client_record(world.t1, "Jonas", "Brandt", date(2010, 6, 1))
    c = login_as(world.t1)
    form = c.get(f"/intake/new/{minor.public_id}").get_data(as_text=True)
    assert "under 18" in form and 'name="consent-guardian_name"' in form
    response = c.post(f"/intake/new/{minor.public_id}", data=valid_post())
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "a parent or guardian" in page
    assert "Enter how they are related." in page and _count(app) == 0
    ok = c.post(f"/intake/new/{minor.public_id}", data=valid_post(**{
        "consent-guardian_name": "Katrin Brandt", "consent-guardian_relationship": "Mother"}))
    assert ok.status_code == 302 and _count(app) == 1


def test_unknown_version_is_404(world, login_as):
    assert login_as(world.t1).get("/intake/nope").status_code == 404
