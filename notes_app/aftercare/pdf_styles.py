"""Fonts, colours, page geometry and paragraph styles of the aftercare PDF, and escaped text.

The only file reads are the bundled fonts, registered once at import by pdf_fonts.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph
from reportlab.platypus import TableStyle as _RLTableStyle

from .pdf_fonts import (
    BASE,
    BASE_BOLD,
    base_direction,
    break_logical,
    embolden,
    font_markup,
    has_rtl,
)

# The faces are registered (once, at import: the build itself must not touch the file system,
# R-P2 test 5) by pdf_fonts, which also picks a face per run of text for other scripts.
FONT, FONT_BOLD = BASE, BASE_BOLD

PAPER_SIZES = {"A4": A4, "LETTER": LETTER}

# Greys chosen to survive a black-and-white office printer: text near-black, rules mid-grey,
# fills very light so they never swallow text.
INK = colors.HexColor("#1A1A1A")
SOFT = colors.HexColor("#555555")
RULE = colors.HexColor("#9A9A9A")
FAINT = colors.HexColor("#D0D0D0")
TINT = colors.HexColor("#F1F1F1")
WHITE = colors.white

MARGIN_X = 15 * mm
MARGIN_TOP = 13 * mm
MARGIN_BOTTOM = 20 * mm  # room for the notice and page number
FOOTER_BASELINE = 7 * mm


def table_style(commands: list) -> _RLTableStyle:
    """Return a TableStyle whose cells default to our font (ReportLab's default is Helvetica)."""
    return _RLTableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


def _style(name: str, **kw: Any) -> ParagraphStyle:
    """Return a paragraph style in our font and ink, with the bullet sized like the text."""
    base = {"fontName": FONT, "fontSize": 8.6, "leading": 11.4, "textColor": INK,
            "bulletFontName": FONT}
    base.update(kw)
    # A bullet sized like its text; ReportLab pushes the first line right if the bullet plus
    # 0.6 of its size runs past leftIndent, so bulleted styles keep leftIndent >= 1.2 x size.
    base.setdefault("bulletFontSize", base["fontSize"])
    return ParagraphStyle(name, **base)


S_CLINIC = _style("clinic", fontName=FONT_BOLD, fontSize=11, leading=14, alignment=TA_RIGHT)
S_CONTACT = _style("contact", fontSize=8, leading=10.5, textColor=SOFT, alignment=TA_RIGHT)
S_TITLE = _style("title", fontName=FONT_BOLD, fontSize=19, leading=22)
S_LABEL = _style("label", fontSize=7, leading=9, textColor=SOFT)
S_VALUE = _style("value", fontName=FONT_BOLD, fontSize=10, leading=12.5)
S_H2 = _style("h2", fontName=FONT_BOLD, fontSize=11, leading=13, spaceBefore=8, spaceAfter=0)
S_BODY = _style("body", spaceAfter=2)
S_BULLET = _style("bullet", leftIndent=11, bulletIndent=0, spaceAfter=1.2)
S_CAUTION = _style("caution", fontSize=9, leading=12.2)
S_CARD_TITLE = _style("card_title", fontName=FONT_BOLD, fontSize=9.4, leading=12, spaceAfter=2)
S_CARD = _style("card", fontSize=8.6, leading=11.4)
S_CARD_CAUTION = _style("card_caution", fontName=FONT_BOLD, fontSize=8.4, leading=11)
S_TH = _style("th", fontName=FONT_BOLD, fontSize=7, leading=9, textColor=SOFT)
S_TD = _style("td", fontSize=8.7, leading=11)
S_TD_BOLD = _style("td_bold", fontName=FONT_BOLD, fontSize=8.7, leading=11)
S_WARN_TITLE = _style("warn_title", fontName=FONT_BOLD, fontSize=11.5, leading=14, textColor=WHITE)
S_WARN_HEAD = _style("warn_head", fontName=FONT_BOLD, fontSize=9, leading=11.5, spaceBefore=4)
S_WARN = _style("warn", fontSize=8.4, leading=10.8, leftIndent=11, bulletIndent=0, spaceAfter=1.4)
S_NOTICE = _style("notice", fontSize=7.2, leading=9, textColor=SOFT)
S_NOTE = _style("note", fontSize=9.2, leading=12.8)

CONTROL_CHARS = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))
HEADER_FIELD_MAX = 160  # names and clinic details: longer input is cut so the header still fits


class Para(Paragraph):
    """A Paragraph that keeps its line breaks when measured again at the same width."""

    def __init__(self, text: str, style: ParagraphStyle, *args: Any, **kwargs: Any) -> None:
        if style.fontName == FONT_BOLD:
            text = embolden(text)
        super().__init__(text, style, *args, **kwargs)

    # Tables measure each cell to size the row and again to draw it, and KeepTogether measures
    # its content before the frame does, so most paragraphs were broken into the same lines
    # two to five times per build.
    _measured: tuple | None = None  # (width, lines, size) of the last line breaking

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        last = self._measured
        if last and last[0] == avail_width and last[1] is getattr(self, "blPara", None):
            self.width, self.height = last[2]
            return last[2]
        size = super().wrap(avail_width, avail_height)
        lines = getattr(self, "blPara", None)
        if lines is not None and self.width == avail_width:  # not ReportLab's "no room" exit
            self._measured = (avail_width, lines, size)
        return size


class BidiPara(Para):
    """A paragraph of free text with right-to-left lines: broken in reading order, then each
    line reordered, so a wrapped Hebrew or Arabic note reads top to bottom like the screen."""

    _text: str | None = None  # the pieces a page break splits off are already broken

    def __init__(self, text: str | None, style: ParagraphStyle, *args: Any, **kwargs: Any) -> None:
        if text is None or args or kwargs:  # ReportLab's split() building the two halves
            super().__init__(text, style, *args, **kwargs)
            return
        self._text, self._broken_at = _clean(text), None
        super().__init__(markup(text), style)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        room = avail_width - self.style.leftIndent - self.style.rightIndent - 0.5
        if self._text is not None and self._broken_at != room:
            bold = self.style.fontName == FONT_BOLD
            lines = []  # (text, base direction) per printed line
            for line in self._text.split("\n"):
                # A typed line that starts in Hebrew or Arabic reads right to left throughout,
                # its wrapped parts too, so its full stop ends up at its reading end.
                base = base_direction(line)
                parts = break_logical(line, room, self.style.fontSize, bold=bold, base=base) \
                    if has_rtl(line) else [line]
                lines += [(part, base) for part in parts]
            Para.__init__(self, "<br/>".join(font_markup(t, base) for t, base in lines),
                          self.style)
            self._broken_at, self._measured = room, None
        return super().wrap(avail_width, avail_height)


def para(value: Any, style: ParagraphStyle) -> Para:
    """Return free text as a paragraph, line breaks kept; right-to-left lines wrap in order."""
    text = _clean(value)
    return BidiPara(text, style) if has_rtl(text) else Para(markup(text), style)


def _clean(value: Any) -> str:
    if value is None:
        return ""
    return str(value).translate(CONTROL_CHARS).replace("\r\n", "\n").replace("\r", "\n")


def markup(value: Any, limit: int | None = None) -> str:
    """Escape one user or library string for Paragraph markup; newlines become line breaks."""
    if value is None:
        return ""
    text = _clean(value)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return "<br/>".join(font_markup(line) for line in text.split("\n"))


def strings(value: Any) -> list[str]:
    """Return a snapshot field as a list of its non-blank strings."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, Sequence):
        return [str(v) for v in value if v is not None and str(v).strip()]
    return []
