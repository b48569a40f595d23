"""User text on its way to reportlab: runs by font, nothing lost, long text cut up linearly."""

from __future__ import annotations

from diary.export.fonts import ARABIC, HEBREW, SANS, SYMBOLS, font_set
from diary.export.text import chunks, font_runs, to_markup


def test_each_character_goes_to_a_font_that_has_it() -> None:
    fonts = font_set()
    text = "Zażółć Ελλάδα Привет مرحبا שלום ✓ 🔥 ☂"
    for font, piece in font_runs(text, SANS):
        for char in piece:
            assert fonts.has(font, char), (font, char)
    used = {font for font, _ in font_runs(text, SANS)}
    assert {SANS, ARABIC, HEBREW, SYMBOLS} <= used


def test_a_character_no_font_has_becomes_a_visible_replacement() -> None:
    runs = font_runs("a\U000f0000b", SANS)  # private use: in no embedded font
    assert "".join(piece for _, piece in runs) == "a\ufffdb"


def test_markup_is_escaped_and_newlines_become_breaks() -> None:
    markup, shaped = to_markup("<b>x</b> & <img src=/etc/passwd>\nnext", SANS)
    assert markup == "&lt;b&gt;x&lt;/b&gt; &amp; &lt;img src=/etc/passwd&gt;<br/>next"
    assert not shaped
    assert to_markup("مرحبا", SANS)[1]


def test_long_text_is_cut_into_short_pieces_without_losing_words() -> None:
    text = ("word " * 300_000).strip() + "\n\nlast paragraph"
    pieces = chunks(text)
    assert all(len(p) <= 1500 for p in pieces)
    assert " ".join(pieces).split() == text.split()
    unbroken = "x" * 10_000
    assert "".join(chunks(unbroken)) == unbroken
