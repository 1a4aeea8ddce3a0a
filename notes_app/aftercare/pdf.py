"""Render an issued aftercare sheet snapshot to PDF bytes with ReportLab; no Flask, no file I/O.

Every string from the snapshot is escaped before it reaches a Paragraph (security R-P2); the PDF
carries no links, actions or JavaScript. The same snapshot always gives byte-identical output.
Styles live in pdf_styles, the body map in pdf_map and the section layouts in pdf_blocks.
"""
from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Mapping
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Table,
)

# Relative imports: the PDF may import only clinical/ and its own pdf_* siblings, never the web app.
from .pdf_blocks import (
    fits_half_width,
    note_block,
    note_pair,
    one_page_top,
    plain_block,
    stretch_section,
    warning_box,
    worked_on_block,
)
from .pdf_fonts import draw_string, isolate
from .pdf_labels import label, long_date
from .pdf_styles import (
    CONTROL_CHARS,
    FAINT,
    FONT,
    FONT_BOLD,
    FOOTER_BASELINE,
    HEADER_FIELD_MAX,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAPER_SIZES,
    RULE,
    S_CLINIC,
    S_CONTACT,
    S_LABEL,
    S_NOTICE,
    S_TITLE,
    S_VALUE,
    SOFT,
    Para,
    markup,
    strings,
    table_style,
)

__all__ = ["build_sheet_pdf", "FONT", "FONT_BOLD"]

DEFAULT_NOTICE = (
    "This sheet is general information, not medical advice. It does not replace advice from your "
    "doctor or other health professional. Stop any exercise that causes sharp pain, numbness, "
    "tingling or dizziness. See the warning signs box."
)


def _long_date(iso: str, lang: str | None = None) -> str:
    return long_date(iso, lang)


def _pdf_date(iso: str) -> str:
    try:
        day = dt.date.fromisoformat(iso)
    except (TypeError, ValueError):
        day = dt.date(2000, 1, 1)
    return f"D:{day:%Y%m%d}000000+00'00'"


# --- Canvas: fixed dates and "page X of Y" -----------------------------------------------------


class _SheetCanvas(Canvas):
    """Canvas that stamps the sheet's own date as the PDF date and numbers pages 'X of Y'."""

    def __init__(self, *args: Any, pdf_date: str, page_label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setDateFormatter(lambda *_parts: pdf_date)
        self._page_label = page_label
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(FONT, 7.2)
            self.setFillColor(SOFT)
            width = self._pagesize[0]
            self.drawRightString(
                width - MARGIN_X, FOOTER_BASELINE,
                label(self._page_label, "Page {page} of {total}", page=self._pageNumber,
                      total=total),
            )
            super().showPage()
        super().save()


# --- Story ---------------------------------------------------------------------------------------


_SECTION_BY_ID = {
    "WHAT-WE-WORKED-ON": "worked_on", "ST-RULES": "stretch_rules", "RED-FLAGS": "red_flags",
    "NOTICE": "notice", "THERAPIST-NOTE": "therapist_note", "NEXT-VISIT": "next_visit",
}


def _section(block: Mapping) -> str:
    block_id = str(block.get("id") or "")
    section = block.get("section") or _SECTION_BY_ID.get(block_id)
    if not section and block_id.startswith("ST-"):
        section = "stretch"
    return str(section or "")


def _story(sheet: Mapping, width: float) -> list[Flowable]:
    blocks = [b for b in sheet.get("blocks") or () if isinstance(b, Mapping)]
    story = _header(sheet, width)
    i = 0
    while i < len(blocks):
        block, section = blocks[i], _section(blocks[i])
        if section in ("stretch_rules", "stretch"):
            rules = block if section == "stretch_rules" else None
            j = i + 1 if rules else i
            stretches = []
            while j < len(blocks) and _section(blocks[j]) == "stretch":
                stretches.append(blocks[j])
                j += 1
            story += stretch_section(rules, stretches, width)
            i = j
            continue
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if (sheet.get("length") == "one_page" and block.get("id") == "AFTER-SESSION"
                and following is not None and _section(following) == "worked_on"):
            story += one_page_top(block, following, sheet, width)
            i += 2
            continue
        if section == "notice":
            pass  # printed at the foot of every page
        elif section == "worked_on":
            story += worked_on_block(block, sheet, width)
        elif section == "red_flags":
            story += warning_box(block, width)
        elif section in ("therapist_note", "next_visit"):
            pair = blocks[i + 1] if i + 1 < len(blocks) else None
            if (section == "therapist_note" and pair is not None and _section(pair) == "next_visit"
                    and fits_half_width(block) and fits_half_width(pair)):
                story += note_pair(block, pair, width)
                i += 2
                continue
            story += note_block(block, width)
        else:
            story += plain_block(block, width)
        i += 1
    return story


def _header(sheet: Mapping, width: float) -> list[Flowable]:
    """Title on the left, the clinic's letterhead on the right, then who, when and by whom."""
    lang = sheet.get("language")
    clinic = sheet.get("clinic") or {}
    letterhead = [Para(markup(clinic.get("name"), HEADER_FIELD_MAX), S_CLINIC)]
    letterhead += [
        Para(markup(v, HEADER_FIELD_MAX), S_CONTACT)
        for v in (clinic.get("address"), clinic.get("phone")) if v and str(v).strip()
    ]
    top = Table(
        [[Para(markup(label(lang, "Your aftercare")), S_TITLE), letterhead]],
        colWidths=[width * 0.42, width * 0.58],
    )
    top.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                ("LINEBELOW", (0, 0), (-1, 0), 1.4, INK),
            ]
        )
    )
    client = (sheet.get("client") or {}).get("preferred_name")
    therapist = (sheet.get("therapist") or {}).get("name")
    meta = [
        (label(lang, "Prepared for"), client),
        (label(lang, "Date of session"), _long_date(str(sheet.get("date") or ""), lang)),
        (label(lang, "Your therapist"), therapist),
    ]
    meta_table = Table(
        [[[Para(markup(label), S_LABEL), Para(markup(value, HEADER_FIELD_MAX), S_VALUE)]
          for label, value in meta]],
        colWidths=[width * 0.42, width * 0.26, width * 0.32],
    )
    meta_table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
            ]
        )
    )
    return [top, meta_table]


# --- Document ---------------------------------------------------------------------------------


def _notice_text(sheet: Mapping) -> str:
    for block in sheet.get("blocks") or ():
        if isinstance(block, Mapping) and _section(block) == "notice":
            text = " ".join(strings(block.get("paragraphs")) + strings(block.get("bullets")))
            if text:
                return text
    return label(sheet.get("language"), DEFAULT_NOTICE)


def _page_decorator(sheet: Mapping, width: float):
    notice = Para(markup(_notice_text(sheet)), S_NOTICE)
    def plain(value: Any, limit: int) -> str:
        text = " ".join(str(value or "").translate(CONTROL_CHARS).split())
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"

    clinic = plain((sheet.get("clinic") or {}).get("name"), 70)
    client = plain((sheet.get("client") or {}).get("preferred_name"), 50)
    lang = sheet.get("language")
    date = _long_date(str(sheet.get("date") or ""), lang)
    ref = plain(sheet.get("sheet_id"), 40)

    def on_page(canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        page_w, _page_h = doc.pagesize
        _w, h = notice.wrap(width, MARGIN_BOTTOM)
        top = MARGIN_BOTTOM - 7
        canv.setStrokeColor(FAINT)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, top, page_w - MARGIN_X, top)
        notice.drawOn(canv, MARGIN_X, top - 3 - h)
        canv.setFont(FONT, 7.2)
        canv.setFillColor(SOFT)
        reference = label(lang, "Ref. {ref}", ref=ref) if ref else ""
        footer = " \u00b7 ".join(p for p in (isolate(clinic), reference) if p)
        draw_string(canv, MARGIN_X, FOOTER_BASELINE, footer, size=7.2)
        if canv.getPageNumber() > 1:
            who = label(lang, "Aftercare for {name}", name=isolate(client)) if client else ""
            running = " \u00b7 ".join(p for p in (who, date) if p)
            draw_string(canv, page_w - MARGIN_X, _page_h - 8 * mm, running, size=7.2,
                        right=True)
        canv.restoreState()

    return on_page


def build_sheet_pdf(sheet: Mapping) -> bytes:
    """Build the aftercare sheet PDF for a stored sheet snapshot and return its bytes.

    `sheet` is the plain snapshot kept with the issued sheet (every key optional)::

        {"clinic": {"name", "address", "phone", "paper": "A4" | "LETTER"},
         "client": {"preferred_name"}, "therapist": {"name"}, "date": "YYYY-MM-DD",
         "blocks": advice.snapshot_blocks(selection),  # id, section, title, paragraphs, ...
         "map": {"views": ["back", "front"],
                 "markers": [{"view", "x", "y", "side", "muscle_id", "kind", "tenderness",
                              "status", "label"}]},
         "treated_summary": advice.summarise_treated(treated),  # muscle, side, techniques
         "sheet_id": "<opaque id>"}

    The same snapshot always gives the same bytes; the PDF date is the sheet's date.
    """
    paper = str((sheet.get("clinic") or {}).get("paper") or "A4").upper()
    pagesize = PAPER_SIZES.get(paper, A4)
    width = pagesize[0] - 2 * MARGIN_X
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=label(sheet.get("language"), "Aftercare information"),
        author=str((sheet.get("clinic") or {}).get("name") or ""),
        subject="",
        creator="Knotwork",
        producer="Knotwork",
        invariant=1,
        pageCompression=1,
        initialFontName=FONT,  # else every page references an unembedded Helvetica
        initialFontSize=9,
    )
    frame = Frame(
        MARGIN_X, MARGIN_BOTTOM, width, pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body",
    )
    doc.addPageTemplates(
        [PageTemplate(id="sheet", frames=[frame], onPage=_page_decorator(sheet, width))]
    )
    canvasmaker = functools.partial(
        _SheetCanvas, pdf_date=_pdf_date(str(sheet.get("date") or "")),
        page_label=sheet.get("language") or "en",
    )
    doc.build(_story(sheet, width), canvasmaker=canvasmaker)
    return buffer.getvalue()
