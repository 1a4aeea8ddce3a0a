"""Browser: mark trigger points on the body map by touch, continue a knot, reload (issue 5)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import TABLET_LANDSCAPE, TABLET_PORTRAIT, shoot, sign_in, tap_and_wait

CLIENT = "Østergaard"  # a demo client of therapist@demo.test with knots from earlier visits


def tap_map(page, x: float, y: float) -> None:
    """Tap the visible map at a normalised point, mapped through the SVG's screen matrix."""
    point = page.evaluate(
        """([x, y]) => {
            const svg = document.querySelector('.bm-view:not([hidden]) svg');
            const p = svg.createSVGPoint(); p.x = x * 200; p.y = y * 400;
            let s = p.matrixTransform(svg.getScreenCTM());
            if (s.y < 140 || s.y > innerHeight - 60) {
                window.scrollBy(0, s.y - innerHeight / 2);
                s = p.matrixTransform(svg.getScreenCTM());
            }
            return [s.x, s.y];
        }""", [x, y])
    assert 0 < point[1] < page.viewport_size["height"], point
    page.touchscreen.tap(point[0], point[1])


def wait_saved(page) -> None:
    expect(page.locator("#save-status")).to_have_text(re.compile(r"^Saved"), timeout=30_000)


@pytest.mark.parametrize("size,name", [(TABLET_LANDSCAPE, "1024x768"),
                                       (TABLET_PORTRAIT, "820x1180")])
def test_mark_trigger_points_and_continue_a_knot(live_server, new_page, size, name):
    page = new_page(size)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, live_server, "therapist@demo.test")
    page.goto(live_server + "/clients/")
    tap_and_wait(page, f".client-row:has-text('{CLIENT}')")
    tap_and_wait(page, "[data-start-session]")
    slot = page.locator("#bodymap-slot")
    slot.scroll_into_view_if_needed()
    ghosts = page.locator(".bm-view:not([hidden]) .bm-ghost")
    expect(ghosts.first).to_be_visible()
    ghost_count = ghosts.count()

    # Continue a knot from the last visit: one tap on the ghost, one on "Still there".
    ghosts.first.tap()
    page.tap(".bm-panel button:has-text('Still there')")
    expect(page.locator(".bm-view:not([hidden]) .bm-ghost")).to_have_count(ghost_count - 1)
    page.tap(".bm-panel .bm-scale button:has-text('4')")

    # A new point on the back: tap, accept the first suggestion, score it.
    tap_map(page, 0.44, 0.235)
    suggestion = page.locator(".bm-panel .bm-suggest").first
    expect(suggestion).to_be_visible()
    suggested = suggestion.inner_text()
    suggestion.tap()
    expect(page.locator(".bm-panel h3")).to_contain_text(suggested.split(" (")[0])
    page.tap(".bm-panel .bm-scale button:has-text('6')")
    page.tap(".bm-panel button:has-text('Active trigger point')")

    # The referral overlay shades the selected marker's typical zones.
    page.tap("[data-bm-referral]")
    expect(page.locator("[data-bm-referral]")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".bm-view:not([hidden]) .bm-zone").first).to_be_attached()
    shoot(page, f"bodymap-back-{name}")
    slot.screenshot(path=str(shoot(page, f"bodymap-page-{name}")).replace("page", "slot-back"))

    # And one on the front.
    page.tap("[data-view-btn=front]")
    tap_map(page, 0.41, 0.235)
    expect(page.locator(".bm-view:not([hidden]) .bm-marker")).to_have_count(1)
    page.locator(".bm-panel .bm-suggest").first.tap()
    page.tap(".bm-panel .bm-scale button:has-text('5')")
    page.tap("[data-bm-done]")
    # Pending, or saved while last visit's copied rows still wait for their warnings.
    expect(page.locator("#save-status")).to_have_attribute("data-state", re.compile("saving|held"))
    page.tap("[data-save-now]")
    wait_saved(page)
    slot.screenshot(path=str(shoot(page, f"bodymap-tmp-{name}")).replace("tmp", "slot-front"))

    page.reload()
    expect(page.locator(".bm-marker")).to_have_count(3)
    expect(page.locator("#bm-list li")).to_have_count(3)
    labels = page.locator(".bm-marker").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('aria-label'))")
    assert any("tenderness 6" in label for label in labels), labels
    assert any("tenderness 4" in label for label in labels), labels
    assert not errors, errors
