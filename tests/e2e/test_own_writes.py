"""#12 item 5 in the browser (gunicorn, two workers): the tab's own late save is no conflict."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import TABLET_LANDSCAPE, shoot, sign_in, tap_and_wait

CLIENT = "Okafor"
LATE_SAVE = """async ([text]) => {
  const form = document.getElementById("note-form");
  const res = await fetch(form.getAttribute("data-autosave-url"), {
    method: "PUT", credentials: "same-origin",
    headers: {"Content-Type": "application/json", "Accept": "application/json",
              "X-CSRFToken": form.getAttribute("data-csrf"),
              "If-Match": '"' + form.getAttribute("data-version") + '"',
              "X-Knotwork-Writer": history.state.knotworkWriter},
    body: JSON.stringify({observations: text})});
  return res.status;
}"""


def wait_saved(page) -> None:
    expect(page.locator("#save-status")).to_have_text(re.compile(r"^Saved"), timeout=30_000)


def test_the_tabs_own_save_before_a_reload_is_not_another_device(live_server, new_page):
    page = new_page(TABLET_LANDSCAPE)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, live_server, "therapist@demo.test")
    page.goto(live_server + "/clients/")
    tap_and_wait(page, f".client-row:has-text('{CLIENT}')")
    tap_and_wait(page, "[data-start-session]")
    editor = page.url
    writer = page.evaluate("history.state.knotworkWriter")
    assert re.fullmatch(r"[0-9a-f]{24}", writer)
    page.reload()
    assert page.evaluate("history.state.knotworkWriter") == writer  # a reload keeps the tab's id

    # The page-hide save of the page before the reload lands after this page read its version:
    # the server is one version ahead, written by this very tab.
    assert page.evaluate(LATE_SAVE, ["typed just before the reload"]) == 200
    page.fill("#chief_complaint", "typed after the reload")
    wait_saved(page)
    expect(page.locator("#conflict-panel")).to_be_hidden()

    # A genuinely different device still produces the conflict panel.
    other = new_page(TABLET_LANDSCAPE)
    sign_in(other, live_server, "therapist@demo.test")
    other.goto(editor)
    other.fill("#response", "written on the second tablet")
    wait_saved(other)
    page.fill("#next_focus", "this tablet again, on the old version")
    expect(page.locator("#save-status")).to_have_text(
        "Not saved — changed on another device", timeout=30_000)
    expect(page.locator("#conflict-panel")).to_be_visible()
    shoot(page, "own-writes-conflict-from-another-tablet")
    assert not errors, errors
