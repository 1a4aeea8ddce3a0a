"""Signature data URLs: only a real, non-blank, reasonably sized PNG passes."""
from __future__ import annotations

import base64
import struct
import zlib

import pytest

from notes_app.intake.demo import signature_for
from notes_app.intake.signature import PREFIX, SignatureError, check_png_data_url, png_data_url


def _png(chunks) -> str:
    def chunk(kind, payload):
        return (struct.pack(">I", len(payload)) + kind + payload
                + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))
    body = b"\x89PNG\r\n\x1a\n" + b"".join(chunk(k, p) for k, p in chunks)
    return PREFIX + base64.b64encode(body).decode()


def _ihdr(w=4, h=2, depth=8, colour=6):
    return (b"IHDR", struct.pack(">IIBBBBB", w, h, depth, colour, 0, 0, 0))


def _idat(w=4, h=2, ink=True):
    rows = b"".join(b"\x00" + (b"\x10" * 4 * w if ink else b"\x00" * 4 * w) for _ in range(h))
    return (b"IDAT", zlib.compress(rows))


def test_a_drawn_signature_is_accepted():
    assert check_png_data_url(signature_for("Zoë Kowalczyk")).startswith(b"\x89PNG")
    assert check_png_data_url(_png([_ihdr(), _idat(), (b"IEND", b"")]))


def _tamper_crc(url: str) -> str:
    raw = bytearray(base64.b64decode(url[len(PREFIX):]))
    raw[-1] ^= 0xFF  # IEND's checksum
    return PREFIX + base64.b64encode(bytes(raw)).decode()


@pytest.mark.parametrize("value", [
    "", "hello", "data:image/svg+xml;base64,PHN2Zz4=", "data:text/html;base64,PGI+",
    PREFIX + "not base64!!", PREFIX + base64.b64encode(b"GIF89a....").decode(),
    PREFIX + base64.b64encode(b"\x89PNG\r\n\x1a\n").decode(),
    _png([_ihdr(), _idat(ink=False), (b"IEND", b"")]),
    _png([_ihdr(), _idat(), (b"tEXt", b"Comment\x00<script>"), (b"IEND", b"")]),
    _png([_ihdr(w=5000), _idat(), (b"IEND", b"")]),
    _png([_ihdr(depth=16), _idat(), (b"IEND", b"")]),
    _png([_ihdr(), _idat()]),
    _png([_ihdr(), _idat(w=3), (b"IEND", b"")]),
    _png([_idat(), (b"IEND", b"")]),
    _png([_ihdr(), (b"IDAT", b"not zlib"), (b"IEND", b"")]),
    _png([_ihdr(), _idat(), (b"IEND", b"")]) + "AAAA",
    _tamper_crc(_png([_ihdr(), _idat(), (b"IEND", b"")])),
    PREFIX + "A" * 200_001,
], ids=["empty", "text", "svg", "html", "bad-base64", "gif", "magic-only", "blank", "text-chunk",
        "too-wide", "16-bit", "no-end", "short-data", "no-header", "corrupt-zlib", "trailing",
        "bad-crc", "too-large"])
def test_anything_else_is_refused(value):
    with pytest.raises(SignatureError):
        check_png_data_url(value)


def test_demo_writer_makes_small_pngs():
    url = png_data_url(360, 110, [(x, 50) for x in range(300)])
    assert len(url) < 5000 and check_png_data_url(url)
