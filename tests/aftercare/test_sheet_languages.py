"""Aftercare sheets in the client's language: stored in the snapshot, refused when not covered."""
from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from notes_app.aftercare import pdf_labels
from notes_app.aftercare.pdf import build_sheet_pdf
from notes_app.clients.models import Client
from notes_app.clinical import advice_i18n
from notes_app.clinical.advice_blocks import BLOCKS
from notes_app.extensions import db
from tests.aftercare.test_pdf import make_sheet  # noqa: F401  (fixture)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pdf"


def pdftotext(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode("utf-8")


@pytest.fixture
def pseudo_french(monkeypatch):
    """Give French a complete library whose every text is marked, to follow it onto the sheet."""
    tables = {b.id: {t: f"«{t}»" for t in advice_i18n.block_texts(b)} for b in BLOCKS}
    tables["RED-FLAGS"]["See a doctor today if you have:"] = "«See a doctor today if you have:»"
    monkeypatch.setattr(advice_i18n.fr, "BLOCKS", tables)
    assert advice_i18n.covers("fr")
    return tables


def _prefer(app, client_ns, lang):
    with app.app_context():
        db.session.get(Client, client_ns.id).preferred_language = lang
        db.session.commit()


def test_the_sheets_own_words_exist_in_every_language():
    keys = {lang: set(words) for lang, words in pdf_labels.LABELS.items()}
    assert keys["fr"] == keys["es"]
    for lang, words in pdf_labels.LABELS.items():
        for english, translated in words.items():
            assert translated.strip() and translated.count("{") == english.count("{"), (lang,
                                                                                         english)


@pytest.mark.parametrize("lang, words", [
    ("fr", ["Vos conseils", "Préparé pour", "Date de la séance", "24 novembre 2025",
            "Votre thérapeute", "CÔTÉ"]),
    ("es", ["Sus cuidados", "Preparado para", "24 de noviembre de 2025",
            "Fecha de la sesión", "MÚSCULO", "Página 1 de"]),
])
def test_a_sheet_in_each_language_prints_its_words_with_accents(make_sheet, lang, words):  # noqa: F811
    sheet = make_sheet()
    sheet["language"] = lang
    data = build_sheet_pdf(sheet)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"sheet-{lang}.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-",
                    str(ARTIFACTS / f"sheet-{lang}")], input=data, check=True)
    text = pdftotext(data)
    for word in words:
        assert word in text, word
    assert "Prepared for" not in text and "Date of session" not in text


def test_french_dates_say_premier():
    assert pdf_labels.long_date("2026-12-01", "fr") == "1er décembre 2026"
    assert pdf_labels.long_date("2026-11-18", "en") == "18 November 2026"


def test_a_sheet_is_issued_in_the_clients_language_and_stored_with_it(aft, app, pseudo_french):
    _prefer(app, aft.risky, "fr")
    sheet = aft.issue(aft.t1, aft.risky_note, note="Bonne récupération !")
    snap = sheet.snapshot
    assert snap["language"] == "fr"
    for block in snap["blocks"]:
        if block["id"] in ("THERAPIST-NOTE", "NEXT-VISIT"):
            continue  # the therapist's own words print as typed
        texts = [block["title"], *block["paragraphs"], *block["bullets"], *block["cautions"]]
        texts += [t for g in block["groups"] for t in (g["heading"], *g["bullets"])]
        for text in texts:
            assert text.startswith("«") or block["id"] == "WHAT-WE-WORKED-ON", (block["id"], text)
    assert any(r["muscle"] == "Carré des lombes" for r in snap["treated_summary"])
    text = pdftotext(sheet.pdf)
    assert "Vos conseils" in text and "Bonne récupération !" in text
    with app.app_context():
        stored = aft.sheet(sheet.public_id)
        assert stored.pdf == sheet.pdf and stored.snapshot["language"] == "fr"
    assert build_sheet_pdf(snap) == sheet.pdf  # the snapshot alone gives the same bytes


def test_a_language_the_library_does_not_cover_is_refused_never_english(aft, app, monkeypatch):
    from notes_app.errors import DomainError

    monkeypatch.setattr(advice_i18n.es, "BLOCKS", {})
    _prefer(app, aft.risky, "es")
    with pytest.raises(DomainError) as exc:
        aft.issue(aft.t1, aft.risky_note)
    assert exc.value.field == "language"
    with pytest.raises(DomainError):
        aft.issue(aft.t1, aft.risky_note, language="de")


def test_the_preview_shows_the_language_and_switches_it(aft, login_as, app, pseudo_french):
    _prefer(app, aft.risky, "fr")
    http = login_as(aft.t1)
    url = f"/aftercare/session/{aft.risky_note.public_id}/new"
    body = html.unescape(http.get(url).get_data(as_text=True))
    assert "Sheet language: <strong>Français</strong>" in body
    assert f'href="{url}?language=es"' in body
    switched = html.unescape(http.get(url + "?language=en").get_data(as_text=True))
    assert "Sheet language: <strong>English</strong> (the client prefers Français)" in switched
    assert http.get(url + "?language=klingon").status_code == 400
    refused = http.post(url, data={"language": "xx", "next_visit": ""})
    assert refused.status_code == 422 and "Not a valid choice" in refused.get_data(as_text=True)
    issued = http.post(url, data={"language": "en", "next_visit": "", "note": ""})
    assert issued.status_code == 302


def test_the_preview_lists_each_section_under_the_title_the_sheet_prints(aft, login_as, app,
                                                                        pseudo_french):
    _prefer(app, aft.risky, "fr")
    http = login_as(aft.t1)
    url = f"/aftercare/session/{aft.risky_note.public_id}/new"
    body = html.unescape(http.get(url).get_data(as_text=True))
    shown = re.findall(r'<strong lang="fr">([^<]+)</strong> <span class="muted small" lang="en">'
                       r'· ([^<]+)</span>', body)
    assert len(shown) >= 3
    assert all(title == f"«{english}»" for title, english in shown), shown
    english = html.unescape(http.get(url + "?language=en").get_data(as_text=True))
    assert '<strong lang="en">' in english and "«" not in english.split("aftercare-sections")[1]
