"""Time building a typical aftercare sheet PDF against a minimal 2-page ReportLab document.

Both are built in the same run, interleaved, so the ratio is meaningful even on a noisy machine.
Target: a sheet costs at most 2x the baseline. Run from the repo root:
    .venv/bin/python bench/aftercare_bench.py [iterations]
"""
from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.graphics.shapes import Circle, Drawing, Rect  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

from notes_app.aftercare.pdf import FONT, FONT_BOLD, build_sheet_pdf  # noqa: E402
from notes_app.clinical.advice import (  # noqa: E402
    select_blocks,
    snapshot_blocks,
    summarise_treated,
)
from notes_app.clinical.muscles import marker_position  # noqa: E402

TARGET_RATIO = 2.0
TREATED = [
    {"muscle_id": "UT", "side": "R", "technique": "ISC", "pressure": 4},
    {"muscle_id": "UT", "side": "R", "technique": "STP", "pressure": 3},
    {"muscle_id": "LS", "side": "R", "technique": "ISC", "pressure": 3},
    {"muscle_id": "RH", "side": "L", "technique": "STP", "pressure": 3},
    {"muscle_id": "SOC", "side": "B", "technique": "MFR", "pressure": 2},
]


def typical_sheet() -> dict:
    """Return the snapshot of a typical desk-worker sheet (2 causes, 3 stretches, a note)."""
    selection = select_blocks(
        cause_scores={"POS": 0.8, "STR": 0.55, "SLP": 0.2},
        treated=TREATED,
        flag_codes={"analgesic_today"},
        choices={"note": "Your right shoulder was looser by the end.\nTry the doorway stretch.",
                 "next_visit": "In about two weeks."},
    )
    markers = []
    for row in TREATED:
        for side in ("L", "R") if row["side"] == "B" else (row["side"],):
            x, y = marker_position(row["muscle_id"], side, "back")
            markers.append({"view": "back", "x": x, "y": y, "side": side,
                            "muscle_id": row["muscle_id"], "kind": "active",
                            "tenderness": 6, "status": "reduced", "label": ""})
    return {
        "clinic": {"name": "Harbourside Massage & Bodywork", "address": "12 Quay Street, Bristol",
                   "phone": "0117 496 0123", "paper": "A4"},
        "client": {"preferred_name": "Zoë Kowalczyk-Ó'Brien"},
        "therapist": {"name": "Łucja Nowak"},
        "date": "2025-11-24",
        "blocks": snapshot_blocks(selection),
        "map": {"markers": markers, "views": ["back"]},
        "treated_summary": summarise_treated(TREATED),
        "sheet_id": "s_bench",
    }


def baseline_pdf() -> bytes:
    """Build the reference: a minimal 2-page document with a table and a graphics drawing."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, invariant=1)
    drawing = Drawing(120, 240)
    drawing.add(Rect(10, 10, 100, 220, fillColor=None))
    for i in range(8):
        drawing.add(Circle(30 + 8 * i, 60 + 18 * i, 3))
    table = Table([["Muscle", "Side", "Technique"]]
                  + [[f"Muscle {i}", "Right", "Ischaemic compression"] for i in range(12)])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "grey")]))
    story = [Paragraph("Baseline", styles["Title"]), table, drawing, PageBreak(),
             Paragraph("Page two " * 40, styles["BodyText"])]
    doc.build(story)
    return buffer.getvalue()


def same_text_pdf(sheet: dict) -> bytes:
    """Build the sheet's text as plain paragraphs in the same font: no tables, map or boxes.

    Not part of the target; it shows how much of the sheet's cost is simply its amount of text.
    """
    styles = getSampleStyleSheet()
    body = styles["BodyText"].clone("b", fontName=FONT, fontSize=8.6, leading=11.4)
    head = styles["Heading2"].clone("h", fontName=FONT_BOLD)
    story = []
    for block in sheet["blocks"]:
        story.append(Paragraph(block["title"], head))
        texts = block["paragraphs"] + block["bullets"] + block["cautions"]
        for group in block["groups"]:
            texts += [group["heading"], *group["bullets"]]
        story += [Paragraph(t.replace("&", "&amp;").replace("<", "&lt;"), body) for t in texts]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1, initialFontName=FONT).build(story)
    return buffer.getvalue()


def main(iterations: int = 60) -> None:
    """Run both builds interleaved and print medians, the ratio and sheets per second."""
    sheet = typical_sheet()
    build_sheet_pdf(sheet)  # warm up: imports, font tables
    baseline_pdf()
    same_text_pdf(sheet)
    sheet_times, base_times, text_times = [], [], []
    for _ in range(iterations):
        start = time.perf_counter()
        baseline_pdf()
        base_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        build_sheet_pdf(sheet)
        sheet_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        same_text_pdf(sheet)
        text_times.append(time.perf_counter() - start)
    sheet_ms = statistics.median(sheet_times) * 1000
    base_ms = statistics.median(base_times) * 1000
    text_ms = statistics.median(text_times) * 1000
    ratio = sheet_ms / base_ms
    print(f"iterations            {iterations}")
    print(f"baseline 2-page doc   {base_ms:8.2f} ms (median)")
    print(f"aftercare sheet       {sheet_ms:8.2f} ms (median), {len(build_sheet_pdf(sheet))} bytes")
    print(f"ratio                 {ratio:8.2f}x (target <= {TARGET_RATIO:.0f}x: "
          f"{'met' if ratio <= TARGET_RATIO else 'NOT met'})")
    print(f"sheets per second     {1000 / sheet_ms:8.1f} (one core)")
    print(f"same text, plain doc  {text_ms:8.2f} ms (median): the sheet costs "
          f"{sheet_ms / text_ms:.2f}x its own text laid out with no tables, map or boxes")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
