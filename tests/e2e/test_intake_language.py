"""Browser: a French client fills the intake at home on a phone and a tablet (issue 14)."""
from __future__ import annotations

import uuid

import pytest

from tests.e2e.conftest import (
    PHONE,
    SHOTS,
    TABLET_PORTRAIT,
    link_from_outbox,
    shoot,
    sign_in,
    tap_and_wait,
)
from tests.e2e.test_portal import CLIENT_PASSWORD, draw_signature, no_sideways_scroll

SIZES = [("phone", PHONE), ("tablet-portrait", TABLET_PORTRAIT)]
# Any element wider than the page, or text spilling out of its box, is an overflow.
OVERFLOWING = """() => [...document.querySelectorAll('main *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && (r.right > window.innerWidth + 1 ||
        (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible'
         && e.children.length === 0));
}).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.trim().slice(0, 40))"""


def _invite_french_client(live_server, new_page, viewport) -> str:
    """Create a French-speaking client with an email, invite them, return the invitation link."""
    email = f"amelie.{uuid.uuid4().hex[:8]}@example.org"
    therapist = new_page(viewport)
    sign_in(therapist, live_server, "therapist@demo.test")
    therapist.goto(live_server + "/clients/new")
    therapist.fill("#first_name", "Amélie")
    therapist.fill("#last_name", f"Tremblay-{uuid.uuid4().hex[:6]}")
    therapist.fill("#date_of_birth", "1988-09-14")
    therapist.fill("#email", email)
    therapist.select_option("#preferred_language", "fr")
    tap_and_wait(therapist, "button:has-text('Create client')")
    tap_and_wait(therapist, "section.portal-access button:has-text('Invite to portal')")
    admin = new_page(viewport)
    sign_in(admin, live_server, "admin@demo.test")
    return link_from_outbox(admin, live_server, email)


@pytest.mark.parametrize("label, viewport", SIZES)
def test_a_french_client_fills_the_intake_in_french(live_server, new_page, label, viewport):
    page = new_page(viewport)
    page.goto(_invite_french_client(live_server, new_page, viewport))
    page.fill("#password", CLIENT_PASSWORD)
    page.fill("#confirm", CLIENT_PASSWORD)
    tap_and_wait(page, "button[type=submit]")
    page.goto(live_server + "/portal/intake")
    assert page.get_attribute("html", "lang") == "fr"
    main = page.inner_text("main")
    for text in ("Antécédents de santé", "Qu’est-ce qui vous amène ?", "Je demande un massage",
                 "Consentement et signature", "Mode de vie : les sept causes"):
        assert text in main, text
    assert "Health history" not in main and "I am asking" not in main
    assert no_sideways_scroll(page) and page.evaluate(OVERFLOWING) == []
    shoot(page, f"portal-intake-fr-{label}")

    # A wrong answer comes back in French, with the rest of the form kept.
    page.fill("#reason", "Nuque raide après le travail.")
    page.fill("#lifestyle-desk_hours", "30")
    page.tap("label[for='consent-treatment']")
    page.fill("#consent-typed_name", "Amélie Tremblay")
    draw_signature(page)
    tap_and_wait(page, "button:has-text('Signer et envoyer')")
    errors = page.inner_text("#form-errors")
    assert "Rien n’a encore été enregistré" in errors
    assert "Saisissez un nombre de 0 à 24 heures." in errors
    assert page.input_value("#reason") == "Nuque raide après le travail."
    assert no_sideways_scroll(page) and page.evaluate(OVERFLOWING) == []
    page.locator("#s-consent").screenshot(path=str(SHOTS / f"portal-intake-fr-consent-{label}.png"))

    page.fill("#lifestyle-desk_hours", "8")
    draw_signature(page)
    tap_and_wait(page, "button:has-text('Signer et envoyer')")
    assert page.url.endswith("/portal/")
    assert "Merci" in page.inner_text(".flashes")
