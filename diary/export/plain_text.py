"""A fast text flowable for text that the base font can draw entirely (most text typed).

reportlab's Paragraph parses markup and builds fragments for every word, which costs more than
the rest of the export together. Text in one font family needs none of that: this flowable
breaks words greedily by their widths and draws each line with one text operator per font
change. It splits across pages by whole lines. Text needing other fonts, shaping or right-to-left
order still goes through Paragraph (see text.py).

A "slot" is a word drawn from a PDF form defined later (a number not known until the document
is laid out, such as the statement's page count).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

Word = tuple[tuple[str, str], ...]  # (font, piece) pieces with no space between them
SLOT_MARK = "\x00slot:"
_widths: dict[tuple[str, str, float], float] = {}
_MAX_CACHED = 200_000


def text_width(piece: str, font: str, size: float) -> float:
    """stringWidth, remembered: words repeat, and measuring is most of the cost of wrapping."""
    key = (font, piece, size)
    width = _widths.get(key)
    if width is None:
        if len(_widths) > _MAX_CACHED:
            _widths.clear()
        width = _widths[key] = stringWidth(piece, font, size)
    return width


def words_of(segments: list[tuple[str, str]]) -> list[list[Word]]:
    """Hard lines (split at newlines) of words, from (font, text) segments."""
    lines: list[list[Word]] = [[]]
    current: list[tuple[str, str]] = []

    def end_word() -> None:
        if current:
            lines[-1].append(tuple(current))
            current.clear()

    for font, text in segments:
        for line_no, line in enumerate(text.split("\n")):
            if line_no:
                end_word()
                lines.append([])
            for index, piece in enumerate(line.split(" ")):
                if index:
                    end_word()
                if piece:
                    current.append((font, piece))
    end_word()
    return lines


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
        self.hard_lines = lines
        self.style = style
        self.slot_width = slot_width
        self.first, self.last = first, last
        self._wrapped: list[list[Word]] = []
        self._width = -1.0

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore) if self.first else 0.0

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter) if self.last else 0.0

    def _word_width(self, word: Word) -> float:
        size = self.style.fontSize
        total = 0.0
        for font, piece in word:
            total += (
                self.slot_width if piece.startswith(SLOT_MARK) else text_width(piece, font, size)
            )
        return total

    def _break_long(self, word: Word, width: float) -> list[Word]:
        """A word wider than the line (a long link, a hash) cut between characters."""
        parts: list[Word] = []
        current: list[tuple[str, str]] = []
        used = 0.0
        for font, piece in word:
            for char in piece:
                w = stringWidth(char, font, self.style.fontSize)
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
        for hard in self.hard_lines:
            line: list[Word] = []
            used = 0.0
            for word in hard:
                w = self._word_width(word)
                space = text_width(" ", word[0][0], size) if line else 0.0
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
        head = PlainText([], self.style, self.slot_width, self.first, False)
        tail = PlainText([], self.style, self.slot_width, False, self.last)
        for part, lines in ((head, self._wrapped[:fits]), (tail, self._wrapped[fits:])):
            part.hard_lines = lines
            part._wrapped, part._width = lines, self._width
        return [head, tail]

    def _runs(self, line: list[Word]) -> list[tuple[float, str, str]]:
        """(x, font, text) runs of one line: words in the same font joined by their spaces."""
        size = self.style.fontSize
        runs: list[tuple[float, str, str]] = []
        x = float(self.style.leftIndent)
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

    def draw(self) -> None:
        canvas = self.canv
        size, leading = self.style.fontSize, self.style.leading
        text = canvas.beginText()
        text.setFillColor(self.style.textColor)
        slots: list[tuple[float, float, str]] = []
        y = len(self._wrapped) * leading - size  # first baseline, as Paragraph places it
        font_now = ""
        for line in self._wrapped:
            for x, font, piece in self._runs(line):
                if not font:
                    slots.append((x, y, piece))
                    continue
                if font != font_now:
                    text.setFont(font, size)
                    font_now = font
                text.setTextOrigin(x, y)
                text.textOut(piece)
            y -= leading
        canvas.drawText(text)
        for x, base, name in slots:
            canvas.saveState()
            canvas.translate(x, base)
            canvas.doForm(name)
            canvas.restoreState()
