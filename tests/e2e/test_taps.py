"""Browser: issue 17's follow-up note within its tap budget, nothing lost; axe on the editor."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from bench.taps import ACTION_BUDGET, CLIENT, POINTS, SWIPE_BUDGET, chart_note, open_client
from tests.e2e.conftest import ROOT, TABLET_LANDSCAPE, TABLET_PORTRAIT, _require, shoot, sign_in
from tests.e2e.live import serve

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def knot_visits(page) -> dict[str, int]:
    """Return the client page's knot table as {knot name: visits present}, active knots first."""
    rows = page.locator(".knots-table tbody tr").evaluate_all(
        "rows => rows.map(r => [r.cells[1].innerText, Number(r.cells[3].innerText)])")
    out: dict[str, int] = {}
    for name, visits in rows:
        out.setdefault(name, visits)
    return out


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    """A server of its own: the signed note must not change other tests' demo client."""
    with serve(tmp_path_factory.mktemp("taps")) as base:
        yield base


def test_a_follow_up_note_within_the_tap_budget(own_server, new_page):
    live_server = own_server
    page = new_page(TABLET_LANDSCAPE)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    open_client(page, live_server)
    client_url = page.url
    before = knot_visits(page)

    taps = chart_note(page, live_server)
    print("\n".join(taps.log), f"\nactions {taps.actions} swipes {taps.swipes}")
    assert taps.actions <= ACTION_BUDGET, taps.log
    assert taps.swipes <= SWIPE_BUDGET, taps.log
    expect(page.locator(".flash")).to_contain_text("Aftercare sheet issued.")

    # Nothing recorded today is lost: the signed note, its hash, markers, rows, knot identity.
    page.goto(client_url)
    page.tap(".timeline-item.status-signed .timeline-link >> nth=0")
    page.wait_for_url(re.compile(r"/sessions/"))
    expect(page.locator(".signature")).to_contain_text("SHA-256")
    body = page.inner_text("main")
    for code in ("ISC", "STP", "EFF"):
        assert code in body, code
    assert page.locator(".bm-ro-list li").count() == len(POINTS)
    # Combined steps still record every score: each point's tenderness is in the signed note.
    titles = page.locator(".bm-ro-list li strong").all_inner_texts()
    for tenderness in sorted({t for _, _, _, t in POINTS}):
        assert any(f"tenderness {tenderness}/10" in t for t in titles), (tenderness, titles)
    assert page.locator(".bm-ro-list [data-continuation='still']").count() == 2
    assert "EFF · Upper back (both sides) · P2 · 8 min" in body  # the client's own last dose
    page.goto(client_url)
    after = knot_visits(page)
    # The two knots confirmed from last visit keep their identity: one more visit each.
    for knot in ("Upper trapezius, right", "Infraspinatus, right"):
        assert after[knot] == before[knot] + 1, (knot, before, after)
    assert not errors, errors


def test_editor_has_no_serious_accessibility_violations(live_server, new_page):
    _require(AXE.exists(), "axe-core missing: npm install --no-audit --no-fund --no-save axe-core")
    for size, name in ((TABLET_LANDSCAPE, "1024x768"), (TABLET_PORTRAIT, "820x1180")):
        page = new_page(size)
        sign_in(page, live_server, "therapist@demo.test")
        page.goto(live_server + "/clients/")
        with page.expect_navigation():
            page.tap(f".client-row:has-text('{CLIENT}')")
        shoot(page, f"taps-client-{name}")
        with page.expect_navigation():
            page.tap("[data-start-session]")
        # Open a marker so the panel's chips are checked too.
        page.locator("[data-ghost-still]").first.tap()
        expect(page.locator(".bm-panel h3")).to_contain_text("Marker 1")
        page.tap(".bm-panel [data-treat='ISC']")
        shoot(page, f"taps-editor-{name}")
        page.locator("#bodymap-slot").screenshot(
            path=str(ROOT / "test-artifacts" / "screenshots" / f"taps-map-{name}.png"))
        # Evaluated rather than injected as a tag: the page's CSP rightly refuses inline scripts.
        page.evaluate(AXE.read_text())
        result = page.evaluate("""async () => await axe.run(document,
            {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == [], bad



def test_proposals_better_and_untouched_doses_survive_a_reload(own_server, new_page):
    page = new_page(TABLET_LANDSCAPE)
    open_client(page, own_server, "Margaret")
    with page.expect_navigation():
        page.tap("[data-start-session]")
    rows = page.locator("#technique-rows [data-row]")
    copied = page.locator("#technique-rows [data-row][data-copied]")
    total = rows.count()
    assert total >= 3 and copied.count() == total
    first = rows.nth(0)
    assert first.locator("[data-prefill-mark=pressure]").is_visible()

    def complete(response) -> bool:
        body = response.request.post_data or ""
        return ("/draft" in response.url and '"eased"' in body and '"minutes":7' in body
                and '"proposal":false' in body)

    with page.expect_response(complete, timeout=30000):
        # One knot is better; keep one row and touch its minutes (its pressure stays copied).
        page.locator("[data-ghost-better]").first.tap()
        first.locator("[data-keep-row]").tap()
        first.locator("[data-k=minutes]").fill("7")
        first.locator("[data-k=minutes]").dispatch_event("change")
        acks = page.locator(".trow-warning:not([hidden]) [data-k=warning_ack]:not(:checked)")
        while acks.count():
            acks.first.check()
    page.reload()
    assert copied.count() == total - 1
    assert rows.nth(0).get_attribute("data-copied") is None
    assert rows.nth(0).locator("[data-prefill-mark=pressure]").is_visible()
    assert not rows.nth(0).locator("[data-prefill-mark=minutes]").is_visible()
    assert rows.nth(0).locator("[data-k=minutes]").input_value() == "7"
    expect(page.locator("[data-proposals] [data-proposal-count]")).to_have_text(str(total - 1))
    assert '"eased"' in page.locator("[name=continued]").input_value()
