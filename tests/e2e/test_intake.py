"""Browser: take a whole intake on a tablet, sign it with a finger, see the flags (issue 3)."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from tests.e2e.conftest import (
    SHOTS,
    TABLET_LANDSCAPE,
    TABLET_PORTRAIT,
    shoot,
    sign_in,
    tap_and_wait,
)

SIZES = [("landscape", TABLET_LANDSCAPE), ("portrait", TABLET_PORTRAIT)]


def _new_client(page, base: str) -> str:
    """Create a fresh client through the UI and return the client page URL."""
    page.goto(base + "/clients/new")
    page.fill("#first_name", "Ingrid")
    page.fill("#last_name", f"Intake-{uuid.uuid4().hex[:6]}")
    page.fill("#date_of_birth", "1984-03-02")
    tap_and_wait(page, "button:has-text('Create client')")
    return page.url


def _tap(page, input_id: str) -> None:
    """Tap the visible label of a toggle, segment or chip (the input itself is hidden)."""
    page.tap(f"label[for='{input_id}']")


def _sign(page) -> None:
    """Draw a signature on the canvas with pointer moves."""
    canvas = page.locator(".sigpad-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x0, y0 = box["x"] + 40, box["y"] + box["height"] * 0.6
    page.mouse.move(x0, y0)
    page.mouse.down()
    for step in range(1, 40):
        page.mouse.move(x0 + step * 9, y0 - 30 * ((step % 8) / 8) + (step % 3) * 6, steps=2)
    page.mouse.up()


UNSTICK = """on => document.querySelectorAll('.topbar, .section-nav')
    .forEach(e => { e.style.position = on ? '' : 'static'; })"""


def _shot_of(page, selector: str, name: str) -> None:
    """Save a screenshot of one part of the page next to shoot()'s full pages."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate(UNSTICK, False)  # sticky bars would be pasted over the middle of the shot
    page.locator(selector).screenshot(path=str(SHOTS / f"{name}.png"))
    page.evaluate(UNSTICK, True)


def _shoot_from_top(page, name: str) -> None:
    """Take shoot()'s full-page screenshot scrolled to the top, without sticky bars mid-page."""
    page.evaluate("window.scrollTo(0, 0)")
    page.evaluate(UNSTICK, False)
    shoot(page, name)
    page.evaluate(UNSTICK, True)


@pytest.mark.parametrize("label, viewport", SIZES)
def test_take_an_intake_on_a_tablet(live_server, new_page, label, viewport):
    page = new_page(viewport)
    sign_in(page, live_server, "therapist@demo.test")
    client_url = _new_client(page, live_server)
    assert "Intake due" in page.inner_text("#intake")
    tap_and_wait(page, "#intake a:has-text('Take intake')")
    assert "/intake/new/" in page.url
    page.screenshot(path=str(SHOTS / f"intake-form-top-{label}.png"))

    page.fill("#reason", "Neck and right shoulder tight after long days drawing.")
    page.fill("#goals", "Turn my head when cycling.")
    page.select_option("#pain_areas-0-region", "neck_back")
    page.fill("#pain_areas-0-onset", (date.today() - timedelta(days=60)).isoformat())
    page.fill("#pain_areas-0-intensity", "6")
    page.select_option("#pain_areas-0-character", "ache")
    rows = page.locator("[data-rows='pain_areas'] .row-card").count()
    page.tap("button[data-add-row='pain_areas']")
    assert page.locator("[data-rows='pain_areas'] .row-card").count() == rows + 1
    page.select_option(f"#pain_areas-{rows}-region", "shoulder_right")
    page.fill(f"#pain_areas-{rows}-intensity", "4")

    _tap(page, "today-calf_swelling")
    _tap(page, "history-osteoporosis")
    page.fill("#history-osteoporosis_details", "Diagnosed 2021")
    _tap(page, "medications-anticoagulant")
    page.fill("#medications-text", "Apixaban 5 mg")
    _tap(page, "allergies-items-0")
    page.select_option("#surgeries-0-region", "knee_left")
    page.fill("#surgeries-0-date", (date.today() - timedelta(days=21)).isoformat())
    page.fill("#surgeries-0-details", "Arthroscopy")
    _tap(page, "preferences-pressure-2")
    _tap(page, "preferences-avoid_regions-1")

    page.fill("#lifestyle-desk_hours", "9")
    _tap(page, "lifestyle-screen_setup-0")
    _tap(page, "lifestyle-monitor_position-2")
    page.fill("#lifestyle-stress", "7")
    _tap(page, "lifestyle-jaw_clenching")
    page.fill("#lifestyle-activity_minutes_week", "60")
    page.fill("#lifestyle-fluid_litres", "1.2")
    _tap(page, "lifestyle-sleep_position-2")
    _tap(page, "lifestyle-wake_stiff")

    _tap(page, "consent-treatment")
    page.fill("#consent-intensity_ceiling", "6")
    assert page.inner_text("[data-ceiling]") == "6"
    _tap(page, "consent-deep_pressure")
    _sign(page)
    assert page.input_value("#consent-signature").startswith("data:image/png;base64,")
    _shot_of(page, "#s-consent", f"intake-consent-{label}")
    _shoot_from_top(page, f"intake-form-filled-{label}")

    # Forgot the typed name: nothing is lost, the signature included.
    tap_and_wait(page, "button:has-text('Save and sign intake')")
    assert "Type the client's full name." in page.inner_text("#form-errors")
    assert page.input_value("#reason").startswith("Neck and right shoulder")
    assert page.input_value("#history-osteoporosis_details") == "Diagnosed 2021"
    assert page.locator("#today-calf_swelling").is_checked()
    assert page.input_value("#consent-signature").startswith("data:image/png;base64,")
    page.wait_for_selector(".sigpad.signed")
    _shot_of(page, "#s-consent", f"intake-consent-error-{label}")

    page.fill("#consent-typed_name", "Ingrid Intake")
    tap_and_wait(page, "button:has-text('Save and sign intake')")
    assert page.url.startswith(client_url) and page.url.endswith("#intake")
    kinds = page.locator("#intake .flag-kind").all_inner_texts()
    # A suspected clot is a hard stop (issue 16): "do not treat today: needs a doctor".
    assert kinds[0].upper().startswith("DO NOT TREAT TODAY")
    flags = page.inner_text("#intake")
    assert "Possible blood clot" in flags and "Blood thinners" in flags
    assert "Knee (left)" in flags and "Posture" in flags
    _shoot_from_top(page, f"intake-client-page-{label}")

    tap_and_wait(page, "#intake a:has-text('Full intake')")
    assert page.locator(".signature-img").evaluate("img => img.naturalWidth") > 0
    _shoot_from_top(page, f"intake-detail-{label}")


def test_demo_client_with_two_versions_shows_what_changed(live_server, new_page):
    page = new_page(TABLET_PORTRAIT)
    sign_in(page, live_server, "therapist@demo.test")
    page.fill("#q", "kowalczyk")
    tap_and_wait(page, "form.searchbar button[type=submit]")
    tap_and_wait(page, ".client-row:has-text('Kowalczyk')")
    panel = page.inner_text("#intake")
    assert "Changed since version 1" in panel and "History (2)" in panel
    tap_and_wait(page, "#intake a:has-text('History')")
    assert page.locator(".version-row").count() == 2
    shoot(page, "intake-history-portrait")


def test_intake_touch_targets_are_at_least_44px(live_server, new_page):
    page = new_page(TABLET_PORTRAIT)
    sign_in(page, live_server, "therapist@demo.test")
    page.goto(_new_client(page, live_server))
    tap_and_wait(page, "#intake a:has-text('Take intake')")
    small = page.evaluate("""() => [...document.querySelectorAll(
        '.toggle, .seg, .chip, .btn, select, input:not([type=hidden]):not(.toggle-input)'
        + ':not(.seg-input):not(.chip-input), .section-nav a')]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.id || e.htmlFor || e.textContent.trim().slice(0, 30),
                   e.getBoundingClientRect().height])
        .filter(([_, h]) => h < 44)""")
    assert small == []
