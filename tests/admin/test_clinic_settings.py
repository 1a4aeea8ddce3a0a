"""Issue 16, item 7: the clinic's country decides the numbers and drinking figures sheets print."""
from __future__ import annotations

import pytest

from notes_app.clinical import advice_i18n
from notes_app.clinical.advice import BLOCK_BY_ID, FULL, render_block, select_blocks
from notes_app.clinical.contacts import COUNTRIES, COUNTRY_BY_CODE, contacts_for, water_guide_for
from notes_app.extensions import db
from tests.conftest import audit_rows
from tests.fixtures.aftercare import text_of


def _clinic(app, clinic_id):
    from notes_app.auth.models import Clinic
    with app.app_context():
        c = db.session.get(Clinic, clinic_id)
        return (c.country, c.emergency_number, c.advice_number, c.paper_size)


def test_an_admin_sets_the_clinic_country_audited(world, login_as, app):
    http = login_as(world.admin)
    page = http.get("/admin/clinic").get_data(as_text=True)
    assert "United Kingdom" in page and "Call emergency services now" in page
    saved = http.post("/admin/clinic", data={"country": "GB", "emergency_number": "",
                                             "advice_number": "", "paper_size": "LETTER"})
    assert saved.status_code == 302
    assert _clinic(app, world.clinic.id) == ("GB", "", "", "LETTER")
    page = http.get("/admin/clinic").get_data(as_text=True)
    assert "Call 999 now" in page and "NHS 111" in page and "6 to 8 glasses" in page
    assert len(audit_rows(app, action="clinic.settings")) == 1
    assert _clinic(app, world.other_clinic.id)[0] == ""  # the other clinic is untouched


@pytest.mark.parametrize(("data", "message"), [
    ({"country": "XX"}, "Pick the clinic&#39;s country"),
    ({"country": "GB", "paper_size": "A3"}, "Not a valid choice"),
    ({"country": "GB", "emergency_number": "<b>999</b>"}, "letters, digits and spaces"),
    ({"country": "GB", "advice_number": "{advice}"}, "letters, digits and spaces"),
    ({"country": "GB", "emergency_number": "9" * 41}, "40"),
])
def test_bad_clinic_settings_are_form_errors(world, login_as, app, data, message):
    http = login_as(world.admin)
    response = http.post("/admin/clinic", data={"paper_size": "A4", **data})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert _clinic(app, world.clinic.id)[0] == ""


def test_therapists_and_clients_cannot_change_the_clinic(world, login_as):
    for user in (world.t1, world.portal):
        http = login_as(user)
        assert http.get("/admin/clinic").status_code in (403, 404)
        assert http.post("/admin/clinic", data={"country": "US"}).status_code in (403, 404)
        http.post("/logout")


def test_the_issued_sheet_prints_the_clinic_country_numbers(aft, app):
    from notes_app.admin.clinic import update_clinic_settings
    from notes_app.auth.models import User
    with app.app_context():
        update_clinic_settings(db.session.get(User, aft.admin.id), country="AU")
        db.session.commit()
    text = " ".join(text_of(aft.issue(aft.t1, aft.risky_note).pdf).split())
    assert "Call 000 now" in text and "healthdirect on 1800 022 222" in text
    with app.app_context():
        update_clinic_settings(db.session.get(User, aft.admin.id), country="AU",
                               emergency_number="112", advice_number="our front desk")
        db.session.commit()
    text = " ".join(text_of(aft.issue(aft.t1, aft.risky_note).pdf).split())
    assert "Call 112 now" in text and "call our front desk" in text


def test_the_portal_warning_signs_carry_the_clinic_numbers(world, login_as, app):
    from notes_app.admin.clinic import update_clinic_settings
    from notes_app.auth.models import User
    with app.app_context():
        update_clinic_settings(db.session.get(User, world.admin.id), country="GB")
        db.session.commit()
    body = login_as(world.portal).get("/portal/").get_data(as_text=True)
    assert "Call 999 now" in body


HYD_SCORES = {"HYD": 0.9}


@pytest.mark.parametrize("country", [c.code for c in COUNTRIES] + [""])
@pytest.mark.parametrize("flags", [(), ("heart_disease",), ("kidney_liver",)])
def test_hydration_follows_the_country_and_is_left_out_for_heart_or_kidney(country, flags):
    selection = select_blocks(cause_scores=HYD_SCORES, treated=[], flag_codes=set(flags),
                              water_guide=water_guide_for(country), length=FULL,
                              contacts=contacts_for(country))
    hyd = next(b for b in selection if b.id == "HYD").block
    guide = water_guide_for(country)
    if flags:
        assert "Your doctor may want you to limit drinks. Follow their advice." in hyd.bullets
        assert not any("litre" in b or "glasses" in b for b in hyd.bullets)
    elif guide:
        assert guide in hyd.bullets
    else:
        assert not any("litre" in b or "glasses" in b for b in hyd.bullets)


def test_every_country_has_its_source_and_a_translation_in_every_language():
    for guide in COUNTRIES:
        assert guide.source.strip() and guide.emergency.strip()
        for lang in advice_i18n.LIBRARY:
            values = advice_i18n.LIBRARY[lang].VALUES
            for text in (guide.water_guide, guide.advice, guide.emergency):
                if text and not text.replace(" ", "").isdigit() and not text.startswith("NHS"):
                    assert values.get(text, "").strip(), (lang, guide.code, text)


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_warning_box_reads_right_with_country_numbers_in_other_languages(lang):
    table = advice_i18n.LIBRARY[lang].BLOCKS["RED-FLAGS"]
    for code in ("FR", "IE", "AU"):
        block = render_block(BLOCK_BY_ID["RED-FLAGS"], contacts=contacts_for(code))
        headings = [advice_i18n.translate_text(g.heading, table, lang) for g in block.groups]
        joined = " ".join(headings)
        assert " le le " not in joined and " al al " not in joined and " al el " not in joined
        assert COUNTRY_BY_CODE[code].emergency.split()[0] in joined
