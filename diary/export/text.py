"""User text made safe for reportlab: split into font runs, cut into modest paragraphs.

Everything a person typed passes through here on its way to the page, and never through
reportlab's Paragraph markup, so no typed text is ever read as markup (`<img src=...>` stays
words on the page). Runs mean each character is drawn by a font that has it; text needing more
than the base font is laid out by the bidirectional algorithm (bidi_text.py); splitting keeps
layout linear.
"""

from __future__ import annotations

import re
from functools import cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from .bidi_text import BidiText, drawable, pieces, starts_right_to_left
from .emoji_names import name_sequences
from .fonts import SANS, SANS_BOLD, FontSet, font_set
from .lead_text import LeadText
from .one_font_text import OneFontText
from .plain_text import PlainText
from .text_words import words_of

# About a screenful of text per Paragraph: long enough to read as one block, short enough that
# reportlab's line breaking stays fast.
MAX_PARAGRAPH_CHARS = 1500
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """Line ends made uniform, tabs as spaces, other control characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL.sub("", text)


def font_runs(text: str, base: str, fonts: FontSet | None = None) -> list[tuple[str, str]]:
    """(font, text) pieces of one line; characters no font has become U+FFFD, never a box."""
    fonts = fonts or font_set()
    if _plain(text, base):
        return [(base, text)] if text else []
    return pieces(drawable(text, base, fonts), base, fonts)


def _bidi_text(text: str, style: ParagraphStyle, bold_lead: str) -> BidiText:
    """Text that needs other fonts, shaping or right-to-left order: each emoji sequence named,
    each character in a font that has it, laid out by the bidirectional algorithm."""
    base, fonts = style.fontName, font_set()
    text = drawable(name_sequences(text), base, fonts)
    segments = [(_bold(base), bold_lead + " ")] if bold_lead else []
    for index, line in enumerate(text.split("\n")):
        segments += [(base, "\n")] if index else []
        segments += [(font, piece) for font, piece in pieces(line, base, fonts, True)]
    return BidiText(words_of(segments), style, starts_right_to_left(text), len(bold_lead.split()))


def _bold(font: str) -> str:
    return SANS_BOLD if font == SANS else font


def _needs_shaping(code: int) -> bool:
    return 0x0590 <= code <= 0x08FF or 0xFB1D <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF


@cache
def _plain_characters(font: str) -> frozenset[str]:
    coverage = font_set().coverage[font]
    return frozenset(chr(c) for c in coverage if not _needs_shaping(c)) | {"\n"}


@cache
def _has_printable_ascii(font: str) -> bool:
    return all(chr(c) in _plain_characters(font) for c in range(32, 127))


def _plain(text: str, font: str) -> bool:
    """True when every character is in the base font and none needs shaping (the fast path)."""
    if text.isascii() and text.replace("\n", "").isprintable() and _has_printable_ascii(font):
        return True  # most text, answered without building a set of its characters
    return set(text) <= _plain_characters(font)


def para(text: str, style: ParagraphStyle, bold_lead: str = "") -> Flowable:
    """One flowable of user text (keep it short: use paragraphs() for anything long).

    bold_lead is app text (a number, a label) drawn in bold before the text.
    """
    text = clean(text)
    font = style.fontName
    if _plain(text, font):
        if not bold_lead:
            return OneFontText(font, text, style)
        if "\n" not in bold_lead:
            return LeadText(font, _bold(font), bold_lead, text, style)
        return PlainText(words_of([(_bold(font), bold_lead + " "), (font, text)]), style)
    return _bidi_text(text, style, bold_lead)


def chunks(text: str, limit: int = MAX_PARAGRAPH_CHARS) -> list[str]:
    """text cut at blank lines, then at line ends, then at spaces, into pieces of at most limit."""
    pieces: list[str] = []
    for block in re.split(r"\n\s*\n", clean(text).strip()):
        while len(block) > limit:
            cut = block.rfind("\n", 0, limit)
            if cut < limit // 2:
                cut = block.rfind(" ", 0, limit)
            if cut < limit // 2:
                cut = limit
            pieces.append(block[:cut])
            block = block[cut:].lstrip("\n ")
        if block.strip():
            pieces.append(block)
    return pieces


def paragraphs(text: str, style: ParagraphStyle, bold_lead: str = "") -> list[Flowable]:
    """Long user text as several flowables, one per paragraph the person wrote; text that needs
    reportlab's Paragraph is also cut into pieces of modest length (see MAX_PARAGRAPH_CHARS)."""
    limit = len(text) + 1 if _plain(text, style.fontName) else MAX_PARAGRAPH_CHARS
    result = []
    for index, piece in enumerate(chunks(text, limit) or [""]):
        result.append(para(piece, style, bold_lead if index == 0 else ""))
    return result


def lead_list(entries: list[tuple[str, str]], style: ParagraphStyle) -> list[Flowable]:
    """Entries of (bold lead, user text), one to a line, as few flowables as possible: runs of
    plain entries share one flowable; an entry needing other fonts gets its own."""
    result: list[Flowable] = []
    group: list[tuple[str, str]] = []
    font = style.fontName

    def flush() -> None:
        if group:
            segments = []
            for index, (lead, text) in enumerate(group):
                segments += [(_bold(font), ("\n" if index else "") + lead + " "), (font, text)]
            result.append(PlainText(words_of(segments), style))
            group.clear()

    for lead, text in entries:
        text = clean(text).strip()
        if _plain(text, font) and len(text) < MAX_PARAGRAPH_CHARS and len(group) < 40:
            group.append((lead, text))
        else:
            flush()
            result += paragraphs(text, style, lead)
    flush()
    return result
