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

from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

from .navigation import link_marks

Word = tuple[tuple[str, str], ...]  # (font, piece) pieces with no space between them
SLOT_MARK = "\x00slot:"
_widths: dict[tuple[str, str, float], float] = {}
# Each cache of measured or coded words starts again past this many: a diary's own vocabulary
# fits, while a pack of tens of thousands of entries (each with its own numbers, names and
# times) holds a few megabytes of them, not tens.
_MAX_CACHED = 50_000


def text_width(piece: str, font: str, size: float) -> float:
    """stringWidth, remembered: words repeat, and measuring is most of the cost of wrapping."""
    key = (font, piece, size)
    width = _widths.get(key)
    if width is None:
        if len(_widths) > _MAX_CACHED:
            _widths.clear()
        width = _widths[key] = stringWidth(piece, font, size)
    return width


def _width(piece: str, font: str, size: float) -> float:
    return text_width(piece, font, size)


_Codes = dict[tuple[str, str], tuple[int, bytes] | None]


def _coded(font: Any, word: str, doc: Any) -> tuple[int, bytes] | None:
    """A word's (subset, bytes) in a TrueType font's subsets for this document, or None when its
    characters fall in more than one subset; remembered per document, since finding each
    character's code is most of the cost of drawing a line."""
    cache: dict[tuple[str, str], tuple[int, bytes] | None] | None = getattr(
        doc, "_word_codes", None
    )
    if cache is None or len(cache) > _MAX_CACHED:
        cache = doc._word_codes = {}
    key = (font.fontName, word)
    try:
        return cache[key]
    except KeyError:
        pieces = font.splitString(word, doc)
        coded = cache[key] = pieces[0] if len(pieces) == 1 else None
        return coded


class _LineCodes:
    """A TrueType font's codes in one subset of this document, as a table for str.translate: a
    line whose characters all have codes there is coded in one step."""

    def __init__(self, font: Any, doc: Any, subset: int) -> None:
        state = font.state[doc]
        self.assigned = len(state.assignments)
        self.table = {code: n & 0xFF for code, n in state.assignments.items() if n >> 8 == subset}
        if 32 in self.table:
            self.table[0xA0] = self.table[32]  # as splitString: a no-break space is a space
        self.characters = frozenset(map(chr, self.table))


def _line_codes(font: Any, doc: Any, subset: int) -> _LineCodes:
    tables: dict[tuple[str, int], _LineCodes] | None = getattr(doc, "_line_codes", None)
    if tables is None:
        tables = doc._line_codes = {}
    key = (font.fontName, subset)
    table = tables.get(key)
    if table is None or table.assigned != len(font.state[doc].assignments):
        table = tables[key] = _LineCodes(font, doc, subset)
    return table


def show(text: PDFTextObject, piece: str) -> None:
    """Draw piece at the text object's origin in its current font and size, as textOut would
    (without moving the cursor, which every line sets anew). A line of TrueType characters that
    share a subset is coded in one step from the codes they were given before; a line with a
    character new to the document, a word at a time; anything else goes through reportlab as it
    is."""
    font = getFont(text._fontname)
    if not font._dynamicFont:
        text._textOut(piece)
        return
    canvas = text._canvas
    doc = canvas._doc
    space = _coded(font, " ", doc)
    if space is None:
        text._textOut(piece)
        return
    subset = space[0]
    codes = _line_codes(font, doc, subset)
    if codes.characters.issuperset(piece):
        data = piece.translate(codes.table).encode("latin-1")
    else:  # a character not drawn before (or one the font lacks): a word at a time
        words = [_coded(font, word, doc) for word in piece.split(" ")]
        if any(w is None or w[0] != subset for w in words):
            text._textOut(piece)
            return
        data = space[1].join([w[1] for w in words])  # type: ignore[index]
    if subset != text._curSubset:
        name = font.getSubsetInternalName(subset, doc)
        text._code.append(f"{name} {fp_str(text._fontsize)} Tf {fp_str(text._leading)} TL")
        text._curSubset = subset
    text._code.append(f"({canvas._escape(data)}) Tj")


def words_of(segments: list[tuple[str, str]]) -> list[list[Word]]:
    """Hard lines (split at newlines) of words, from (font, text) segments."""
    if len(segments) == 1:  # the common case, kept quick: one font, words split at spaces
        font, text = segments[0]
        return [[((font, w),) for w in line.split(" ") if w] for line in text.split("\n")]
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


_font_widths: dict[tuple[str, float], dict[str, float]] = {}


def _wrap_one_font(hard: list[Word], width: float, size: float) -> list[list[Word]] | None:
    """The lines of a hard line whose words are each one piece in one font, as the general
    loop in PlainText._wrap_lines makes them (the same sums, in the same order), or None for
    anything else (several fonts, a slot, a word wider than the line)."""
    font = hard[0][0][0]
    for word in hard:
        if len(word) != 1 or word[0][0] != font or word[0][1].startswith(SLOT_MARK):
            return None
    widths = _font_widths.get((font, size))
    if widths is None or len(widths) > _MAX_CACHED:
        widths = _font_widths[(font, size)] = {}
    space = text_width(" ", font, size)
    lines: list[list[Word]] = []
    line: list[Word] = []
    used = 0.0
    for word in hard:
        piece = word[0][1]
        w = widths.get(piece)
        if w is None:
            w = widths[piece] = stringWidth(piece, font, size)
        if w > width:
            return None
        if not line:
            line.append(word)
            used = w
        elif used + space + w > width:
            lines.append(line)
            line = [word]
            used = w
        else:
            line.append(word)
            used += space + w
    lines.append(line)
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
        measure = self.measure
        result: list[list[Word]] = []
        quick = self.measure is text_width  # BidiText measures shaped words its own way
        for hard in self.hard_lines:
            if quick and hard:
                lines = _wrap_one_font(hard, width, size)
                if lines is not None:
                    result += lines
                    continue
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
            part._wrapped, part._width = lines, self._width
        return [head, tail]

    def _runs(self, line: list[Word]) -> list[tuple[float, str, str]]:
        """(x, font, text) runs of one line: words in the same font joined by their spaces."""
        size = self.style.fontSize
        x = float(self.style.leftIndent)
        if line and all(len(w) == 1 for w in line):
            fonts = {w[0][0] for w in line}
            if len(fonts) == 1 and not any(w[0][1].startswith(SLOT_MARK) for w in line):
                return [(x, line[0][0][0], " ".join(w[0][1] for w in line))]
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
        font_now = ""
        linking = bool(getattr(text._canvas, "exhibit_marks", None))
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
