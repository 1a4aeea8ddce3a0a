"""Tap benchmark (issue 17): chart one typical follow-up note at 1024×768 touch and count.

The note: pain before, one line of complaint, five trigger points on the back view (two of them
last visit's knots), three technique rows, pain after, one line each of assessment and plan,
sign, issue the aftercare sheet. Prints every action, the swipes, wall and server time, and a
last line `actions N swipes M`. Run from the repo root: `make bench-taps`.
"""
from __future__ import annotations

import math
import os
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.e2e.live import CHROMIUM, CHROMIUM_ARGS, ROOT, serve  # noqa: E402

VIEWPORT = {"width": 1024, "height": 768}
# What tests/e2e/test_taps.py holds the flow to (issue 17's target: 30 actions, 4 swipes).
ACTION_BUDGET, SWIPE_BUDGET = 30, 4
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
    // A sticky bar covers the band from where it sticks, even before it has reached it.
    if (cs.position === 'sticky' && cs.top !== 'auto' && r.bottom < innerHeight / 2 + r.height)
      top = Math.max(top, parseFloat(cs.top) + r.height);
    else if (r.top <= 1 && r.bottom < innerHeight / 2) top = Math.max(top, r.bottom);
    else if (r.bottom >= innerHeight - 1 && r.top > innerHeight / 2)
      bottom = Math.min(bottom, r.top);
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
        page.taps_log = self.log  # printed if the run fails half-way
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
        shots = os.environ.get("BENCH_SHOTS")  # a folder: the viewport after every action
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=f"{shots}/{self.actions:02d}.png")

    def reach(self, box) -> None:
        """Swipe until the box is in the usable band; one swipe moves at most one band."""
        top, bottom = self.page.evaluate(_BAND_JS)
        if box["y"] >= top and box["y"] + box["height"] <= bottom:
            return
        # The finger brings the target to the middle of the band (the model the "before"
        # figures were measured with).
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
            loc.tap()
            selected = loc.evaluate(
                "e => e.selectionStart === 0 && e.selectionEnd === e.value.length")
            if selected:  # the page selected the copied text: typing replaces it
                self.page.keyboard.insert_text(value)
                self._count(what + " (typed over the selected copied text)")
                return
            self._count(f"clear the text of {selector} (long-press, select all)")
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
    """Chart the benchmark's note from the client page to an issued sheet; return the count.

    The finger takes the shortest path the page offers and never taps what is already chosen.
    (The first version of this script, run on the editor before issue 17, is in git history:
    commit c8ae2cf, figures in bench/taps-before.txt.)
    """
    t = Taps(page, base)
    t.tap_nav("[data-start-session]", "start session")
    t.tap(f"label[for='pain_before-{PAIN_BEFORE}']", f"pain before {PAIN_BEFORE}")
    t.text("#chief_complaint", COMPLAINT, "complaint (one line)")

    for muscle, side, kind, tenderness in POINTS:
        gi = ghost_index(page, muscle, side)
        if gi is not None:
            knot = page.evaluate("i => JSON.parse(document.getElementById('bodymap-data')"
                                 ".dataset.json).ghosts[i].knot_id", gi)
            t.tap(f"[data-ghost-row='{knot}'] [data-ghost-still]",
                  f"last visit's {muscle} {side}: still there")
        else:
            x, y = muscle_position(page, muscle, side)
            t.map_point(x, y, f"tap the map at {muscle} {side}")
            rate = f"[data-choice-tenderness='{tenderness}']"
            if page.locator(rate).count():  # the choice offers rating the new point at once
                t.tap(rate, f"new marker here, tenderness {tenderness} (not the marker nearby)")
            elif page.locator("[data-choice-new]").count():
                t.tap("[data-choice-new]", "new marker here (not the marker nearby)")
        name = page.evaluate(
            "id => JSON.parse(document.getElementById('bodymap-data').dataset.json)"
            ".catalogue.muscles[id].name", muscle)
        if name not in page.inner_text(".bm-panel h3"):
            t.tap(f".bm-panel .bm-suggest:has-text('{name}')", f"muscle chip {muscle}")
        if page.get_attribute(f".bm-panel [data-kind='{kind}']", "aria-pressed") != "true":
            t.tap(f".bm-panel [data-kind='{kind}']", f"finding {kind}")
        if page.get_attribute(f".bm-panel [data-tenderness='{tenderness}']",
                              "aria-pressed") != "true":
            t.tap(f".bm-panel [data-tenderness='{tenderness}']", f"tenderness {tenderness}")
        for area, row_side, code, pressure, minutes in ROWS:
            if (area, row_side) != (muscle, side):
                continue
            t.tap(f".bm-panel [data-treat='{code}']", f"treated with {code}")
            name = technique_name(page, code)
            dose = f".bm-panel .bm-dose:has(.bm-group-title:text-is('{name}'))"
            if page.get_attribute(f"{dose} [data-pressure='{pressure}']", "aria-pressed") != "true":
                t.tap(f"{dose} [data-pressure='{pressure}']", f"pressure P{pressure}")
            t.tap(f"{dose} [data-minutes='{minutes}']", f"{minutes} minutes")
            if page.locator(f"{dose} [data-bm-row-ack][aria-pressed=false]").count():
                t.tap(f"{dose} [data-bm-row-ack]", "acknowledge the warning (one tap)")

    if page.locator("[data-clear-all]").is_visible():
        t.tap("[data-clear-all]", "clear all of last visit's rows")
    points = {(m, s) for m, s, _, _ in POINTS}
    for area, side, code, pressure, minutes in ROWS:
        if (area, side) in points:
            continue
        t.tap(f"#composer [data-tech='{code}']", f"technique chip {code}")
        area_chip = f"#composer [data-pick='{area}']"
        if page.locator(area_chip).count() == 0:
            t.text("#composer .picker-search", area.split("_")[0], f"type-ahead {area}")
        t.tap(area_chip, f"area chip {area} (adds the row)")
        row = "#technique-rows [data-row]:last-child"  # rows are listed in the order added
        if not page.is_checked(f"{row} input[data-k=pressure][value='{pressure}']"):
            t.tap(f"{row} label[for$='pressure-{pressure}']", f"pressure P{pressure}")
        if page.input_value(f"{row} [data-k=minutes]") != str(minutes):
            t.text(f"{row} [data-k=minutes]", str(minutes), f"minutes {minutes}")
    unticked = ".trow-warning:not([hidden]) [data-k=warning_ack]:not(:checked)"
    for _ in range(page.locator(unticked).count()):
        t.tap(".trow-warning:not([hidden]) label.check:not(:has(:checked))",
              "acknowledge a warning")

    t.tap(f"label[for='pain_after-{PAIN_AFTER}']", f"pain after {PAIN_AFTER}")
    for selector, value, what in (("#response", ASSESSMENT, "assessment (one line)"),
                                  ("#next_focus", PLAN, "plan (one line)")):
        t.text(selector, value, what, replaces_text=True)
    t.text("#sign-password", PASSWORD, "password")
    t.tap_nav("[data-sign-button]", "sign and lock (then the sheet)")
    t.tap_nav("button:has-text('Issue sheet')", "issue sheet")
    return t


def technique_name(page, code: str) -> str:
    """Return a technique's name as the page's rules carry it."""
    return page.evaluate(
        "c => JSON.parse(document.getElementById('note-form').dataset.rules).names[c]", code)


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


def _server(tmp: Path):
    """Serve a fresh demo database, or use BENCH_BASE_URL (a demo server you reset yourself)."""
    url = os.environ.get("BENCH_BASE_URL")
    return nullcontext(url) if url else serve(tmp)


def main() -> int:
    """Run the benchmark once against a fresh demo server and print the figures."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, _server(Path(tmp)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        ctx = browser.new_context(viewport=VIEWPORT, has_touch=True, is_mobile=True)
        ctx.set_default_timeout(15000)
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        open_client(page, base)
        started = time.perf_counter()
        try:
            t = chart_note(page, base)
        except Exception:
            shot = ROOT / "test-artifacts" / "bench-taps-failed.png"
            shot.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(shot))
            print("\n".join(getattr(page, "taps_log", [])), f"\nfailed; screenshot {shot}", errors)
            raise
        wall = time.perf_counter() - started
        if errors:
            raise RuntimeError(f"JavaScript errors on the page: {errors}")
        browser.close()
    print("\n".join(t.log))
    print(f"wall {wall:.1f} s  server {t.server_ms / 1000:.2f} s")
    print(f"actions {t.actions} swipes {t.swipes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
