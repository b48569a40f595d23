"""Advice on a new passphrase as it is typed: long enough, and not one everybody tries first.

The vault enforces only the minimum length; this is the friendlier check the window applies
before a diary is created or a passphrase changed. A short built-in list of passphrases and
patterns that guessing tools try first is enough to turn away the obvious ones.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MIN_CHARS = 8
GOOD_CHARS = 16

# Lower-cased, spaces removed. Well-known passwords and the famous example passphrases.
_COMMON = frozenset(
    (
        "password",
        "password1",
        "password12",
        "password123",
        "passw0rd",
        "p@ssw0rd",
        "p@ssword",
        "qwerty",
        "qwerty123",
        "qwertyuiop",
        "12345678",
        "123456789",
        "1234567890",
        "0123456789",
        "11111111",
        "00000000",
        "87654321",
        "iloveyou",
        "iloveyou1",
        "letmein",
        "letmein1",
        "welcome",
        "welcome1",
        "welcome123",
        "sunshine",
        "princess",
        "football",
        "baseball",
        "monkey123",
        "dragon123",
        "abc12345",
        "abcd1234",
        "abcdefgh",
        "trustno1",
        "admin123",
        "changeme",
        "secret123",
        "mypassword",
        "mypassword1",
        "opensesame",
        "whatever1",
        "superman",
        "batman123",
        "starwars",
        "correcthorsebatterystaple",
        "correcthorse",
        "passphrase",
        "mypassphrase",
        "thisismypassword",
        "thisismypassphrase",
        "letmeinplease",
        "iloveyouforever",
        "evidencediary",
        "mydiary",
        "mydiary123",
        "diary123",
        "notes123",
        "mynotes",
    )
)


@dataclass(frozen=True)
class PassphraseAdvice:
    acceptable: bool
    message: str  # what to show under the field, in plain words


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text).lower())


def _is_repetitive(text: str) -> bool:
    squashed = _squashed(text)
    return len(set(squashed)) <= 3 or bool(re.fullmatch(r"(.{1,4})\1+", squashed))


def advise(passphrase: str) -> PassphraseAdvice:
    """Whether passphrase may be used, and a calm sentence saying why or how to improve it."""
    length = len(passphrase.strip())
    if length == 0:
        return PassphraseAdvice(
            False, "Choose a passphrase: three or four unrelated words work well."
        )
    if "\n" in passphrase or "\r" in passphrase:
        return PassphraseAdvice(False, "A passphrase cannot contain a line break.")
    if length < MIN_CHARS:
        return PassphraseAdvice(
            False, f"Too short: use at least {MIN_CHARS} characters (you have {length})."
        )
    if _squashed(passphrase) in _COMMON or _is_repetitive(passphrase):
        return PassphraseAdvice(
            False, "That one is among the first that people guess. Choose something of your own."
        )
    if length < GOOD_CHARS:
        return PassphraseAdvice(
            True, "Acceptable. A few more words would make it much harder to guess."
        )
    return PassphraseAdvice(True, "Good length. Make sure you will remember it.")
