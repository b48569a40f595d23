"""The advice shown while a new passphrase is typed."""

from __future__ import annotations

import pytest

from diary.domain.passphrase_advice import advise


@pytest.mark.parametrize(
    "text",
    ["", "short", "password123", "Correct Horse Battery Staple", "aaaaaaaaaaaa", "abcabcabcabc"],
)
def test_weak_or_common_passphrases_are_refused(text: str) -> None:
    assert not advise(text).acceptable


def test_short_but_acceptable_passphrase_suggests_more_words() -> None:
    advice = advise("otter lamp")
    assert advice.acceptable and "more words" in advice.message


def test_long_passphrase_is_good() -> None:
    assert advise("purple otter under a lamp").acceptable


def test_line_break_is_refused() -> None:
    assert "line break" in advise("purple otter\nlamp").message
