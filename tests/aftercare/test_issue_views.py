"""Aftercare pages: preview and issue, the sheet page, the PDF download, partials and access."""
from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from notes_app.extensions import db
from tests.conftest import audit_rows, login
from tests.fixtures.aftercare import INJECTIONS, text_of
from tests.fixtures.sessions import full_note


def _new(note, length="full") -> str:
    # The longer sheet: the one-page default has its own tests (test_one_page.py).
    return f"/aftercare/session/{note.public_id}/new" + (f"?length={length}" if length else "")


def _issue_via_form(http, treatment_session, **data):
    form = {"keep": ["WHAT-WE-WORKED-ON", "POS", "STR", "ST-QL", "ST-PIR", "HEAT"],
            "note": "", "next_visit": "In a week.", "length": "full"}
    form.update(data)
    return http.post(_new(treatment_session), data=form)


def _sheet_id(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    return response.headers["Location"].rsplit("/", 1)[-1]


def test_preview_shows_sections_reasons_locks_and_suppressions(aft, login_as, app):
    page = login_as(aft.t1).get(_new(aft.risky_note))
    assert page.status_code == 200
    body = html.unescape(page.get_data(as_text=True))
    assert 'name="keep" value="HEAT" checked' in body
    assert 'value="AFTER-SESSION"' not in body  # locked: shown, never sent
    assert "Always printed" in body and "Goes with the stretches" in body
    assert "Why: treated quadratus lumborum at pressure 2" in body
    assert "Self-massage with a ball" in body and "Blood thinners" in body
    assert "Side of the neck" in body and "Neck injury, whiplash or neck surgery" in body
    assert re.search(r'name="next_visit"[^>]*value="In about 1 week, around ', body)
    assert "<svg" in body  # the small map of today's points
    assert len(audit_rows(app, action="session.read", actor_id=aft.t1.id)) == 1


def test_issue_from_the_form_then_open_the_sheet_and_its_pdf(aft, login_as, app):
    http = login_as(aft.t1)
    response = _issue_via_form(http, aft.risky_note, note="Keep moving today.",
                               keep=["WHAT-WE-WORKED-ON", "POS", "STR", "ST-QL", "ST-PIR"])
    sheet_id = _sheet_id(response)
    page = http.get(f"/aftercare/{sheet_id}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'href="/aftercare/{sheet_id}.pdf"' in body and "Print / open PDF" in body
    assert "Switched off by the therapist: Warmth for stiff muscles" in html.unescape(body)
    assert "Keep moving today." in body
    pdf = http.get(f"/aftercare/{sheet_id}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    text = text_of(pdf.data)
    assert "Warmth for stiff muscles" not in text and "Keep moving today." in text
    assert http.get(f"/aftercare/{sheet_id}.pdf").data == pdf.data


def test_pdf_headers_are_inline_opaque_and_uncached(aft, login_as):
    http = login_as(aft.t1)
    sheet_id = _sheet_id(_issue_via_form(http, aft.risky_note))
    response = http.get(f"/aftercare/{sheet_id}.pdf")
    assert response.headers["Content-Type"] == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'inline; filename="aftercare-{sheet_id}.pdf"'
    for canary in ("Eleni", "Ελένη", "Papadopoulou"):
        assert canary not in disposition
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_issue_read_and_download_are_audited(aft, login_as, app):
    http = login_as(aft.t1)
    sheet_id = _sheet_id(_issue_via_form(http, aft.risky_note))
    http.get(f"/aftercare/{sheet_id}")
    http.get(f"/aftercare/{sheet_id}.pdf")
    http.get(f"/aftercare/{sheet_id}.pdf")
    for action, count in (("aftercare.issue", 1), ("aftercare.read", 1),
                          ("aftercare.download", 2)):
        rows = audit_rows(app, action=action, actor_id=aft.t1.id)
        assert len(rows) == count, action
        assert all(r.client_id == aft.risky.id and r.outcome == "success" for r in rows)
        assert all(r.object_id.isdigit() for r in rows)  # ids only, never names


def test_draft_sessions_are_refused(aft, login_as, app):
    from notes_app.aftercare.models import IssuedSheet

    draft = aft.svc.start(aft.t1, aft.c1)
    aft.svc.save(aft.t1, draft.public_id, full_note())
    http = login_as(aft.t1)
    assert http.get(_new(draft)).status_code == 409
    assert _issue_via_form(http, draft).status_code == 409
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IssuedSheet)) == 0


def test_another_clinic_or_a_wrong_id_gets_404_and_a_denied_audit(aft, app):
    from tests.conftest import login as sign_in

    owner = app.test_client()
    sign_in(owner, aft.t1)
    sheet_id = _sheet_id(_issue_via_form(owner, aft.risky_note))
    other = app.test_client()
    sign_in(other, aft.ot)
    urls = [f"/aftercare/{sheet_id}", f"/aftercare/{sheet_id}.pdf", _new(aft.risky_note),
            "/aftercare/not-a-sheet", "/aftercare/not-a-sheet.pdf"]
    for url in urls:
        assert other.get(url).status_code == 404, url
    assert other.post(_new(aft.risky_note), data={"note": "x"}).status_code == 404
    denied = audit_rows(app, actor_id=aft.ot.id, outcome="denied")
    assert len(denied) == 6
    assert {r.object_id for r in denied} >= {sheet_id, aft.risky_note.public_id, "not-a-sheet"}


@pytest.mark.parametrize("who", ["admin", "portal"])
def test_admins_and_client_logins_are_refused(aft, app, who):
    owner = app.test_client()
    login(owner, aft.t1)
    sheet_id = _sheet_id(_issue_via_form(owner, aft.risky_note))
    c = app.test_client()
    login(c, getattr(aft, who))
    for url in (f"/aftercare/{sheet_id}", f"/aftercare/{sheet_id}.pdf", _new(aft.risky_note)):
        assert c.get(url).status_code == 403, url
    assert c.post(_new(aft.risky_note), data={}).status_code == 403


def test_injection_in_the_note_is_escaped_on_the_page_and_literal_in_the_pdf(aft, login_as):
    http = login_as(aft.t1)
    sheet_id = _sheet_id(_issue_via_form(http, aft.risky_note, note="\n".join(INJECTIONS)))
    body = http.get(f"/aftercare/{sheet_id}").get_data(as_text=True)
    assert "<font color=" not in body and "&lt;font color=" in body
    assert '<img src="/etc/passwd"/>' not in body
    text = text_of(http.get(f"/aftercare/{sheet_id}.pdf").data)
    for payload in INJECTIONS:
        assert payload in text, payload


def test_an_invalid_form_keeps_what_was_typed(aft, login_as):
    http = login_as(aft.t1)
    response = _issue_via_form(http, aft.risky_note, note="n" * 2001,
                               keep=["POS"], next_visit="Soon")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'value="POS" checked' in body and 'value="HEAT">' in body
    assert 'value="Soon"' in body and "n" * 2001 in body


def test_client_page_lists_sheets_for_therapists_only(aft, app):
    from tests.conftest import login as sign_in

    owner = app.test_client()
    sign_in(owner, aft.t1)
    sheet_id = _sheet_id(_issue_via_form(owner, aft.risky_note))
    page = owner.get(f"/clients/{aft.risky.public_id}").get_data(as_text=True)
    assert "Aftercare sheets" in page and f"/aftercare/{sheet_id}" in page
    assert len(audit_rows(app, action="aftercare.list", actor_id=aft.t1.id)) == 1
    admin = app.test_client()
    sign_in(admin, aft.admin)
    page = admin.get(f"/clients/{aft.risky.public_id}").get_data(as_text=True)
    assert "Aftercare sheets" not in page and sheet_id not in page


def test_session_partial_offers_the_issue_button_once_signed(aft, app):
    from flask import render_template

    from notes_app.aftercare.sections import session_section
    from notes_app.auth.models import User

    draft = aft.svc.start(aft.t1, aft.c1)

    def section(user_id, public_id):
        ts = aft.note(public_id)
        sheets = session_section(db.session.get(User, user_id), ts)
        return render_template("aftercare/_session_section.html", ts=ts, aftercare_sheets=sheets)

    with app.test_request_context():
        signed = section(aft.t1.id, aft.risky_note.public_id)
        unsigned = section(aft.t1.id, draft.public_id)
        for_admin = section(aft.admin.id, aft.risky_note.public_id)
    assert "Issue aftercare sheet" in signed and _new(aft.risky_note, length=None) in signed
    assert "Issue aftercare sheet" not in unsigned and "Sign the note" in unsigned
    assert for_admin.strip() == ""
