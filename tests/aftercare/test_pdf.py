"""Aftercare sheet PDF: text, escaping (R-P2), fonts, determinism, paper sizes and length."""
from __future__ import annotations

import ast
import builtins
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

from notes_app.aftercare import pdf
from notes_app.aftercare.pdf import build_sheet_pdf
from notes_app.clinical.advice import select_blocks, snapshot_blocks, summarise_treated
from notes_app.clinical.muscles import marker_position

INJECTIONS = [
    "<font color=\"[[[getattr(pow, 'x')]]]\">x</font>",
    '<img src="/etc/passwd"/>',
    '<a href="javascript:alert(1)">x</a>',
    "Fish & chips",
    "1 < 2",
    "]]>",
]
NAMES = ["Zoë Kowalczyk-Ó'Brien", "Ελένη", "Nguyễn Thị Hằng"]

DESK = dict(
    scores={"POS": 0.8, "STR": 0.55, "SLP": 0.2, "INA": 0.1},
    treated=[
        {"muscle_id": "UT", "side": "R", "technique": "ISC", "pressure": 4},
        {"muscle_id": "UT", "side": "R", "technique": "STP", "pressure": 3},
        {"muscle_id": "LS", "side": "R", "technique": "ISC", "pressure": 3},
        {"muscle_id": "RH", "side": "L", "technique": "STP", "pressure": 3},
        {"muscle_id": "SOC", "side": "B", "technique": "MFR", "pressure": 2},
    ],
)
SEDENTARY = dict(
    scores={"INA": 0.85, "POS": 0.5, "OVR": 0.2},
    treated=[
        {"muscle_id": "QL", "side": "R", "technique": "ISC", "pressure": 4},
        {"muscle_id": "GMD", "side": "R", "technique": "STP", "pressure": 3},
        {"muscle_id": "PIR", "side": "L", "technique": "ISC", "pressure": 3},
        {"muscle_id": "ILP", "side": "R", "technique": "MFR", "pressure": 2},
    ],
)


@pytest.fixture
def make_sheet():
    """Return a factory for sheet snapshots built the way the app builds them."""

    def factory(client=DESK, *, paper="A4", name=NAMES[0], therapist="Łucja Nowak",
                clinic="Harbourside Massage & Bodywork", flags=(), note=None,
                next_visit="In about two weeks.", sheet_id="s_7Kq2xV9mP", views=("back",)):
        selection = select_blocks(
            cause_scores=client["scores"], treated=client["treated"], flag_codes=set(flags),
            choices={"note": "Your right shoulder was looser by the end." if note is None
                     else note, "next_visit": next_visit},
        )
        markers = []
        for i, row in enumerate(client["treated"]):
            for side in ("L", "R") if row["side"] == "B" else (row["side"],):
                for view in views:
                    try:
                        x, y = marker_position(row["muscle_id"], side, view)
                    except ValueError:
                        continue
                    markers.append({"view": view, "x": x, "y": y, "side": side,
                                    "muscle_id": row["muscle_id"],
                                    "kind": ("active", "latent", "tender")[i % 3],
                                    "tenderness": 6, "status": "reduced", "label": ""})
        return {
            "clinic": {"name": clinic, "address": "12 Quay Street, Bristol BS1 4DJ",
                       "phone": "0117 496 0123", "paper": paper},
            "client": {"preferred_name": name},
            "therapist": {"name": therapist},
            "date": "2025-11-24",
            "blocks": snapshot_blocks(selection),
            "map": {"markers": markers, "views": list(views)},
            "treated_summary": summarise_treated(client["treated"]),
            "sheet_id": sheet_id,
        }

    return factory


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", NAMES)
def test_names_in_any_script_print(make_sheet, name):
    text = text_of(build_sheet_pdf(make_sheet(name=name, therapist=name, note=f"Hi {name}!")))
    assert name in text
    assert f"Hi {name}!" in text
    assert f"Aftercare for {name}" in text  # running header on page 2


def test_section_titles_present_and_suppressed_ones_absent(make_sheet):
    text = squash(text_of(build_sheet_pdf(make_sheet(SEDENTARY, flags={"anticoagulant"}))))
    for title in ("Your aftercare", "After your session", "What we worked on today",
                  "Stay active", "Posture at your desk", "Gentle stretches",
                  "Side bend", "Buttock stretch", "Front of the hip",
                  "Warmth for stiff muscles", "A note from your therapist", "Your next visit",
                  "Warning signs: get help", "Call emergency services now",
                  "Quadratus lumborum", "Ischaemic compression", "24 November 2025",
                  "general information, not medical advice"):
        assert title in text, title
    assert "Self-massage with a ball" not in text
    assert "tennis ball" not in text
    assert "bruise more easily" in text  # the anticoagulant caution line


def test_neck_stretches_absent_after_a_neck_injury(make_sheet):
    text = squash(text_of(build_sheet_pdf(make_sheet(flags={"recent_neck_injury"}))))
    assert "Gentle stretches" not in text
    assert "Chin tucks" not in text and "Side of the neck" not in text
    assert "Self-massage with a ball" in text


@pytest.mark.parametrize("where", ["note", "names"])
def test_markup_in_user_text_prints_literally(make_sheet, where):
    if where == "note":
        sheet = make_sheet(note="\n".join(INJECTIONS), next_visit=INJECTIONS[2])
    else:
        sheet = make_sheet(name=INJECTIONS[0], therapist=INJECTIONS[1], clinic=INJECTIONS[2])
        sheet["clinic"]["address"] = INJECTIONS[3] + " " + INJECTIONS[5]
        sheet["sheet_id"] = INJECTIONS[4]
    data = build_sheet_pdf(sheet)
    text = text_of(data)
    for payload in INJECTIONS if where == "note" else INJECTIONS[:3]:
        assert payload in text, payload
    if where == "names":
        assert "Fish & chips ]]>" in text
    # Streams are compressed and ASCII85-encoded, so look for names outside them; a chance
    # match inside encoded data would say nothing about the PDF's objects.
    objects = re.sub(rb"stream\r?\n.*?endstream", b"", data, flags=re.DOTALL)
    for name in (b"JavaScript", b"JS", b"Launch", b"URI", b"OpenAction", b"AA", b"Annots",
                 b"XObject", b"EmbeddedFile", b"SubmitForm"):
        # A whole PDF name, so "/AAAAAA+DejaVuSans" (a font subset tag) is not "/AA".
        assert not re.search(rb"/" + name + rb"(?![\w+.-])", objects), name
    reader = PdfReader(io.BytesIO(data))
    assert not {"/OpenAction", "/AA", "/Names", "/AcroForm"} & set(reader.trailer["/Root"])
    assert all("/Annots" not in page for page in reader.pages)


def test_build_touches_no_files_or_network(make_sheet, monkeypatch):
    sheet = make_sheet(note="\n".join(INJECTIONS))

    def refuse(*args, **kwargs):
        raise AssertionError(f"unexpected I/O: {args!r}")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(io, "open", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    assert build_sheet_pdf(sheet).startswith(b"%PDF-")


def test_only_the_shipped_font_is_used_and_it_is_embedded(make_sheet):
    reader = PdfReader(io.BytesIO(build_sheet_pdf(make_sheet(name=NAMES[2]))))
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            seen.add(str(font["/BaseFont"]).split("+")[-1])
    assert seen == {"DejaVuSans", "DejaVuSans-Bold"}
    fonts = Path(pdf.__file__).parent.parent / "static" / "fonts"
    assert (fonts / "DejaVuSans.ttf").is_file() and (fonts / "DejaVuSans-Bold.ttf").is_file()
    assert "Bitstream" in (fonts / "DejaVu-LICENSE.txt").read_text()


def test_same_snapshot_gives_identical_bytes(make_sheet):
    sheet = make_sheet(note="\n".join(INJECTIONS))
    first = build_sheet_pdf(sheet)
    assert build_sheet_pdf(sheet) == first
    stored = json.loads(json.dumps(sheet))  # the snapshot as kept in the database
    assert build_sheet_pdf(stored) == first
    assert build_sheet_pdf({**sheet, "sheet_id": "other"}) != first


def test_pdf_dates_come_from_the_sheet_and_metadata_has_no_client_details(make_sheet):
    reader = PdfReader(io.BytesIO(build_sheet_pdf(make_sheet())))
    info = reader.metadata
    assert info["/CreationDate"] == info["/ModDate"] == "D:20251124000000+00'00'"
    assert info["/Title"] == "Aftercare information"
    assert NAMES[0] not in " ".join(str(v) for v in info.values())


@pytest.mark.parametrize("paper, size", [("A4", (595.28, 841.89)), ("LETTER", (612, 792)),
                                         ("letter", (612, 792)), (None, (595.28, 841.89))])
def test_paper_size_follows_the_clinic_setting(make_sheet, paper, size):
    reader = PdfReader(io.BytesIO(build_sheet_pdf(make_sheet(paper=paper))))
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == size


@pytest.mark.parametrize("paper", ["A4", "LETTER"])
@pytest.mark.parametrize("client", [DESK, SEDENTARY], ids=["desk-worker", "sedentary"])
def test_typical_sheet_fits_two_pages(make_sheet, paper, client):
    data = build_sheet_pdf(make_sheet(client, paper=paper, views=("back", "front")))
    reader = PdfReader(io.BytesIO(data))
    assert 1 <= len(reader.pages) <= 2
    last = reader.pages[-1].extract_text()
    assert f"Page {len(reader.pages)} of {len(reader.pages)}" in last
    assert "Warning signs" in last


def test_three_cause_sheet_still_fits_two_a4_pages(make_sheet):
    heavy = {**DESK, "scores": {**DESK["scores"], "SLP": 0.4}}
    data = build_sheet_pdf(make_sheet(heavy, paper="A4"))
    text = text_of(data)
    assert "Sleep and pillows" in text
    assert len(PdfReader(io.BytesIO(data)).pages) <= 2


def test_notice_is_at_the_foot_of_every_page(make_sheet):
    data = build_sheet_pdf(make_sheet(note="A long note.\n\n" + "More detail here. " * 600))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    for number, page in enumerate(reader.pages, start=1):
        text = squash(page.extract_text())
        assert "This sheet is general information, not medical advice." in text
        assert f"Page {number} of {len(reader.pages)}" in text


@pytest.mark.parametrize(
    "sheet",
    [
        {},
        {"blocks": [{"id": "X", "title": "Only a title"}], "map": {"views": ["front"]}},
        {"date": "not a date", "clinic": {"paper": "A3"}, "client": {"preferred_name": None}},
    ],
    ids=["empty", "minimal", "odd-values"],
)
def test_sparse_snapshots_still_build(sheet):
    assert build_sheet_pdf(sheet).startswith(b"%PDF-")


def test_oversized_input_builds_without_layout_errors(make_sheet):
    many = dict(scores=DESK["scores"], treated=[
        {"muscle_id": m, "side": s, "technique": "ISC", "pressure": 3}
        for m in ("UT", "LS", "RH", "MT", "LT", "SSP", "ISP", "TMI", "TMA", "QL", "GMD", "GMX",
                  "PIR", "ILP", "SCM", "PMJ") for s in ("L", "R")])
    sheet = make_sheet(many, name="Z" * 5000, clinic="C" * 5000, note="line\n" * 400,
                       next_visit="x" * 3000, views=("front", "back"))
    sheet["client"]["preferred_name"] += "\x00\x07\x1b"
    data = build_sheet_pdf(sheet)
    text = text_of(data)
    assert "Quadratus lumborum" in text and "Pectoralis major" in text


@pytest.mark.parametrize("path", sorted(Path(pdf.__file__).parent.glob("pdf*.py")),
                         ids=lambda p: p.name)
def test_pdf_modules_import_nothing_from_flask_or_the_web_app(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            # Relative imports stay inside the PDF modules themselves or reach the clinical core.
            name = node.module or ""
            modules.add(name if node.level == 0 else f".{name}")
    assert not {m for m in modules if m.split(".")[0] in ("flask", "werkzeug", "jinja2")}
    relative = {m for m in modules if m.startswith(".")}
    assert all(m.lstrip(".").startswith(("pdf", "clinical")) or m == "."
               for m in relative), relative
    assert {m for m in modules if m.startswith("notes_app")} <= {"notes_app.clinical"}


def test_bytes_are_identical_across_processes(make_sheet, tmp_path):
    """Re-downloads may be served by another worker: hash seeds must not change the bytes."""
    snapshot = tmp_path / "sheet.json"
    snapshot.write_text(json.dumps(make_sheet()), encoding="utf-8")
    script = (
        "import hashlib, json, sys\n"
        "from notes_app.aftercare.pdf import build_sheet_pdf\n"
        "sheet = json.load(open(sys.argv[1], encoding='utf-8'))\n"
        "print(hashlib.sha256(build_sheet_pdf(sheet)).hexdigest())\n"
    )
    here = hashlib.sha256(build_sheet_pdf(make_sheet())).hexdigest()
    root = Path(__file__).resolve().parents[2]
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", script, str(snapshot)], cwd=root, capture_output=True,
            text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert out.stdout.strip() == here
