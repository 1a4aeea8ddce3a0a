"""Render an issued aftercare sheet snapshot to PDF bytes with ReportLab; no Flask, no file I/O.

The only file reads are the two shipped DejaVu Sans fonts, registered once at import. Every string
from the snapshot is escaped before it reaches a Paragraph (security R-P2); the PDF carries no
links, actions or JavaScript. The same snapshot always gives byte-identical output.
"""
from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import (
    Circle,
    Drawing,
    Group,
    Line,
    Polygon,
    PolyLine,
    Rect,
    String,
)
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus import TableStyle as _RLTableStyle

from notes_app.clinical import bodymap

__all__ = ["build_sheet_pdf", "FONT", "FONT_BOLD"]

FONT = "KnotworkSans"
FONT_BOLD = "KnotworkSans-Bold"
_FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"


def _register_fonts() -> None:
    """Register the shipped DejaVu Sans faces once, so accents, Greek and Vietnamese print."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(_FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(_FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


# At import, not at build time: the build itself must not touch the file system (R-P2 test 5).
_register_fonts()

PAPER_SIZES = {"A4": A4, "LETTER": LETTER}
DEFAULT_NOTICE = (
    "This sheet is general information, not medical advice. It does not replace advice from your "
    "doctor or other health professional. Stop any exercise that causes sharp pain, numbness, "
    "tingling or dizziness. See the warning signs box."
)
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)

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


def _table_style(commands: list) -> _RLTableStyle:
    """Return a TableStyle whose cells default to our font (ReportLab's default is Helvetica)."""
    return _RLTableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


def _style(name: str, **kw: Any) -> ParagraphStyle:
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


_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))
STACK_SUMMARY_ROWS = 9
HEADER_FIELD_MAX = 160  # names and clinic details: longer input is cut so the header still fits


def _text(value: Any, limit: int | None = None) -> str:
    """Escape one user or library string for Paragraph markup; newlines become line breaks."""
    if value is None:
        return ""
    text = str(value).translate(_CONTROL).replace("\r\n", "\n").replace("\r", "\n")
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return escape(text).replace("\n", "<br/>")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, Sequence):
        return [str(v) for v in value if v is not None and str(v).strip()]
    return []


def _long_date(iso: str) -> str:
    try:
        day = dt.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso or "")
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


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
                f"{self._page_label} {self._pageNumber} of {total}",
            )
            super().showPage()
        super().save()


# --- Body map ------------------------------------------------------------------------------------


# Marker kinds and after-treatment statuses come from the shared body map; older snapshots may
# use the domain's "trp_active"/"trp_latent" spelling.
_KIND_ALIASES = {"trp_active": "active", "trp_latent": "latent"}
_KIND_LABELS = dict(bodymap.KINDS)
_STATUS_LABELS = dict(bodymap.AFTER_STATUSES)


def _kind(marker: Mapping) -> str:
    kind = str(marker.get("kind") or "active")
    kind = _KIND_ALIASES.get(kind, kind)
    return kind if kind in _KIND_LABELS else "active"


def _drawing(width: float, height: float) -> Drawing:
    """Return a Drawing whose initial font is ours (the default would pull in Helvetica)."""
    d = Drawing(width, height)
    d.initialFontName = FONT
    d.initialFontSize = 7
    return d


def _draw_marker(d: Drawing, kind: str, x: float, y: float, r: float) -> None:
    """Draw one marker with a shape that stays distinct in black and white."""
    if kind == "latent":
        d.add(Circle(x, y, r * 0.95, fillColor=WHITE, strokeColor=INK, strokeWidth=1.1))
    elif kind == "taut_band":
        d.add(Rect(x - r * 1.7, y - r * 0.5, r * 3.4, r, rx=r * 0.3, ry=r * 0.3,
                   fillColor=INK, strokeColor=WHITE, strokeWidth=0.5))
    elif kind == "tender":
        d.add(Polygon([x, y + r * 1.25, x + r * 1.25, y, x, y - r * 1.25, x - r * 1.25, y],
                      fillColor=WHITE, strokeColor=INK, strokeWidth=1))
    elif kind == "adhesion":
        for sx in (-1, 1):
            d.add(Line(x - r, y - r * sx, x + r, y + r * sx, strokeColor=INK, strokeWidth=1.3))
    elif kind == "spasm":
        d.add(PolyLine([x - r * 1.6, y - r * 0.4, x - r * 0.8, y + r * 0.6, x, y - r * 0.6,
                        x + r * 0.8, y + r * 0.6, x + r * 1.6, y - r * 0.4],
                       strokeColor=INK, strokeWidth=1.1, strokeLineJoin=1))
    else:  # active
        d.add(Circle(x, y, r, fillColor=INK, strokeColor=WHITE, strokeWidth=0.6))


def _draw_status(d: Drawing, status: str, x: float, y: float, r: float) -> None:
    """Add the after-treatment status as a tiny badge at the marker's lower right."""
    cx, cy, br = x + r * 1.25, y - r * 1.25, r * 0.85
    d.add(Circle(cx, cy, br, fillColor=WHITE, strokeColor=INK, strokeWidth=0.5))
    if status == "released":
        d.add(PolyLine([cx - br * 0.55, cy, cx - br * 0.15, cy - br * 0.45, cx + br * 0.55,
                        cy + br * 0.5], strokeColor=INK, strokeWidth=0.7))
    elif status == "reduced":
        d.add(Line(cx, cy + br * 0.55, cx, cy - br * 0.5, strokeColor=INK, strokeWidth=0.7))
        d.add(PolyLine([cx - br * 0.4, cy - br * 0.1, cx, cy - br * 0.55, cx + br * 0.4,
                        cy - br * 0.1], strokeColor=INK, strokeWidth=0.7))
    else:
        for dy in (-0.22, 0.22):
            d.add(Line(cx - br * 0.5, cy + br * dy, cx + br * 0.5, cy + br * dy,
                       strokeColor=INK, strokeWidth=0.6))


def _legend_drawing(markers: Sequence[Mapping], width: float) -> Drawing | None:
    """Draw a small legend for the marker kinds and statuses actually on the map."""
    present = {_kind(m) for m in markers}
    statuses = {str(m.get("status")) for m in markers if m.get("status") in _STATUS_LABELS}
    entries = [("kind", k, label) for k, label in bodymap.KINDS if k in present]
    entries += [("status", s, f"After: {label.lower()}") for s, label in bodymap.AFTER_STATUSES
                if s in statuses]
    if not entries:
        return None
    row_h, col_w = 10, 92.0
    columns = max(1, min(len(entries), int(width // col_w)))
    rows = -(-len(entries) // columns)
    d = _drawing(width, row_h * rows)
    for i, (what, key, label) in enumerate(entries):
        col, line = divmod(i, rows)
        x, y = col * col_w + 6, row_h * (rows - line) - row_h / 2
        if what == "kind":
            _draw_marker(d, key, x, y, 2.6)
        else:
            _draw_status(d, key, x - 2.6 * 1.25, y + 2.6 * 1.25, 2.6)
        d.add(String(x + 9, y - 2.4, label, fontName=FONT, fontSize=6.8, fillColor=SOFT))
    return d


Point = tuple[float, float]

# The map is cropped below the lowest marker so upper-body work is drawn large enough to read;
# cuts snap to a few fixed heights (hips, mid-thigh, below the knee, whole figure).
_CROPS = (0.47, 0.64, 0.82, 1.0)
_FIG_MAX_W = 42 * mm
_FIG_TARGET_H = 62 * mm


def _crop(markers: Sequence[Mapping]) -> float:
    ys = []
    for marker in markers:
        try:
            ys.append(min(1.0, max(0.0, float(marker.get("y")))))
        except (TypeError, ValueError):
            continue
    lowest = max(ys, default=1.0) + 0.1
    return next((c for c in _CROPS if lowest <= c), 1.0)


def _cut(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def _clip_polygon(points: Sequence[Point], ymax: float) -> list[Point]:
    """Keep the part of a polygon above the horizontal line y = ymax (map coordinates)."""
    out: list[Point] = []
    for i, cur in enumerate(points):
        prev = points[i - 1]
        if cur[1] <= ymax:
            if prev[1] > ymax:
                out.append(_cut(prev, cur, ymax))
            out.append(cur)
        elif prev[1] <= ymax:
            out.append(_cut(prev, cur, ymax))
    return out


def _clip_polyline(points: Sequence[Point], ymax: float) -> list[list[Point]]:
    """Split an open line into the runs that lie above y = ymax."""
    runs: list[list[Point]] = []
    run: list[Point] = []
    for i, cur in enumerate(points):
        if cur[1] <= ymax:
            if not run and i and points[i - 1][1] > ymax:
                run.append(_cut(points[i - 1], cur, ymax))
            run.append(cur)
        elif run:
            run.append(_cut(points[i - 1], cur, ymax))
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return [r for r in runs if len(r) >= 2]


def _simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Drop points within `tolerance` of the line through their neighbours (Douglas-Peucker)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = (dx * dx + dy * dy) ** 0.5
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                dist = abs(dy * (px - ax) - dx * (py - ay)) / length
            else:
                dist = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if dist > worst:
                worst, index = dist, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


@functools.lru_cache(maxsize=64)
def _figure_geometry(view: str, crop: float, fig_w: float) -> tuple[tuple, tuple, tuple]:
    """Return one view's fill polygons, outline runs and guide runs in points, cropped at `crop`.

    The shared outline is dense enough for a full-screen SVG; at print size a point every ~0.3 pt
    is invisible, so the lines are simplified once per size and cached (this was most of the
    sheet's build time).
    """
    fig_h = fig_w * 2

    def to_points(points: Sequence[Point]) -> list[Point]:
        # Map coordinates run y-down from the top of the box; PDF y runs up.
        return [(x * fig_w, (crop - y) * fig_h) for x, y in points]

    def flat(points: Sequence[Point]) -> tuple[float, ...]:
        return tuple(round(c, 2) for point in _simplify(points, 0.3) for c in point)

    fills, outlines, guides = [], [], []
    for polygon in bodymap.outline(view):
        body = _clip_polygon(polygon, crop) if crop < 1 else list(polygon)
        if len(body) >= 3:
            fills.append(flat(to_points(body + body[:1]))[:-2])
        for run in _clip_polyline(list(polygon) + list(polygon[:1]), crop):
            outlines.append(flat(to_points(run)))
    for polyline in bodymap.guides(view):
        for run in _clip_polyline(polyline, crop):
            guides.append(flat(to_points(run)))
    return tuple(fills), tuple(outlines), tuple(guides)


def _body_map(map_data: Mapping, width: float) -> Drawing | None:
    """Draw the requested views with today's markers, cropped to the worked area; None if empty."""
    views = [v for v in _strings(map_data.get("views")) if v in ("front", "back")]
    markers = [m for m in map_data.get("markers") or () if isinstance(m, Mapping)]
    if not views:
        views = sorted({str(m.get("view")) for m in markers if m.get("view") in ("front", "back")})
    if not views:
        return None
    shown = [m for m in markers if m.get("view") in views]
    crop = _crop(shown)
    gap, caption_h = 8.0, 11.0
    fig_w = min((width - gap * (len(views) - 1)) / len(views), _FIG_MAX_W,
                _FIG_TARGET_H / (2 * crop))
    fig_h = fig_w * 2  # the map's box is half as wide as it is tall (domain §1.1)
    total_w = fig_w * len(views) + gap * (len(views) - 1)
    d = _drawing(total_w, fig_h * crop + caption_h)
    r = max(2.3, fig_w * 0.03)
    for i, view in enumerate(views):
        x0, y0 = i * (fig_w + gap), caption_h

        fills, outlines, guides = _figure_geometry(view, crop, round(fig_w, 2))
        figure = Group(transform=(1, 0, 0, 1, x0, y0))
        for points in fills:
            figure.add(Polygon(list(points), fillColor=TINT, strokeColor=None))
        for points in outlines:
            figure.add(PolyLine(list(points), strokeColor=SOFT, strokeWidth=0.7,
                                strokeLineJoin=1))
        for points in guides:
            figure.add(PolyLine(list(points), strokeColor=RULE, strokeWidth=0.35))
        d.add(figure)
        if crop < 1:
            # Fade the cut edge so the crop reads as "continues below", not as the body's end.
            steps = 6
            for k in range(steps):
                d.add(Rect(x0 - 1, y0 + k * 2.2, fig_w + 2, 2.3, strokeColor=None,
                           fillColor=colors.Color(1, 1, 1, alpha=1 - k / steps)))
        for marker in markers:
            if marker.get("view") != view:
                continue
            try:
                mx, my = float(marker.get("x")), float(marker.get("y"))
            except (TypeError, ValueError):
                continue
            if not (0.0 <= mx <= 1.0 and 0.0 <= my <= crop):
                continue
            # Map coordinates run y-down from the top of the box; PDF y runs up.
            px, py = x0 + mx * fig_w, y0 + (crop - my) * fig_h
            _draw_marker(d, _kind(marker), px, py, r)
            if marker.get("status") in _STATUS_LABELS:
                _draw_status(d, str(marker["status"]), px, py, r)
            label = str(marker.get("label") or "")[:4]
            if label:
                outward_left = mx < 0.5  # put the label on the outer side of the marker
                lx = px - r - 1.5 if outward_left else px + r + 1.5
                anchor = "end" if outward_left else "start"
                d.add(String(lx, py - 2.2, label, fontName=FONT_BOLD, fontSize=6,
                             fillColor=INK, textAnchor=anchor))
        caption = "Back view" if view == "back" else "Front view"
        d.add(String(x0 + fig_w / 2, 1.5, caption, fontName=FONT, fontSize=7,
                     fillColor=SOFT, textAnchor="middle"))
    return d


# --- Blocks ------------------------------------------------------------------------------------


class _Rule(Flowable):
    """A thin full-width line under a section heading."""

    def __init__(self, thickness: float = 0.6, color: colors.Color = RULE, space: float = 4):
        super().__init__()
        self.thickness, self.color, self.space = thickness, color, space

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.thickness + self.space

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.thickness)
        y = self.space - 1
        self.canv.line(0, y, self.width, y)


def _heading(title: str) -> list[Flowable]:
    return [Paragraph(_text(title), S_H2), _Rule()]


def _bullets(items: Sequence[str], style: ParagraphStyle = S_BULLET) -> list[Flowable]:
    return [Paragraph(_text(item), style, bulletText="\u2022") for item in items]


def _cautions(items: Sequence[str], width: float) -> list[Flowable]:
    """Draw personal caution lines in a tinted box with a heavy left rule (reads in B&W)."""
    if not items:
        return []
    rows = [[Paragraph(_text(item), S_CAUTION)] for item in items]
    table = Table(rows, colWidths=[width])
    table.setStyle(
        _table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), TINT),
                ("LINEBEFORE", (0, 0), (0, -1), 2.2, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("TOPPADDING", (0, 0), (-1, 0), 5),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 5),
            ]
        )
    )
    return [Spacer(1, 3), table]


def _plain_block(block: Mapping, width: float) -> list[Flowable]:
    body: list[Flowable] = [Paragraph(_text(p), S_BODY) for p in _strings(block.get("paragraphs"))]
    body += _bullets(_strings(block.get("bullets")))
    for group in block.get("groups") or ():
        body.append(Paragraph(_text(group.get("heading")), S_WARN_HEAD))
        body += _bullets(_strings(group.get("bullets")))
    body += _cautions(_strings(block.get("cautions")), width)
    return _keep_heading(_heading(block.get("title", "")), body)


def _unit(flowables: list[Flowable], top: float = 0) -> Table:
    """Bind flowables into one unsplittable cell (works inside balanced columns too)."""
    table = Table([[flowables]])
    table.setStyle(
        _table_style(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), top),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _keep_heading(head: list[Flowable], body: list[Flowable]) -> list[Flowable]:
    """Keep a heading with its first lines; short blocks stay whole."""
    top = S_H2.spaceBefore  # a cell ignores its first flowable's spaceBefore
    if len(body) <= 2:
        return [_unit(head + body, top)]
    return [_unit(head + body[:1], top), *body[1:]]


def _summary_table(rows: Sequence[Mapping], width: float) -> Table:
    data = [[Paragraph("MUSCLE", S_TH), Paragraph("SIDE", S_TH), Paragraph("TECHNIQUES", S_TH)]]
    for row in rows:
        data.append(
            [
                Paragraph(_text(row.get("muscle")), S_TD_BOLD),
                Paragraph(_text(row.get("side")), S_TD),
                Paragraph(_text(row.get("techniques")), S_TD),
            ]
        )
    table = Table(data, colWidths=[width * 0.36, width * 0.2, width * 0.44], repeatRows=1)
    table.setStyle(
        _table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, FAINT),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 2.3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.3),
            ]
        )
    )
    return table


def _worked_on_block(block: Mapping, sheet: Mapping, width: float) -> list[Flowable]:
    map_data = sheet.get("map") or {}
    rows = [r for r in sheet.get("treated_summary") or () if isinstance(r, Mapping)]
    drawing = _body_map(map_data, 0.34 * width)
    map_w = drawing.width + 16 if drawing is not None else 0.0
    text_w = width - map_w
    right: list[Flowable] = [Paragraph(_text(p), S_BODY) for p in _strings(block.get("paragraphs"))]
    if rows:
        right += [Spacer(1, 3), _summary_table(rows, text_w)]
    else:
        right += _bullets(_strings(block.get("bullets")))
    right += _cautions(_strings(block.get("cautions")), text_w)
    if drawing is None:
        return _keep_heading(_heading(block.get("title", "")), right)
    markers = [m for m in map_data.get("markers") or () if isinstance(m, Mapping)]
    if len(rows) > STACK_SUMMARY_ROWS:
        # A long list would make the side-by-side row taller than a page: map first, then the
        # list at full width, free to break across pages.
        legend = _legend_drawing(markers, width)
        head = _heading(block.get("title", "")) + [Spacer(1, 3), drawing]
        head += [Spacer(1, 6), legend] if legend is not None else []
        body = [Paragraph(_text(p), S_BODY) for p in _strings(block.get("paragraphs"))]
        body += [Spacer(1, 3), _summary_table(rows, width)]
        body += _cautions(_strings(block.get("cautions")), width)
        return [_unit(head, S_H2.spaceBefore), *body]
    legend = _legend_drawing(markers, text_w)
    if legend is not None:
        right += [Spacer(1, 7), legend]
    layout = Table([[[drawing], right]], colWidths=[map_w, text_w])
    layout.setStyle(
        _table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [KeepTogether(_heading(block.get("title", "")) + [layout])]


def _stretch_card(block: Mapping) -> list[Flowable]:
    card: list[Flowable] = [Paragraph(_text(block.get("title")), S_CARD_TITLE)]
    card += [Paragraph(_text(p), S_CARD) for p in _strings(block.get("paragraphs"))]
    card += [Paragraph(_text(b), S_CARD, bulletText="\u2022")
             for b in _strings(block.get("bullets"))]
    for caution in _strings(block.get("cautions")):
        card += [Spacer(1, 3), Paragraph(_text(caution), S_CARD_CAUTION)]
    return card


def _bullet_columns(items: Sequence[str], width: float, gap: float = 16) -> Table:
    """Set short bullets in two columns, split where the text length balances."""
    sizes = [len(t) for t in items]
    best, cut = None, 1
    for k in range(1, len(items)):
        diff = abs(sum(sizes[:k]) - sum(sizes[k:]))
        if best is None or diff < best:
            best, cut = diff, k
    col_w = (width - gap) / 2
    table = Table([[_bullets(items[:cut]), "", _bullets(items[cut:])]],
                  colWidths=[col_w, gap, col_w])
    table.setStyle(_table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _stretches(rules: Mapping | None, stretches: Sequence[Mapping], width: float) -> list[Flowable]:
    """Lay out the stretch rules, then the stretches as a grid of cards (three or two across)."""
    head = _heading((rules or {}).get("title") or "Gentle stretches")
    body: list[Flowable] = []
    if rules:
        body += [Paragraph(_text(p), S_BODY) for p in _strings(rules.get("paragraphs"))]
        bullets = _strings(rules.get("bullets"))
        body += [_bullet_columns(bullets, width)] if len(bullets) >= 3 else _bullets(bullets)
        body += _cautions(_strings(rules.get("cautions")), width)
    if not stretches:
        return [_unit(head + body, S_H2.spaceBefore)] if body else []
    across = 3 if len(stretches) in (3, 5, 6) else 2
    gap = 12
    col_w = (width - gap * (across - 1)) / across
    cells = [_stretch_card(s) for s in stretches]
    while len(cells) % across:
        cells.append([])
    widths: list[float] = []
    for c in range(across):
        widths += [col_w] + ([gap] if c < across - 1 else [])
    rows = []
    for r in range(len(cells) // across):
        row: list[Any] = []
        style = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 7),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]
        for c in range(across):
            cell = cells[r * across + c]
            row.append(cell)
            if cell:
                style.append(("LINEBEFORE", (2 * c, 0), (2 * c, 0), 1.2, RULE))
            if c < across - 1:
                row.append("")
        table = Table([row], colWidths=widths)
        table.setStyle(_table_style(style))
        rows.append(table)
    # Heading, rules and the first row of cards stay together; later rows may move on.
    return [_unit(head + body + [Spacer(1, 6), rows[0]], S_H2.spaceBefore), *rows[1:]]


def _warning_box(block: Mapping, width: float) -> list[Flowable]:
    """Draw the warning signs as a heavy-bordered box with a solid black title bar."""
    intro = [Paragraph(_text(p), S_BODY) for p in _strings(block.get("paragraphs"))]
    intro += _bullets(_strings(block.get("bullets")), S_WARN)
    groups = [g for g in block.get("groups") or () if isinstance(g, Mapping)]
    sizes = [len(str(g.get("heading"))) + 60 * len(_strings(g.get("bullets")))
             + sum(len(b) for b in _strings(g.get("bullets"))) for g in groups]
    # Split the groups, in order, where the two columns come out closest in length.
    cut = min(range(1, len(groups)), key=lambda k: abs(sum(sizes[:k]) - sum(sizes[k:])),
              default=len(groups))
    columns: list[list[Flowable]] = []
    for part in (groups[:cut], groups[cut:]):
        flow: list[Flowable] = []
        for group in part:
            flow.append(Paragraph(_text(group.get("heading")), S_WARN_HEAD))
            flow += _bullets(_strings(group.get("bullets")), S_WARN)
        if flow:
            columns.append(flow)
    outro = [Paragraph(_text(c), S_CAUTION) for c in _strings(block.get("cautions"))]
    pad = 10
    rows: list[list[Any]] = [[Paragraph(_text(block.get("title")), S_WARN_TITLE), ""]]
    spans = [("SPAN", (0, 0), (1, 0))]
    if intro:
        rows.append([intro, ""])
        spans.append(("SPAN", (0, len(rows) - 1), (1, len(rows) - 1)))
    if len(columns) == 2:
        rows.append(columns)
    elif columns:
        rows.append([columns[0], ""])
        spans.append(("SPAN", (0, len(rows) - 1), (1, len(rows) - 1)))
    if outro:
        rows.append([outro, ""])
        spans.append(("SPAN", (0, len(rows) - 1), (1, len(rows) - 1)))
    table = Table(rows, colWidths=[width / 2, width / 2])
    table.setStyle(
        _table_style(
            [
                ("BOX", (0, 0), (-1, -1), 1.8, INK),
                ("BACKGROUND", (0, 0), (-1, 0), INK),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, 0), 4),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
                ("TOPPADDING", (0, 1), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 6),
                *spans,
            ]
        )
    )
    return [Spacer(1, 9), KeepTogether([table])]


def _note_block(block: Mapping, width: float, keep: bool = True) -> list[Flowable]:
    """Show the therapist's own words in a quiet box, line breaks kept; long notes may split."""
    paras = [Paragraph(_text(p), S_NOTE) for p in _strings(block.get("paragraphs"))]
    paras += _bullets(_strings(block.get("bullets")))
    if not paras:
        return []
    # One row per paragraph and splitInRow, so even a very long note breaks across pages.
    table = Table([[p] for p in paras], colWidths=[width], splitInRow=1)
    table.setStyle(
        _table_style(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, 0), 5),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
            ]
        )
    )
    parts = _heading(block.get("title", "")) + [Spacer(1, 2), table]
    return [KeepTogether(parts)] if keep else parts


def _short(block: Mapping, chars: int = 600, lines: int = 8) -> bool:
    """Return whether a free-text block is small enough to sit in a half-width column."""
    texts = _strings(block.get("paragraphs")) + _strings(block.get("bullets"))
    return sum(len(t) for t in texts) <= chars and sum(t.count("\n") + 1 for t in texts) <= lines


def _note_pair(note: Mapping, visit: Mapping, width: float) -> list[Flowable]:
    """Set a short note and the next-visit line side by side."""
    gap = 14
    left_w, right_w = (width - gap) * 0.62, (width - gap) * 0.38
    left = _note_block(note, left_w, keep=False)
    right = _note_block(visit, right_w, keep=False)
    table = Table([[left, "", right]], colWidths=[left_w, gap, right_w])
    table.setStyle(
        _table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), S_H2.spaceBefore),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table]


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
            story += _stretches(rules, stretches, width)
            i = j
            continue
        if section == "notice":
            pass  # printed at the foot of every page
        elif section == "worked_on":
            story += _worked_on_block(block, sheet, width)
        elif section == "red_flags":
            story += _warning_box(block, width)
        elif section in ("therapist_note", "next_visit"):
            pair = blocks[i + 1] if i + 1 < len(blocks) else None
            if (section == "therapist_note" and pair is not None
                    and _section(pair) == "next_visit" and _short(block) and _short(pair)):
                story += _note_pair(block, pair, width)
                i += 2
                continue
            story += _note_block(block, width)
        else:
            story += _plain_block(block, width)
        i += 1
    return story


def _header(sheet: Mapping, width: float) -> list[Flowable]:
    """Title on the left, the clinic's letterhead on the right, then who, when and by whom."""
    clinic = sheet.get("clinic") or {}
    letterhead = [Paragraph(_text(clinic.get("name"), HEADER_FIELD_MAX), S_CLINIC)]
    letterhead += [
        Paragraph(_text(v, HEADER_FIELD_MAX), S_CONTACT)
        for v in (clinic.get("address"), clinic.get("phone")) if v and str(v).strip()
    ]
    top = Table(
        [[Paragraph("Your aftercare", S_TITLE), letterhead]],
        colWidths=[width * 0.42, width * 0.58],
    )
    top.setStyle(
        _table_style(
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
        ("Prepared for", client),
        ("Date of session", _long_date(str(sheet.get("date") or ""))),
        ("Your therapist", therapist),
    ]
    meta_table = Table(
        [[[Paragraph(_text(label), S_LABEL), Paragraph(_text(value, HEADER_FIELD_MAX), S_VALUE)]
          for label, value in meta]],
        colWidths=[width * 0.42, width * 0.26, width * 0.32],
    )
    meta_table.setStyle(
        _table_style(
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
            text = " ".join(_strings(block.get("paragraphs")) + _strings(block.get("bullets")))
            if text:
                return text
    return DEFAULT_NOTICE


def _page_decorator(sheet: Mapping, width: float):
    notice = Paragraph(_text(_notice_text(sheet)), S_NOTICE)
    def plain(value: Any, limit: int) -> str:
        text = " ".join(str(value or "").translate(_CONTROL).split())
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"

    clinic = plain((sheet.get("clinic") or {}).get("name"), 70)
    client = plain((sheet.get("client") or {}).get("preferred_name"), 50)
    date = _long_date(str(sheet.get("date") or ""))
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
        footer = " \u00b7 ".join(p for p in (clinic, f"Ref. {ref}" if ref else "") if p)
        canv.drawString(MARGIN_X, FOOTER_BASELINE, footer)
        if canv.getPageNumber() > 1:
            running = " \u00b7 ".join(p for p in ("Aftercare for " + client if client else "",
                                                   date) if p)
            canv.drawRightString(page_w - MARGIN_X, _page_h - 8 * mm, running)
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
        title="Aftercare information",
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
        _SheetCanvas, pdf_date=_pdf_date(str(sheet.get("date") or "")), page_label="Page"
    )
    doc.build(_story(sheet, width), canvasmaker=canvasmaker)
    return buffer.getvalue()
