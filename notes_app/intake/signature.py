"""Strict checks for a finger-drawn signature sent as a PNG data URL, and a PNG writer for demos.

Only a well-formed, non-blank, reasonably sized PNG is accepted: the value ends up in an <img>
on other people's screens, so nothing but pixels may pass.
"""
from __future__ import annotations

import base64
import binascii
import struct
import zlib

PREFIX = "data:image/png;base64,"
MAX_CHARS = 200_000  # about 150 kB of PNG: a signature is 5-40 kB
MAX_WIDTH, MAX_HEIGHT = 3000, 1500
_MAGIC = b"\x89PNG\r\n\x1a\n"
_BYTES_PER_PIXEL = {0: 1, 2: 3, 4: 2, 6: 4}  # 8-bit greyscale, RGB, grey+alpha, RGBA
_ALLOWED_CHUNKS = {b"IHDR", b"IDAT", b"IEND", b"sRGB", b"gAMA", b"pHYs", b"iCCP", b"cHRM",
                   b"tIME"}


class SignatureError(ValueError):
    """The submitted signature is not an acceptable PNG."""


def _chunks(png: bytes):
    """Yield (type, payload) of each PNG chunk, checking lengths and CRCs."""
    pos = len(_MAGIC)
    while pos < len(png):
        if pos + 12 > len(png):
            raise SignatureError("truncated chunk")
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        kind = png[pos + 4:pos + 8]
        end = pos + 12 + length
        if end > len(png):
            raise SignatureError("truncated chunk")
        payload = png[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", png[pos + 8 + length:end])
        if zlib.crc32(kind + payload) & 0xFFFFFFFF != crc:
            raise SignatureError("bad checksum")
        yield kind, payload
        pos = end
        if kind == b"IEND":
            if pos != len(png):
                raise SignatureError("data after the image")
            return
    raise SignatureError("no end marker")


def _has_ink(raw: bytes, width: int, height: int, bpp: int) -> bool:
    """Tell whether any pixel byte is non-zero (a blank transparent canvas is all zeros).

    Every PNG filter predicts from earlier bytes only, so the first non-zero pixel byte of the
    image is stored unchanged: filtered data is all zeros exactly when the image is.
    """
    stride = 1 + width * bpp
    view = memoryview(raw)
    for row in range(height):
        payload = view[row * stride + 1:(row + 1) * stride]
        if payload.tobytes().strip(b"\x00"):
            return True
    return False


def check_png_data_url(value: str) -> bytes:
    """Return the PNG bytes of a signature data URL; raises SignatureError if unacceptable."""
    if not isinstance(value, str) or not value.startswith(PREFIX):
        raise SignatureError("not a PNG data URL")
    if len(value) > MAX_CHARS:
        raise SignatureError("too large")
    try:
        png = base64.b64decode(value[len(PREFIX):], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SignatureError("not base64") from exc
    if not png.startswith(_MAGIC):
        raise SignatureError("not a PNG")
    chunks = list(_chunks(png))
    if not chunks or chunks[0][0] != b"IHDR" or len(chunks[0][1]) != 13:
        raise SignatureError("no header")
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(
        ">IIBBBBB", chunks[0][1])
    if not (1 <= width <= MAX_WIDTH and 1 <= height <= MAX_HEIGHT):
        raise SignatureError("bad size")
    if depth != 8 or colour not in _BYTES_PER_PIXEL or (compression, filtering, interlace) != (
            0, 0, 0):
        raise SignatureError("unsupported PNG format")
    if any(kind not in _ALLOWED_CHUNKS for kind, _ in chunks):
        raise SignatureError("unexpected chunk")
    bpp = _BYTES_PER_PIXEL[colour]
    expected = height * (1 + width * bpp)
    inflater = zlib.decompressobj()
    try:
        # max_length bounds the work: a small upload cannot inflate into gigabytes.
        raw = inflater.decompress(b"".join(p for k, p in chunks if k == b"IDAT"), expected + 1)
    except zlib.error as exc:
        raise SignatureError("corrupt image data") from exc
    if len(raw) != expected:
        raise SignatureError("image data does not match its size")
    if not _has_ink(raw, width, height, bpp):
        raise SignatureError("blank")
    return png


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return (struct.pack(">I", len(payload)) + kind + payload
            + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))


def png_data_url(width: int, height: int, points) -> str:
    """Build an RGBA PNG data URL with dark ink at the given (x, y) pixels (for demo data)."""
    rows = [bytearray(width * 4) for _ in range(height)]
    for x, y in points:
        if 0 <= x < width and 0 <= y < height:
            rows[y][x * 4:x * 4 + 4] = b"\x1d\x2a\x2e\xff"
    raw = b"".join(b"\x00" + bytes(r) for r in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    png = (_MAGIC + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 9))
           + _chunk(b"IEND", b""))
    return PREFIX + base64.b64encode(png).decode("ascii")
