"""Text in one font, with no lead in bold and no slot: most of what a pack prints (each cell of
the chronology and the audit trail, each paragraph of the statement).

It is PlainText kept as plain strings: its words are not made into the (font, piece) pieces the
general way needs, each line is measured word by word from remembered widths and drawn as one
run. Lines break exactly where PlainText breaks them (tests/unit/test_export_line_codes.py); a
word wider than the line is cut by PlainText's own way.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.textobject import PDFTextObject

from .line_codes import show
from .navigation import link_marks
from .plain_text import PlainText
from .text_words import font_sizes, text_width


class OneFontText(PlainText):
    """Left-aligned wrapped text in one font; its hard lines and lines are lists of words."""

    def __init__(
        self, font: str, text: str, style: ParagraphStyle, first: bool = True, last: bool = True
    ) -> None:
        super().__init__([], style, 0.0, first, last)
        self.font = font
        self.hard_lines = [[w for w in line.split(" ") if w] for line in text.split("\n")]

    def _part(self, first: bool, last: bool) -> OneFontText:
        return OneFontText(self.font, "", self.style, first, last)

    def _wrap_lines(self, width: float) -> list[list[Any]]:
        """The general loop of PlainText._wrap_lines for words in one font (the same sums, in
        the same order)."""
        font, size = self.font, self.style.fontSize
        widths, space = font_sizes(font, size)
        result: list[list[Any]] = []
        for hard in self.hard_lines:
            start = len(result)
            line: list[str] = []
            used = 0.0
            for piece in hard:
                w = widths.get(piece)
                if w is None:
                    w = widths[piece] = stringWidth(piece, font, size)
                if w > width:  # a word to cut: the whole hard line the general way
                    cut = self._wrap_hard([((font, word),) for word in hard], width)
                    del result[start:]
                    result += [["".join(p for _, p in word) for word in row] for row in cut]
                    break
                if not line:
                    line.append(piece)
                    used = w
                elif used + space + w > width:
                    result.append(line)
                    line = [piece]
                    used = w
                else:
                    line.append(piece)
                    used += space + w
            else:
                result.append(line)
        return result

    def write(
        self, text: PDFTextObject, x0: float, y0: float, slots: list[tuple[float, float, str]]
    ) -> None:
        """As PlainText.write draws a line of one font: one run from the left indent."""
        font, size, leading = self.font, self.style.fontSize, self.style.leading
        if getattr(text, "_fillColorObj", None) != self.style.textColor:  # a row's cells share one
            text.setFillColor(self.style.textColor)
        y = y0 + len(self._wrapped) * leading - size  # first baseline, as Paragraph places it
        x = x0 + float(self.style.leftIndent)
        linking = bool(getattr(text._canvas, "exhibit_marks", None))
        # Each line's origin written as setTextOrigin writes it (a page drawn from the bottom
        # up, as every page of the pack is), the cursor left where it would leave it.
        code, bottom_up = text._code, text._canvas.bottomup
        last = None
        for line in self._wrapped:
            if line:
                if last is None:
                    text.setFont(font, size)
                piece = " ".join(line)
                if bottom_up:
                    code.append(f"1 0 0 1 {fp_str(x, y)} Tm")
                else:
                    text.setTextOrigin(x, y)
                last = y
                show(text, piece)
                if linking and "/" in piece:
                    width = partial(text_width, font=font, size=size)
                    link_marks(text._canvas, piece, x, y, size, width)
            y -= leading
        if last is not None:
            text._x0 = text._x = x
            text._y0 = text._y = last
