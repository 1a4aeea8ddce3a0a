"""Whose language a page is in: the client's record, the staff member's setting, Accept-Language."""
from __future__ import annotations

import re

import pytest

from notes_app.auth.models import User
from notes_app.clients.models import Client
from notes_app.errors import DomainError
from notes_app.extensions import db
from notes_app.i18n import compile_catalogs
from notes_app.languages import check_language
from tests.clients.test_clients import VALID


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def stored(app, model, row_id, column):
    with app.app_context():
        return getattr(db.session.get(model, row_id), column)


@pytest.mark.parametrize("header, lang", [("fr-CA,fr;q=0.9,en;q=0.5", "fr"),
                                          ("es-MX,es;q=0.8", "es"), ("de-DE,de", "en"),
                                          ("", "en")])
def test_accept_language_picks_the_login_page_language(client, header, lang):
    response = client.get("/login", headers={"Accept-Language": header} if header else {})
    assert html_lang(response) == lang


def test_a_client_sets_their_language_in_the_portal(world, login_as, app):
    c = login_as(world.portal)
    assert html_lang(c.get("/portal/")) == "en"
    response = c.post("/portal/language", data={"language": "fr"}, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "Langue enregistrée." in body and html_lang(response) == "fr"
    assert stored(app, Client, world.c1.id, "preferred_language") == "fr"
    # The browser's language no longer matters once the client is known.
    assert html_lang(c.get("/portal/", headers={"Accept-Language": "es"})) == "fr"


@pytest.mark.parametrize("code", ["de", "FR", "", "fr-CA", "x" * 300])
def test_an_unknown_code_is_a_form_error_and_changes_nothing(world, login_as, app, code):
    c = login_as(world.portal)
    response = c.post("/portal/language", data={"language": code})
    assert response.status_code == 400
    assert stored(app, Client, world.c1.id, "preferred_language") == "en"


def test_staff_pages_follow_the_staff_members_own_setting(world, login_as, app):
    c = login_as(world.t1)
    assert html_lang(c.get("/clients/", headers={"Accept-Language": "fr"})) == "en"
    assert c.post("/language/", data={"language": "es"}).status_code == 302
    assert stored(app, User, world.t1.id, "language") == "es"
    assert html_lang(c.get("/clients/")) == "es"
    assert c.post("/language/", data={"language": "zz"}).status_code == 400
    assert stored(app, User, world.t1.id, "language") == "es"


def test_staff_set_a_clients_language_on_the_client_form(world, login_as, app):
    c = login_as(world.t1)
    edit = f"/clients/{world.c1.public_id}/edit"
    assert "Preferred language" in c.get(edit).get_data(as_text=True)
    bad = c.post(edit, data={**VALID, "preferred_language": "klingon"})
    assert bad.status_code in (400, 422, 200) and bad.status_code < 500
    assert "Not a valid choice" in bad.get_data(as_text=True)
    assert stored(app, Client, world.c1.id, "preferred_language") == "en"
    assert c.post(edit, data={**VALID, "preferred_language": "es"}).status_code == 302
    assert stored(app, Client, world.c1.id, "preferred_language") == "es"


def test_the_service_refuses_unknown_codes(app):
    with app.app_context():
        assert check_language("fr") == "fr"
        for code in ("de", None, 3, "en "):
            with pytest.raises(DomainError):
                check_language(code)


def test_catalogs_compile_from_the_committed_po_files(tmp_path):
    import shutil

    from notes_app.i18n import TRANSLATIONS_DIR

    shutil.copytree(TRANSLATIONS_DIR, tmp_path / "t", ignore=shutil.ignore_patterns("*.mo"))
    written = compile_catalogs(tmp_path / "t")
    assert sorted(p.parent.parent.name for p in written) == ["es", "fr"]
    assert compile_catalogs(tmp_path / "t") == []  # up to date: nothing rewritten


@pytest.mark.parametrize("lang, line", [
    ("fr", "et dans <code>fhir-bundle.json</code> (HL7 FHIR), le format que lisent"),
    ("es", "y en <code>fhir-bundle.json</code> (HL7 FHIR), el formato que leen"),
    ("en", "and in <code>fhir-bundle.json</code> (HL7 FHIR), the format physiotherapists")])
def test_the_export_page_names_the_fhir_file_in_the_clients_language(world, login_as, app,
                                                                      lang, line):
    with app.app_context():
        db.session.get(Client, world.c1.id).preferred_language = lang
        db.session.commit()
    body = login_as(world.portal).get("/portal/export").get_data(as_text=True)
    assert line in body.replace("&#39;", "'")
    assert lang == "en" or "should you move" not in body
