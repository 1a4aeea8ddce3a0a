"""Hostile text in the aftercare PDF (#12 item 4): a client's name, the therapist's note and the
next-visit line carrying reportlab markup, entities, right-to-left marks and control characters
build a sheet through the app, and pdftotext shows the text literally.
"""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from sqlalchemy import select

from notes_app.extensions import db

pytestmark = pytest.mark.reliability

# Paragraph markup reportlab would obey if it went through unescaped, and entities it would decode.
NAME = "<b>Zoë</b> &amp; <font size=40 color=red>Big</font>"
NOTE = ("Rest <i>today</i> &lt;really&gt; &#60;b&#62; <para>x</para> "
        "<font name=Courier>mono</font> <br/> ]]> 1 < 2 & 3 > 2")
NEXT = "Back <u>in</u> 2 weeks &nbsp; <strike>maybe</strike>"
# Right-to-left and zero-width marks (and an override) the issue form accepts: never printed,
# and they must neither break the build nor reorder the line.
MARKS = "\u200f\u200e\u200b\u2060\u202e\u202c"
# Controls and bidi overrides: the forms refuse them; older or imported data may hold them.
INVISIBLE = "\u202e\u202c\u2066\u2069\x07\x1b"


def pdf_text(data: bytes, tmp_path) -> str:
    """Return the PDF's text as poppler's pdftotext reads it, whitespace squashed."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is not installed: apt-get install poppler-utils")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True).stdout.decode("utf-8")
    return " ".join(out.split())


def _visible(text: str) -> str:
    return " ".join(re.sub(f"[{INVISIBLE}{MARKS}]", "", text).split())


@pytest.fixture
def hostile_sheet(portal, records, make_client_record, app, login_as):
    """Issue a sheet through the issue form for a client stored with hostile names."""
    # Stored through the service, as an import or older version could have written it: the
    # client forms refuse bidi controls and control characters (the hostile-input walk checks).
    client = make_client_record(portal.t1, NAME + INVISIBLE + MARKS, "Test", preferred_name="")
    records.intake(portal.t1, client)
    session_id = records.visit(portal.t1, client, sheet=False)
    http = login_as(portal.t1)
    assert http.get(f"/aftercare/session/{session_id}/new").status_code == 200
    url = f"/aftercare/session/{session_id}/new"
    for refused in ("\x07", "\x00", "\x1b"):
        response = http.post(url, data={"note": NOTE + refused, "next_visit": NEXT})
        assert response.status_code in (200, 400, 422), (repr(refused), response.status_code)
        assert not _sheets_of(app, client), f"a refused note ({refused!r}) issued a sheet"
    response = http.post(url, data={"note": NOTE + MARKS, "next_visit": MARKS + NEXT})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    [sheet] = _sheets_of(app, client)
    return http, sheet


def _sheets_of(app, client) -> list[str]:
    from notes_app.aftercare.models import IssuedSheet

    with app.app_context():
        return list(db.session.scalars(select(IssuedSheet.public_id).where(
            IssuedSheet.client_id == client.id)))


def test_hostile_names_and_notes_print_literally(hostile_sheet, tmp_path):
    http, sheet = hostile_sheet
    response = http.get(f"/aftercare/{sheet}.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    text = pdf_text(response.data, tmp_path)
    for literal in (NAME, NOTE, NEXT):
        assert _visible(literal) in text, (literal, text)
    assert not re.search(f"[{INVISIBLE}]", text), "a control character reached the page"


def test_the_sheet_page_shows_the_same_text_escaped(hostile_sheet):
    http, sheet = hostile_sheet
    page = http.get(f"/aftercare/{sheet}").get_data(as_text=True)
    assert "<b>Zoë</b>" not in page and "<font size=40" not in page
