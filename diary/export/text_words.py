"""Words and their widths, for the text flowables (plain_text.py and those built on it): text
split into hard lines of words, each word's width measured once and remembered, and a hard line
of one-piece words wrapped in one loop (the quick way PlainText takes when it can)."""

from __future__ import annotations

from itertools import pairwise

from reportlab.pdfbase.pdfmetrics import stringWidth

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


def words_of(segments: list[tuple[str, str]]) -> list[list[Word]]:
    """Hard lines (split at newlines) of words, from (font, text) segments."""
    if len(segments) == 1:  # the common case, kept quick: one font, words split at spaces
        font, text = segments[0]
        return [[((font, w),) for w in line.split(" ") if w] for line in text.split("\n")]
    if all(
        before[1].endswith((" ", "\n")) or after[1].startswith((" ", "\n"))
        for before, after in pairwise(segments)
    ):  # no word runs on from one segment into the next (a bold lead and its text): each split
        lines: list[list[Word]] = [[]]
        for font, text in segments:
            for line_no, line in enumerate(text.split("\n")):
                if line_no:
                    lines.append([])
                lines[-1] += [((font, w),) for w in line.split(" ") if w]
        return lines
    return words_across(segments)


def words_across(segments: list[tuple[str, str]]) -> list[list[Word]]:
    """words_of the general way: a word may run on from one segment into the next (a word in
    two fonts)."""
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


def font_sizes(font: str, size: float) -> tuple[dict[str, float], float]:
    """The remembered widths of words in font at size, and the width of its space."""
    widths = _font_widths.get((font, size))
    if widths is None or len(widths) > _MAX_CACHED:
        widths = _font_widths[(font, size)] = {}
    return widths, text_width(" ", font, size)


def wrap_words(hard: list[Word], width: float, size: float) -> tuple[list[list[Word]], str] | None:
    """The lines of a hard line whose words are each one piece (each in its font), as the
    general loop in PlainText._wrap_lines makes them (the same sums, in the same order), and
    their one font ('' when they have several); None for anything else (a word of several
    pieces, a slot, a word wider than the line)."""
    first = font = hard[0][0][0]
    several = False
    widths, space = font_sizes(font, size)
    lines: list[list[Word]] = []
    line: list[Word] = []
    used = 0.0
    for word in hard:
        if len(word) != 1:
            return None
        word_font, piece = word[0]
        if piece.startswith(SLOT_MARK):
            return None
        if word_font != font:
            font, several = word_font, True
            widths, space = font_sizes(font, size)
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
    return lines, "" if several else first
