"""User text on its way to reportlab: runs by font, nothing lost, long text cut up linearly."""

from __future__ import annotations

from diary.export.fonts import ARABIC, HEBREW, SANS, SYMBOLS, font_set
from diary.export.text import chunks, font_runs


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


def test_long_text_is_cut_into_short_pieces_without_losing_words() -> None:
    text = ("word " * 300_000).strip() + "\n\nlast paragraph"
    pieces = chunks(text)
    assert all(len(p) <= 1500 for p in pieces)
    assert " ".join(pieces).split() == text.split()
    unbroken = "x" * 10_000
    assert "".join(chunks(unbroken)) == unbroken


def test_a_paragraph_that_starts_in_arabic_or_hebrew_is_aligned_right() -> None:
    from diary.export.styles import BODY
    from diary.export.text import para

    assert para("كان ينتظرني خارج العمل. He waited.", BODY).rtl
    assert para("שלום עולם", BODY).rtl
    assert not para("He said مرحبا to me", BODY).rtl


def test_plain_text_beyond_one_font_subset_reads_back_exactly() -> None:
    # More than 256 different characters in one font: reportlab spreads them over several
    # subsets, and words drawn again later must reuse the codes they were first given.
    import io

    from pypdf import PdfReader
    from reportlab.pdfgen.canvas import Canvas

    from diary.export.fonts import SANS_BOLD
    from diary.export.plain_text import PlainText
    from diary.export.styles import BODY
    from diary.export.text_words import words_of

    font_set()
    many = " ".join(chr(c) for c in range(0x100, 0x100 + 300)) + " Ελληνικά кириллица"
    for _ in range(2):  # a second document starts its subsets afresh
        out = io.BytesIO()
        canvas = Canvas(out)
        for _ in range(2):
            text = PlainText(words_of([(SANS, many), (SANS_BOLD, " then bold words")]), BODY)
            _, height = text.wrap(400, 800)
            text.drawOn(canvas, 50, 800 - height)
            canvas.showPage()
        canvas.save()
        for page in PdfReader(out).pages:
            assert page.extract_text().split() == (many + " then bold words").split()


def test_the_large_cjk_face_is_read_only_for_text_that_needs_it() -> None:
    """Reading the Chinese and Japanese face costs about 20 MB and a sixth of a second: a pack
    with none of its characters never reads it; one with them draws them with it."""
    import subprocess
    import sys

    probe = (
        "from reportlab.pdfbase import pdfmetrics\n"
        "from diary.export.fonts import CJK, SANS\n"
        "from diary.export.text import font_runs\n"
        "font_runs('He was outside again. Zażółć Ελλάδα Привет مرحبا ✓', SANS)\n"
        "print(CJK in pdfmetrics._fonts)\n"
        "print(font_runs('他在外面', SANS))\n"
        "print(CJK in pdfmetrics._fonts)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    before, runs, after = done.stdout.splitlines()
    assert (before, after) == ("False", "True")
    assert runs == "[('EvidenceCJK', '他在外面')]"
