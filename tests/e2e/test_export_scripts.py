"""Text in every script, as an officer's PDF reader shows, searches and copies it: words read
back as typed, right-to-left words placed right to left, no ligature the person did not type,
emoji sequences never broken up without saying so."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from html import unescape
from pathlib import Path

from pypdf import PdfReader

from diary.vault import Vault
from tests.conftest import make_content
from tests.export_support import export, page_texts

ARABIC = "مرحبا بك في البيت"
HEBREW = "שלום עולם יפה"
TYPED = {
    "latin": "Zażółć gęślą jaźń, this statement stands",
    "greek": "Καλημέρα κόσμε",
    "cyrillic": "Привет, я тебя вижу",
    "cjk": "我看见他了 日本語です",
}
_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f"), " ")


def _text(raw: str) -> str:
    """Extracted text as a reader's search sees it: presentation forms back to letters, the
    direction marks poppler puts around a right-to-left run read as the word breaks they are,
    spaces made single."""
    return " ".join(unicodedata.normalize("NFKC", raw).translate(_MARKS).split())


def _typed_order(word: str) -> str:
    """poppler's -bbox lists a right-to-left word's letters left to right, as drawn."""
    rtl = any(unicodedata.bidirectional(c) in ("R", "AL") for c in word)
    return word[::-1] if rtl else word


def _words(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(baseline, left, word) of each word poppler finds on a page (1-based)."""
    done = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
    )
    pattern = r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</'
    return [
        (round(float(y)), float(x), _text(_typed_order(unescape(w))))
        for x, y, w in re.findall(pattern, done.stdout.decode("utf-8"))
    ]


def _statement_page(pdf: Path) -> int:
    return next(i for i, t in enumerate(page_texts(pdf), 1) if "WITNESS STATEMENT" in t)


def test_each_script_reads_back_as_typed(vault: Vault, tmp_path: Path) -> None:
    lines = [*TYPED.values(), f"He said {ARABIC} to me", f"She wrote {HEBREW} twice"]
    vault.add_incident(make_content(what="\n".join(lines)))
    _, result = export(vault, tmp_path)
    statement = _text(page_texts(result.pdf)[_statement_page(result.pdf) - 1])
    for typed in TYPED.values():
        assert typed in statement, typed
    # Right-to-left phrases come out in the order they were typed, inside their English line.
    assert f"He said {ARABIC} to me" in statement
    assert f"She wrote {HEBREW} twice" in statement
    # A second reader (pypdf) reads the left-to-right scripts back the same.
    pypdf_text = _text(PdfReader(result.pdf).pages[_statement_page(result.pdf) - 1].extract_text())
    for name in ("latin", "greek", "cyrillic", "cjk"):
        assert TYPED[name] in pypdf_text, name


def test_right_to_left_words_are_placed_from_right_to_left(vault: Vault, tmp_path: Path) -> None:
    vault.add_incident(make_content(what=f"Later:\nHe said {ARABIC} loudly\nand {HEBREW} too"))
    _, result = export(vault, tmp_path)
    words = _words(result.pdf, _statement_page(result.pdf))
    for phrase in (ARABIC, HEBREW):
        found = [(y, x, w) for y, x, w in words if w in phrase.split()]
        placed = {w: (y, x) for y, x, w in found}
        assert set(placed) == set(phrase.split()), phrase
        lines = {y for y, _ in placed.values()}
        assert len(lines) == 1, "the phrase fits on one line"
        xs = [placed[w][1] for w in phrase.split()]
        assert xs == sorted(xs, reverse=True), (phrase, xs)  # first word typed is rightmost
    said = next(x for _, x, w in words if w == "said")
    left = next(x for _, x, w in words if w == "loudly")
    arabic_xs = [x for _, x, w in words if w in ARABIC.split()]
    assert said < min(arabic_xs) and max(arabic_xs) < left  # the English around it stays put


def test_a_paragraph_in_right_to_left_script_is_set_from_the_right(
    vault: Vault, tmp_path: Path
) -> None:
    vault.add_incident(make_content(what=HEBREW))
    _, result = export(vault, tmp_path)
    words = _words(result.pdf, _statement_page(result.pdf))
    placed = {w: x for _, x, w in words if w in HEBREW.split()}
    xs = [placed[w] for w in HEBREW.split()]
    assert xs == sorted(xs, reverse=True)
    assert max(xs) > 400  # against the right margin of an A4 page (595 points wide)


def test_no_ligature_appears_that_was_not_typed(vault: Vault, tmp_path: Path) -> None:
    # A paragraph holding right-to-left text was once shaped whole, and DejaVu's optional
    # ligatures turned "st" into U+FB06: "This ﬆatement", and a search for it failed.
    vault.add_incident(make_content(what=f"This statement is first. {ARABIC} office staff"))
    _, result = export(vault, tmp_path)
    raw = "\n".join(page_texts(result.pdf))
    assert "\ufb06" not in raw and "\ufb01" not in raw and "\ufb02" not in raw
    assert "This statement is first." in _text(raw) and "office staff" in _text(raw)


def test_emoji_sequences_are_named_not_silently_broken(vault: Vault, tmp_path: Path) -> None:
    vault.add_incident(make_content(what="He sent 🇬🇧 then 👨‍👩‍👧 and 👍🏽 and 🔥"))
    _, result = export(vault, tmp_path)
    statement = _text(page_texts(result.pdf)[_statement_page(result.pdf) - 1])
    assert "🇬🇧 [flag GB]" in statement
    assert "👨👩👧 [one emoji: man + woman + girl]" in statement
    assert "👍🏽 [thumbs up sign, medium skin tone]" in statement
    assert "🔥 [" not in statement  # a single picture needs no name
