"""A plain piece of a WhatsApp chat counted from each message's time and sender alone.

Most of a chat is plain: no line marked by the app (U+200E, U+200F, a byte-order mark) and no
missed call. There a message's first line is read no further than its sender: one regular
expression finds each message's date, time and sender (with ': ', or nothing for the app's own
lines) as bulk.HEADS reads them, and each date's run of messages is counted from its times and
senders, with no object made per message. A day on which the clocks change is handed to bulk
with the day after it (the hour that happened twice is settled by the order of what follows).
A piece that is not plain, or whose dates are not each in one run, is left to bulk, which
reads every message's words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from itertools import islice
from operator import itemgetter, le
from typing import TYPE_CHECKING

from .times import _S, DATE, MARKS, TIME, least_and_greatest

if TYPE_CHECKING:
    from re import Pattern

    from .bulk import Counted

_WHO = r"((?:[^:\n]*(?::(?! )[^:\n]*)*): |)"
# After a line end: a message's date, time and sender with ': ' (nothing for the app's lines).
_EITHER = re.compile(rf"\n(\[)?({DATE}),?{_S}({TIME})(?(1)\]{_S}|{_S}[-\u2013]{_S}){_WHO}")
# The same where no line opens with '[' (a chat exported on Android): a fifth quicker.
_DASHED = re.compile(rf"\n({DATE}),?{_S}({TIME}){_S}[-\u2013]{_S}{_WHO}")
_COLUMNS = {
    _EITHER: (itemgetter(1), itemgetter(2), itemgetter(3)),
    _DASHED: (itemgetter(0), itemgetter(1), itemgetter(2)),
}
_NOT_PLAIN = MARKS + "\ufeff"
# A block lowered, with İ (C4 B0) and ı (C4 B1) read as i and ſ (C5 BF) as s: 'missed' in it
# wherever bulk._MAYBE_MISSED finds it in the text (and perhaps where it does not).
_FOLD = bytes(
    c + 32 if 65 <= c <= 90 else ord("i") if c in (0xB0, 0xB1) else ord("s") if c == 0xBF else c
    for c in range(256)
)

# One date's run of a plain piece, for whatsapp.plan.Chosen: its date as written, its first
# second from year 1, each message's seconds since midnight and sender (with ': ', or nothing),
# and the lines the run lies within.
Runs = Callable[[str, int, list[int], list[str], tuple[int, int]], None]
# A stretch of a piece (a line end then its lines, and the number of the line before its first)
# for bulk to count.
General = Callable[[str, int], None]


def maybe_missed(block: bytes) -> bool:
    """Whether a block of UTF-8 may hold 'missed' in any case (a missed call's line)."""
    return b"missed" in block.translate(_FOLD, b"\xc4\xc5")


def piece(
    counted: Counted, body: str, line: int, general: General, each_run: Runs | None = None
) -> bool:
    """Count a piece of the file into counted when it is plain, its days on which the clocks
    change through general; False, with nothing counted, when it is not plain. body is a line
    end then the piece's lines (bulk.chunks), line the number of the line before its first.
    Each date's run is handed to each_run too, when given. Its caller has looked for missed
    calls."""
    if any(mark in body for mark in _NOT_PLAIN):
        return False
    pattern = _EITHER if "[" in body and "\n[" in body else _DASHED
    rows = pattern.findall(body)
    if not rows:
        return False
    dates, times, whos = (list(map(column, rows)) for column in _COLUMNS[pattern])
    runs = list(dict.fromkeys(dates))  # each date, in the order the piece first shows it
    bounds = [0]
    for written in runs[1:]:
        bounds.append(dates.index(written, bounds[-1]))
    bounds.append(len(dates))
    for index, written in enumerate(runs):
        if (
            dates[bounds[index] : bounds[index + 1]].count(written)
            != bounds[index + 1] - bounds[index]
        ):
            return False  # a date in more than one run: counted by bulk
    # Where each run begins: the line end before its first message, and the line it opens
    # (the line end at a place with n line ends before it opens the line numbered line + n + 1).
    column = 2 if pattern is _EITHER else 1
    places, lines, before, where, line = [], [], 0, 0, line + 1
    for written in runs:
        place = _first_head(body, pattern, column, written, where)
        before += body.count("\n", where, place)
        places.append(place)
        lines.append(line + before)
        where = place
    places.append(len(body))
    lines.append(line + before + body.count("\n", where))
    clock = counted.clock
    waiting = -1  # the first run of a stretch left for general, if one is open
    for index, written in enumerate(runs):
        start = clock.starts[written]
        if written in clock.changing:
            waiting = index if waiting < 0 else waiting
            continue
        if waiting >= 0:  # the changing day(s), with this one after them
            general(body[places[waiting] : places[index + 1]], lines[waiting] - 1)
            waiting = -1
            continue
        span = (lines[index], lines[index + 1] - 1)
        counted.span(written, *span)
        low, high = bounds[index], bounds[index + 1]
        seconds = _run(counted, written, start, times[low:high], whos[low:high])
        if each_run is not None:
            each_run(written, start, seconds, whos[low:high], span)
    if waiting >= 0:
        general(body[places[waiting] :], lines[waiting] - 1)
    return True


def _run(
    counted: Counted, written: str, start: int, times: list[str], whos: list[str]
) -> list[int]:
    """The messages of one date on which the clocks do not change, in the file's order; each
    one's seconds since midnight."""
    seconds = list(map(counted.clock.seconds.__getitem__, times))
    tallies = Counter(whos)
    if counted.previous <= start + seconds[0] and all(map(le, seconds, islice(seconds, 1, None))):
        # In order: each sender's first and last messages are their first and last times.
        backwards, end = whos[::-1], len(whos) - 1
        firsts = {who: seconds[whos.index(who)] for who in tallies}
        lasts = {who: seconds[end - backwards.index(who)] for who in tallies}
    else:
        counted.in_order = False
        firsts, lasts = least_and_greatest(whos, seconds)
    counted.previous = start + seconds[-1]
    for index in range(len(whos) - 1, -1, -1):
        if _counted(whos[index]):
            counted.previous_counted = start + seconds[index]
            break
    for who, total in tallies.items():
        if not _counted(who):
            counted.notes.system_lines += total
            continue
        counted.add(who[:-2], written, "", total, start + firsts[who], start + lasts[who])
    return seconds


def _counted(who: str) -> bool:
    """bulk.counted of a sender written with its ': '."""
    return bool(who) and '"' not in who and "\u201c" not in who


def _first_head(body: str, pattern: Pattern[str], column: int, written: str, start: int) -> int:
    """Where the line end before the first message dated as written from start is."""
    found_at = start
    while True:
        found_at = body.find(written, found_at)
        if found_at < 0:  # cannot be: its messages were found in the piece
            raise AssertionError(written)
        for opens in (found_at - 1, found_at - 2):
            if body.startswith("\n", opens):
                found = pattern.match(body, opens)
                if found is not None and found[column] == written:
                    return opens
        found_at += 1
