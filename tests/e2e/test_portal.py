"""Browser: the client portal on a phone and a tablet (issue 7): invitation → intake at home, and
the demo client's check-in with taps on the body map, an aftercare PDF and the records export."""
from __future__ import annotations

import io
import json
import re
import uuid
import zipfile

import pytest

from tests.e2e.conftest import (
    DEMO_PASSWORD,
    PHONE,
    SHOTS,
    TABLET_LANDSCAPE,
    create_client,
    link_from_outbox,
    shoot,
    sign_in,
    tap_and_wait,
)

SIZES = [("phone", PHONE), ("tablet", TABLET_LANDSCAPE)]
CLIENT_PASSWORD = "meadow lantern copper thistle"


def no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def draw_signature(page) -> None:
    """Draw a signature on the pad with pointer moves (a finger or a mouse alike)."""
    canvas = page.locator(".sigpad-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x0, y0 = box["x"] + 30, box["y"] + box["height"] * 0.6
    page.mouse.move(x0, y0)
    page.mouse.down()
    for step in range(1, 30):
        page.mouse.move(x0 + step * 9, y0 - 25 * ((step % 6) / 6) + (step % 3) * 5, steps=2)
    page.mouse.up()


def tap_map(page, view: str, fx: float, fy: float) -> None:
    """Tap the visible body map of a view at a fraction of its width and height."""
    svg = page.locator(f".map-view[data-view='{view}'] svg")
    svg.scroll_into_view_if_needed()
    box = svg.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)


@pytest.mark.parametrize("label, viewport", SIZES)
def test_an_invited_client_fills_the_intake_at_home(live_server, new_page, label, viewport):
    email = f"noor.{uuid.uuid4().hex[:8]}@example.org"
    therapist = new_page(viewport)
    sign_in(therapist, live_server, "therapist@demo.test")
    client_url = create_client(therapist, live_server, f"Haddad-{uuid.uuid4().hex[:6]}", email)
    tap_and_wait(therapist, "section.portal-access button:has-text('Invite to portal')")
    admin = new_page(viewport)
    sign_in(admin, live_server, "admin@demo.test")
    link = link_from_outbox(admin, live_server, email)

    page = new_page(viewport)
    page.goto(link)
    page.fill("#password", CLIENT_PASSWORD)
    page.fill("#confirm", CLIENT_PASSWORD)
    tap_and_wait(page, "button[type=submit]")
    assert page.url.endswith("/portal/")
    assert "fill in your health form" in page.inner_text(".next-steps")
    tap_and_wait(page, ".next-steps a:has-text('Fill in the form')")
    assert page.url.endswith("/portal/intake") and page.locator(".mainnav").count() == 0

    page.fill("#reason", "Tight neck and shoulders after long shifts.")
    page.select_option("#pain_areas-0-region", "neck_back")
    page.fill("#pain_areas-0-intensity", "5")
    page.tap("label[for='history-migraine']")
    page.tap("label[for='lifestyle-sleep_position-1']")
    page.tap("label[for='consent-treatment']")
    page.tap("label[for='consent-deep_pressure']")
    page.fill("#consent-typed_name", "Łucja Haddad")
    draw_signature(page)
    assert page.input_value("#consent-signature").startswith("data:image/png;base64,")
    assert no_sideways_scroll(page)
    shoot(page, f"portal-intake-{label}")
    page.locator("#s-consent").screenshot(path=str(SHOTS / f"portal-intake-consent-{label}.png"))
    tap_and_wait(page, "button:has-text('Sign and send')")
    assert page.url.endswith("/portal/")
    assert "Your intake is with your clinic" in page.inner_text(".flashes")
    assert "fill in your health form" not in page.inner_text(".next-steps")
    shoot(page, f"portal-home-after-intake-{label}")

    therapist.goto(client_url)
    assert "Client updated intake" in therapist.inner_text("section.portal-updates")
    tap_and_wait(therapist, "section.portal-updates a:has-text('Read the intake')")
    assert "filled by the client" in therapist.inner_text("main")


def test_the_demo_client_checks_in_on_two_devices(live_server, new_page):
    pages = {}
    for label, viewport in SIZES:
        page = new_page(viewport)
        sign_in(page, live_server, "client@demo.test")
        assert page.url.endswith("/portal/")
        shoot(page, f"portal-home-{label}")
        assert no_sideways_scroll(page)
        tap_and_wait(page, ".step-checkin a:has-text('Check in')")
        assert "/portal/checkin/" in page.url
        pages[label] = page

    phone, tablet = pages["phone"], pages["tablet"]
    for label, page in pages.items():
        page.tap("label[for='soreness-3']")
        page.tap("label[for='pain-2']")
        page.tap("label[for='advice-0']")
        tap_map(page, "front", 0.42, 0.24)
        page.tap(".map-view-btn[data-view='back']")
        assert page.locator(".map-view[data-view='front']").is_hidden()
        tap_map(page, "back", 0.60, 0.22)
        points = json.loads(page.input_value("#points"))
        assert [p["view"] for p in points] == ["front", "back"]
        assert all(0 <= p["x"] <= 1 and 0 <= p["y"] <= 1 for p in points)
        assert page.inner_text("[data-count]") == "2"
        assert page.locator(".tap-mark").count() == 2
        page.fill("#note", "Sore the first evening, easier now.")
        assert no_sideways_scroll(page)
        shoot(page, f"portal-checkin-{label}")

    tap_and_wait(tablet, "button:has-text('Send to my therapist')")
    assert tablet.url.endswith("/portal/")
    assert "Your therapist will read this" in tablet.inner_text(".flashes")
    assert tablet.locator(".step-checkin").count() == 0
    # The phone still shows the form: sending it too gets a clear answer, not a second check-in.
    tap_and_wait(phone, "button:has-text('Send to my therapist')")
    assert "you already checked in" in phone.inner_text("main")
    shoot(phone, "portal-checkin-already-phone")

    therapist = new_page(TABLET_LANDSCAPE)
    sign_in(therapist, live_server, "therapist@demo.test")
    therapist.goto(live_server + "/clients/")
    tap_and_wait(therapist, ".client-row:has-text('Kowalczyk')")
    cards = therapist.locator("#checkins .checkin-card")
    assert "Sore the first evening, easier now." in cards.first.inner_text()
    assert cards.first.locator("svg.kw-bodymap").count() == 2
    shoot(therapist, "portal-staff-client-page")
    therapist.locator("#checkins").screenshot(path=str(SHOTS / "portal-staff-checkins.png"))


@pytest.mark.parametrize("label, viewport", SIZES)
def test_the_demo_client_reads_downloads_and_exports(live_server, new_page, label, viewport):
    page = new_page(viewport)
    sign_in(page, live_server, "client@demo.test")
    pdf_link = page.locator("a:has-text('Open the sheet (PDF)')").get_attribute("href")
    response = page.request.get(live_server + pdf_link)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"
    assert re.search(r'inline; filename="?aftercare-[A-Za-z0-9_-]+\.pdf',
                     response.headers["content-disposition"])
    assert response.headers["cache-control"] == "no-store"

    for path, name in (("/portal/visits", "visits"), ("/portal/progress", "progress"),
                       ("/portal/aftercare", "aftercare")):
        page.goto(live_server + path)
        assert no_sideways_scroll(page), path
        shoot(page, f"portal-{name}-{label}")
    assert page.locator(".portal-list-link").count() >= 2
    page.goto(live_server + "/portal/progress")
    assert page.locator("svg.pain-chart").count() == 1
    assert page.locator("svg.kw-bodymap .kw-marker").count() >= 2

    page.goto(live_server + "/portal/export")
    assert "confirm your password first" in page.inner_text("main")
    page.fill("#password", DEMO_PASSWORD)
    shoot(page, f"portal-export-{label}")
    with page.expect_download() as info:
        page.tap("button:has-text('Download my records')")
    download = info.value
    assert re.fullmatch(r"knotwork-records-[A-Za-z0-9_-]+\.zip", download.suggested_filename)
    archive = zipfile.ZipFile(io.BytesIO(download.path().read_bytes()))
    records = json.loads(archive.read("records.json"))
    assert records["schema_version"] == 1 and records["client"]["last_name"] == "Kowalczyk"
    assert len([n for n in archive.namelist() if n.startswith("aftercare/")]) == len(
        records["aftercare_sheets"]) >= 2
