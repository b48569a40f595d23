"""Text in more than one font or direction, laid out by the Unicode Bidirectional Algorithm.

Words are broken into lines in the order they were typed; each line is then put in display
order by python-bidi (UAX #9: levels, reversal of right-to-left runs, mirrored brackets). Each
right-to-left word is shaped by HarfBuzz from its letters in typed order, so Arabic letters join
and Hebrew points sit on their letters, and its glyphs come out in display order. Nothing else is
shaped (fonts.py), so no ligature appears that the person did not type.

reportlab's own right-to-left support needs rlbidi, which is not published for every platform
this app runs on; without it a Paragraph lays a line out left to right, which printed the words
of an Arabic or Hebrew sentence in reverse order.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

from bidi import get_display
from reportlab.lib.abag import ABag
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.ttfonts import shapeFragWord
from reportlab.pdfgen.textobject import PDFTextObject

from .fonts import INVISIBLE, SHAPED, FontSet, font_for, font_set
from .navigation import link_marks
from .plain_text import PlainText
from .text_words import Word, text_width

# Directional formatting characters: they steer the algorithm and are never drawn.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_KEPT = BIDI_CONTROLS | {"\n"}
_RIGHT_TO_LEFT = frozenset({"R", "AL", "NSM"})
# HarfBuzz features for Arabic and Hebrew: required forms and kerning, but no optional
# ligatures, whose glyphs have no character of their own and would extract as nonsense.
_FEATURES = {"kern": True, "liga": False, "dlig": False}


def starts_right_to_left(text: str) -> bool:
    """Whether the first letter with a direction is Arabic or Hebrew (the Unicode rule for a
    paragraph's direction): such a paragraph is aligned to the right, as its reader expects."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def drawable(text: str, base: str, fonts: FontSet) -> str:
    """text without invisible joiners, with U+FFFD for characters no embedded font has."""
    out = []
    for char in text:
        if char in INVISIBLE:
            continue
        if char not in _KEPT and not fonts.has(font_for(char, base, fonts), char):
            char = "\ufffd"
        out.append(char)
    return "".join(out)


def pieces(text: str, base: str, fonts: FontSet, controls: bool = False) -> list[tuple[str, str]]:
    """(font, text) pieces: each character in the font that draws it, spaces and punctuation in
    the base font when it has them; directional controls kept (for the algorithm to read) only
    when controls is true."""
    result: list[tuple[str, str]] = []
    for char in text:
        if char in BIDI_CONTROLS:
            if controls:
                result.append((result[-1][0] if result else base, char))
            continue
        font = font_for(char, base, fonts)
        if result and result[-1][0] == font:
            result[-1] = (font, result[-1][1] + char)
        else:
            result.append((font, char))
    return result


def _right_to_left(char: str) -> bool:
    return unicodedata.bidirectional(char) in _RIGHT_TO_LEFT


def _letter_runs(piece: str) -> list[tuple[bool, str]]:
    """A piece cut into (right-to-left letters?, text) runs."""
    runs: list[tuple[bool, str]] = []
    for char in piece:
        rtl = _right_to_left(char)
        if runs and runs[-1][0] == rtl:
            runs[-1] = (rtl, runs[-1][1] + char)
        else:
            runs.append((rtl, char))
    return runs


@cache
def _shaped(letters: str, font: str, size: float) -> Any:
    """letters (in typed order) shaped right to left: a string of glyphs in display order that
    reportlab draws with HarfBuzz's positions."""
    word = [text_width(letters, font, size), (ABag(fontName=font, fontSize=size), letters)]
    return shapeFragWord(word, features=_FEATURES, force=True)[1][1]


def _shaped_width(shaped: Any, font: str, size: float) -> float:
    data = getattr(shaped, "__shapeData__", None)
    if data is None:
        return text_width(str(shaped), font, size)
    return float(sum(d.x_advance for d in data) * size / 1000)


def measure(piece: str, font: str, size: float) -> float:
    """The width of a piece as it is drawn: right-to-left letters shaped."""
    if not BIDI_CONTROLS.isdisjoint(piece):
        piece = "".join(c for c in piece if c not in BIDI_CONTROLS)
    if font not in SHAPED:
        return text_width(piece, font, size)
    total = 0.0
    for rtl, run in _letter_runs(piece):
        total += (
            _shaped_width(_shaped(run, font, size), font, size)
            if rtl
            else text_width(run, font, size)
        )
    return total


def _display_runs(piece: str, font: str, size: float) -> list[tuple[str, Any, float]]:
    """(font, text to draw, width) for a piece already in display order."""
    if font not in SHAPED:
        return [(font, piece, text_width(piece, font, size))]
    runs = []
    for rtl, run in _letter_runs(piece):
        if rtl:
            shaped = _shaped(run[::-1], font, size)  # display order back to typed order
            runs.append((font, shaped, _shaped_width(shaped, font, size)))
        else:
            runs.append((font, run, text_width(run, font, size)))
    return runs


class BidiText(PlainText):
    """Wrapped text in any script, each line in display order; aligned right when the paragraph
    starts in a right-to-left script. The first lead_words words are app text (a number, a
    label), drawn first on the left whatever the direction of what follows."""

    measure = staticmethod(measure)

    def __init__(
        self,
        lines: list[list[Word]],
        style: ParagraphStyle,
        rtl: bool,
        lead_words: int = 0,
        first: bool = True,
        last: bool = True,
    ) -> None:
        super().__init__(lines, style, 0.0, first, last)
        self.rtl = rtl
        self.lead_words = lead_words

    def _part(self, first: bool, last: bool) -> BidiText:
        return BidiText([], self.style, self.rtl, self.lead_words if first else 0, first, last)

    def _lead(self, words: list[Word]) -> list[tuple[str, Any, float]]:
        """The lead's runs as they are (app text, left to right), each word with its space."""
        size = self.style.fontSize
        runs: list[tuple[str, Any, float]] = []
        for word in words:
            runs += [(font, piece, text_width(piece, font, size)) for font, piece in word]
            font = word[-1][0]
            runs.append((font, " ", text_width(" ", font, size)))
        return runs

    def _display(self, line: list[Word]) -> list[tuple[str, Any, float]]:
        """The line's runs, left to right as they are drawn: (font, text, width)."""
        base, size = self.style.fontName, self.style.fontSize
        logical = " ".join("".join(piece for _, piece in word) for word in line)
        visual = str(get_display(logical, base_dir="R" if self.rtl else "L"))
        runs: list[tuple[str, Any, float]] = []
        for font, piece in pieces(visual, base, font_set()):
            runs += _display_runs(piece, font, size)
        return runs

    def write(
        self, text: PDFTextObject, x0: float, y0: float, slots: list[tuple[float, float, str]]
    ) -> None:
        size, leading = self.style.fontSize, self.style.leading
        if getattr(text, "_fillColorObj", None) != self.style.textColor:
            text.setFillColor(self.style.textColor)
        y = y0 + len(self._wrapped) * leading - size
        for number, line in enumerate(self._wrapped):
            skip = self.lead_words if number == 0 else 0
            lead, runs = self._lead(line[:skip]), self._display(line[skip:])
            x = x0 + self.style.leftIndent
            for font, piece, width in lead:
                x = self._show(text, font, piece, x, y) + width
            if self.rtl:
                used = sum(width for _, _, width in lead) + sum(width for _, _, width in runs)
                x += max(0.0, self._width - used)
            for font, piece, width in runs:
                x = self._show(text, font, piece, x, y) + width
            y -= leading

    def _show(self, text: PDFTextObject, font: str, piece: Any, x: float, y: float) -> float:
        """Draw piece with its left end at (x, y); return x."""
        if text._fontname != font or text._fontsize != self.style.fontSize:
            text.setFont(font, self.style.fontSize)
        text.setTextOrigin(x, y)
        text._textOut(piece)
        if type(piece) is str and "/" in piece:
            size = self.style.fontSize
            link_marks(text._canvas, piece, x, y, size, lambda s: text_width(s, font, size))
        return x
