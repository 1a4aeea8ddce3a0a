"""Issue 16, item 8: the one-page sheet is the default; the longer sheet stays available.

Every one-page sheet here, from light to heavy clients and on A4 and Letter: one page, the warning
signs on it, at most 350 words, sentences of at most 15 words, reading grade 6 or lower (textstat
0.7.3, Flesch-Kincaid), plain area names, the top cause only and at most two stretches.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import textstat
from pypdf import PdfReader

from notes_app.aftercare.pdf import build_sheet_pdf
from notes_app.clinical import advice
from notes_app.clinical.advice import (
    FULL,
    ONE_PAGE,
    ONE_PAGE_WORDS,
    select_blocks,
    sheet_words,
    snapshot_blocks,
    summarise_treated,
)
from notes_app.clinical.advice_blocks import PREVENTION, STRETCH
from notes_app.clinical.advice_today import today_line
from notes_app.clinical.muscles import MUSCLE_BY_ID, marker_position
from tests.fixtures.aftercare import text_of

MAX_WORDS_PER_SENTENCE = 15
MAX_GRADE = 6.0
CONTACTS = {"emergency": "999", "advice": "NHS 111"}


def r(muscle, side="R", technique="ISC", pressure=3):
    return {"muscle_id": muscle, "side": side, "technique": technique, "pressure": pressure}


DESK = ({"POS": 0.85, "STR": 0.6, "SLP": 0.4}, [r("UT", pressure=4), r("LS"), r("RH", "L"),
                                                r("SOC", "B", "MFR", 2)])
SEDENTARY = ({"INA": 0.9, "POS": 0.5}, [r("QL", pressure=4), r("GMD"), r("PIR", "L"),
                                        r("ILP", "R", "MFR", 2)])
# Many areas, every cause strong, marks-leaving techniques, neck work and many cautions.
HEAVY = ({tag: 0.9 for tag in ("POS", "OVR", "STR", "INA", "HYD", "SLP", "INJ")},
         [r("UT", "B", "CUP", 4), r("LS", "L", "IAS"), r("SCM", "R", "MFR", 2), r("QL", "B"),
          r("PIR", "L"), r("HAM", "B", "STP"), r("SOL", "R"), r("MAS", "B", "MFR", 2),
          r("PMJ", "L"), r("TFL", "R")])
LIGHT = ({"STR": 0.4}, [r("UT", "R", "EFF", 2)])
MANY_CAUTIONS = ("anticoagulant", "insulin", "bp_medication", "clot_history", "fibromyalgia",
                 "varicose_veins", "diabetic_neuropathy", "controlled_hypertension")
CASES = [
    pytest.param(DESK, (), "Keep your screen at eye level.", id="desk"),
    pytest.param(SEDENTARY, ("anticoagulant",), "", id="sedentary-blood-thinners"),
    pytest.param(HEAVY, MANY_CAUTIONS, "See you in two weeks. Walk every day.", id="heavy"),
    pytest.param(HEAVY, ("pregnancy", "pregnancy_late", "heart_disease", "kidney_liver"), "",
                 id="heavy-pregnant"),
    pytest.param(LIGHT, (), "", id="light"),
]


def _markers(treated):
    out = []
    for row in treated:
        view = MUSCLE_BY_ID[row["muscle_id"]].view
        for side in ("L", "R") if row["side"] == "B" else (row["side"],):
            x, y = marker_position(row["muscle_id"], side, view)
            out.append({"view": view, "x": x, "y": y, "side": side,
                        "muscle_id": row["muscle_id"], "kind": "active", "tenderness": 6,
                        "status": "reduced", "label": ""})
    return out


def sheet(client, flags=(), note="", *, length=ONE_PAGE, paper="A4"):
    """Return (selection, snapshot) built the way the app builds them."""
    scores, treated = client
    selection = select_blocks(cause_scores=scores, treated=treated, flag_codes=set(flags),
                              choices={"note": note, "next_visit": "In about 2 weeks."},
                              contacts=CONTACTS, length=length,
                              water_guide="A rough guide is 6 to 8 glasses of drinks a day.")
    markers = _markers(treated)
    snapshot = {
        "clinic": {"name": "Harbour Street Massage", "address": "14 Harbour Street, Portside",
                   "phone": "+44 20 7946 0321", "paper": paper},
        "client": {"preferred_name": "Zoë"}, "therapist": {"name": "Jonah Whitfield"},
        "date": "2026-12-01", "blocks": snapshot_blocks(selection),
        "map": {"views": sorted({m["view"] for m in markers}), "markers": markers},
        "treated_summary": summarise_treated(treated), "sheet_id": "ref-one-page",
        "language": "en", "length": length,
    }
    return selection, snapshot


def sheet_text(selection) -> str:
    return " ".join(advice.block_text(b.block, b.cautions) for b in selection)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?:])\s+", text) if s.strip()]


@pytest.mark.parametrize("paper", ["A4", "LETTER"])
@pytest.mark.parametrize(("client", "flags", "note"), CASES)
def test_the_one_page_sheet_fits_one_page_with_the_warning_signs(client, flags, note, paper):
    selection, snapshot = sheet(client, flags, note, paper=paper)
    pages = PdfReader(io.BytesIO(build_sheet_pdf(snapshot))).pages
    assert len(pages) == 1
    first = " ".join(pages[0].extract_text().split())
    assert "Warning signs: get help" in first and "Call 999 now" in first


@pytest.mark.parametrize(("client", "flags", "note"), CASES)
def test_the_one_page_sheet_is_short_plain_and_easy_to_read(client, flags, note):
    selection, _ = sheet(client, flags, note)
    text = sheet_text(selection)
    assert sheet_words(selection.blocks) <= ONE_PAGE_WORDS
    assert len(text.split()) <= ONE_PAGE_WORDS
    long = [s for s in sentences(text) if len(s.split()) > MAX_WORDS_PER_SENTENCE]
    assert long == []
    assert textstat.flesch_kincaid_grade(text) <= MAX_GRADE, text
    for item in selection:  # every block on its own too
        block = advice.block_text(item.block, item.cautions)
        assert textstat.flesch_kincaid_grade(block) <= MAX_GRADE, block
    sections = [b.block.section for b in selection]
    assert sections.count(STRETCH) <= 2 and sections.count(PREVENTION) <= 1
    ids = selection.ids
    assert ids.index("RED-FLAGS") < 4  # right after the "today" section
    assert "SM-BALL" not in ids


@pytest.mark.parametrize(("client", "flags", "note"), CASES)
def test_the_one_page_sheet_names_areas_not_muscles(client, flags, note):
    selection, snapshot = sheet(client, flags, note)
    text = " ".join(text_of(build_sheet_pdf(snapshot)).split())
    treated = {row["muscle_id"] for row in client[1]}
    for muscle_id in treated:
        assert MUSCLE_BY_ID[muscle_id].name not in text
    today = next(b for b in selection if b.id == "WHAT-WE-WORKED-ON")
    assert today.block.paragraphs[0].startswith("Today we worked on your ")
    assert today.block.bullets == ()


def test_the_top_cause_only_and_trimming_is_reported():
    one, _ = sheet(DESK)
    longer, _ = sheet(DESK, length=FULL)
    causes = [b.id for b in one if b.block.section == PREVENTION]
    assert causes == [next(b.id for b in longer if b.block.section == PREVENTION)]
    assert len([b for b in longer if b.block.section == PREVENTION]) > 1
    # Eight cautions on "after your session": the stretches and the cause give way, the
    # cautions and the warning box stay; the preview names what was left off.
    selection, _ = sheet(HEAVY, MANY_CAUTIONS, "See you in two weeks. Walk every day.")
    full, _ = sheet(HEAVY, MANY_CAUTIONS, length=FULL)
    assert selection.trimmed and "RED-FLAGS" in selection.ids
    assert len(selection.ids) < len(full.ids)
    assert set(selection.trimmed) <= {"HEAT", *(b.id for b in full if b.block.section in (
        STRETCH, PREVENTION))}
    assert not set(selection.trimmed) & set(selection.ids)


def test_the_today_line_stays_within_fifteen_words():
    assert advice.today_areas(HEAVY[1]) == advice.plain_areas(HEAVY[1])[:3]
    for n in range(1, len(HEAVY[1]) + 1):
        line = today_line(advice.today_areas(HEAVY[1][:n]))
        assert len(line.split()) <= MAX_WORDS_PER_SENTENCE, line


def test_the_longer_sheet_stays_available():
    one, one_snapshot = sheet(DESK)
    longer, long_snapshot = sheet(DESK, length=FULL)
    assert "SM-BALL" in longer.ids and len(longer) > len(one)
    text = " ".join(text_of(build_sheet_pdf(long_snapshot)).split())
    assert "Upper trapezius" in text and "MUSCLE" in text  # the muscle table
    assert longer.trimmed == ()
    assert textstat.flesch_kincaid_grade(sheet_text(longer)) <= MAX_GRADE


# --- Through the app: the default, the choice, the languages ---------------------------------

def test_the_preview_and_the_issued_sheet_default_to_one_page(aft, login_as, app):
    http = login_as(aft.t1)
    url = f"/aftercare/session/{aft.risky_note.public_id}/new"
    page = http.get(url).get_data(as_text=True)
    assert "<strong>one page</strong>" in page and "Use the longer sheet" in page
    assert 'value="SM-BALL"' not in page
    response = http.post(url, data={"note": "", "next_visit": "In a week."})
    assert response.status_code == 302
    sheet_id = response.headers["Location"].rsplit("/", 1)[-1]
    with app.app_context():
        issued = aft.sheet(sheet_id)
        assert issued.snapshot["length"] == ONE_PAGE
        assert len(PdfReader(io.BytesIO(issued.pdf)).pages) == 1


def test_the_longer_sheet_is_one_tap_away(aft, login_as, app):
    http = login_as(aft.t1)
    url = f"/aftercare/session/{aft.risky_note.public_id}/new"
    page = http.get(url + "?length=full").get_data(as_text=True)
    assert "<strong>longer sheet</strong>" in page and 'name="length" type="hidden" ' \
        'value="full"' in page
    assert http.get(url + "?length=poster").status_code == 400
    response = http.post(url, data={"length": "full", "next_visit": "In a week.",
                                    "keep": ["WHAT-WE-WORKED-ON", "HEAT"]})
    sheet_id = response.headers["Location"].rsplit("/", 1)[-1]
    with app.app_context():
        assert aft.sheet(sheet_id).snapshot["length"] == FULL


def test_a_note_too_long_for_one_page_is_a_form_error(aft, login_as, app):
    http = login_as(aft.t1)
    url = f"/aftercare/session/{aft.risky_note.public_id}/new"
    note = "Walk a little every day and keep your shoulders soft. " * 20
    refused = http.post(url, data={"note": note, "next_visit": "In a week."})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "shorten the note or use the longer sheet" in body
    assert "one page holds 350" in body
    longer = http.post(url, data={"note": note, "next_visit": "In a week.", "length": "full",
                                  "keep": ["WHAT-WE-WORKED-ON"]})
    assert longer.status_code == 302


def test_a_note_that_pushes_a_shown_section_off_still_issues(aft, login_as, app):
    plain = aft.svc.signed_note(aft.t1, aft.c1)  # no flags, no causes: the heat advice fits
    http = login_as(aft.t1)
    url = f"/aftercare/session/{plain.public_id}/new"
    page = http.get(url).get_data(as_text=True)
    shown = re.findall(r'name="keep" value="([A-Z-]+)"', page)
    assert "HEAT" in shown
    note = "Walk a little every day and keep your shoulders soft. " * 10
    response = http.post(url, data={"keep": shown, "note": note, "next_visit": "In a week."})
    assert response.status_code == 302
    with app.app_context():
        issued = aft.sheet(response.headers["Location"].rsplit("/", 1)[-1])
        left = [r["id"] for r in issued.selection_reasons if not r["included"]]
        assert "HEAT" in left and "HEAT" not in [b["id"] for b in issued.snapshot["blocks"]]
    detail = http.get(response.headers["Location"]).get_data(as_text=True)
    line = re.search(r"Left off to keep the sheet to one page: ([^<]+)", detail).group(1)
    assert "Warmth for stiff muscles" in line and "Switched off" not in detail


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_one_page_sheet_issues_in_every_language(aft, lang):
    issued = aft.issue(aft.t1, aft.risky_note, length=ONE_PAGE, language=lang)
    assert issued.snapshot["length"] == ONE_PAGE and issued.snapshot["language"] == lang
    assert len(PdfReader(io.BytesIO(issued.pdf)).pages) == 1


def test_one_sheet_renders_to_png_for_a_look(tmp_path):
    """Write the heavy sheet as PNG (pdftoppm -r 60) under test-artifacts to look at."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils is not installed")
    _, snapshot = sheet(HEAVY, MANY_CAUTIONS, "See you in two weeks. Walk every day.")
    pdf_path = tmp_path / "one-page.pdf"
    pdf_path.write_bytes(build_sheet_pdf(snapshot))
    out = Path(__file__).resolve().parents[2] / "test-artifacts" / "sheets"
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(pdf_path),
                    str(out / "one-page-heavy")], check=True)
    assert (out / "one-page-heavy.png").stat().st_size > 10_000
