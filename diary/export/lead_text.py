"""Text in one font after a lead in bold: each numbered paragraph of the statement ('12. On
Monday…'), and the other places where app text leads a person's words.

PlainText lays these out from a (bold, lead) and a (font, text) segment, making every word a
(font, piece) piece and finding each line's runs word by word. Here the words stay strings, as
in OneFontText: the lead's words are the first ones, so a line knows which of its words are in
bold by counting. Lines break and are drawn exactly as PlainText breaks and draws them
(tests/unit/test_export_line_codes.py). A lead word wider than the line (which a number never
is) turns the text back into PlainText's own way, pieces and all.
"""

from __future__ import annotations

from functools import partial
from itertools import chain, islice
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.textobject import PDFTextObject

from .line_codes import show
from .navigation import link_marks
from .one_font_text import OneFontText
from .plain_text import PlainText
from .text_words import Word, font_sizes, text_width


class LeadText(OneFontText):
    """OneFontText whose first `lead` words are in bold (the lead holds no line break)."""

    def __init__(
        self,
        font: str,
        bold: str,
        lead: str,
        text: str,
        style: ParagraphStyle,
        first: bool = True,
        last: bool = True,
    ) -> None:
        super().__init__(font, text, style, first, last)
        self.bold = bold
        lead_words = [w for w in lead.split(" ") if w]
        self.hard_lines[0][:0] = lead_words
        self.lead = len(lead_words)
        self.general = False  # laid out PlainText's own way (a lead word wider than the line)

    def _part(self, first: bool, last: bool) -> PlainText:
        if self.general:
            return PlainText([], self.style, 0.0, first, last)
        part = LeadText(self.font, self.bold, "", "", self.style, first, last)
        part.lead = 0
        return part

    def _to_general(self) -> None:
        """From here on, PlainText's own way: its words made into pieces, the lead's in bold."""
        left = self.lead
        lines: list[list[Any]] = []
        for hard in self.hard_lines:
            lines.append(
                [((self.bold if n < left else self.font, word),) for n, word in enumerate(hard)]
            )
            left = max(0, left - len(hard))
        self.hard_lines = lines
        self.general = True

    def _wrap_lines(self, width: float) -> list[list[Any]]:
        if not self.general:
            size = self.style.fontSize
            widths, _ = font_sizes(self.bold, size)
            for word in islice(chain.from_iterable(self.hard_lines), self.lead):
                w = widths.get(word)
                if w is None:
                    w = widths[word] = stringWidth(word, self.bold, size)
                if w > width:
                    self._to_general()
                    break
        if self.general:
            return PlainText._wrap_lines(self, width)
        if not self.lead:
            return super()._wrap_lines(width)
        return self._wrap_with_lead(width)

    def _wrap_with_lead(self, width: float) -> list[list[Any]]:
        """OneFontText._wrap_lines, its first words measured in bold (each word's own font for
        its width and the space before it, as PlainText measures them)."""
        font, bold, size = self.font, self.bold, self.style.fontSize
        plain_widths, plain_space = font_sizes(font, size)
        bold_widths, bold_space = font_sizes(bold, size)
        left = self.lead
        result: list[list[Any]] = []
        for hard in self.hard_lines:
            start = len(result)
            line: list[str] = []
            used = 0.0
            for index, piece in enumerate(hard):
                if index < left:
                    widths, space, measured_in = bold_widths, bold_space, bold
                else:
                    widths, space, measured_in = plain_widths, plain_space, font
                w = widths.get(piece)
                if w is None:
                    w = widths[piece] = stringWidth(piece, measured_in, size)
                if w > width:  # a word of the text to cut: the hard line PlainText's way
                    words: list[Word] = [
                        ((bold if n < left else font, word),) for n, word in enumerate(hard)
                    ]
                    cut = self._wrap_hard(words, width)
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
            left = max(0, left - len(hard))
        return result

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        parts = super().split(avail_width, avail_height)
        if len(parts) == 2 and isinstance(parts[0], LeadText):
            head, tail = parts
            head.lead = min(self.lead, sum(len(line) for line in head._wrapped))
            tail.lead = self.lead - head.lead
        return parts

    def write(
        self, text: PDFTextObject, x0: float, y0: float, slots: list[tuple[float, float, str]]
    ) -> None:
        """PlainText.write's loop: the lines holding the lead in runs found word by word, the
        rest each one run."""
        if self.general:
            PlainText.write(self, text, x0, y0, slots)
            return
        if not self.lead:
            super().write(text, x0, y0, slots)
            return
        font, size, leading = self.font, self.style.fontSize, self.style.leading
        if getattr(text, "_fillColorObj", None) != self.style.textColor:
            text.setFillColor(self.style.textColor)
        y = y0 + len(self._wrapped) * leading - size  # first baseline, as Paragraph places it
        linking = bool(getattr(text._canvas, "exhibit_marks", None))
        indent = float(self.style.leftIndent)
        font_now = ""
        left = self.lead
        for line in self._wrapped:
            if left > 0 and line:
                words: list[Word] = [
                    ((self.bold if n < left else font, w),) for n, w in enumerate(line)
                ]
                left -= len(line)
                runs = self._runs(words)
            else:
                runs = [(indent, font, " ".join(line))] if line else []
            for x, run_font, piece in runs:
                if run_font != font_now:
                    text.setFont(run_font, size)
                    font_now = run_font
                text.setTextOrigin(x0 + x, y)
                show(text, piece)
                if linking and "/" in piece:
                    width = partial(text_width, font=run_font, size=size)
                    link_marks(text._canvas, piece, x0 + x, y, size, width)
            y -= leading
