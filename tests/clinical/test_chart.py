"""The progress chart: a pure SVG builder that marks changes of 2 points or 30 % (domain §3)."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from notes_app.clinical.chart import ChartPoint, meaningful_change, pain_chart_svg


@pytest.mark.parametrize("start, end, expected", [
    (6, 4, True), (6, 5, False), (3, 2, True), (10, 7, True), (10, 8, True), (9, 8, False),
    (2, 4, True), (0, 1, False), (0, 2, True), (5, 5, False), (None, 3, False), (4, None, False),
])
def test_meaningful_change_is_two_points_or_thirty_percent(start, end, expected):
    assert meaningful_change(start, end) is expected


def points(*pairs):
    day = date(2026, 1, 5)
    return [ChartPoint(day + timedelta(days=14 * i), b, a) for i, (b, a) in enumerate(pairs)]


def test_the_chart_marks_each_meaningful_change():
    svg = pain_chart_svg(points((7, 4), (6, 5), (5, 5), (4, 1), (4, None)))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('class="chart-change"') == 2  # 7→4 and 4→1 within a session
    assert svg.count('class="chart-course"') == 3  # 5, 4 and 4 against the first 7
    assert ">-3<" in svg and "vs first" in svg


def test_a_worsening_is_marked_in_the_warning_colour():
    svg = pain_chart_svg(points((3, 6)))
    assert 'stroke="#a8322d" stroke-width="6"' in svg and ">+3<" in svg


def test_presentation_attributes_only_and_text_escaped():
    svg = pain_chart_svg(points((6, 3), (4, 2)), title="<script>alert(1)</script>")
    assert "style=" not in svg and "<script" not in svg and "&lt;script&gt;" in svg
    assert re.search(r'role="img"', svg) and "<desc" in svg


def test_no_data_draws_nothing():
    assert pain_chart_svg([]) == ""
    assert pain_chart_svg(points((None, None))) == ""


def test_one_session_is_drawn_in_the_middle():
    svg = pain_chart_svg(points((5, 2)))
    assert svg.count('r="4.5"') == 2 and svg.count('cx="365.0"') == 2  # mid-plot, both points
