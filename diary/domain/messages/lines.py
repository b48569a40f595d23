"""A text file read a line at a time, numbered from 1, each line decoded on its own.

A line that is not UTF-8 is reported, not guessed at: the words of a message must be the
file's words, and a line read in the wrong encoding would put other words in the record.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from .log import Unread, Where

SHOWN_CHARS = 120  # how much of a line not understood is shown to the person


def shown(text: str) -> str:
    """The start of a line, for a message about it."""
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def text_lines(
    stream: BinaryIO, member: str = "", first: int = 1, last: int | None = None
) -> Iterator[tuple[int, str] | Unread]:
    """(line number, text without its line end) for each line from first to last, or Unread for
    a line that is not UTF-8. A byte-order mark at the start is not part of the first line's
    text."""
    number = 0
    for raw in stream:
        number += 1
        if number < first:
            continue
        if last is not None and number > last:
            return
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = raw.decode("utf-8", "replace").rstrip("\r\n")
            yield Unread(
                Where(number, member=member),
                shown(text),
                f"not UTF-8 text (byte {exc.start + 1} of the line cannot be read); "
                "the line was left out rather than read as other words",
            )
            continue
        yield number, text.rstrip("\r\n")
