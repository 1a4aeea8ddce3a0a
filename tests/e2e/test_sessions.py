"""Browser: chart a full session on a tablet, lose the Wi-Fi mid-typing, sign (issue 4)."""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import (
    DEMO_PASSWORD,
    ROOT,
    SHOTS,
    TABLET_LANDSCAPE,
    TABLET_PORTRAIT,
    shoot,
    sign_in,
    tap_and_wait,
)

OFFLINE_TEXT = " Offline part: active TrP R LS reproduces the neck ache."
MORE_OFFLINE = " Latent TrP L RH."


class Counter:
    """Performs the user's actions and counts them (a fill counts once, like one tap and type)."""

    def __init__(self, page):
        self.page, self.n, self.log = page, 0, []

    def _count(self, what: str) -> None:
        self.n += 1
        self.log.append(what)

    def tap(self, selector: str, what: str = "") -> None:
        self.page.tap(selector)
        self._count(what or selector)

    def tap_nav(self, selector: str, what: str = "") -> None:
        tap_and_wait(self.page, selector)
        self._count(what or selector)

    def fill(self, selector: str, text: str, what: str = "") -> None:
        self.page.fill(selector, text)
        self._count(what or f"fill {selector}")

    def type(self, selector: str, text: str, what: str = "") -> None:
        self.page.locator(selector).press_sequentially(text, delay=5)
        self._count(what or f"type {selector}")

    def pick(self, selector: str, value: str, what: str = "") -> None:
        self.page.select_option(selector, value)
        self._count(what or f"pick {value}")

    def acknowledge_warnings(self) -> None:
        boxes = self.page.locator(".trow-warning:not([hidden]) input[data-k=warning_ack]")
        for i in range(boxes.count()):
            if not boxes.nth(i).is_checked():
                boxes.nth(i).locator("xpath=..").tap()
                self._count("acknowledge a warning")


def wait_saved(page, timeout=30_000) -> None:
    expect(page.locator("#save-status")).to_have_text(re.compile(r"^Saved"), timeout=timeout)


def test_chart_a_full_session_offline_and_sign(live_server, new_page):
    page = new_page(TABLET_LANDSCAPE)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, live_server, "therapist@demo.test")
    page.goto(live_server + "/clients/")
    tap_and_wait(page, ".client-row:has-text('Kowalczyk')")
    act = Counter(page)

    # Start from last session: the checkbox is ticked by default when a signed note exists.
    assert page.is_checked("#copy_forward")
    act.tap_nav("[data-start-session]", "start session")
    assert "/sessions/" in page.url
    editor_url = page.url
    expect(page.locator(".copied-banner")).to_be_visible()
    copied_rows = page.locator("[data-row]").count()
    assert copied_rows >= 2

    # S
    act.fill("#chief_complaint", "Neck stiff again after a deadline week; headache behind R eye.")
    act.tap("label[for='pain_before-6']", "pain before 6")
    act.fill("#changes_since_last", "New monitor arm helps; still long evenings.")
    # O (folded under the body map until opened), and the Wi-Fi drops while typing
    act.tap("#sec-o > summary", "open observations")
    act.type("#observations", "Fwd head posture, R shoulder elevated. Taut band R UT.")
    page.context.set_offline(True)
    act.type("#observations", OFFLINE_TEXT, "keep typing offline")
    expect(page.locator("#save-status")).to_have_text("Offline — not saved", timeout=30_000)
    page.screenshot(path=str(SHOTS / "sessions-offline.png"))  # the viewport, pill included
    act.type("#observations", MORE_OFFLINE, "more typing offline")
    expect(page.locator("#save-status")).to_have_text("Offline — not saved")
    page.context.set_offline(False)
    wait_saved(page, 45_000)

    # A fresh page load shows the offline text on the server.
    check = page.context.new_page()
    check.goto(editor_url)
    observed = check.input_value("#observations")
    assert OFFLINE_TEXT.strip() in observed and MORE_OFFLINE.strip() in observed
    check.close()

    # Tx: one row from a "recently used" chip, one from the pick-lists.
    act.tap(".recent > summary", "open the recently used rows (folded since issue 17)")
    act.tap(".recent .chip >> nth=0", "recently used chip")
    act.tap("#composer [data-tech=MFR]", "composer: technique chip")
    act.fill("#composer .picker-search", "rhomb", "composer: type-ahead")
    act.tap("#composer [data-pick=RH]", "composer: area chip (adds the row)")
    assert page.locator("[data-row]").count() == copied_rows + 2
    # Last visit's rows are proposals: signing refuses them until kept (or cleared).
    act.tap("[data-keep-all]", "keep last visit's rows")
    act.acknowledge_warnings()
    # A
    act.tap("label[for='pain_after-3']", "pain after 3")
    act.tap("label[for='pgic-2']", "PGIC much improved")
    act.fill("#response", "Pain 6 to 3, rotation better; R UT released.")
    # P: edit the copied plan, so it is no longer marked as copied
    act.fill("#next_focus", "R LS and rhomboids; recheck cervical rotation.")
    expect(page.locator("[data-copied-mark='next_focus']")).to_be_hidden()
    wait_saved(page)
    assert page.evaluate("window.localStorage.length + window.sessionStorage.length") == 0
    shoot(page, "sessions-editor-full")

    # Sign with the password.
    act.tap_nav("[data-sign-link]", "review and sign")
    assert page.url.endswith("/sign")
    act.fill("#password", DEMO_PASSWORD, "password")
    act.tap_nav("button:has-text('Sign and lock')", "sign and lock")
    expect(page.locator(".signature")).to_contain_text("Signed by")
    body = page.inner_text("main")
    assert OFFLINE_TEXT.strip() in body and "Pain 6 to 3" in body
    shoot(page, "sessions-signed-note")

    page.goto(live_server + "/clients/")
    tap_and_wait(page, ".client-row:has-text('Kowalczyk')")
    chart = page.locator("#progress-chart")
    expect(chart).to_be_visible()
    chart.screenshot(path=str(SHOTS / "sessions-progress-chart.png"))
    shoot(page, "sessions-client-page")
    assert not errors, errors

    print("TAPS", act.n)
    out = ROOT / "test-artifacts" / "tap-count.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(f"TAPS {act.n} (typical note, copy-forward, from the client page to signed)\n"
                   + "".join(f"{i + 1:2d}. {step}\n" for i, step in enumerate(act.log)))


def test_editor_in_portrait(live_server, new_page):
    page = new_page(TABLET_PORTRAIT)
    sign_in(page, live_server, "therapist@demo.test")
    page.goto(live_server + "/clients/")
    tap_and_wait(page, ".client-row:has-text('Nguyễn')")
    tap_and_wait(page, ".draft-list a")
    expect(page.locator("#note-form")).to_be_visible()
    expect(page.locator("#bodymap-slot")).to_contain_text("Body map")
    shoot(page, "sessions-editor-portrait")
    small = page.evaluate("""() => [...document.querySelectorAll(
        '#note-form button, #note-form select, #note-form input:not([type=hidden]),' +
        '#note-form .seg')]
        .filter(e => e.offsetParent !== null && !e.classList.contains('seg-input')
                     && !e.classList.contains('chip-input'))
        .map(e => [e.name || e.className || e.tagName,
                   (e.type === 'checkbox' && e.closest('label') ? e.closest('label') : e)
                   .getBoundingClientRect()])
        .filter(([, r]) => r.height < 44 || r.width < 44)
        .map(([n, r]) => n + ' ' + r.width + 'x' + r.height)""")
    assert small == [], small
    assert Path(SHOTS / "sessions-editor-portrait.png").exists()
