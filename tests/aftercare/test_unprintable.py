"""The preview flags characters no bundled font prints, before the sheet is issued."""
from __future__ import annotations

import html

from notes_app.clients.models import Client
from notes_app.extensions import db


def _preview(http, aft, **form):
    url = f"/aftercare/session/{aft.risky_note.public_id}/new"
    return http.post(url, data={"note": "", "next_visit": "", **form}) if form else http.get(url)


def _rename(app, aft, name):
    with app.app_context():
        db.session.get(Client, aft.risky.id).preferred_name = name
        db.session.commit()


def test_a_name_every_font_lacks_is_flagged_with_its_characters(aft, login_as, app):
    _rename(app, aft, "अनिल")
    body = html.unescape(_preview(login_as(aft.t1), aft).get_data(as_text=True))
    assert "Some characters can't be printed on the sheet." in body
    assert "Client's name: <span class=\"unprintable-chars\">अनिल</span>" in body


def test_names_in_bundled_scripts_are_not_flagged(aft, login_as, app):
    _rename(app, aft, "王芳 سارة 🌸")
    body = _preview(login_as(aft.t1), aft).get_data(as_text=True)
    assert "can&#39;t be printed" not in body and "can't be printed" not in body


def test_a_typed_note_is_checked_when_the_form_comes_back(aft, login_as):
    body = html.unescape(_preview(login_as(aft.t1), aft, note="x" * 2001 + "ᚠ")
                         .get_data(as_text=True))
    assert "Note: <span class=\"unprintable-chars\">ᚠ</span>" in body
