"""Body-map silhouette: control points, guide lines and the plane geometry used to build shapes.

Control points are (dx, y): dx is the offset from the midline in x-units (1 x-unit is half the
physical size of 1 y-unit, domain §1.1), y runs 0 (vertex) to 1 (soles).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache

Point = tuple[float, float]

# One side of the figure, from the vertex down and around to the crotch. Proportions follow the
# landmark table: chin 0.13, acromion 0.18/0.23, waist ~0.37, trochanter 0.48/0.19, knee 0.715,
# ankle 0.96. The arm hangs a little away from the trunk so the armpit gap stays visible.
HALF_OUTLINE: tuple[tuple[float, float], ...] = (
    (0.000, 0.004),  # vertex
    (0.040, 0.008),
    (0.068, 0.020),
    (0.084, 0.037),
    (0.089, 0.055),  # widest part of the skull, just above the ear
    (0.094, 0.060),  # top of the ear
    (0.097, 0.071),
    (0.093, 0.084),
    (0.085, 0.093),  # earlobe / mastoid
    (0.076, 0.103),
    (0.068, 0.114),  # angle of the jaw, where the neck takes over the silhouette
    (0.064, 0.126),
    (0.065, 0.137),
    (0.080, 0.147),  # neck turns into the trapezius slope
    (0.120, 0.157),
    (0.170, 0.166),
    (0.215, 0.174),
    (0.245, 0.183),  # over the acromion
    (0.267, 0.199),
    (0.278, 0.222),  # deltoid
    (0.282, 0.255),
    (0.284, 0.300),
    (0.286, 0.345),
    (0.288, 0.372),  # lateral elbow
    (0.296, 0.405),
    (0.302, 0.450),
    (0.304, 0.490),
    (0.305, 0.515),  # wrist, thumb side
    (0.314, 0.540),
    (0.318, 0.565),  # thenar eminence / thumb
    (0.311, 0.592),
    (0.300, 0.612),
    (0.284, 0.622),  # fingertips
    (0.264, 0.618),
    (0.248, 0.600),
    (0.240, 0.570),
    (0.238, 0.540),
    (0.240, 0.515),  # wrist, little-finger side
    (0.231, 0.470),
    (0.219, 0.425),
    (0.208, 0.390),
    (0.201, 0.360),  # medial elbow
    (0.198, 0.320),
    (0.196, 0.292),
    (0.190, 0.279),  # armpit
    (0.182, 0.286),
    (0.178, 0.305),
    (0.168, 0.330),
    (0.156, 0.356),
    (0.152, 0.373),  # waist
    (0.158, 0.395),
    (0.170, 0.420),
    (0.184, 0.448),
    (0.193, 0.478),  # greater trochanter
    (0.193, 0.510),
    (0.186, 0.555),
    (0.174, 0.605),
    (0.161, 0.655),
    (0.156, 0.690),
    (0.155, 0.718),  # lateral knee
    (0.153, 0.745),
    (0.163, 0.785),  # calf
    (0.158, 0.830),
    (0.141, 0.880),
    (0.125, 0.925),
    (0.118, 0.952),  # lateral ankle
    (0.124, 0.970),
    (0.134, 0.985),
    (0.131, 0.996),  # toes
    (0.095, 0.998),
    (0.055, 0.996),
    (0.046, 0.982),
    (0.047, 0.955),  # medial ankle
    (0.050, 0.925),
    (0.046, 0.885),
    (0.036, 0.835),
    (0.034, 0.795),  # inner calf
    (0.041, 0.757),
    (0.048, 0.722),  # medial knee
    (0.046, 0.690),
    (0.036, 0.640),
    (0.022, 0.590),
    (0.010, 0.550),
    (0.000, 0.528),  # crotch
)

# Guide lines are open polylines on one side (mirrored by the caller) or on the midline.
# "sided" guides are drawn twice, "midline" ones once.
FRONT_SIDED: tuple[tuple[tuple[float, float], ...], ...] = (
    # jawline from the angle to the chin
    ((0.066, 0.110), (0.050, 0.122), (0.024, 0.131), (0.000, 0.133)),
    # clavicle: sternal end to the acromion, with its gentle S
    ((0.018, 0.178), (0.060, 0.172), (0.110, 0.176), (0.160, 0.172), (0.215, 0.177)),
    # lower border of the pectoral / chest
    ((0.040, 0.262), (0.090, 0.278), (0.140, 0.272), (0.178, 0.250)),
    # costal margin from the xiphoid
    ((0.008, 0.300), (0.060, 0.330), (0.120, 0.352)),
    # inguinal line from the ASIS toward the pubis
    ((0.140, 0.440), (0.095, 0.478), (0.040, 0.510)),
    # patella
    ((0.100, 0.700), (0.118, 0.706), (0.121, 0.716), (0.113, 0.726), (0.100, 0.729),
     (0.087, 0.726), (0.079, 0.716), (0.082, 0.706), (0.100, 0.700)),
    # elbow crease
    ((0.210, 0.372), (0.245, 0.376), (0.280, 0.372)),
)
FRONT_MIDLINE: tuple[tuple[tuple[float, float], ...], ...] = (
    ((0.0, 0.184), (0.0, 0.300)),  # sternum
    ((0.0, 0.330), (0.0, 0.390)),  # linea alba
    ((0.0, 0.397), (0.007, 0.400), (0.0, 0.404), (-0.007, 0.400), (0.0, 0.397)),  # navel
)

BACK_SIDED: tuple[tuple[tuple[float, float], ...], ...] = (
    # scapula: superior angle, medial border, inferior angle, lateral border toward the glenoid
    ((0.100, 0.187), (0.084, 0.191), (0.085, 0.220), (0.092, 0.262), (0.101, 0.300),
     (0.128, 0.282), (0.160, 0.250), (0.184, 0.216)),
    # spine of the scapula, root to acromion
    ((0.086, 0.214), (0.150, 0.202), (0.205, 0.190), (0.232, 0.186)),
    # posterior iliac crest, a shallow arc toward the PSIS
    ((0.158, 0.410), (0.118, 0.405), (0.080, 0.413), (0.060, 0.424)),
    # PSIS dimple
    ((0.050, 0.437), (0.056, 0.441), (0.050, 0.445), (0.044, 0.441), (0.050, 0.437)),
    # gluteal fold
    ((0.020, 0.535), (0.070, 0.548), (0.130, 0.540), (0.160, 0.525)),
    # popliteal crease
    ((0.065, 0.722), (0.100, 0.726), (0.135, 0.722)),
    # occipital ridge
    ((0.000, 0.092), (0.035, 0.090), (0.068, 0.086)),
)
BACK_MIDLINE: tuple[tuple[tuple[float, float], ...], ...] = (
    ((0.0, 0.098), (0.0, 0.440)),  # spine, occiput to sacrum
    ((0.0, 0.470), (0.0, 0.528)),  # gluteal cleft
)


def smooth(points: Sequence[Point], closed: bool, steps: int = 6) -> list[Point]:
    """Interpolate points with a centripetal Catmull-Rom spline."""
    pts = list(points)
    if len(pts) < 3:
        return pts
    # Centripetal parameterisation avoids the loops and overshoots a uniform spline makes at the
    # tight corners of the armpit and crotch; distances are physical (x-units count half).
    ext = [pts[-1], *pts, pts[0], pts[1]] if closed else [pts[0], *pts, pts[-1]]
    out: list[Point] = []
    segments = len(pts) if closed else len(pts) - 1
    for i in range(segments):
        p0, p1, p2, p3 = ext[i], ext[i + 1], ext[i + 2], ext[i + 3]
        t0 = 0.0
        t1 = t0 + _knot(p0, p1)
        t2 = t1 + _knot(p1, p2)
        t3 = t2 + _knot(p2, p3)
        for k in range(steps):
            t = t1 + (t2 - t1) * k / steps
            out.append(_catmull(p0, p1, p2, p3, t0, t1, t2, t3, t))
    if not closed:
        out.append(pts[-1])
    return out


def _knot(a: Point, b: Point) -> float:
    return max(math.hypot((b[0] - a[0]) / 2, b[1] - a[1]), 1e-9) ** 0.5


def _catmull(p0, p1, p2, p3, t0, t1, t2, t3, t) -> Point:
    def lerp(a: Point, b: Point, ta: float, tb: float) -> Point:
        wa, wb = (tb - t) / (tb - ta), (t - ta) / (tb - ta)
        return (a[0] * wa + b[0] * wb, a[1] * wa + b[1] * wb)

    a1, a2, a3 = lerp(p0, p1, t0, t1), lerp(p1, p2, t1, t2), lerp(p2, p3, t2, t3)
    b1, b2 = lerp(a1, a2, t0, t2), lerp(a2, a3, t1, t3)
    return lerp(b1, b2, t1, t2)


def place(points: Sequence[Point], sign: int) -> list[Point]:
    """Turn (dx, y) points into figure (x, y) on the side given by sign (+1 right as viewed)."""
    return [(0.5 + sign * dx, y) for dx, y in points]


@cache
def silhouette() -> tuple[Point, ...]:
    """Return the closed, smoothed figure outline (shared by the front and back views)."""
    right = list(HALF_OUTLINE)
    left = [(-dx, y) for dx, y in reversed(HALF_OUTLINE[1:-1])]
    return tuple((0.5 + dx, y) for dx, y in smooth(right + left, closed=True))


@cache
def _edge_buckets(n: int = 200) -> tuple[tuple[tuple[Point, Point], ...], ...]:
    pts = silhouette()
    buckets: list[list[tuple[Point, Point]]] = [[] for _ in range(n)]
    for i, a in enumerate(pts):
        b = pts[(i + 1) % len(pts)]
        lo, hi = sorted((a[1], b[1]))
        for k in range(max(int(lo * n), 0), min(int(hi * n), n - 1) + 1):
            buckets[k].append((a, b))
    return tuple(tuple(b) for b in buckets)


def inside_silhouette(x: float, y: float) -> bool:
    """Return True if (x, y) lies inside the figure outline."""
    # Same even-odd rule as point_in_polygon, but only over edges near y: the outline has ~1000.
    if not 0.0 <= y < 1.0:
        return False
    buckets = _edge_buckets()
    inside = False
    for (x1, y1), (x2, y2) in buckets[int(y * len(buckets))]:
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def point_in_polygon(x: float, y: float, polygon: Sequence[Point]) -> bool:
    """Return True if (x, y) lies inside polygon (even-odd rule)."""
    inside = False
    n = len(polygon)
    for i in range(n):
        x1, y1 = polygon[i]
        x2, y2 = polygon[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def ellipse(
    cx: float, cy: float, rx: float, ry: float, tilt: float = 0.0, n: int = 20
) -> list[Point]:
    """Return an ellipse polygon; rx is in x-units, ry in y-units, tilt in degrees as drawn."""
    # Rotate in physical space (x-units are half-size) so a tilt does not shear the shape.
    c, s = math.cos(math.radians(tilt)), math.sin(math.radians(tilt))
    pts = []
    for k in range(n):
        a = 2 * math.pi * k / n
        px, py = rx / 2 * math.cos(a), ry * math.sin(a)
        pts.append((cx + 2 * (px * c - py * s), cy + (px * s + py * c)))
    return pts


def clip(subject: Sequence[Point], convex: Sequence[Point]) -> list[Point]:
    """Clip a polygon by a convex polygon (Sutherland-Hodgman)."""
    sign = 1.0 if _area2(convex) > 0 else -1.0
    xs, ys = [p[0] for p in convex], [p[1] for p in convex]
    # The bounding box goes first: it throws away most of the ~1000-point outline cheaply and
    # cannot change the result, since the convex polygon lies inside it.
    planes = [
        (1.0, 0.0, -min(xs)), (-1.0, 0.0, max(xs)), (0.0, 1.0, -min(ys)), (0.0, -1.0, max(ys)),
    ]
    for i, (ax, ay) in enumerate(convex):
        bx, by = convex[(i + 1) % len(convex)]
        # side(p) >= 0 means p is on the inner side of edge a->b.
        a, b = -(by - ay) * sign, (bx - ax) * sign
        planes.append((a, b, -(a * ax + b * ay)))
    out = list(subject)
    for a, b, c in planes:
        if not out:
            break
        vals = [a * x + b * y + c for x, y in out]
        src, out = out, []
        for j, cur in enumerate(src):
            sc, sp = vals[j], vals[j - 1]
            if sc >= 0:
                if sp < 0:
                    out.append(_cross(src[j - 1], cur, sp, sc))
                out.append(cur)
            elif sp >= 0:
                out.append(_cross(src[j - 1], cur, sp, sc))
    return [p for i, p in enumerate(out) if math.dist(p, out[i - 1]) > 1e-9]


def _area2(poly: Sequence[Point]) -> float:
    return sum(
        poly[i][0] * poly[(i + 1) % len(poly)][1] - poly[(i + 1) % len(poly)][0] * poly[i][1]
        for i in range(len(poly))
    )


def _cross(p: Point, q: Point, sp: float, sq: float) -> Point:
    t = sp / (sp - sq)
    return (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)
