"""Browser: issue an aftercare sheet from a signed session on a tablet, open its PDF (issue 6)."""
from __future__ import annotations

import io
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import ROOT, TABLET_LANDSCAPE, shoot, sign_in, tap_and_wait

NOTE = "Hằng, go easy on the neck tonight & keep the <pillow> low."


def top_and_shoot(page, name: str) -> None:
    """Scroll back up first, so the sticky top bar is not drawn across the full-page shot."""
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, name)


def test_issue_a_sheet_from_the_latest_signed_session(live_server, new_page):
    page = new_page(TABLET_LANDSCAPE)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, live_server, "therapist@demo.test")
    page.goto(live_server + "/clients/")
    tap_and_wait(page, ".client-row:has-text('Nguyễn')")
    tap_and_wait(page, ".timeline-item.status-signed .timeline-link >> nth=0")
    session_id = page.url.rstrip("/").rsplit("/", 1)[-1]

    # From the signed note: tap "Issue aftercare sheet", then "Issue sheet" (two taps).
    tap_and_wait(page, "a:has-text('Issue aftercare sheet')")
    assert page.url.endswith(f"/aftercare/session/{session_id}/new")
    expect(page.locator("h1")).to_have_text("Aftercare sheet for Hằng")
    expect(page.locator(".aftercare-suppressed, .aftercare-sections").first).to_be_visible()
    assert page.locator("input[name=keep]").count() >= 3
    assert page.locator("input[type=checkbox][disabled]").count() >= 3  # the locked sections
    assert page.input_value("#next_visit").startswith("In about ")

    # The one-page sheet is the default: it carries up to two stretches; switch one off.
    expect(page.locator("#sheet-length")).to_contain_text("one page")
    chin = page.locator("#keep-ST-CT")
    assert chin.is_checked()
    page.tap("label[for=keep-ST-CT]")
    assert not chin.is_checked()
    page.fill("#note", NOTE)
    box = page.locator("label[for=keep-ST-CT]").bounding_box()
    assert box["height"] >= 44  # a thumb-sized target
    top_and_shoot(page, "aftercare-preview")

    tap_and_wait(page, "button:has-text('Issue sheet')")
    assert re.search(r"/aftercare/[A-Za-z0-9_-]{16,}$", page.url), page.url
    expect(page.locator(".flash")).to_contain_text("Aftercare sheet issued.")
    expect(page.locator(".page")).to_contain_text("Switched off by the therapist: Chin tucks")
    top_and_shoot(page, "aftercare-sheet")

    href = page.locator("a:has-text('Print / open PDF')").get_attribute("href")
    response = page.request.get(live_server + href)
    assert response.status == 200
    headers = response.headers
    assert headers["content-type"] == "application/pdf"
    assert headers["content-disposition"].startswith('inline; filename="aftercare-')
    assert "Nguy" not in headers["content-disposition"]
    assert headers["cache-control"] == "no-store"
    assert headers["x-content-type-options"] == "nosniff"
    data = response.body()
    out = ROOT / "test-artifacts" / "aftercare-e2e.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Hằng" in text and NOTE in text
    assert "Chin tucks" not in text and "Warning signs" in text
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # Harbour: A4
    assert page.request.get(live_server + href).body() == data  # a reprint is the same bytes

    sheet_path = page.url.removeprefix(live_server)
    tap_and_wait(page, ".crumbs a >> nth=0")
    section = page.locator("#aftercare")
    expect(section).to_contain_text("Aftercare sheets")
    assert section.locator(f"a[href='{sheet_path}']").count() == 1
    section.scroll_into_view_if_needed()
    section.screenshot(path=str(ROOT / "test-artifacts" / "screenshots" / "aftercare-client.png"))
    assert not errors, errors


def test_the_preview_says_which_flag_kept_a_section_off(live_server, new_page):
    page = new_page(TABLET_LANDSCAPE)
    sign_in(page, live_server, "therapist@demo.test")
    page.goto(live_server + "/clients/")
    tap_and_wait(page, ".client-row:has-text('Arcy')")
    tap_and_wait(page, ".timeline-item.status-signed .timeline-link >> nth=0")
    session_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    # The longer sheet, where the ball would be offered (the one-page sheet never has it).
    page.goto(f"{live_server}/aftercare/session/{session_id}/new?length=full")
    suppressed = page.locator(".aftercare-suppressed")
    expect(suppressed).to_contain_text("Self-massage with a ball")
    expect(suppressed).to_contain_text("Blood thinners")
    expect(suppressed).to_contain_text("Thin bones (osteoporosis)")
    assert page.locator("#keep-SM-BALL").count() == 0
    top_and_shoot(page, "aftercare-preview-flags")
