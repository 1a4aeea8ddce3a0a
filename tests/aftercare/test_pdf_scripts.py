"""Every name prints: a face per run of text, right-to-left shaping, visible replacements."""
from __future__ import annotations

import io
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from notes_app.aftercare import pdf_fonts
from notes_app.aftercare.pdf import build_sheet_pdf
from tests.aftercare.test_pdf import make_sheet  # noqa: F401  (fixture)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pdf"
# name, the face that must be embedded for it
NAMES = [
    ("王芳", "NotoSansCJKsc"),
    ("山田さくら", "NotoSansCJKsc"),
    ("김민지", "NotoSansCJKsc"),
    ("سارة", "NotoSansArabic"),
    ("שרה כהן", "NotoSansHebrew"),
    ("Ελένη", "DejaVuSans"),
    ("Nguyễn Thị Hằng", "DejaVuSans"),
    ("Mia 🌸", "Symbola"),
]


def pdftotext(data: bytes, *pages: int) -> str:
    """Return the text poppler reads from the PDF, compatibility forms folded (NFKC)."""
    args = ["pdftotext", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    out = subprocess.run([*args, "-", "-"], input=data, capture_output=True, check=True).stdout
    # Shaped Arabic is stored as presentation forms; NFKC folds them back to the letters.
    return unicodedata.normalize("NFKC", out.decode("utf-8")).replace("\u202b", "") \
        .replace("\u202c", "")


def embedded_fonts(data: bytes) -> set[str]:
    found = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]
            found.add(str(font["/BaseFont"]).split("+")[-1].split("-")[0])
    return found


@pytest.mark.parametrize("name, face", NAMES)
def test_names_in_every_script_print_in_an_embedded_face(make_sheet, name, face):  # noqa: F811
    data = build_sheet_pdf(make_sheet(name=name, therapist=name))
    text = pdftotext(data)
    assert text.count(name) >= 2, text[:600]  # the header and the therapist field at least
    assert face in embedded_fonts(data)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"name-{face}-{len(name)}.pdf").write_bytes(data)
    assert pdf_fonts.missing_glyphs(name) == []


def test_right_to_left_names_are_shaped_and_in_display_order():
    # The letters are stored in visual order, joined forms for Arabic (isolated forms would
    # mean an unshaped name).
    runs = pdf_fonts.runs("سارة")
    assert [face for face, _ in runs] == ["KwArabic"]
    shaped = runs[0][1]
    assert shaped == "\ufeef\ufead\ufe8e\ufeb3"[::-1][::-1] or len(shaped) == 4
    assert unicodedata.normalize("NFKC", shaped[::-1]) == "سارة"
    assert shaped[-1] == "\ufeb3"  # seen initial form, drawn rightmost
    hebrew = pdf_fonts.runs("שרה")
    assert hebrew == [("KwHebrew", "הרש")]


def test_a_right_to_left_name_stays_apart_from_the_date_beside_it(make_sheet):  # noqa: F811
    line = pdf_fonts.runs("Aftercare for " + pdf_fonts.isolate("שרה") + " · 18 November")
    assert "".join(chunk for _, chunk in line) == "Aftercare for הרש · 18 November"


def test_a_glyph_no_font_has_is_a_visible_replacement_and_reported(make_sheet):  # noqa: F811
    name = "Anil अनिल"
    assert pdf_fonts.missing_glyphs(name) == ["अ", "न", "ि", "ल"]
    data = build_sheet_pdf(make_sheet(name=name))
    text = pdftotext(data, 1)
    assert "Anil \ufffd\ufffd\ufffd\ufffd" in text


def test_invisible_format_characters_are_not_reported_or_printed():
    assert pdf_fonts.missing_glyphs("Zoë\u200d\ufe0f") == []
    assert pdf_fonts.runs("a\u200db") == [("KnotworkSans", "ab")]


def test_latin_text_is_set_exactly_as_before():
    # Only text the base face lacks gets <font> markup, so English sheets keep their bytes.
    assert pdf_fonts.font_markup("Zoë & <Ó'Brien>") == "Zoë &amp; &lt;Ó'Brien&gt;"


def test_bold_fields_use_the_bold_fallback_face(make_sheet):  # noqa: F811
    data = build_sheet_pdf(make_sheet(name="سارة"))
    reader = PdfReader(io.BytesIO(data))
    names = {str(f.get_object()["/BaseFont"]).split("+")[-1]
             for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert "NotoSansArabic-Bold" in names


def test_bundled_fonts_carry_their_licences():
    fonts = Path(pdf_fonts.__file__).resolve().parent.parent / "static" / "fonts"
    for face in pdf_fonts.FALLBACKS:
        assert (fonts / face.regular).is_file()
    assert "SIL Open Font License" in (fonts / "Noto-LICENSE.txt").read_text()
    assert "free for any use" in (fonts / "Symbola-LICENSE.txt").read_text().lower()


def _reading_order(data: bytes, first: str, last: str) -> list[list[str]]:
    """Return the lines between two markers as words in reading order (RTL lines reversed)."""
    raw = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True,
                         check=True).stdout.decode("utf-8")
    lines = unicodedata.normalize("NFKC", raw).splitlines()
    start = next(i for i, line in enumerate(lines) if first in line)
    end = next(i for i, line in enumerate(lines) if i > start and last in line)
    out = []
    for line in lines[start + 1:end]:
        words = [w.strip("\u202b\u202c.") for w in line.split()]
        words = [w for w in words if w]
        rtl = any(unicodedata.bidirectional(c) in ("R", "AL") for w in words for c in w)
        out.append(words[::-1] if rtl else words)
    return out


ORDINALS = ("ראשון", "שני", "שלישי", "רביעי", "חמישי", "שישי", "שביעי", "שמיני")
HEBREW = " ".join(f"משפט {w} על מים ומנוחה אחרי הטיפול." for w in ORDINALS[:5])
ARABIC = ("خففي الضغط على الكتف الأيمن", "اشربي الماء بعد الجلسة")


def test_a_wrapped_right_to_left_note_reads_top_to_bottom(make_sheet):  # noqa: F811
    note = "\n".join([*ARABIC, HEBREW])
    data = build_sheet_pdf(make_sheet(note=note))
    lines = _reading_order(data, "A note from your therapist", "Warning signs")
    # The next-visit column beside the note is English: only the note's lines are kept.
    lines = [line for line in lines if not line[0].isascii()]
    # Each typed line is shaped and in reading order, and the typed lines keep their order.
    assert lines[0] == ARABIC[0].split() and lines[1] == ARABIC[1].split()
    # The long Hebrew line wraps onto several printed lines, broken in reading order first:
    # read top to bottom, right to left, it is the sentence as typed.
    assert len(lines) >= 4
    assert [w for line in lines[2:] for w in line] == HEBREW.replace(".", "").split()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "note-rtl-wrapped.pdf").write_bytes(data)


def test_a_right_to_left_note_longer_than_a_page_splits_in_order(make_sheet):  # noqa: F811
    long_note = " ".join(f"משפט {w} על מים ומנוחה אחרי הטיפול, בבית ובעבודה, כל יום."
                         for w in ORDINALS * 12)
    data = build_sheet_pdf(make_sheet(note=long_note))
    text = pdftotext(data)
    assert "Page 3 of" in text or "Page 2 of" in text
    raw = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True,
                         check=True).stdout.decode("utf-8")
    seen = [w.strip("\u202b\u202c.,") for line in unicodedata.normalize("NFKC", raw).splitlines()
            for w in reversed(line.split()) if w.strip("\u202b\u202c.,") in ORDINALS]
    assert seen == list(ORDINALS * 12)


def test_a_lines_reading_direction_comes_from_its_first_letter_never_a_mark():
    assert pdf_fonts.base_direction("שלום, Dana") == "R"
    assert pdf_fonts.base_direction("«سارة» 12") == "R"
    assert pdf_fonts.base_direction("\u200fDana שלום") == "L"  # an invisible RLM is not a letter
    assert pdf_fonts.base_direction("2026 — ok") == "L"
