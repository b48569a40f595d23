"""The embedded fonts, and which of them can draw a given character.

reportlab has no font fallback: a character missing from the font in use is drawn as an empty box.
So text is split into runs by the font that has the glyph (see text.py). Arabic and Hebrew always
go to the Noto faces, which carry the shaping tables; emoji and symbols go to Symbola; Chinese and
Japanese to Droid Sans Fallback.

Only the Arabic and Hebrew faces are ever shaped. reportlab shapes with HarfBuzz's discretionary
ligatures on, and DejaVu Sans then draws "st" as the single glyph U+FB06: the page would show,
and a search or a screen reader would read, letters the person did not type.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import cache

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from diary.resources import resource_path

SANS = "EvidenceSans"
SANS_BOLD = "EvidenceSans-Bold"
ARABIC = "EvidenceArabic"
HEBREW = "EvidenceHebrew"
SYMBOLS = "EvidenceSymbols"
MONO = "EvidenceMono"  # hashes and fingerprints, so they read evenly and line up
CJK = "EvidenceCJK"
SHAPED = frozenset({ARABIC, HEBREW})

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    ARABIC: "NotoSansArabic-Regular.ttf",
    HEBREW: "NotoSansHebrew-Regular.ttf",
    SYMBOLS: "Symbola.ttf",
    MONO: "DejaVuSansMono.ttf",
    CJK: "DroidSansFallbackFull.ttf",
}

_ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
_HEBREW_RANGES = ((0x0590, 0x05FF), (0xFB1D, 0xFB4F))

# Invisible joiners and selectors that no embedded font draws; they are left out of the drawing
# (the bundle's entries.json keeps the original text).
INVISIBLE = frozenset("\u200d\ufe0e\ufe0f\u200b\u2060")


@dataclass(frozen=True)
class FontSet:
    """The registered fonts and, for each, the set of code points it can draw."""

    coverage: dict[str, frozenset[int]]

    def has(self, font: str, char: str) -> bool:
        return ord(char) in self.coverage[font]


def _in(ranges: tuple[tuple[int, int], ...], code: int) -> bool:
    return any(low <= code <= high for low, high in ranges)


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map, but with characters beyond U+FFFF (emoji) written as UTF-16
    surrogate pairs, as the PDF format requires; reportlab writes `<1F525>`, which readers
    reject, and the emoji then vanishes from copied or extracted text."""
    text = str(_original_cmap(fontname, subset))
    if all(code <= 0xFFFF for code in subset):
        return text
    lines = text.split("\n")
    first = lines.index(f"{len(subset)} beginbfchar") + 1
    lines[first : first + len(subset)] = [
        f"<{index:02X}> <{_utf16_hex(code)}>" for index, code in enumerate(subset)
    ]
    return "\n".join(lines)


_original_cmap = ttfonts.makeToUnicodeCMap
ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def _register(name: str) -> frozenset[int]:
    """Register one embedded font; the code points it can draw."""
    font = TTFont(name, str(resource_path("fonts", _FILES[name])), shapable=name in SHAPED)
    pdfmetrics.registerFont(font)
    return frozenset(font.face.charToGlyph)


class _Coverage(dict[str, frozenset[int]]):
    """Each font's code points. The Chinese and Japanese face is large (about 20 MB in memory
    and a sixth of a second to read): it is registered only when a character none of the other
    faces draws is looked up in it, so a pack without such text never loads it."""

    def __missing__(self, name: str) -> frozenset[int]:
        if name not in _LAZY:
            raise KeyError(name)
        with _loading:
            if name not in self:
                self[name] = _register(name)
        return self[name]


_LAZY = frozenset({CJK})
_loading = threading.Lock()


@cache
def font_set() -> FontSet:
    """Register the embedded fonts once per process (the large CJK face when first needed) and
    return their coverage."""
    coverage = _Coverage({name: _register(name) for name in _FILES if name not in _LAZY})
    pdfmetrics.registerFontFamily(
        SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD
    )
    return FontSet(coverage)


def is_neutral(char: str) -> bool:
    """Spaces, punctuation and digits: they join the run they sit in rather than start a new one."""
    return unicodedata.bidirectional(char) in {"WS", "CS", "ON", "EN", "ES", "ET", "AN", "BN", "S"}


def font_for(char: str, base: str, fonts: FontSet) -> str:
    """The font that should draw char in text whose main font is base."""
    code = ord(char)
    if _in(_ARABIC_RANGES, code):
        return ARABIC
    if _in(_HEBREW_RANGES, code):
        return HEBREW
    if fonts.has(base, char):
        return base
    if fonts.has(SYMBOLS, char):
        return SYMBOLS
    if fonts.has(SANS, char):
        return SANS
    if fonts.has(CJK, char):
        return CJK
    return base
