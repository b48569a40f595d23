"""WhatsApp chats read in bulk: one regular expression over a megabyte of text at a time
finds every message (its time, sender, words and the lines that follow it), with no Python
object made per message. What a chat usually holds (messages, media lines, the app's line at the
top, days on which the clocks change) is read here; anything else (a line that is not UTF-8, a
date that does not exist, a time in the hour the clocks skipped or repeated, the app's marked
lines, lines before the first message) sends the whole file to the line-by-line reader in
chat.py, so the result is always the one that reader gives.

A line is a message's first line exactly when chat.HEAD matches it: the pattern here is that
one, read over many lines at once (every `\\s` in it kept to one line). A piece of the file
with no marked line and no missed call in it is counted by plain.py, which reads only each
message's date, time and sender (and hands its days the clocks change back to this reader).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import islice, repeat
from operator import add, le
from typing import Any, Protocol

from ..clock import place
from ..lines import shown
from ..log import Notes, Unread, Where
from ..options import ReadOptions, RepeatedHour
from . import plain
from .chat import _MISSED_CALL, _SYSTEM, Opener
from .times import (
    _S,
    DATE,
    MARKS,
    TIME,
    Clock,
    DayCount,
    instant,
    least_and_greatest,
    wall,
)
from .times import Fallback as Fallback
from .times import at as instant_at

CHUNK = 1024 * 1024  # bytes of the file read at a time (memory stays about twenty times this)

_HEAD = rf"[\u200e\u200f\ufeff]?(\[)?(({DATE}),?{_S}({TIME}))(?(1)\]{_S}|{_S}[-\u2013]{_S})"
# A line that starts a message: chat.HEAD without its `rest`.
_START = rf"[\u200e\u200f\ufeff]?(?:\[{DATE},?{_S}{TIME}\]{_S}|{DATE},?{_S}{TIME}{_S}[-\u2013]{_S})"
# Groups: 1 bracket, 2 stamp, 3 date, 4 time, 5 sender, 6 ': ' (when there is a sender), 7 the
# first line's words; in MESSAGE, 8 the lines that follow (each after its line end).
HEADS = re.compile(rf"^{_HEAD}(?:([^:\n]*(?::(?! )[^:\n]*)*)(: )|)(.*)", re.MULTILINE)
MESSAGE = re.compile(HEADS.pattern + rf"((?:\n(?!{_START}).*)*)", re.MULTILINE)
_LINE_START = re.compile(_START)
_CR = re.compile(r"\r+\n")


def chunks(stream: object) -> Iterator[tuple[str, int, bool]]:
    """(text, number of the line before the text's first, whether it may hold a missed call)
    for pieces of the file, each cut where a message starts, decoded, line ends as the line
    reader leaves them, with a line end before the first line and none after the last (so that
    every line, the first too, follows a line end). The file is cut as bytes and each piece
    decoded once."""
    read = stream.read  # type: ignore[attr-defined]
    carry, line, first = b"", 0, True
    while True:
        block: bytes = read(CHUNK)
        end = not block
        if block and not block.endswith(b"\n"):
            block += stream.readline()  # type: ignore[attr-defined]
            end = not block.endswith(b"\n")
        data = carry + block if carry else block
        if end:
            piece, carry = data, b""
        else:
            cut = _last_start(data)
            if cut <= 0:
                carry = data
                continue
            piece, carry = data[: cut - 1], data[cut:]  # the line end before the cut left off
        if first:
            first = False
            piece = piece.removeprefix(b"\xef\xbb\xbf")
        try:
            text = (b"\n" + piece).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Fallback from exc
        if b"\r" in piece:
            text = _CR.sub("\n", text)
            if end:
                text = text.rstrip("\r")
        if end:
            text = text.removesuffix("\n")
        if len(text) > 1 or not end:
            # Lines end at line ends, and "missed" never holds one.
            yield text, line, plain.maybe_missed(piece)
            line += piece.count(b"\n") + 1
        if end:
            return


def _last_start(data: bytes) -> int:
    """Where the last line that starts a message begins (0 when only the first does). A line
    start is read from its first bytes (more than a message's date and time can take)."""
    at = len(data) - 1
    while at > 0:
        at = data.rfind(b"\n", 0, at)
        if at < 0:
            return 0
        if _LINE_START.match(data[at + 1 : at + 257].decode("utf-8", "replace")):
            return at + 1
    return 0


def check_lead(text: str) -> None:
    """Lines before the first message must be blank (the line reader reports others)."""
    found = HEADS.search(text)
    lead = text[: found.start()] if found else text
    if lead.strip():
        raise Fallback


Key = tuple[str, str, str, str]  # sender, ': ', date as written, 'c' for a missed call


@dataclass(frozen=True, slots=True)
class Piece:
    """A piece of the file as count read it: for each message, in the file's order, its key,
    its wall time (seconds from year 1) and the lines that follow it."""

    text: str  # a line end, then the piece's lines
    line: int  # the number of the line before the piece's first
    keys: list[Key]
    values: list[int]
    settled: dict[int, datetime]  # instants of messages on days the clocks change
    gaps: set[int]  # messages at a time that never happened
    more: tuple[str, ...]  # each line after its line end


class Collect(Protocol):
    """What count hands each piece of the file to, when asked (whatsapp.plan.Chosen): a piece
    read with the lines that follow each message, or one date's run of a plain piece."""

    def __call__(self, piece: Piece, clock: Clock) -> None: ...

    def run(
        self,
        clock: Clock,
        written: str,
        start: int,
        seconds: list[int],
        whos: list[str],
        lines: tuple[int, int],
    ) -> None: ...


# "missed" in any case, as IGNORECASE reads it (it lets i be İ or ı, s be ſ): twice as quick.
_MAYBE_MISSED = re.compile("[Mm][Ii\u0130\u0131][Ss\u017f][Ss\u017f][Ee][Dd]")


def _kinds(words: tuple[str, ...]) -> tuple[str, ...]:
    """'c' for a missed call, '' for a message; Fallback for the app's own marked lines."""
    kinds = []
    for text in words:
        bare = text.strip(MARKS)
        if text[:1] in MARKS and _SYSTEM.search(bare):
            raise Fallback
        kinds.append("c" if bare[:1] in "Mm" and _MISSED_CALL.match(bare) else "")
    return tuple(kinds)


class Counted:
    """A chat counted: each sender's messages and missed calls day by day (counts, in the order
    the file first shows each), the lines each day's messages lie within (spans: the first and
    last line holding any message of that day, by the day's ordinal; a day's messages may be
    fewer than its lines), whether the file's times never go back (in_order), and the clock that
    read its dates and times."""

    def __init__(self, options: ReadOptions, notes: Notes) -> None:
        self.options, self.notes = options, notes
        self.clock = Clock(options.zone, options.date_order)
        self.found: dict[tuple[str, str, str], DayCount] = {}
        self.spans: dict[int, list[int]] = {}
        self.in_order = True
        self.previous = -1  # the last message's wall time, from year 1
        # The last counted message's instant, or its wall time from year 1 (on a day the clocks
        # do not change: its instant is worked out only if a day they change follows).
        self.previous_counted: datetime | int | None = None

    @property
    def counts(self) -> list[DayCount]:
        return list(self.found.values())

    @property
    def changing(self) -> set[int]:
        """The days (ordinals) on which the clocks change that the chat has messages on."""
        return {self.clock.days[w].toordinal() for w in self.clock.changing}

    def span(self, written: str, first: int, last: int) -> None:
        ordinal = self.clock.days[written].toordinal()
        known = self.spans.get(ordinal)
        if known is None:
            self.spans[ordinal] = [first, last]
        else:
            known[0], known[1] = min(known[0], first), max(known[1], last)

    def add(self, sender: str, written: str, kind: str, total: int, first: Any, last: Any) -> None:
        """total messages (or missed calls) of a sender on a date as written: first and last as
        instants, or as wall times from year 1."""
        clock = self.clock
        day = clock.days[written]
        if not isinstance(first, datetime):
            offset = clock.offsets[day]
            first = instant(clock.zone, day, first % 86400, offset)
            last = instant(clock.zone, day, last % 86400, offset)
        entry = self.found.get((sender, written, kind))
        if entry is None:
            entry = self.found[(sender, written, kind)] = DayCount(
                sender, sender.strip(MARKS + " "), day
            )
        if kind:
            entry.missed += total
        else:
            entry.messages += total
        entry.first = first if entry.first is None else min(entry.first, first)
        entry.last = last if entry.last is None else max(entry.last, last)


def count(
    opener: Opener,
    options: ReadOptions,
    notes: Notes,
    cancelled: Callable[[], bool],
    unread: list[Unread],
    member: str = "",
    collect: Collect | None = None,
) -> Counted:
    """Every sender's messages and missed calls, day by day; the app's own lines counted in
    notes, messages at a time that never happened added to unread. Fallback when the line
    reader must read the file. With collect, each piece of the file is handed to it too, read
    with the lines that follow each message (or, a plain piece, a date's run at a time)."""
    counted_ = Counted(options, notes)
    with opener() as stream:
        for number, (text, line, missed) in enumerate(chunks(stream)):
            if number == 0:
                check_lead(text)  # text begins with a line end (a blank line)
            if not missed:

                def general(stretch: str, first: int) -> None:
                    rows = (HEADS if collect is None else MESSAGE).findall(stretch)
                    if rows:
                        _piece(counted_, stretch, first, rows, unread, member, collect)

                runs = None if collect is None else partial(collect.run, counted_.clock)
                if plain.piece(counted_, text, line, general, runs):
                    if cancelled():
                        break
                    continue
            rows = (HEADS if collect is None else MESSAGE).findall(text)
            if cancelled():
                break
            if rows:
                _piece(counted_, text, line, rows, unread, member, collect)
    return counted_


def _piece(
    counted_: Counted,
    text: str,
    line: int,
    rows: list[tuple[str, ...]],
    unread: list[Unread],
    member: str,
    collect: Collect | None,
) -> None:
    """One piece of the file counted from its messages' heads (rows of HEADS or MESSAGE)."""
    clock, options = counted_.clock, counted_.options
    zone = clock.zone
    _, stamps, dates, times, senders, colons, words, *more = zip(*rows, strict=True)
    starts, seconds = clock.starts, clock.seconds
    values = list(map(add, map(starts.__getitem__, dates), map(seconds.__getitem__, times)))
    marked = any(m in text for m in MARKS) or _MAYBE_MISSED.search(text)
    kinds = _kinds(words) if marked else repeat("")
    keys = list(zip(senders, colons, dates, kinds, strict=False))
    written_here = set(dates)
    changing = clock.changing & written_here
    gaps: list[int] = []
    before = counted_.previous_counted
    if isinstance(before, int):
        before = instant_at(before, zone)
    settled = _settle(keys, values, changing, zone, options, before, gaps)
    counted_.previous_counted = _last_instant(keys, values, settled, zone, gaps) or before
    if collect is not None:
        collect(Piece(text, line, keys, values, settled, set(gaps), more[0]), clock)
    unread.extend(_gaps(text, line, gaps, stamps, zone, member))
    last_line = line + text.count("\n")
    for written in written_here:  # the piece's lines, for each of its days
        counted_.span(written, line + 1, last_line)
    tallies = Counter(keys)
    for index in gaps:
        tallies[keys[index]] -= 1
    if counted_.previous <= values[0] and all(map(le, values, islice(values, 1, None))):
        firsts = dict(zip(reversed(keys), reversed(values), strict=True))
        lasts = dict(zip(keys, values, strict=True))
    else:
        counted_.in_order = False
        firsts, lasts = least_and_greatest(keys, values)
    counted_.previous = values[-1]
    if settled:
        firsts, lasts = _span(keys, settled, firsts, lasts)
    for key, total in tallies.items():
        sender, _colon, written, kind = key
        if not total:
            continue
        if not counted(key):
            counted_.notes.system_lines += total
            continue
        counted_.add(sender, written, kind, total, firsts[key], lasts[key])


def counted(key: Key) -> bool:
    """Whether a message is one (not the app's own line): it has a sender, unquoted."""
    sender, colon = key[0], key[1]
    return bool(colon) and '"' not in sender and "\u201c" not in sender


def _settle(
    keys: list[Key],
    values: list[int],
    changing: set[str],
    zone: str,
    options: ReadOptions,
    before: datetime | None,
    gaps: list[int],
) -> dict[int, datetime]:
    """The instants of the messages on days the clocks change, settled as clock.settle does:
    held through the hour that happened twice until the order shows which time they were.
    Fallback when the person must be asked (or the hour runs past this piece of the file)."""
    if not changing:
        return {}
    settled: dict[int, datetime] = {}
    held: list[tuple[int, datetime, datetime]] = []
    second_time, last, previous = False, before, -1

    def release(resolved: bool) -> None:
        if held and not resolved and options.repeated_hour is None:
            raise Fallback
        second = not resolved and options.repeated_hour is RepeatedHour.SECOND
        for index, first, later in held:
            settled[index] = later if second else first
        held.clear()

    for index, key in enumerate(keys):
        if key[2] not in changing or not counted(key):
            continue
        before_index = index - 1
        while before_index >= 0 and not counted(keys[before_index]):
            before_index -= 1
        if before_index != previous:  # an ordinary time came between: settle starts again
            release(resolved=False)
            second_time = False
            if before_index >= 0:
                last = instant_at(values[before_index], zone)
        previous = index
        placed = place(wall(values[index]), zone)
        if placed is None:  # never happened: reported, not counted, the order left as it is
            gaps.append(index)
            continue
        first, later = placed
        if later is None:
            release(resolved=False)
            second_time, last = False, first
            settled[index] = first
            continue
        at = held[-1][1] if held else last
        if second_time or (at is not None and at > first):
            release(resolved=True)
            second_time, last = True, later
            settled[index] = later
        else:
            held.append((index, first, later))
    if held:
        raise Fallback
    return settled


def _span(
    keys: list[Key], settled: dict[int, datetime], firsts: dict[Key, Any], lasts: dict[Key, Any]
) -> tuple[dict[Key, Any], dict[Key, Any]]:
    """First and last instants of the keys on days the clocks change, from their settled
    instants (in the hour that happened twice the wall times' order is not the instants')."""
    firsts, lasts = dict(firsts), dict(lasts)
    for key in {keys[i] for i in settled}:
        firsts.pop(key), lasts.pop(key)
    for index, at in settled.items():
        key = keys[index]
        if key not in firsts or at < firsts[key]:
            firsts[key] = at
        if key not in lasts or at > lasts[key]:
            lasts[key] = at
    return firsts, lasts


def _last_instant(
    keys: list[Key], values: list[int], settled: dict[int, datetime], zone: str, gaps: list[int]
) -> datetime | None:
    """The instant of the last message counted (not one at a time that never happened), for
    the next piece of the file."""
    for index in range(len(keys) - 1, -1, -1):
        if counted(keys[index]) and index not in gaps:
            return settled.get(index) or instant_at(values[index], zone)
    return None


def _gaps(
    text: str, line: int, gaps: list[int], stamps: tuple[str, ...], zone: str, member: str
) -> Iterator[Unread]:
    """The messages at a time that never happened, as the line reader reports them; each found
    by its time as written (the n-th message with that time), not by reading the piece again."""
    for index in sorted(set(gaps)):
        stamp = stamps[index]
        start = _head(text, stamp, stamps[:index].count(stamp))
        found = MESSAGE.match(text, start)
        assert found is not None
        first = line + text.count("\n", 0, start)
        last = first + found[8].count("\n")
        yield Unread(
            Where(first, last, member),
            shown(text[start : found.end(7)]),
            f"{stamp} did not happen in {zone} (the clocks went forward); "
            "if the phone was set to another time zone, say which",
        )


def _head(text: str, stamp: str, skip: int) -> int:
    """Where the line of the message after `skip` others with this time as written begins."""
    at = -1
    while True:
        at = text.find(stamp, at + 1)
        if at < 0:
            raise Fallback  # cannot be: the piece's messages were read from it
        start = text.rfind("\n", 0, at) + 1
        if at - start > 2:  # a message's time comes after a mark and a bracket at most
            continue
        found = HEADS.match(text, start)
        if found is not None and found.start(2) == at:
            if not skip:
                return start
            skip -= 1
