"""Tap benchmark (issue 17): chart one typical follow-up note at 1024×768 touch and count.

The note: pain before, one line of complaint, five trigger points on the back view (two of them
last visit's knots), three technique rows, pain after, one line each of assessment and plan,
sign, issue the aftercare sheet. Prints every action, the swipes, wall and server time, and a
last line `actions N swipes M`. Run from the repo root: `make bench-taps`.
"""
from __future__ import annotations

import math
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.e2e.live import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

VIEWPORT = {"width": 1024, "height": 768}
PASSWORD = "knotwork-demo"
CLIENT = "Østergaard"  # a demo client whose last signed visit left knots and technique rows
PAIN_BEFORE, PAIN_AFTER = 6, 3
COMPLAINT = "Low back and R shoulder tight after a week of long driving shifts."
ASSESSMENT = "Pain 6→3; UT and LS released, QL still guarded."
PLAN = "Recheck QL and rhomboids; progress the home stretches."
# (muscle, side, finding, tenderness); UT R and ISP R are knots from the last visit.
POINTS = [("UT", "R", "active", 5), ("ISP", "R", "latent", 4), ("LS", "R", "active", 6),
          ("RH", "L", "latent", 3), ("QL", "R", "active", 5)]
# (area, side, technique, pressure, minutes); the third is not tied to a point.
ROWS = [("UT", "R", "ISC", 3, 3), ("LS", "R", "STP", 3, 4), ("upper_back", "B", "EFF", 2, 8)]

_BAND_JS = """() => {
  // The part of the viewport a finger can use: below sticky bars at the top, above fixed ones.
  let top = 0, bottom = innerHeight;
  for (const el of document.querySelectorAll('body *')) {
    const cs = getComputedStyle(el);
    if (cs.position !== 'fixed' && cs.position !== 'sticky') continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || r.width < innerWidth / 2 || cs.visibility === 'hidden') continue;
    if (r.top <= 1 && r.bottom < innerHeight / 2) top = Math.max(top, r.bottom);
    else if (r.bottom >= innerHeight - 1 && r.top > innerHeight / 2) bottom = Math.min(bottom, r.top);
  }
  return [top, bottom];
}"""

_COVERED_JS = """(el, [x, y]) => {
  const hit = document.elementFromPoint(x, y);
  const own = el.labels && el.labels.length ? [...el.labels] : [];
  return !!hit && !el.contains(hit) && !hit.contains(el) && !own.some(l => l.contains(hit));
}"""


class Taps:
    """Do what a therapist's finger does and count it: taps, text entries, selects, swipes."""

    def __init__(self, page, base: str):
        self.page, self.base = page, base
        self.actions, self.swipes, self.log = 0, 0, []
        self.server_ms = 0.0
        page.on("requestfinished", self._timed)

    def _timed(self, request) -> None:
        if request.url.startswith(self.base):
            t = request.timing
            if t.get("responseStart", -1) >= 0 and t.get("requestStart", -1) >= 0:
                self.server_ms += t["responseStart"] - t["requestStart"]

    def _count(self, what: str) -> None:
        self.actions += 1
        self.log.append(f"{self.actions:3d}. {what}")

    def reach(self, box) -> None:
        """Swipe until the box is in the usable band; one swipe moves at most one band."""
        top, bottom = self.page.evaluate(_BAND_JS)
        if box["y"] >= top and box["y"] + box["height"] <= bottom:
            return
        dy = box["y"] + box["height"] / 2 - (top + bottom) / 2
        n = max(1, math.ceil(abs(dy) / (bottom - top)))
        self.swipes += n
        self.log.append(f"     swipe ×{n} ({'down' if dy > 0 else 'up'} {abs(dy):.0f} px)")
        self.page.evaluate("dy => window.scrollBy(0, dy)", dy)
        self.page.wait_for_timeout(50)

    def _ready(self, selector: str):
        loc = self.page.locator(selector).first
        loc.wait_for(state="visible")
        self.reach(loc.bounding_box())
        box = loc.bounding_box()
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        if loc.evaluate(_COVERED_JS, [cx, cy]):
            # Something floats over the target: the finger has to move the page again.
            self.swipes += 1
            self.log.append("     swipe ×1 (target covered by a floating element)")
            self.page.evaluate("dy => window.scrollBy(0, dy)", 120)
        return loc

    def tap(self, selector: str, what: str) -> None:
        self._ready(selector).tap()
        self._count(what)

    def tap_nav(self, selector: str, what: str) -> None:
        loc = self._ready(selector)
        with self.page.expect_navigation():
            loc.tap()
        self._count(what)

    def text(self, selector: str, value: str, what: str, replaces_text: bool = False) -> None:
        """Tap a field and type a line; replacing existing text costs a clearing action first."""
        loc = self._ready(selector)
        if replaces_text and loc.input_value():
            self._count(f"clear the copied text of {selector} (long-press, select all)")
        loc.fill(value)
        self._count(what)

    def select(self, selector: str, value: str, what: str) -> None:
        """Pick from a native select: one action however long the list is (kind to it)."""
        self._ready(selector).select_option(value)
        self._count(what)

    def map_point(self, x: float, y: float, what: str) -> None:
        """Tap the visible body map at a normalised point."""
        pt = self.page.evaluate(
            """([x, y]) => {
                const svg = document.querySelector('.bm-view:not([hidden]) svg');
                const p = svg.createSVGPoint(); p.x = x * 200; p.y = y * 400;
                const s = p.matrixTransform(svg.getScreenCTM());
                return {x: s.x - 1, y: s.y - 1, width: 2, height: 2};
            }""", [x, y])
        self.reach(pt)
        pt = self.page.evaluate(
            """([x, y]) => {
                const svg = document.querySelector('.bm-view:not([hidden]) svg');
                const p = svg.createSVGPoint(); p.x = x * 200; p.y = y * 400;
                const s = p.matrixTransform(svg.getScreenCTM());
                return [s.x, s.y];
            }""", [x, y])
        self.page.touchscreen.tap(pt[0], pt[1])
        self._count(what)


def muscle_position(page, muscle: str, side: str) -> tuple[float, float]:
    """Return the app's own map position of a muscle on the back view."""
    return tuple(page.evaluate(
        """([id, side]) => {
            const cat = JSON.parse(document.getElementById('bodymap-data').dataset.json).catalogue;
            const p = cat.muscles[id].pos.find(q => q[0] === 'back' && q[1] === side);
            return [p[2], p[3]];
        }""", [muscle, side]))


def ghost_index(page, muscle: str, side: str):
    """Return the ghost (last visit's knot) index for a muscle and side, or None."""
    return page.evaluate(
        """([id, side]) => {
            const g = JSON.parse(document.getElementById('bodymap-data').dataset.json).ghosts;
            const i = g.findIndex(k => k.muscle_id === id && k.side === side && k.view === 'back');
            return i < 0 ? null : i;
        }""", [muscle, side])


def chart_note(page, base: str) -> Taps:
    """Chart the benchmark's note from the client page to an issued sheet; return the count."""
    t = Taps(page, base)
    t.tap_nav("[data-start-session]", "start session")
    t.tap(f"label[for='pain_before-{PAIN_BEFORE}']", f"pain before {PAIN_BEFORE}")
    t.text("#chief_complaint", COMPLAINT, "complaint (one line)")

    for muscle, side, kind, tenderness in POINTS:
        gi = ghost_index(page, muscle, side)
        if gi is not None:
            t.tap(f".bm-view:not([hidden]) [data-ghost='{gi}']", f"ghost {muscle} {side}")
            t.tap(".bm-panel button:has-text('Still there')", "still there")
        else:
            x, y = muscle_position(page, muscle, side)
            before = page.locator(".bm-marker").count()
            t.map_point(x, y, f"tap the map at {muscle} {side}")
            if page.locator(".bm-marker").count() == before:
                # The tap re-selected a nearby marker: close it, tap a little further out.
                t.tap("[data-bm-done]", "done (wrong marker selected)")
                t.map_point(x - 0.02 if side == "R" else x + 0.02, y + 0.012,
                            f"tap the map again beside {muscle} {side}")
            name = page.evaluate(
                "id => JSON.parse(document.getElementById('bodymap-data').dataset.json)"
                ".catalogue.muscles[id].name", muscle)
            chip = f".bm-panel .bm-suggest:text-is('{name}')"
            if page.locator(chip).count() == 0:
                chip = f".bm-panel .bm-suggest:has-text('{name}')"
            t.tap(chip, f"muscle chip {muscle}")
        if page.locator(".bm-panel [aria-pressed=true]:text-is('%s')" % kind_label(page, kind)).count() == 0:
            t.tap(f".bm-panel .bm-chip:text-is('{kind_label(page, kind)}')", f"finding {kind}")
        t.tap(f".bm-panel .bm-scale .bm-chip:text-is('{tenderness}')", f"tenderness {tenderness}")

    for _ in range(page.locator("[data-row][data-copied]").count()):
        t.tap("[data-row][data-copied] [data-remove-row]", "remove a copied technique row")
    for area, side, code, pressure, minutes in ROWS:
        if not page.is_checked(f"#c-side-{side}"):
            t.tap(f"#composer label[for='c-side-{side}']", f"composer side {side}")
        if not page.is_checked(f"#c-pressure-{pressure}"):
            t.tap(f"#composer label[for='c-pressure-{pressure}']", f"composer pressure {pressure}")
        t.select("#c-area", area, f"composer area {area} (native select)")
        t.select("#c-technique", code, f"composer technique {code} (native select, adds the row)")
        t.text("[data-row]:last-child [data-k=minutes]", str(minutes), f"minutes {minutes}")
    for i in range(page.locator(".trow-warning:not([hidden]) [data-k=warning_ack]").count()):
        t.tap(".trow-warning:not([hidden]) label.check:not(:has(:checked))", "acknowledge a warning")

    t.tap(f"label[for='pain_after-{PAIN_AFTER}']", f"pain after {PAIN_AFTER}")
    t.text("#response", ASSESSMENT, "assessment (one line)", replaces_text=True)
    t.text("#next_focus", PLAN, "plan (one line)", replaces_text=True)
    t.tap_nav("[data-sign-link]", "review and sign")
    t.text("#password", PASSWORD, "password")
    t.tap_nav("button:has-text('Sign and lock')", "sign and lock")
    t.tap_nav("a:has-text('Issue aftercare sheet')", "issue aftercare sheet")
    t.tap_nav("button:has-text('Issue sheet')", "issue sheet")
    return t


def kind_label(page, kind: str) -> str:
    """Return the finding's chip label from the page's catalogue."""
    return page.evaluate(
        "k => JSON.parse(document.getElementById('bodymap-data').dataset.json)"
        ".catalogue.kinds.find(x => x[0] === k)[1]", kind)


def open_client(page, base: str, client: str = CLIENT) -> None:
    """Sign in and open the client's page (not counted: the day starts there)."""
    page.goto(base + "/login")
    page.fill("#email", "therapist@demo.test")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.goto(base + "/clients/")
    with page.expect_navigation():
        page.click(f".client-row:has-text('{client}')")


def main() -> int:
    """Run the benchmark once against a fresh demo server and print the figures."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, serve(Path(tmp)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        ctx = browser.new_context(viewport=VIEWPORT, has_touch=True, is_mobile=True)
        ctx.set_default_timeout(15000)
        page = ctx.new_page()
        open_client(page, base)
        started = time.perf_counter()
        t = chart_note(page, base)
        wall = time.perf_counter() - started
        browser.close()
    print("\n".join(t.log))
    print(f"wall {wall:.1f} s  server {t.server_ms / 1000:.2f} s")
    print(f"actions {t.actions} swipes {t.swipes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
