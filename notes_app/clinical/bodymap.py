"""Body-map geometry shared by the web map and the PDF, and a server-side SVG renderer.

Points are normalised (x, y) in the 1:2 figure box: x left to right as viewed, y 0 at the vertex.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

from . import bodymap_outline as art
from .bodymap_outline import Point, point_in_polygon
from .bodymap_shapes import (
    ENDANGERMENT_SPECS,
    MIDLINE_REGION_CLIPS,
    SIDED_REGION_CLIPS,
    ZONE_SPECS,
)
from .muscles import MUSCLE_BY_ID, VIEWS, side_sign
from .regions import REGIONS

__all__ = [
    "VIEW_W", "VIEW_H", "VIEWS", "KINDS", "AFTER_STATUSES", "Zone", "REFERRAL_ZONES",
    "REGION_SHAPES", "ENDANGERMENT_SITES", "to_canvas", "from_canvas", "outline", "guides",
    "point_in_polygon", "zone_shapes", "zones_at", "region_shapes", "regions_at",
    "endangerment_sites_at", "render_svg",
]

VIEW_W, VIEW_H = 200, 400
Polygon = tuple[Point, ...]

KINDS: list[tuple[str, str]] = [
    ("active", "Active trigger point"),
    ("latent", "Latent trigger point"),
    ("taut_band", "Taut band"),
    ("tender", "Tender spot"),
    ("adhesion", "Adhesion"),
    ("spasm", "Spasm"),
]
# Labels say what the client felt, not a claim about tissue (issue 16: "less tender", not
# "released"); the stored codes stay as they are.
AFTER_STATUSES: list[tuple[str, str]] = [
    ("released", "Less tender"),
    ("reduced", "A little less tender"),
    ("unchanged", "Unchanged"),
]
_KIND_LABELS = dict(KINDS)
_STATUS_LABELS = dict(AFTER_STATUSES)


def to_canvas(x: float, y: float) -> tuple[float, float]:
    """Convert a normalised point to SVG viewBox units."""
    return x * VIEW_W, y * VIEW_H


def from_canvas(px: float, py: float) -> tuple[float, float]:
    """Convert SVG viewBox units back to a normalised point."""
    return px / VIEW_W, py / VIEW_H


def _check_view(view: str) -> None:
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")


def outline(view: str) -> list[list[Point]]:
    """Return the closed silhouette polygons of a view."""
    _check_view(view)
    # The front and back share one silhouette; guides() is what tells them apart.
    return [list(art.silhouette())]


def guides(view: str) -> list[list[Point]]:
    """Return open interior guide lines (clavicles, spine, scapulae, ...) of a view."""
    _check_view(view)
    if view == "front":
        sided, midline = art.FRONT_SIDED, art.FRONT_MIDLINE
    else:
        sided, midline = art.BACK_SIDED, art.BACK_MIDLINE
    lines = [art.place(art.smooth(g, closed=False), sign) for g in sided for sign in (1, -1)]
    lines += [art.place(art.smooth(g, closed=False), 1) for g in midline]
    return lines


def _fit(poly: Sequence[Point]) -> Polygon:
    # Shapes are drawn a little generously; trim any part that would spill off the figure.
    if all(art.inside_silhouette(x, y) for x, y in poly):
        return tuple(poly)
    return tuple(art.clip(art.silhouette(), poly))


def _sided(view: str, points: Sequence[Point], midline: bool) -> list[tuple[str, Polygon]]:
    if midline:
        return [("M", tuple(art.place(points, 1)))]
    return [(side, tuple(art.place(points, side_sign(view, side)))) for side in ("R", "L")]


def _views(code: str) -> list[str]:
    return [v for v in VIEWS if v[0] in code]


@dataclass(frozen=True)
class Zone:
    """A referral zone: one or more shapes per view, each on a client side ("R", "L", "M")."""

    id: str
    label: str
    shapes: tuple[tuple[str, Polygon], ...]  # (view, polygon)
    sides: tuple[str, ...]  # the client side of each shape, parallel to shapes

    def for_side(self, side: str | None = None) -> list[tuple[str, Polygon]]:
        """Return (view, polygon) shapes on one client side ("R"/"L"), or all of them."""
        return [s for s, sd in zip(self.shapes, self.sides, strict=True)
                if side in (None, "B", sd) or sd == "M"]


def _build_zone(zone_id: str, label: str, specs: Iterable[tuple]) -> Zone:
    shapes, sides = [], []
    for views, dx, y, rx, ry, *tilt in specs:
        pts = art.ellipse(dx, y, rx, ry, *tilt)
        for view in _views(views):
            for side, poly in _sided(view, pts, midline=dx == 0):
                shapes.append((view, _fit(poly)))
                sides.append(side)
    return Zone(zone_id, label, tuple(shapes), tuple(sides))


REFERRAL_ZONES: dict[str, Zone] = {
    zid: _build_zone(zid, label, specs) for zid, (label, specs) in ZONE_SPECS.items()
}


def zone_shapes(zone_id: str, side: str | None = None) -> list[tuple[str, Polygon]]:
    """Return (view, polygon) shapes of a referral zone, optionally on one client side."""
    return REFERRAL_ZONES[zone_id].for_side(side)


def zones_at(view: str, x: float, y: float) -> list[str]:
    """Return ids of referral zones whose shapes on a view contain the point."""
    return [
        z.id for z in REFERRAL_ZONES.values()
        if any(v == view and point_in_polygon(x, y, p) for v, p in z.shapes)
    ]


def _build_regions() -> dict[str, tuple[tuple[str, Polygon], ...]]:
    body = art.silhouette()
    out: dict[str, tuple[tuple[str, Polygon], ...]] = {}
    for region in REGIONS:
        base = region.id.removesuffix("_left").removesuffix("_right")
        shapes = []
        for view in region.views:
            if region.side == "M":
                pts = art.place(MIDLINE_REGION_CLIPS[base], 1)
            else:
                pts = art.place(SIDED_REGION_CLIPS[base], side_sign(view, region.side))
            shapes.append((view, tuple(art.clip(body, pts))))
        out[region.id] = tuple(shapes)
    return out


REGION_SHAPES: dict[str, tuple[tuple[str, Polygon], ...]] = _build_regions()


def region_shapes(region_id: str) -> list[tuple[str, Polygon]]:
    """Return (view, polygon) shapes for an intake region id."""
    return list(REGION_SHAPES[region_id])


def regions_at(view: str, x: float, y: float) -> list[str]:
    """Return ids of intake regions whose shapes on a view contain the point."""
    return [
        rid for rid, shapes in REGION_SHAPES.items()
        if any(v == view and point_in_polygon(x, y, p) for v, p in shapes)
    ]


def _build_site(specs: Iterable[tuple]) -> tuple[tuple[str, Polygon], ...]:
    shapes = []
    for views, first, *rest in specs:
        pts = art.ellipse(*rest) if first == "ellipse" else list(first)
        midline = any(dx < 0 for dx, _ in pts)
        for view in _views(views):
            shapes += [(view, _fit(poly)) for _, poly in _sided(view, pts, midline)]
    return tuple(shapes)


ENDANGERMENT_SITES: tuple[tuple[str, str, tuple[tuple[str, Polygon], ...]], ...] = tuple(
    (sid, label, _build_site(specs)) for sid, label, specs in ENDANGERMENT_SPECS
)


def endangerment_sites_at(view: str, x: float, y: float) -> list[str]:
    """Return ids of endangerment sites (domain §4.5) containing the point on a view."""
    return [
        sid for sid, _, shapes in ENDANGERMENT_SITES
        if any(v == view and point_in_polygon(x, y, p) for v, p in shapes)
    ]


# --- SVG rendering -------------------------------------------------------------------------------

INK, MUTED, ACCENT = "#1f2933", "#8a94a0", "#c8553d"
_STATUS_COLOURS = {"released": "#2f7d4f", "reduced": "#b7791f", "unchanged": "#52606d"}
_GLYPHS = {
    "active": '<circle r="3.6" fill="{ink}" stroke="#fff" stroke-width="1"/>',
    "latent": '<circle r="3.3" fill="#fff" stroke="{ink}" stroke-width="1.7"/>',
    "taut_band": '<rect x="-6.5" y="-1.9" width="13" height="3.8" rx="1.2" fill="{ink}" '
                 'stroke="#fff" stroke-width="0.9"/>',
    "tender": '<path d="M0-4.6L4.6 0 0 4.6-4.6 0Z" fill="#fff" stroke="{ink}" stroke-width="1.5"/>',
    "adhesion": '<path d="M-3.4-3.4L3.4 3.4M3.4-3.4L-3.4 3.4" stroke="#fff" stroke-width="3.6"/>'
                '<path d="M-3.4-3.4L3.4 3.4M3.4-3.4L-3.4 3.4" stroke="{ink}" stroke-width="1.7"/>',
    "spasm": '<path d="M-6 1.5L-3-2.5 0 2.5 3-2.5 6 1.5" fill="none" stroke="#fff" '
             'stroke-width="3.6" stroke-linejoin="round"/><path d="M-6 1.5L-3-2.5 0 2.5 3-2.5 '
             '6 1.5" fill="none" stroke="{ink}" stroke-width="1.7" stroke-linejoin="round"/>',
}
_STATUS_PATHS = {
    "released": "M-2.2 0L-0.7 1.6 2.2-1.8",
    "reduced": "M0-2.2V2.1M-1.8 0.4L0 2.2 1.8 0.4",
    "unchanged": "M-2-0.9H2M-2 0.9H2",
}


def _path(points: Sequence[Point], closed: bool = True) -> str:
    coords = " ".join(f"{x * VIEW_W:.1f} {y * VIEW_H:.1f}" for x, y in points)
    return f"M{coords}{'Z' if closed else ''}"


def _number(value: object, default: float | None = None) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


def _marker_title(m: Mapping) -> str:
    muscle = MUSCLE_BY_ID.get(str(m.get("muscle_id") or ""))
    side = {"R": "right", "L": "left"}.get(str(m.get("side") or ""), "")
    parts = [f"{muscle.name if muscle else 'Marker'}{f' ({side})' if side else ''}"]
    parts.append(_KIND_LABELS.get(str(m.get("kind")), "Finding"))
    tenderness = _number(m.get("tenderness"))
    if tenderness is not None:
        parts.append(f"tenderness {tenderness:g}/10")
    if m.get("status") in _STATUS_LABELS:
        parts.append(f"after: {_STATUS_LABELS[m['status']].lower()}")
    return ", ".join(parts)


def _marker(m: Mapping, view: str, ghost: bool, show_labels: bool) -> str:
    x, y = _number(m.get("x")), _number(m.get("y"))
    if m.get("view") != view or x is None or y is None:
        return ""
    kind = m.get("kind") if m.get("kind") in _GLYPHS else "active"
    px, py = to_canvas(min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0))
    cls = "kw-ghost" if ghost else "kw-marker"
    attrs = (f' class="{cls} {cls}--{kind}" transform="translate({px:.1f} {py:.1f})"'
             f' data-kind="{kind}"')
    for key in ("muscle_id", "side"):
        if m.get(key):
            attrs += f" data-{key.replace('_', '-')}={quoteattr(str(m[key]))}"
    if ghost:
        return f'<g{attrs} opacity="0.35">{_GLYPHS[kind].format(ink=MUTED)}</g>'
    parts = [f"<title>{escape(_marker_title(m))}</title>", _GLYPHS[kind].format(ink=INK)]
    status = m.get("status")
    if status in _STATUS_PATHS:
        colour = _STATUS_COLOURS[status]
        parts.append(
            f'<g transform="translate(5.2 5.2)"><circle r="3.1" fill="#fff" stroke="{colour}" '
            f'stroke-width="0.8"/><path d="{_STATUS_PATHS[status]}" fill="none" '
            f'stroke="{colour}" stroke-width="1.1" stroke-linecap="round"/></g>'
        )
    text = " ".join(
        str(v) for v in (m.get("label"), m.get("muscle_id") if show_labels else None)
        if v not in (None, "")
    )
    if text:
        parts.append(
            f'<text x="5.5" y="-3.5" font-size="7" font-weight="600" fill="{INK}" stroke="#fff" '
            f'stroke-width="2.2" paint-order="stroke" stroke-linejoin="round">{escape(text)}</text>'
        )
    return f"<g{attrs}>{''.join(parts)}</g>"


_ZONE_STYLE = {
    "essential": 'fill-opacity="0.55" stroke-opacity="0.9" stroke-width="0.6"',
    "spillover": 'fill-opacity="0.2" stroke-width="0.6" stroke-dasharray="1.6 1.2"',
}


def _zone_layer(view: str, zones: Iterable[tuple[str, str, str | None]]) -> list[str]:
    # Spillover first so an essential zone drawn on the same spot stays the darker one.
    wanted = dict.fromkeys(
        (z, "essential" if k == "essential" else "spillover", s) for z, k, s in zones
    )
    out = []
    for zid, kind, side in sorted(wanted, key=lambda z: z[1] == "essential"):
        if zid not in REFERRAL_ZONES:
            continue
        d = "".join(_path(p) for v, p in zone_shapes(zid, side) if v == view and p)
        if d:
            out.append(f'<path class="kw-zone kw-zone--{kind}" data-zone={quoteattr(zid)} '
                       f'd="{d}" fill="{ACCENT}" stroke="{ACCENT}" {_ZONE_STYLE[kind]}/>')
    return out


@lru_cache(maxsize=8)
def _static_layers(view: str) -> tuple[str, str, tuple[str, ...]]:
    # The silhouette, guide lines and endangerment sites never change: drawn once per view,
    # not on every page (they were an eighth of the note editor's time, #11).
    body = "".join(_path(p) for p in outline(view))
    lines = "".join(_path(g, closed=False) for g in guides(view))
    return body, lines, tuple(_endangerment_layer(view))


@lru_cache(maxsize=512)
def _region_path(rid: str, view: str) -> str:
    return "".join(_path(p) for v, p in REGION_SHAPES.get(rid, ()) if v == view and p)


def _endangerment_layer(view: str) -> list[str]:
    return [
        f'<path class="kw-endangerment" data-site="{sid}" d="{_path(p)}" fill="none" '
        f'stroke="#7b5b00" stroke-width="0.7" stroke-dasharray="0.8 1.2">'
        f"<title>{escape(label)}</title></path>"
        for sid, label, shapes in ENDANGERMENT_SITES
        for v, p in shapes
        if v == view
    ]


def render_svg(
    view: str,
    markers: Iterable[Mapping] = (),
    *,
    ghosts: Iterable[Mapping] = (),
    zones: Iterable[tuple[str, str, str | None]] = (),
    hatched_regions: Iterable[str] = (),
    title: str = "",
    size: int | None = None,
    show_labels: bool = False,
    show_endangerment: bool = False,
) -> str:
    """Render a standalone, read-only body-map SVG for one view."""
    _check_view(view)
    hatch_id = f"kw-hatch-{view}"
    dims = f' width="{int(size)}" height="{int(size) * 2}"' if size else ""
    label = title or f"Body map, {view} view"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW_W} {VIEW_H}"{dims} '
        f'role="img" class="kw-bodymap kw-bodymap--{view}" font-family="Helvetica, Arial, '
        f'sans-serif"><title>{escape(label)}</title>',
        f'<defs><pattern id="{hatch_id}" width="4" height="4" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="4" height="4" fill="#fff" opacity="0.5"/>'
        f'<line x1="0" y1="0" x2="0" y2="4" stroke="#4a5561" stroke-width="1.1"/></pattern></defs>',
    ]
    body, lines, endangerment = _static_layers(view)
    out.append(f'<path class="kw-body" d="{body}" fill="#f7f5f1"/>')

    for rid in dict.fromkeys(hatched_regions):
        d = _region_path(rid, view)
        if d:
            out.append(f'<path class="kw-avoid" data-region={quoteattr(rid)} d="{d}" '
                       f'fill="url(#{hatch_id})" stroke="#4a5561" stroke-width="0.6" '
                       f'stroke-dasharray="2 1.5"/>')

    out += _zone_layer(view, zones)
    out.append(f'<path class="kw-guides" d="{lines}" fill="none" stroke="#a3acb5" '
               f'stroke-width="0.7" stroke-linecap="round"/>')
    out.append(f'<path class="kw-outline" d="{body}" fill="none" stroke="#3e4852" '
               f'stroke-width="1.1" stroke-linejoin="round"/>')

    if show_endangerment:
        out += endangerment
    out += [_marker(g, view, ghost=True, show_labels=False) for g in ghosts]
    out += [_marker(m, view, ghost=False, show_labels=show_labels) for m in markers]

    # The client's right is on the viewer's left on the front view (domain §1.1): say so.
    left, right = ("R", "L") if view == "front" else ("L", "R")
    out.append(
        f'<g font-size="9" fill="{MUTED}" font-weight="700"><text x="8" y="14">'
        f'{view.upper()}</text><text x="12" y="84">{left}</text>'
        f'<text x="182" y="84">{right}</text></g></svg>'
    )
    return "".join(out)
