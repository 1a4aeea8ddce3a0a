"""Browser: a therapist invites a client, the admin reads the mail, the client joins (issue 7)."""
from __future__ import annotations

import uuid

import pytest

from tests.e2e.conftest import (
    PHONE,
    TABLET_LANDSCAPE,
    create_client,
    link_from_outbox,
    shoot,
    sign_in,
    tap_and_wait,
)

SIZES = [("phone", PHONE), ("tablet", TABLET_LANDSCAPE)]
CLIENT_PASSWORD = "lantern orchard pebble river"


@pytest.mark.parametrize("label, viewport", SIZES)
def test_invite_a_client_who_then_sets_a_password_and_lands_on_the_portal(
        live_server, new_page, label, viewport):
    # Not a "zoe": the server is shared, and the foundation test expects one Zoë in a search.
    surname = f"Wiśniewska-{uuid.uuid4().hex[:6]}"
    email = f"lucja.{uuid.uuid4().hex[:8]}@example.org"

    therapist = new_page(viewport)
    sign_in(therapist, live_server, "therapist@demo.test")
    client_url = create_client(therapist, live_server, surname, email)
    section = therapist.locator("section.portal-access")
    assert "No login" in section.inner_text()
    tap_and_wait(therapist, "section.portal-access button:has-text('Invite to portal')")
    assert "Invitation sent." in therapist.inner_text(".flashes")
    assert "Invited" in therapist.locator("section.portal-access").inner_text()
    shoot(therapist, f"accounts-client-invited-{label}")

    admin = new_page(viewport)
    sign_in(admin, live_server, "admin@demo.test")
    link = link_from_outbox(admin, live_server, email)
    assert "/portal/accept/" in link
    shoot(admin, f"accounts-outbox-invitation-{label}")

    visitor = new_page(viewport)
    visitor.goto(link)
    assert "Choose a password for your client portal" in visitor.inner_text("main")
    assert visitor.locator(".mainnav").count() == 0
    shoot(visitor, f"accounts-set-password-{label}")
    visitor.fill("#password", CLIENT_PASSWORD)
    visitor.fill("#confirm", CLIENT_PASSWORD)
    tap_and_wait(visitor, "button[type=submit]")
    assert visitor.url.endswith("/portal/")
    assert "Hello, Łucja" in visitor.inner_text("main")
    assert visitor.locator(".portal-bar").is_visible() and visitor.locator(".mainnav").count() == 0
    no_sideways_scroll = visitor.evaluate(
        "() => document.documentElement.scrollWidth <= window.innerWidth")
    assert no_sideways_scroll
    shoot(visitor, f"accounts-portal-home-{label}")

    # The same link cannot be used twice.
    again = new_page(viewport)
    again.goto(link)
    assert "no longer works" in again.inner_text("main")

    therapist.goto(client_url)
    assert "Active" in therapist.locator("section.portal-access").inner_text()


def test_admin_audit_trail_at_tablet_size(live_server, new_page):
    page = new_page(TABLET_LANDSCAPE)
    sign_in(page, live_server, "admin@demo.test")
    page.goto(live_server + "/admin/")
    assert page.locator(".staff-row").count() >= 3
    shoot(page, "accounts-admin-people-tablet")
    page.goto(live_server + "/admin/audit")
    assert page.locator(".audit-row").count() > 0
    shoot(page, "accounts-admin-audit-tablet")
    page.select_option("#action", "login")
    tap_and_wait(page, "form.audit-filters button[type=submit]")
    actions = page.locator(".audit-row td:nth-child(3)").all_inner_texts()
    assert actions and set(actions) == {"login"}
    shoot(page, "accounts-admin-audit-filtered-tablet")


def test_forgot_password_at_phone_size(live_server, new_page):
    page = new_page(PHONE)
    page.goto(live_server + "/login")
    tap_and_wait(page, "text=Forgot your password?")
    page.fill("#email", "nobody-here@example.org")
    tap_and_wait(page, "button[type=submit]")
    assert "Check your email" in page.inner_text("main")
    shoot(page, "accounts-forgot-sent-phone")
