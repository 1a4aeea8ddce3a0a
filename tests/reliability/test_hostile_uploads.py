"""Hostile uploads (#12 item 4): the only image the app accepts is the consent signature, a PNG
data URL, on the staff intake, the portal's first intake and its "what changed?" update. A
non-image, a truncated PNG, decompression bombs and an oversized value or body each get a clear
refusal and store nothing.
"""
from __future__ import annotations

import base64
import struct
import time
import zlib

import pytest

from notes_app.intake.signature import MAX_CHARS, PREFIX
from tests.fixtures.intake import SIGNATURE, valid_post
from tests.fixtures.portal import ids_of
from tests.reliability.hostile import snapshot

pytestmark = pytest.mark.reliability

SIGNATURE_ERROR = "The signature could not be read. Clear it and sign again."


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return (struct.pack(">I", len(payload)) + kind + payload
            + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))


def _png(width: int, height: int, idat: bytes) -> str:
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    body = (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat)
            + _chunk(b"IEND", b""))
    return PREFIX + base64.b64encode(body).decode()


def _truncated() -> str:
    png = base64.b64decode(SIGNATURE[len(PREFIX):])
    return PREFIX + base64.b64encode(png[:len(png) // 2]).decode()


def _bomb_inflating() -> str:
    """A 4x2 image whose pixel data inflates to 150 MB of ink: tiny upload, huge output."""
    squeeze = zlib.compressobj(9)
    data = b"".join(squeeze.compress(b"\x01" * 1_000_000) for _ in range(150))
    return _png(4, 2, data + squeeze.flush())


UPLOADS = {
    "not-an-image": PREFIX + base64.b64encode(b"GIF89a this is not a PNG at all").decode(),
    "html-as-image": "data:text/html;base64," + base64.b64encode(b"<script>1</script>").decode(),
    "svg-with-script": "data:image/svg+xml;base64," + base64.b64encode(
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>").decode(),
    "truncated-png": _truncated(),
    # Tiny file, huge dimensions: 100,000 x 100,000 RGBA would be 40 GB decoded.
    "bomb-dimensions": _png(100_000, 100_000, zlib.compress(b"\x00\x01\x01\x01\x01")),
    "bomb-inflating": _bomb_inflating(),
    "oversized-value": PREFIX + "A" * (MAX_CHARS + 4),
}


def _update_post() -> dict:
    return {"consent-treatment": "y", "consent-deep_pressure": "y",
            "consent-intensity_ceiling": "6", "consent-typed_name": "Zoë Kowalczyk",
            "consent-signature": SIGNATURE}


@pytest.fixture
def first_intake_client(portal, make_user, make_client_record, app):
    """A portal client with no intake yet, who sees the full first intake form."""
    from notes_app.clients.models import Client
    from notes_app.extensions import db

    record = make_client_record(portal.t1, "Nell", "Newcomer")
    user = make_user(portal.clinic, "nell@k.test", "client", "Nell Newcomer")
    with app.app_context():
        db.session.get(Client, record.id).portal_user_id = user.id
        db.session.commit()
    return user


def _login(app, user):
    from tests.conftest import login

    c = app.test_client()
    assert login(c, user).status_code == 302
    return c


def _refused_cleanly(http, app, url, form, value):
    before = snapshot(app)
    response = http.post(url, data={**form, "consent-signature": value})
    body = response.get_data(as_text=True)
    assert response.status_code < 500, response.status_code
    if response.status_code == 200:
        assert SIGNATURE_ERROR in body, body[:2000]
    else:
        assert response.status_code in (400, 413, 422), response.status_code
    assert snapshot(app) == before, "a refused upload stored something"
    return response


@pytest.mark.parametrize("kind", list(UPLOADS))
def test_each_signature_form_refuses_a_hostile_image_and_stores_nothing(
        portal, first_intake_client, app, kind):
    forms = [(_login(app, portal.t1), f"/intake/new/{portal.c1.public_id}", valid_post()),
             (_login(app, first_intake_client), "/portal/intake", valid_post()),
             (_login(app, portal.portal), "/portal/intake", _update_post())]
    for http, url, form in forms:
        started = time.perf_counter()
        _refused_cleanly(http, app, url, form, UPLOADS[kind])
        # A bomb must be refused without inflating it: well under a second on a busy machine.
        assert time.perf_counter() - started < 3, (kind, url)


def test_the_same_forms_accept_a_real_signature(portal, first_intake_client, app):
    """The refusals above are about the image: the very same posts with a drawn one are kept."""
    before = len(ids_of(app, portal.c1)["intake_versions"])
    for http, url, form in [
            (_login(app, portal.t1), f"/intake/new/{portal.c1.public_id}", valid_post()),
            (_login(app, first_intake_client), "/portal/intake", valid_post()),
            (_login(app, portal.portal), "/portal/intake", _update_post())]:
        prior = snapshot(app)
        response = http.post(url, data=form)
        assert response.status_code == 302, response.get_data(as_text=True)[:3000]
        assert snapshot(app) != prior, f"{url}: accepted but nothing stored"
    assert len(ids_of(app, portal.c1)["intake_versions"]) == before + 2


def test_a_body_over_the_limit_is_refused_with_413_and_stores_nothing(portal, app):
    http = _login(app, portal.t1)
    limit = app.config["MAX_CONTENT_LENGTH"]
    huge = PREFIX + "A" * (limit + 1024)
    before = snapshot(app)
    response = http.post(f"/intake/new/{portal.c1.public_id}",
                         data={**valid_post(), "consent-signature": huge})
    assert response.status_code == 413
    assert snapshot(app) == before
