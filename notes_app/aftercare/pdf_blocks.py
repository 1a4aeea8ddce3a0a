"""Lay out the aftercare sheet's sections as platypus flowables: text blocks, the worked-on map
and table, stretch cards, notes and the warning-signs box.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from .pdf_labels import label
from .pdf_map import body_map, legend_drawing
from .pdf_styles import (
    FAINT,
    INK,
    RULE,
    S_BODY,
    S_BULLET,
    S_CARD,
    S_CARD_CAUTION,
    S_CARD_TITLE,
    S_CAUTION,
    S_H2,
    S_NOTE,
    S_TD,
    S_TD_BOLD,
    S_TH,
    S_WARN,
    S_WARN_HEAD,
    S_WARN_TITLE,
    TINT,
    Para,
    markup,
    para,
    strings,
    table_style,
)

# Past this many treated muscles the summary table goes below the map instead of beside it.
STACK_SUMMARY_ROWS = 9


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
    return [Para(markup(title), S_H2), _Rule()]


def _bullets(items: Sequence[str], style: ParagraphStyle = S_BULLET) -> list[Flowable]:
    return [Para(markup(item), style, bulletText="\u2022") for item in items]


def _cautions(items: Sequence[str], width: float) -> list[Flowable]:
    """Draw personal caution lines in a tinted box with a heavy left rule (reads in B&W)."""
    if not items:
        return []
    rows = [[Para(markup(item), S_CAUTION)] for item in items]
    table = Table(rows, colWidths=[width])
    table.setStyle(
        table_style(
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


def plain_block(block: Mapping, width: float) -> list[Flowable]:
    """Lay out an ordinary advice block: heading, paragraphs, bullets, groups and cautions."""
    body: list[Flowable] = [Para(markup(p), S_BODY) for p in strings(block.get("paragraphs"))]
    body += _bullets(strings(block.get("bullets")))
    for group in block.get("groups") or ():
        body.append(Para(markup(group.get("heading")), S_WARN_HEAD))
        body += _bullets(strings(group.get("bullets")))
    body += _cautions(strings(block.get("cautions")), width)
    return _keep_heading(_heading(block.get("title", "")), body)


def _unit(flowables: list[Flowable], top: float = 0) -> Table:
    """Bind flowables into one unsplittable cell (works inside balanced columns too)."""
    table = Table([[flowables]])
    table.setStyle(
        table_style(
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


def _summary_table(rows: Sequence[Mapping], width: float, lang: str | None = None) -> Table:
    data = [[Para(label(lang, "MUSCLE"), S_TH), Para(label(lang, "SIDE"), S_TH),
             Para(label(lang, "TECHNIQUES"), S_TH)]]
    for row in rows:
        data.append(
            [
                Para(markup(row.get("muscle")), S_TD_BOLD),
                Para(markup(row.get("side")), S_TD),
                Para(markup(row.get("techniques")), S_TD),
            ]
        )
    table = Table(data, colWidths=[width * 0.36, width * 0.2, width * 0.44], repeatRows=1)
    table.setStyle(
        table_style(
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


def worked_on_block(block: Mapping, sheet: Mapping, width: float) -> list[Flowable]:
    """Set the body map beside the treated-muscle table, or above it when the list is long."""
    map_data = sheet.get("map") or {}
    lang = sheet.get("language")
    # The one-page sheet names the areas in plain words only; the muscle table is the longer
    # sheet's (issue 16, item 8), and a smaller map leaves room for the rest of the page.
    one_page = sheet.get("length") == "one_page"
    rows = [] if one_page else [r for r in sheet.get("treated_summary") or ()
                                if isinstance(r, Mapping)]
    drawing = body_map(map_data, (0.18 if one_page else 0.34) * width, lang=lang)
    map_w = drawing.width + 16 if drawing is not None else 0.0
    text_w = width - map_w
    right: list[Flowable] = [Para(markup(p), S_BODY) for p in strings(block.get("paragraphs"))]
    if rows:
        right += [Spacer(1, 3), _summary_table(rows, text_w, lang)]
    else:
        right += _bullets(strings(block.get("bullets")))
    right += _cautions(strings(block.get("cautions")), text_w)
    if drawing is None:
        return _keep_heading(_heading(block.get("title", "")), right)
    markers = [m for m in map_data.get("markers") or () if isinstance(m, Mapping)]
    if len(rows) > STACK_SUMMARY_ROWS:
        # A long list would make the side-by-side row taller than a page: map first, then the
        # list at full width, free to break across pages.
        legend = legend_drawing(markers, width, lang=lang)
        head = _heading(block.get("title", "")) + [Spacer(1, 3), drawing]
        head += [Spacer(1, 6), legend] if legend is not None else []
        body = [Para(markup(p), S_BODY) for p in strings(block.get("paragraphs"))]
        body += [Spacer(1, 3), _summary_table(rows, width, lang)]
        body += _cautions(strings(block.get("cautions")), width)
        return [_unit(head, S_H2.spaceBefore), *body]
    legend = legend_drawing(markers, text_w, lang=lang)
    if legend is not None:
        right += [Spacer(1, 7), legend]
    layout = Table([[[drawing], right]], colWidths=[map_w, text_w])
    layout.setStyle(
        table_style(
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


def one_page_top(after: Mapping, worked: Mapping, sheet: Mapping,
                 width: float) -> list[Flowable]:
    """Set the small map beside "After your session" and the plain "today" line (one page).

    The map's height carries both sections, so the warning-signs box rises well up page 1.
    """
    lang = sheet.get("language")
    map_data = sheet.get("map") or {}
    drawing = body_map(map_data, 0.2 * width, lang=lang)
    if drawing is None:
        return plain_block(after, width) + worked_on_block(worked, sheet, width)
    map_w = drawing.width + 16
    text_w = width - map_w
    right = _heading(after.get("title", "")) + _bullets(strings(after.get("bullets")))
    right += [Para(markup(p), S_BODY) for p in strings(after.get("paragraphs"))]
    right += _cautions(strings(after.get("cautions")), text_w)
    right += [Spacer(1, S_H2.spaceBefore)] + _heading(worked.get("title", ""))
    right += [Para(markup(p), S_BODY) for p in strings(worked.get("paragraphs"))]
    right += _cautions(strings(worked.get("cautions")), text_w)
    markers = [m for m in map_data.get("markers") or () if isinstance(m, Mapping)]
    legend = legend_drawing(markers, text_w, lang=lang)
    if legend is not None:
        right += [Spacer(1, 5), legend]
    layout = Table([[right, [drawing]]], colWidths=[text_w, map_w])
    layout.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (1, 0), (1, 0), 16),
                ("TOPPADDING", (0, 0), (-1, -1), S_H2.spaceBefore),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [layout]


def _stretch_card(block: Mapping) -> list[Flowable]:
    card: list[Flowable] = [Para(markup(block.get("title")), S_CARD_TITLE)]
    card += [Para(markup(p), S_CARD) for p in strings(block.get("paragraphs"))]
    card += [Para(markup(b), S_CARD, bulletText="\u2022")
             for b in strings(block.get("bullets"))]
    for caution in strings(block.get("cautions")):
        card += [Spacer(1, 3), Para(markup(caution), S_CARD_CAUTION)]
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
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table


def stretch_section(
    rules: Mapping | None, stretches: Sequence[Mapping], width: float
) -> list[Flowable]:
    """Lay out the stretch rules, then the stretches as a grid of cards (three or two across)."""
    head = _heading((rules or {}).get("title") or "Gentle stretches")
    body: list[Flowable] = []
    if rules:
        body += [Para(markup(p), S_BODY) for p in strings(rules.get("paragraphs"))]
        bullets = strings(rules.get("bullets"))
        body += [_bullet_columns(bullets, width)] if len(bullets) >= 3 else _bullets(bullets)
        body += _cautions(strings(rules.get("cautions")), width)
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
        table.setStyle(table_style(style))
        rows.append(table)
    # Heading, rules and the first row of cards stay together; later rows may move on.
    return [_unit(head + body + [Spacer(1, 6), rows[0]], S_H2.spaceBefore), *rows[1:]]


def warning_box(block: Mapping, width: float) -> list[Flowable]:
    """Draw the warning signs as a heavy-bordered box with a solid black title bar."""
    intro = [Para(markup(p), S_BODY) for p in strings(block.get("paragraphs"))]
    intro += _bullets(strings(block.get("bullets")), S_WARN)
    groups = [g for g in block.get("groups") or () if isinstance(g, Mapping)]
    sizes = [len(str(g.get("heading"))) + 60 * len(strings(g.get("bullets")))
             + sum(len(b) for b in strings(g.get("bullets"))) for g in groups]
    # Split the groups, in order, where the two columns come out closest in length.
    cut = min(range(1, len(groups)), key=lambda k: abs(sum(sizes[:k]) - sum(sizes[k:])),
              default=len(groups))
    columns: list[list[Flowable]] = []
    for part in (groups[:cut], groups[cut:]):
        flow: list[Flowable] = []
        for group in part:
            flow.append(Para(markup(group.get("heading")), S_WARN_HEAD))
            flow += _bullets(strings(group.get("bullets")), S_WARN)
        if flow:
            columns.append(flow)
    outro = [Para(markup(c), S_CAUTION) for c in strings(block.get("cautions"))]
    pad = 10
    rows: list[list[Any]] = [[Para(markup(block.get("title")), S_WARN_TITLE), ""]]
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
        table_style(
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


def note_block(block: Mapping, width: float, keep: bool = True) -> list[Flowable]:
    """Show the therapist's own words in a quiet box, line breaks kept; long notes may split."""
    paras = [para(p, S_NOTE) for p in strings(block.get("paragraphs"))]
    paras += _bullets(strings(block.get("bullets")))
    if not paras:
        return []
    # One row per paragraph and splitInRow, so even a very long note breaks across pages.
    table = Table([[p] for p in paras], colWidths=[width], splitInRow=1)
    table.setStyle(
        table_style(
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


def fits_half_width(block: Mapping, chars: int = 600, lines: int = 8) -> bool:
    """Return whether a free-text block is small enough to sit in a half-width column."""
    texts = strings(block.get("paragraphs")) + strings(block.get("bullets"))
    return sum(len(t) for t in texts) <= chars and sum(t.count("\n") + 1 for t in texts) <= lines


def note_pair(note: Mapping, visit: Mapping, width: float) -> list[Flowable]:
    """Set a short note and the next-visit line side by side."""
    gap = 14
    left_w, right_w = (width - gap) * 0.62, (width - gap) * 0.38
    left = note_block(note, left_w, keep=False)
    right = note_block(visit, right_w, keep=False)
    table = Table([[left, "", right]], colWidths=[left_w, gap, right_w])
    table.setStyle(
        table_style(
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
