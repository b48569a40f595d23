"""What can be picked out of an entry's words for an officer to act on: UK phone numbers,
vehicle registrations, @handles and web addresses, and the sentence each was found in.

Patterns are deliberately narrow: a thing wrongly picked out sends an officer after nothing,
while one missed is still in the entry, which the pack shows whole. Every find names the entry
it came from, so each can be checked against the person's own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from .incident import IncidentContent, Source

# A UK mobile (07xxx xxxxxx or +44 7xxx xxxxxx) or a geographic or non-geographic number
# (01/02/03 and 11 digits in all), with the spaces, dashes or brackets people write.
_PHONE = re.compile(
    r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\(?0)(?:[1237]\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4})(?!\w)"
)
# Current-style registrations (two letters, two digits, three letters: AB12 CDE).
_PLATE = re.compile(r"(?<![\w])[A-Z]{2}[0-9]{2}\s?[A-Z]{3}(?![\w])")
_HANDLE = re.compile(r"(?<![\w.@/])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\w@])")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_DIGITS = "0123456789"


class Needing:
    """A case-insensitive pattern, and words (lowercase ASCII) one of which every match of it
    holds. Most text holds none of them, which str.lower and `in` tell many times sooner than
    the search itself (a pack reads every entry's words for several of these). Text beyond
    ASCII is always searched: case-insensitive matching there folds more than str.lower does
    (a dotless \u0131 matches i)."""

    def __init__(self, pattern: str, *words: str) -> None:
        self.pattern = re.compile(pattern, re.IGNORECASE)
        self.words = words

    def may_match(self, text: str) -> bool:
        if not text.isascii():
            return True
        # map, not a generator: this runs for every text of every entry, several times over
        return any(map(text.lower().__contains__, self.words))

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.may_match(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text) if self.may_match(text) else iter(())


_URL = Needing(r"(?:\bhttps?://|\bwww\.)[^\s<>\"'()\[\]{}]+", "://", "www.")


def sentence_around(text: str, start: int, end: int, limit: int = 160) -> str:
    """The sentence of text holding [start, end), cut to about limit characters."""
    begin = 0
    for cut in _SENTENCE_END.finditer(text):
        if cut.end() <= start:
            begin = cut.end()
        elif cut.start() >= end:
            text = text[: cut.start()]
            break
    found = text[begin:].strip()
    if len(found) > limit:
        left = max(0, start - begin - limit // 2)
        found = ("\u2026" if left else "") + found[left : left + limit].strip() + "\u2026"
    return found


def phone_key(number: str) -> str:
    """One number however it was written: '07700 900123' and '+44 7700 900123' are one."""
    digits = re.sub(r"\D", "", number)
    return "0" + digits[2:] if digits.startswith("44") else digits


def phones(text: str) -> list[str]:
    if "0" not in text and "+44" not in text:  # every number the pattern takes has one
        return []
    found = []
    for m in _PHONE.finditer(text):
        if len(phone_key(m.group())) in (10, 11):
            found.append(m.group().strip())
    return found


def plates(text: str) -> list[str]:
    if not any(digit in text for digit in _DIGITS):  # a registration has two
        return []
    return [m.group() for m in _PLATE.finditer(text)]


def handles(text: str) -> list[str]:
    if "@" not in text:
        return []
    return [m.group() for m in _HANDLE.finditer(text)]


def urls(text: str) -> list[str]:
    return [m.group().rstrip(".,;:!?") for m in _URL.finditer(text)]


@dataclass(frozen=True)
class Entry:
    """One entry as these rules read it: its number, what it records and the source details of
    its exhibits ((mark, source) for each)."""

    number: int
    content: IncidentContent
    sources: tuple[tuple[str, Source], ...] = ()

    @property
    def day(self) -> date:
        return self.content.occurred.local.date()

    def texts(self) -> list[str]:
        """The words the person wrote about what happened and what they did."""
        c = self.content
        return [c.text, c.words, c.actions, c.others_involved, c.suspect, c.vehicle, c.cctv]
