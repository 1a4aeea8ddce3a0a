"""Browser: sign in, search, create a client, at both tablet sizes (issue 2)."""
from __future__ import annotations

import re
import uuid

import pytest

from tests.e2e.conftest import TABLET_LANDSCAPE, TABLET_PORTRAIT, shoot, sign_in, tap_and_wait

SIZES = [("landscape", TABLET_LANDSCAPE), ("portrait", TABLET_PORTRAIT)]


@pytest.mark.parametrize("label, viewport", SIZES)
def test_sign_in_search_and_create_a_client(live_server, new_page, label, viewport):
    page = new_page(viewport)
    page.goto(live_server + "/login")
    shoot(page, f"foundation-login-{label}")
    sign_in(page, live_server, "therapist@demo.test")
    assert page.url.endswith("/clients/")
    assert page.locator(".client-row").count() >= 8
    shoot(page, f"foundation-clients-{label}")

    # Typed without the Danish ø: the search folds accents and letters like ø and ł.
    page.fill("#q", "ostergaard")
    tap_and_wait(page, "form.searchbar button[type=submit]")
    rows = page.locator(".client-row")
    assert rows.count() == 1 and "Østergaard" in rows.first.inner_text()
    assert "ostergaard" not in page.url
    shoot(page, f"foundation-search-{label}")

    surname = f"Brønstad-{uuid.uuid4().hex[:6]}"
    tap_and_wait(page, "text=+ New client")
    page.fill("#first_name", "Ingrid")
    page.fill("#last_name", surname)
    page.fill("#date_of_birth", "1986-02-14")
    page.fill("#phone", "+47 912 34 567")
    page.fill("#email", "ingrid@example.org")
    page.fill("#emergency_name", "Lars")
    shoot(page, f"foundation-new-client-{label}")
    tap_and_wait(page, "button:has-text('Create client')")
    assert re.search(r"/clients/[A-Za-z0-9_-]{20,}$", page.url)
    assert surname in page.inner_text("h1")
    shoot(page, f"foundation-client-detail-{label}")


def test_bad_input_keeps_what_was_typed(live_server, new_page):
    page = new_page(TABLET_LANDSCAPE)
    sign_in(page, live_server, "therapist@demo.test")
    page.goto(live_server + "/clients/new")
    page.fill("#first_name", "Keep me")
    page.fill("#date_of_birth", "2999-01-01")
    tap_and_wait(page, "button:has-text('Create client')")
    assert page.input_value("#first_name") == "Keep me"
    assert page.locator(".error").count() >= 2
    shoot(page, "foundation-form-errors")


def test_touch_targets_are_at_least_44px(live_server, new_page):
    page = new_page(TABLET_PORTRAIT)
    sign_in(page, live_server, "therapist@demo.test")
    for url in ("/clients/", "/clients/new"):
        page.goto(live_server + url)
        small = page.evaluate("""() => [...document.querySelectorAll(
            'main button, main .btn, main input:not([type=hidden]), main select, header .btn')]
            .filter(e => e.offsetParent !== null)
            .map(e => (['checkbox', 'radio'].includes(e.type) && e.closest('label')
                       ? e.closest('label') : e).getBoundingClientRect())
            .filter(r => r.height < 44 || r.width < 44).length""")
        assert small == 0, url
