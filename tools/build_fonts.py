"""Rebuild the subset Noto fonts under notes_app/static/fonts/ (a maintainer's tool, not run by CI).

Needs fontTools and Debian's fonts-noto-core, fonts-noto-cjk and fonts-symbola installed:
    apt-get install -y --no-install-recommends fonts-noto-core fonts-noto-cjk fonts-symbola
    .venv/bin/pip install fonttools && .venv/bin/python tools/build_fonts.py
ReportLab embeds TrueType outlines only, so the CFF-based Noto Sans CJK is converted to quadratic
curves; every face is cut to the characters clients' names use, so the repository stays small
(ReportLab embeds only the glyphs a sheet uses, so the PDFs stay small either way).
"""
from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

OUT = Path(__file__).resolve().parent.parent / "notes_app" / "static" / "fonts"
NOTO = Path("/usr/share/fonts/truetype/noto")
CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-{}.ttc")
SYMBOLA = Path("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf")
CJK_SC = 2  # the Simplified Chinese face of the collection


def codec_chars(codec: str, leads: range, trails) -> set[int]:
    """Return the code points a two-byte legacy encoding can write (its common repertoire)."""
    found = set()
    for lead in leads:
        for trail in trails:
            try:
                text = bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                found.add(ord(text))
    return found


def cjk_repertoire() -> set[int]:
    """Han of GB 2312, JIS X 0208 and Big5 level 1, kana, KS X 1001 Hangul, punctuation."""
    chars = codec_chars("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))
    chars |= codec_chars("euc_jp", range(0xA1, 0xF5), range(0xA1, 0xFF))
    chars |= codec_chars("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    chars |= codec_chars("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF))
    chars |= set(range(0x3000, 0x3100)) | set(range(0x3130, 0x3190)) | set(range(0xFF00, 0xFFF0))
    return chars


def to_truetype(font: TTFont) -> None:
    """Replace a font's CFF outlines by quadratic TrueType glyphs, in place."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.numGlyphs = len(order)
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"


def cut(font: TTFont, chars: set[int] | None, out: Path, *, layout: bool) -> None:
    """Subset a font to chars (all when None), keep shaping tables when asked, and save it."""
    options = subset.Options()
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = ["*"] if layout else []
    subsetter = subset.Subsetter(options)
    cmap = font.getBestCmap()
    subsetter.populate(unicodes=[c for c in (chars or cmap) if c in cmap])
    subsetter.subset(font)
    font.save(out)
    print(f"{out.name}: {len(font.getGlyphOrder())} glyphs, {out.stat().st_size // 1024} KiB")


def main() -> int:
    """Write every bundled fallback face."""
    arabic = set(range(0x0600, 0x0700)) | set(range(0x0750, 0x0780)) | set(range(0xFB50, 0xFE00)) \
        | set(range(0xFE70, 0xFF00)) | set(range(0x20, 0x7F)) | {0x200C, 0x200D, 0x200E, 0x200F}
    for weight in ("Regular", "Bold"):
        cut(TTFont(NOTO / f"NotoSansArabic-{weight}.ttf"), arabic,
            OUT / f"NotoSansArabic-{weight}.ttf", layout=False)
        cut(TTFont(NOTO / f"NotoSansHebrew-{weight}.ttf"), None,
            OUT / f"NotoSansHebrew-{weight}.ttf", layout=False)
        cut(TTFont(NOTO / f"NotoSansThai-{weight}.ttf"), None,
            OUT / f"NotoSansThai-{weight}.ttf", layout=False)
    cjk = TTCollection(str(CJK).format("Regular")).fonts[CJK_SC]
    cut(cjk, cjk_repertoire(), OUT / "NotoSansCJKsc-Regular.ttf", layout=False)
    cjk = TTFont(OUT / "NotoSansCJKsc-Regular.ttf")
    to_truetype(cjk)
    cjk.save(OUT / "NotoSansCJKsc-Regular.ttf")
    print(f"NotoSansCJKsc-Regular.ttf (TrueType): "
          f"{(OUT / 'NotoSansCJKsc-Regular.ttf').stat().st_size // 1024} KiB")
    emoji = set(range(0x1F300, 0x1FB00)) | set(range(0x2600, 0x27C0)) | set(range(0x2B00, 0x2C00))
    cut(TTFont(SYMBOLA), emoji, OUT / "Symbola-Emoji.ttf", layout=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
