"""A fast text flowable for text that the base font can draw entirely (most text typed).

reportlab's Paragraph parses markup and builds fragments for every word, which costs more than
the rest of the export together. Text in one font family needs none of that: this flowable
breaks words greedily by their widths and draws each line with one text operator per font
change. It splits across pages by whole lines. Text needing other fonts, shaping or right-to-left
order is laid out by BidiText, built on this one (see bidi_text.py).

A "slot" is a word drawn from a PDF form defined later (a number not known until the document
is laid out, such as the statement's page count).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

from .line_codes import show
from .navigation import link_marks
from .text_words import SLOT_MARK, Word, text_width, wrap_words


def _width(piece: str, font: str, size: float) -> float:
    return text_width(piece, font, size)


class PlainText(Flowable):  # type: ignore[misc]
    """Left-aligned wrapped text; lines is a list of hard lines, each a list of words."""

    def __init__(
        self,
        lines: list[list[Word]],
        style: ParagraphStyle,
        slot_width: float = 0.0,
        first: bool = True,
        last: bool = True,
    ) -> None:
        super().__init__()
        # Lists of words (one_font_text.OneFontText keeps its words as plain strings).
        self.hard_lines: list[list[Any]] = lines
        self.style = style
        self.slot_width = slot_width
        self.first, self.last = first, last
        self._wrapped: list[list[Any]] = []
        self._width = -1.0
        # Set when every wrapped line is plain words in this one font: drawn the quick way.
        self._one_font = ""

    # How wide a piece is in a font at a size; BidiText measures right-to-left words shaped.
    measure = staticmethod(text_width)

    def _part(self, first: bool, last: bool) -> PlainText:
        """An empty flowable like this one, to hold some of its lines when it is split."""
        return PlainText([], self.style, self.slot_width, first, last)

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore) if self.first else 0.0

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter) if self.last else 0.0

    def _word_width(self, word: Word) -> float:
        size = self.style.fontSize
        measure = self.measure
        total = 0.0
        for font, piece in word:
            total += self.slot_width if piece.startswith(SLOT_MARK) else measure(piece, font, size)
        return total

    def _break_long(self, word: Word, width: float) -> list[Word]:
        """A word wider than the line (a long link, a hash) cut between characters."""
        parts: list[Word] = []
        current: list[tuple[str, str]] = []
        used = 0.0
        for font, piece in word:
            for char in piece:
                w = self.measure(char, font, self.style.fontSize)
                if used + w > width and (current or parts):
                    parts.append(tuple(current))
                    current, used = [], 0.0
                if current and current[-1][0] == font:
                    current[-1] = (font, current[-1][1] + char)
                else:
                    current.append((font, char))
                used += w
        if current:
            parts.append(tuple(current))
        return parts

    def _wrap_lines(self, width: float) -> list[list[Word]]:
        size = self.style.fontSize
        result: list[list[Word]] = []
        quick = self.measure is text_width  # BidiText measures shaped words its own way
        one: str | None = None  # the one font of every line so far ('' when there is none)
        for hard in self.hard_lines:
            if quick and hard:
                wrapped = wrap_words(hard, width, size)
                if wrapped is not None:
                    lines, font = wrapped
                    result += lines
                    one = font if one is None or one == font else ""
                    continue
            if hard:
                one = ""
            result += self._wrap_hard(hard, width)
        self._one_font = one or ""
        return result

    def _wrap_hard(self, hard: list[Word], width: float) -> list[list[Word]]:
        """The lines of one hard line, the general way: any words, a long one cut."""
        size = self.style.fontSize
        measure = self.measure
        result: list[list[Word]] = []
        line: list[Word] = []
        used = 0.0
        for word in hard:
            if len(word) == 1 and not word[0][1].startswith(SLOT_MARK):
                w = measure(word[0][1], word[0][0], size)
            else:
                w = self._word_width(word)
            space = measure(" ", word[0][0], size) if line else 0.0
            if line and used + space + w > width:
                result.append(line)
                line, used, space = [], 0.0, 0.0
            if w > width and not word[0][1].startswith(SLOT_MARK):
                pieces = self._break_long(word, width)
                result.extend([p] for p in pieces[:-1])
                word = pieces[-1]
                w = self._word_width(word)
            line.append(word)
            used += space + w
        result.append(line)
        return result

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width = avail_width - self.style.leftIndent
        if width != self._width:
            self._wrapped = self._wrap_lines(width)
            self._width = width
        return avail_width, len(self._wrapped) * self.style.leading

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        self.wrap(avail_width, avail_height)
        fits = int(avail_height // self.style.leading)
        if fits <= 0:
            return []
        if fits >= len(self._wrapped):
            return [self]
        head, tail = self._part(self.first, False), self._part(False, self.last)
        for part, lines in ((head, self._wrapped[:fits]), (tail, self._wrapped[fits:])):
            part.hard_lines = lines
            part._wrapped, part._width, part._one_font = lines, self._width, self._one_font
        return [head, tail]

    def _runs(self, line: list[Word]) -> list[tuple[float, str, str]]:
        """(x, font, text) runs of one line: words in the same font joined by their spaces."""
        size = self.style.fontSize
        x = float(self.style.leftIndent)
        if line:
            font = line[0][0][0]
            for w in line:  # one loop, not three passes: every line of mixed text comes here
                if len(w) != 1 or w[0][0] != font or w[0][1].startswith(SLOT_MARK):
                    break
            else:
                return [(x, font, " ".join([w[0][1] for w in line]))]
        runs: list[tuple[float, str, str]] = []
        for index, word in enumerate(line):
            space = " " if index else ""
            for piece_no, (font, piece) in enumerate(word):
                gap = space if piece_no == 0 else ""
                if gap:
                    x += text_width(" ", font, size)
                if piece.startswith(SLOT_MARK):
                    runs.append((x, "", piece[len(SLOT_MARK) :]))
                    x += self.slot_width
                    continue
                if runs and runs[-1][1] == font:
                    start, _, joined = runs[-1]
                    runs[-1] = (start, font, joined + gap + piece)
                else:
                    runs.append((x, font, piece))
                x += text_width(piece, font, size)
        return runs

    def write(
        self, text: PDFTextObject, x0: float, y0: float, slots: list[tuple[float, float, str]]
    ) -> None:
        """Add the lines to a text object, the flowable's bottom left corner at (x0, y0); slots
        (forms drawn later, see draw_slots) are added to the list."""
        size, leading = self.style.fontSize, self.style.leading
        if getattr(text, "_fillColorObj", None) != self.style.textColor:  # a row's cells share one
            text.setFillColor(self.style.textColor)
        y = y0 + len(self._wrapped) * leading - size  # first baseline, as Paragraph places it
        linking = bool(getattr(text._canvas, "exhibit_marks", None))
        if self._one_font:
            self._write_one_font(text, x0 + float(self.style.leftIndent), y, linking)
            return
        font_now = ""
        for line in self._wrapped:
            for x, font, piece in self._runs(line):
                if not font:
                    slots.append((x0 + x, y, piece))
                    continue
                if font != font_now:
                    text.setFont(font, size)
                    font_now = font
                text.setTextOrigin(x0 + x, y)
                show(text, piece)
                if linking and "/" in piece:
                    link_marks(
                        text._canvas, piece, x0 + x, y, size, partial(_width, font=font, size=size)
                    )
            y -= leading

    def _write_one_font(self, text: PDFTextObject, x: float, y: float, linking: bool) -> None:
        """write() for lines of plain words in one font: each line one run, as _runs makes it,
        drawn without working its runs out word by word."""
        font, size, leading = self._one_font, self.style.fontSize, self.style.leading
        started = False
        for line in self._wrapped:
            if line:
                if not started:
                    text.setFont(font, size)
                    started = True
                piece = " ".join([word[0][1] for word in line])
                text.setTextOrigin(x, y)
                show(text, piece)
                if linking and "/" in piece:
                    link_marks(
                        text._canvas, piece, x, y, size, partial(_width, font=font, size=size)
                    )
            y -= leading

    def draw(self) -> None:
        canvas = self.canv
        text = canvas.beginText()
        slots: list[tuple[float, float, str]] = []
        self.write(text, 0.0, 0.0, slots)
        canvas.drawText(text)
        draw_slots(canvas, slots)


def draw_slots(canvas: Any, slots: list[tuple[float, float, str]]) -> None:
    """Draw each slot's form at its place (x, baseline, form name)."""
    for x, base, name in slots:
        canvas.saveState()
        canvas.translate(x, base)
        canvas.doForm(name)
        canvas.restoreState()
