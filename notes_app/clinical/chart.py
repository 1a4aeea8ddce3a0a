"""Server-drawn SVG of pain before/after per session, marking clinically meaningful changes.

Domain §3: a change of about 2 points or 30 % on the 0-10 scale is "much improved" in chronic
pain. Those thresholds come from changes over weeks, so the chart flags, it does not judge.
Presentation attributes only: the page's CSP allows no inline style.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 44, 34, 50, 44
INK, MUTED, GRID = "#1d2a2e", "#5b6b70", "#d9dfdf"
BEFORE, AFTER = "#a8322d", "#1f5f5b"
BETTER, WORSE = "#2f6b3a", "#a8322d"


@dataclass(frozen=True)
class ChartPoint:
    """One session on the chart: its date and NRS pain before and after (0-10 or None)."""

    day: date
    before: int | None
    after: int | None


def meaningful_change(start: int | None, end: int | None) -> bool:
    """Tell whether pain moved by at least 2 points or 30 % of the starting value."""
    if start is None or end is None or start == end:
        return False
    diff = abs(end - start)
    return diff >= 2 or (start > 0 and diff / start >= 0.30)


def _x(i: int, n: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if n == 1 else span * i / (n - 1))


def _y(value: int) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (10 - value) / 10


def _axes(points: list[ChartPoint]) -> list[str]:
    out = []
    for v in range(0, 11, 2):
        y = _y(v)
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
                   f'stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
                   f'fill="{MUTED}">{v}</text>')
    n = len(points)
    step = max(1, -(-n // 12))  # at most about 12 date labels, so they never overlap
    for i, p in enumerate(points):
        if i % step == 0 or i == n - 1:
            out.append(f'<text x="{_x(i, n):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
                       f'font-size="11" fill="{MUTED}">{escape(p.day.strftime("%d %b"))}</text>')
    out.append(f'<text x="{LEFT - 36}" y="{TOP - 16}" font-size="12" fill="{MUTED}">'
               f'Pain 0–10</text>')
    return out


def _line(points: list[ChartPoint], attr: str, colour: str, dash: str) -> list[str]:
    n = len(points)
    coords = [(_x(i, n), _y(getattr(p, attr))) for i, p in enumerate(points)
              if getattr(p, attr) is not None]
    if not coords:
        return []
    d = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(coords))
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    out = [f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>']
    out += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>' for x, y in coords]
    return out


def _within_session_marks(points: list[ChartPoint]) -> list[str]:
    out, n = [], len(points)
    for i, p in enumerate(points):
        if not meaningful_change(p.before, p.after):
            continue
        x, better = _x(i, n), p.after < p.before
        colour = BETTER if better else WORSE
        out.append(f'<line x1="{x:.1f}" y1="{_y(p.before):.1f}" x2="{x:.1f}" '
                   f'y2="{_y(p.after):.1f}" stroke="{colour}" stroke-width="6" opacity="0.35" '
                   f'class="chart-change"><title>{escape(p.day.strftime("%d %b %Y"))}: '
                   f'{p.before} → {p.after}</title></line>')
        out.append(f'<text x="{x + 8:.1f}" y="{(_y(p.before) + _y(p.after)) / 2 + 4:.1f}" '
                   f'font-size="11" font-weight="700" fill="{colour}">'
                   f'{p.after - p.before:+d}</text>')
    return out


def _course_marks(points: list[ChartPoint]) -> list[str]:
    baseline = next((p.before for p in points if p.before is not None), None)
    out, n = [], len(points)
    first = True
    for i, p in enumerate(points):
        if baseline is None or not meaningful_change(baseline, p.before):
            continue
        colour = BETTER if p.before < baseline else WORSE
        out.append(f'<circle cx="{_x(i, n):.1f}" cy="{_y(p.before):.1f}" r="9" fill="none" '
                   f'stroke="{colour}" stroke-width="2" class="chart-course"/>')
        if first:
            out.append(f'<text x="{_x(i, n):.1f}" y="{_y(p.before) - 14:.1f}" text-anchor="middle" '
                       f'font-size="11" fill="{colour}">{p.before - baseline:+d} vs first</text>')
            first = False
    return out


def _legend() -> str:
    y = 18
    return (
        f'<g font-size="12" fill="{INK}">'
        f'<line x1="{LEFT}" y1="{y}" x2="{LEFT + 26}" y2="{y}" stroke="{BEFORE}" '
        f'stroke-width="2.5"/>'
        f'<text x="{LEFT + 32}" y="{y + 4}">Before</text>'
        f'<line x1="{LEFT + 100}" y1="{y}" x2="{LEFT + 126}" y2="{y}" stroke="{AFTER}" '
        f'stroke-width="2.5" stroke-dasharray="6 4"/>'
        f'<text x="{LEFT + 132}" y="{y + 4}">After</text>'
        f'<rect x="{LEFT + 190}" y="{y - 7}" width="6" height="14" fill="{BETTER}" opacity="0.35"/>'
        f'<text x="{LEFT + 202}" y="{y + 4}">≥ 2 pts / 30 % in a session</text>'
        f'<circle cx="{LEFT + 395}" cy="{y}" r="7" fill="none" stroke="{BETTER}" stroke-width="2"/>'
        f'<text x="{LEFT + 409}" y="{y + 4}">≥ 2 pts / 30 % vs first visit</text></g>'
    )


def describe(points: list[ChartPoint]) -> str:
    """Return a one-sentence text equivalent of the chart for screen readers."""
    befores = [p.before for p in points if p.before is not None]
    text = f"{len(points)} sessions from {points[0].day:%d %b %Y} to {points[-1].day:%d %b %Y}."
    if len(befores) >= 2:
        text += f" Pain before the session went from {befores[0]} to {befores[-1]} out of 10."
    return text


def pain_chart_svg(points: list[ChartPoint], *, title: str = "Pain before and after each session"
                   ) -> str:
    """Return an SVG line chart of pain before/after per session ('' without data)."""
    points = [p for p in points if p.before is not None or p.after is not None]
    if not points:
        return ""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'role="img" aria-labelledby="pain-chart-title pain-chart-desc" class="pain-chart" '
           f'font-family="system-ui, sans-serif">',
           f'<title id="pain-chart-title">{escape(title)}</title>',
           f'<desc id="pain-chart-desc">{escape(describe(points))}</desc>', _legend()]
    out += _axes(points)
    out += _within_session_marks(points)
    out += _line(points, "before", BEFORE, "")
    out += _line(points, "after", AFTER, "6 4")
    out += _course_marks(points)
    out.append("</svg>")
    return "".join(out)
