"""Fonts for every script on the aftercare PDF: a face per run of text, right-to-left shaping.

ReportLab neither falls back between fonts nor shapes text, so a name like 王芳 or سارة would print
as blanks or reversed. Each string is split into runs, each run set in the first bundled face
that has its glyphs (DejaVu Sans first, so Latin, Greek and Vietnamese print as before); Arabic is
shaped into presentation forms and right-to-left runs put in visual order. A character no bundled
face has is printed as a visible U+FFFD and reported by `missing_glyphs`, never dropped.
The fonts are read once at import (the build itself touches no file).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

_FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
BASE, BASE_BOLD = "KnotworkSans", "KnotworkSans-Bold"
REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class Face:
    """A bundled fallback face: its family name, files, and the blocks it is preferred for."""

    name: str
    regular: str
    bold: str | None
    prefer: tuple[tuple[int, int], ...] = ()

    @property
    def bold_name(self) -> str:
        """Return the registered name of the bold face (the regular one when there is none)."""
        return f"{self.name}-Bold" if self.bold else self.name


_ARABIC = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF),
           (0xFE70, 0xFEFF))
_HEBREW = ((0x0590, 0x05FF), (0xFB1D, 0xFB4F))
_EMOJI = ((0x1F000, 0x1FAFF), (0x2600, 0x27BF))
FALLBACKS: tuple[Face, ...] = (
    Face("KwArabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", _ARABIC),
    Face("KwHebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf", _HEBREW),
    Face("KwThai", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"),
    # One weight only: the CJK face alone is 3.5 MiB; bold CJK names print in regular weight.
    Face("KwCJK", "NotoSansCJKsc-Regular.ttf", None),
    Face("KwEmoji", "Symbola-Emoji.ttf", None, _EMOJI),
)
# Invisible format characters: they steer shaping or emoji sequences but have no glyph of their own.
_FORMAT = frozenset({0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF}
                    | set(range(0xFE00, 0xFE10)) | set(range(0x202A, 0x202F))
                    | set(range(0x2066, 0x206A)))
_RTL_CLASSES = frozenset({"R", "AL"})


def _register() -> dict[str, frozenset[int]]:
    """Register the base and fallback faces once; return each regular face's character set."""
    registered = pdfmetrics.getRegisteredFontNames()
    charsets: dict[str, frozenset[int]] = {}
    if BASE not in registered:
        pdfmetrics.registerFont(TTFont(BASE, str(_FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BASE_BOLD, str(_FONT_DIR / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFontFamily(BASE, normal=BASE, bold=BASE_BOLD, italic=BASE,
                                      boldItalic=BASE_BOLD)
    charsets[BASE] = frozenset(pdfmetrics.getFont(BASE).face.charToGlyph)
    for face in FALLBACKS:
        if face.name not in registered:
            pdfmetrics.registerFont(TTFont(face.name, str(_FONT_DIR / face.regular)))
            if face.bold:
                pdfmetrics.registerFont(TTFont(face.bold_name, str(_FONT_DIR / face.bold)))
            pdfmetrics.registerFontFamily(face.name, normal=face.name, bold=face.bold_name,
                                          italic=face.name, boldItalic=face.bold_name)
        charsets[face.name] = frozenset(pdfmetrics.getFont(face.name).face.charToGlyph)
    return charsets


_CHARSETS = _register()
_ORIGINAL_TO_UNICODE = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname, subset):
    """Write characters beyond U+FFFF as UTF-16 surrogate pairs in the ToUnicode map."""
    # ReportLab writes them as five hex digits, so copy-paste and pdftotext read 🌸 as U+1F33.
    text = _ORIGINAL_TO_UNICODE(fontname, [min(v, 0xFFFF) for v in subset])
    for i, v in enumerate(subset):
        if v > 0xFFFF:
            pair = chr(v).encode("utf-16-be").hex().upper()
            text = text.replace(f"<{i:02X}> <FFFF>", f"<{i:02X}> <{pair}>", 1)
    return text


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


@lru_cache(maxsize=4096)
def face_for(char: str) -> str | None:
    """Return the registered face name that prints a character, or None when none has it."""
    code = ord(char)
    for face in FALLBACKS:
        if any(lo <= code <= hi for lo, hi in face.prefer) and code in _CHARSETS[face.name]:
            return face.name
    if code in _CHARSETS[BASE]:
        return BASE
    for face in FALLBACKS:
        if code in _CHARSETS[face.name]:
            return face.name
    return None


def _neutral(char: str) -> bool:
    """Tell whether a character may stay in the surrounding run's face (spaces, marks, dots)."""
    return unicodedata.category(char)[0] in "ZMP" or char in "0123456789"


def is_invisible(char: str) -> bool:
    """Tell whether a character is an invisible format character (ZWJ, variation selectors...)."""
    return ord(char) in _FORMAT


def missing_glyphs(text: str | None) -> list[str]:
    """Return, once each in order, the characters of text that no bundled face can print."""
    seen: list[str] = []
    for char in str(text or ""):
        if char in "\n\r\t" or is_invisible(char) or face_for(char) is not None:
            continue
        if char not in seen:
            seen.append(char)
    return seen


def visual_order(line: str, base: str = "L") -> str:
    """Shape Arabic and put right-to-left runs of one line in display order (LTR lines as is)."""
    if not any(unicodedata.bidirectional(c) in _RTL_CLASSES for c in line):
        return line
    shaped = arabic_reshaper.reshape(line)
    # Every sheet language is left to right, as is the page showing the same text: a line's base
    # direction stays LTR, so an invisible RLM typed at its start cannot move its end to the front.
    # Free text set by BidiPara passes the base of the paragraph its line was broken from.
    return get_display(shaped, base_dir=base)


def base_direction(text: str) -> str:
    """Return "R" when the first letter of text is right-to-left, else "L" (marks ignored)."""
    for char in text:
        if unicodedata.category(char).startswith("L"):
            return "R" if unicodedata.bidirectional(char) in _RTL_CLASSES else "L"
    return "L"


def has_rtl(text: str) -> bool:
    """Tell whether text holds right-to-left letters (Hebrew, Arabic...)."""
    return any(unicodedata.bidirectional(c) in _RTL_CLASSES for c in text)


def text_width(text: str, size: float, *, bold: bool = False, base: str = "L") -> float:
    """Return the width one line takes when drawn run by run (shaped and in visual order)."""
    total = 0.0
    for face, chunk in runs(text, base):
        name = face
        if bold:
            name = BASE_BOLD if face == BASE else next(f.bold_name for f in FALLBACKS
                                                       if f.name == face)
        total += pdfmetrics.stringWidth(chunk, name, size)
    return total


def break_logical(line: str, width: float, size: float, *, bold: bool = False,
                  base: str = "L") -> list[str]:
    """Break one logical line into lines that fit width, before any reordering (greedy, words).

    Right-to-left text must be broken in reading order first and each line then reordered on
    its own: reordering first and letting the paragraph wrap would print the end of a sentence
    on its first line.
    """
    out: list[str] = []
    current = ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size, bold=bold, base=base) > width:
            out.append(current)
            current = word
        else:
            current = candidate
    out.append(current)
    return out


def runs(text: str, base: str = "L") -> list[tuple[str, str]]:
    """Split one line into (face name, text) runs; unprintable characters become U+FFFD."""
    out: list[list[str]] = []
    for char in visual_order(text, base):
        if is_invisible(char):
            continue
        face = face_for(char)
        if face is None:
            face, char = BASE, REPLACEMENT
        elif out and face != out[-1][0] and _neutral(char) and ord(char) in _CHARSETS[out[-1][0]]:
            face = out[-1][0]
        if out and out[-1][0] == face:
            out[-1][1] += char
        else:
            out.append([face, char])
    return [(face, chunk) for face, chunk in out]


def font_markup(text: str, base: str = "L") -> str:
    """Return one line as escaped Paragraph markup, non-base runs wrapped in <font name=...>."""
    parts = []
    for face, chunk in runs(text, base):
        chunk = escape(chunk)
        parts.append(chunk if face == BASE else f'<font name="{face}">{chunk}</font>')
    return "".join(parts)


def isolate(text: str) -> str:
    """Wrap one field in a bidi isolate, so a right-to-left name keeps out of its neighbours."""
    return f"\u2068{text}\u2069" if text else text


def embolden(markup: str) -> str:
    """Point the fallback <font> runs of a bold paragraph at the bold faces."""
    for face in FALLBACKS:
        if face.bold:
            markup = markup.replace(f'<font name="{face.name}">', f'<font name="{face.bold_name}">')
    return markup


def draw_string(canv, x: float, y: float, text: str, *, size: float, right: bool = False,
                bold: bool = False) -> None:
    """Draw one line on a canvas run by run (right-aligned at x when asked)."""
    pieces = []
    for face, chunk in runs(text):
        name = face
        if bold:
            name = BASE_BOLD if face == BASE else next(f.bold_name for f in FALLBACKS
                                                       if f.name == face)
        pieces.append((name, chunk, pdfmetrics.stringWidth(chunk, name, size)))
    if right:
        x -= sum(width for _, _, width in pieces)
    for name, chunk, width in pieces:
        canv.setFont(name, size)
        canv.drawString(x, y, chunk)
        x += width
