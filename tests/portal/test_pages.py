"""Portal pages: home's next steps, aftercare PDFs, visit summaries, progress (issue 7 §2)."""
from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest

from notes_app.extensions import db
from tests.conftest import audit_rows, login

PAGES = ["/portal/", "/portal/aftercare", "/portal/visits", "/portal/progress", "/portal/intake",
         "/portal/export"]


def test_every_page_renders_for_a_client_with_records(portal, login_as):
    c = login_as(portal.portal)
    for url in PAGES:
        response = c.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store"
        assert "OTHER-CANARY" not in response.get_data(as_text=True), url


def test_every_page_renders_for_a_client_with_nothing_yet(world, login_as):
    c = login_as(world.portal)
    for url in PAGES:
        assert c.get(url).status_code == 200, url
    body = c.get("/portal/").get_data(as_text=True)
    assert "fill in your health form" in body and "/portal/intake" in body


def test_home_lists_next_steps_the_sheet_and_warning_signs(portal, login_as):
    body = login_as(portal.portal).get("/portal/").get_data(as_text=True)
    assert f"/portal/checkin/{portal.recent}" in body  # yesterday's visit is waiting
    assert f"/portal/checkin/{portal.old}" not in body  # 20 days ago: closed
    assert "Open the sheet (PDF)" in body
    assert "What to watch for" in body and "Call emergency services now" in body
    assert "(from your latest sheet)" in body


def test_home_shows_the_library_warning_signs_without_a_sheet(world, login_as):
    body = login_as(world.portal).get("/portal/").get_data(as_text=True)
    assert "Call emergency services now" in body and "(from your latest sheet)" not in body


def test_aftercare_pdf_is_the_stored_bytes_inline_and_audited(portal, login_as, app):
    from notes_app.aftercare.models import IssuedSheet

    c = login_as(portal.portal)
    listing = c.get("/portal/aftercare").get_data(as_text=True)
    for sheet_id in portal.sheets1:
        assert f"/portal/aftercare/{sheet_id}.pdf" in listing
    sheet_id = portal.sheets1[0]
    response = c.get(f"/portal/aftercare/{sheet_id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("inline") and f"aftercare-{sheet_id}.pdf" in disposition
    assert "Zo" not in disposition and "Kowalczyk" not in disposition
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    with app.app_context():
        stored = db.session.scalar(db.select(IssuedSheet).filter_by(public_id=sheet_id))
        assert hashlib.sha256(response.data).hexdigest() == stored.sha256
        assert response.data == stored.pdf
    [row] = audit_rows(app, action="aftercare.download", actor_id=portal.portal.id)
    assert row.outcome == "success" and row.client_id == portal.c1.id


def test_another_clients_pdf_is_404_and_audited_as_denied(portal, login_as, app):
    c = login_as(portal.portal)
    assert c.get(f"/portal/aftercare/{portal.sheets2[0]}.pdf").status_code == 404
    assert c.get("/portal/aftercare/not-a-sheet.pdf").status_code == 404
    denied = audit_rows(app, action="aftercare.download", outcome="denied")
    assert [r.object_id for r in denied] == [portal.sheets2[0], "not-a-sheet"]


def test_visits_show_signed_sessions_only_with_the_client_summary(portal, login_as, app):
    c = login_as(portal.portal)
    body = c.get("/portal/visits").get_data(as_text=True)
    assert "Upper trapezius (right)" in body and "Levator scapulae (right)" in body
    assert "Doorway stretch twice a day." in body  # home care from the plan
    assert "5 → 2" in body and "7 → 4" in body
    for hidden in ("DRAFT-CANARY", "ERROR-CANARY", "SECRET-ASSESSMENT", "SECRET-GOALS",
                   "OTHER-CANARY"):
        assert hidden not in body, hidden
    assert body.index("5 → 2") < body.index("7 → 4")  # newest first
    assert audit_rows(app, action="portal.visits", actor_id=portal.portal.id)


def test_the_clinic_may_share_the_assessment(portal, login_as, app):
    admin = app.test_client()
    login(admin, portal.admin)
    assert admin.get("/admin/settings").status_code == 200
    assert admin.post("/admin/settings", data={"share_assessment": "y"}).status_code == 302
    body = login_as(portal.portal).get("/portal/visits").get_data(as_text=True)
    assert "SECRET-ASSESSMENT" in body and "SECRET-GOALS" in body
    [row] = audit_rows(app, action="portal.settings")
    assert row.actor_id == portal.admin.id


@pytest.mark.parametrize("who", ["t1", "portal"])
def test_only_the_admin_changes_portal_settings(portal, app, who):
    c = app.test_client()
    login(c, getattr(portal, who))
    assert c.post("/admin/settings", data={"share_assessment": "y"}).status_code == 403


def test_progress_draws_the_chart_and_the_current_knots(portal, login_as, app):
    body = login_as(portal.portal).get("/portal/progress").get_data(as_text=True)
    assert 'class="pain-chart"' in body and "Your pain before and after each visit" in body
    assert 'class="kw-bodymap kw-bodymap--back"' in body
    assert 'data-muscle-id="UT"' in body and 'data-muscle-id="LS"' in body
    assert audit_rows(app, action="portal.progress", actor_id=portal.portal.id)


def test_staff_cannot_open_client_pages(portal, login_as):
    c = login_as(portal.t1)
    for url in PAGES + [f"/portal/checkin/{portal.recent}", f"/portal/aftercare/"
                        f"{portal.sheets1[0]}.pdf"]:
        assert c.get(url).status_code == 403, url


def test_an_old_intake_asks_the_client_what_changed(world, records, login_as):
    records.intake(world.t1, world.c1, today=date.today() - timedelta(days=380))
    body = login_as(world.portal).get("/portal/").get_data(as_text=True)
    assert "Has anything changed since your last health form?" in body
    assert "Intake is 12 months old" in body  # 380 days is always 12 whole months
    assert "Has anything changed?" in login_as(world.portal).get("/portal/intake").get_data(
        as_text=True)
