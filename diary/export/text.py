"""User text made safe for reportlab: escaped, split into font runs, cut into modest paragraphs.

Everything a person typed passes through here before it reaches a Paragraph. Escaping means no
typed text is ever read as markup (`<img src=...>` stays words on the page); runs mean each
character is drawn by a font that has it; splitting keeps layout linear, since one huge
Paragraph costs time quadratic in its length.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from .fonts import (
    ARABIC,
    HEBREW,
    INVISIBLE,
    SANS,
    SANS_BOLD,
    FontSet,
    font_for,
    font_set,
    is_neutral,
)
from .plain_text import PlainText, words_of

# About a screenful of text per Paragraph: long enough to read as one block, short enough that
# reportlab's line breaking stays fast.
MAX_PARAGRAPH_CHARS = 1500
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_shaped_styles: dict[tuple[str, bool], ParagraphStyle] = {}


def clean(text: str) -> str:
    """Line ends made uniform, tabs as spaces, other control characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL.sub("", text)


def font_runs(text: str, base: str, fonts: FontSet | None = None) -> list[tuple[str, str]]:
    """(font, text) pieces of one line; characters no font has become U+FFFD, never a box."""
    fonts = fonts or font_set()
    # Most text (Latin, Greek, Cyrillic, punctuation) is all in the base font: one run.
    if _plain(text, base):
        return [(base, text)] if text else []
    runs: list[tuple[str, str]] = []
    current, buffer = base, list[str]()
    for char in text:
        if char in INVISIBLE:
            continue
        if is_neutral(char) and fonts.has(current, char):
            font = current
        else:
            font = font_for(char, base, fonts)
            if not fonts.has(font, char):
                font, char = base, "\ufffd"
        if font != current and buffer:
            runs.append((current, "".join(buffer)))
            buffer = []
        current = font
        buffer.append(char)
    if buffer:
        runs.append((current, "".join(buffer)))
    return runs


def _separate_words(runs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Put a hair space where the font changes inside a word.

    reportlab shapes a whole word with the font of its first piece, so a word drawn from two
    fonts (Arabic letters then an emoji) would lose its second half when shaping is on.
    """
    result = runs[:1]
    for font, piece in runs[1:]:
        before = result[-1][1]
        if before and piece and not before[-1].isspace() and not piece[0].isspace():
            piece = "\u200a" + piece
        result.append((font, piece))
    return result


def to_markup(text: str, base: str) -> tuple[str, bool]:
    """reportlab markup showing text literally; also whether it needs right-to-left shaping."""
    line_runs = [font_runs(line, base) for line in clean(text).split("\n")]
    shaped = any(font in (ARABIC, HEBREW) for runs in line_runs for font, _ in runs)
    lines = []
    for runs in line_runs:
        parts = []
        for font, piece in _separate_words(runs) if shaped else runs:
            escaped = escape(piece)
            parts.append(escaped if font == base else f'<font name="{font}">{escaped}</font>')
        lines.append("".join(parts))
    return "<br/>".join(lines), shaped


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


def _style_for(style: ParagraphStyle, shaped: bool, text: str = "") -> ParagraphStyle:
    if not shaped:
        return style
    rtl = starts_right_to_left(text)
    key = (style.name, rtl)
    if key not in _shaped_styles:
        extra = {"alignment": TA_RIGHT} if rtl else {}
        _shaped_styles[key] = ParagraphStyle(
            f"{style.name}-shaped{'-rtl' if rtl else ''}", parent=style, shaping=1, **extra
        )
    return _shaped_styles[key]


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
        segments = [(_bold(font), bold_lead + " ")] if bold_lead else []
        return PlainText(words_of([*segments, (font, text)]), style)
    markup, shaped = to_markup(text, font)
    prefix = f"<b>{escape(bold_lead)}</b> " if bold_lead else ""
    return Paragraph(prefix + markup, _style_for(style, shaped, text))


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
