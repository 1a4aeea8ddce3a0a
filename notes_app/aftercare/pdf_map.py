"""Draw the body map and its legend for the aftercare PDF as ReportLab graphics.

Outline and marker geometry come from clinical.bodymap, shared with the SVG page.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

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
from reportlab.lib.units import mm

from notes_app.clinical import bodymap

from .pdf_labels import label as tr
from .pdf_styles import FONT, FONT_BOLD, INK, RULE, SOFT, TINT, WHITE, strings

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


def legend_drawing(markers: Sequence[Mapping], width: float,
                   lang: str | None = None) -> Drawing | None:
    """Draw a small legend for the marker kinds and statuses actually on the map."""
    present = {_kind(m) for m in markers}
    statuses = {str(m.get("status")) for m in markers if m.get("status") in _STATUS_LABELS}
    entries = [("kind", k, tr(lang, label)) for k, label in bodymap.KINDS if k in present]
    entries += [("status", s, tr(lang, "After: {status}", status=tr(lang, label).lower()))
                for s, label in bodymap.AFTER_STATUSES if s in statuses]
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


@functools.lru_cache(maxsize=64)
def _figure(view: str, crop: float, fig_w: float, x0: float, y0: float) -> tuple:
    """Return one view's outline shapes placed at (x0, y0), with the fade over a cropped edge."""
    # Shared between sheets (nothing downstream mutates a shape): building ~30 validated shapes
    # per sheet cost more than drawing them.
    fills, outlines, guides = _figure_geometry(view, crop, round(fig_w, 2))
    figure = Group(transform=(1, 0, 0, 1, x0, y0))
    for points in fills:
        figure.add(Polygon(list(points), fillColor=TINT, strokeColor=None))
    for points in outlines:
        figure.add(PolyLine(list(points), strokeColor=SOFT, strokeWidth=0.7, strokeLineJoin=1))
    for points in guides:
        figure.add(PolyLine(list(points), strokeColor=RULE, strokeWidth=0.35))
    nodes = [figure]
    if crop < 1:
        # Fade the cut edge so the crop reads as "continues below", not as the body's end.
        steps = 6
        nodes += [Rect(x0 - 1, y0 + k * 2.2, fig_w + 2, 2.3, strokeColor=None,
                       fillColor=colors.Color(1, 1, 1, alpha=1 - k / steps)) for k in range(steps)]
    return tuple(nodes)


def body_map(map_data: Mapping, width: float, lang: str | None = None) -> Drawing | None:
    """Draw the requested views with today's markers, cropped to the worked area; None if empty."""
    views = [v for v in strings(map_data.get("views")) if v in ("front", "back")]
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
        for node in _figure(view, crop, fig_w, x0, y0):
            d.add(node)
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
        caption = tr(lang, "Back view" if view == "back" else "Front view")
        d.add(String(x0 + fig_w / 2, 1.5, caption, fontName=FONT, fontSize=7,
                     fillColor=SOFT, textAnchor="middle"))
    return d
