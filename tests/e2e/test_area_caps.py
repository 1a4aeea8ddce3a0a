"""Browser: the editor's own check warns for pressure above an area-bound cap (issue 16, item 6)."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import TABLET_LANDSCAPE, shoot, sign_in, tap_and_wait


def row_of(page, muscle: str):
    """Return the technique row on a muscle (new rows go on top of the copied ones)."""
    return page.locator(f"[data-row]:has(select[data-k=muscle_id] option[value={muscle}]:checked)")


def test_the_editor_warns_for_a_neck_row_above_the_neck_cap_only(live_server, new_page):
    # Amara's controlled high blood pressure caps the neck at P3; the rest of her body is not.
    page = new_page(TABLET_LANDSCAPE)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, live_server, "therapist@demo.test")
    page.goto(live_server + "/clients/")
    tap_and_wait(page, ".client-row:has-text('Amara')")
    tap_and_wait(page, "[data-start-session]")
    page.tap("#composer [data-tech=EFF]")
    page.fill("#composer .picker-search", "suboccip")
    page.tap("#composer [data-pick=SOC]")
    neck = row_of(page, "SOC")
    neck.locator("label.seg:text-is('P5')").tap()
    warning = neck.locator("[data-warning]")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("above P3, the limit for that area: High blood pressure")
    neck.locator("label.seg:text-is('P3')").tap()
    expect(neck.locator("[data-warning-list]")).not_to_contain_text("limit for that area")
    page.tap("#composer [data-tech=EFF]")
    page.fill("#composer .picker-search", "quadratus")
    page.tap("#composer [data-pick=QL]")
    back = row_of(page, "QL")
    back.locator("label.seg:text-is('P5')").tap()
    expect(back.locator("[data-warning-list]")).not_to_contain_text("limit")
    shoot(page, "sessions-area-cap")
    assert errors == []
