"""A list line is cut before its text is made visible, and reads exactly as if all of it had been."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from diary.cli import text_view
from diary.vault import Vault
from tests.conftest import make_content


def _one_line_of_all(text: str, width: int) -> str:
    """The line made from the whole text, every character looked at (the reference)."""
    shown = []
    for ch in text:
        hidden = unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") and ch != "\u200d"
        shown.append(f"<U+{ord(ch):04X}>" if hidden and ch not in "\n\t" else ch)
    flat = " ".join("".join(shown).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


_CHARS = st.sampled_from(list(" \n\t\x0b\x1c\x85\u2028\xa0\x1b\u202e\u200d\u200bab日é-"))


@settings(max_examples=400)
@given(st.lists(_CHARS, max_size=400).map("".join), st.integers(min_value=2, max_value=70))
def test_a_line_reads_as_if_the_whole_text_had_been_made_visible(text: str, width: int) -> None:
    assert text_view._one_line(text, width) == _one_line_of_all(text, width)


def test_a_long_entry_is_made_visible_only_as_far_as_its_line_shows(
    vault: Vault, monkeypatch
) -> None:
    vault.add_incident(make_content(what="word\x1b " * 50_000))
    looked_at: list[int] = []
    real = text_view.visible

    def counting(text: str, *, one_line: bool = False) -> str:
        looked_at.append(len(text))
        return real(text, one_line=one_line)

    monkeypatch.setattr(text_view, "visible", counting)
    (row,) = vault.list_rows()
    line = text_view.format_row(row)

    assert line.endswith(_one_line_of_all("word\x1b " * 50_000, 60))
    assert max(looked_at) < 1_000
