"""WhatsApp chats read in bulk: one regular expression over a few megabytes of text at a time
finds every message (its time, sender, words and the lines that follow it), with no Python
object made per message. What a chat usually holds (messages, media lines, the app's line at the
top, days on which the clocks change) is read here; anything else (a line that is not UTF-8, a
date that does not exist, a time in the hour the clocks skipped or repeated, the app's marked
lines, lines before the first message) sends the whole file to the line-by-line reader in
whatsapp.py, so the result is always the one that reader gives.

A line is a message's first line exactly when whatsapp.HEAD matches it: the pattern here is that
one, read over many lines at once (every `\\s` in it kept to one line).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import islice, repeat
from operator import add, le
from typing import Any

from .clock import _plain_hour, place
from .lines import shown
from .log import Notes, Unread, Where
from .options import DateOrder, ReadOptions, RepeatedHour
from .whatsapp import _MISSED_CALL, _SYSTEM, Opener

CHUNK = 1024 * 1024  # bytes of the file read at a time (memory stays about twenty times this)

_S = r"[^\S\n]"  # white space within a line
_DATE = r"\d{1,4}(?:/\d{1,2}/|\.\d{1,2}\.|-\d{1,2}-)\d{1,4}"
_TIME = rf"\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?(?:{_S}?(?:[AaPp]\.?{_S}?[Mm]\.?|[\u0635\u0645]))?"
_HEAD = rf"[\u200e\u200f\ufeff]?(\[)?(({_DATE}),?{_S}({_TIME}))(?(1)\]{_S}|{_S}[-\u2013]{_S})"
# A line that starts a message: whatsapp.HEAD without its `rest`.
_START = (
    rf"[\u200e\u200f\ufeff]?(?:\[{_DATE},?{_S}{_TIME}\]{_S}|{_DATE},?{_S}{_TIME}{_S}[-\u2013]{_S})"
)
# Groups: 1 bracket, 2 stamp, 3 date, 4 time, 5 sender, 6 ': ' (when there is a sender), 7 the
# first line's words; in MESSAGE, 8 the lines that follow (each after its line end).
HEADS = re.compile(rf"^{_HEAD}(?:([^:\n]*(?::(?! )[^:\n]*)*)(: )|)(.*)", re.MULTILINE)
MESSAGE = re.compile(HEADS.pattern + rf"((?:\n(?!{_START}).*)*)", re.MULTILINE)
_LINE_START = re.compile(_START)
_DATE_PARTS = re.compile(r"(\d+)\D(\d+)\D(\d+)")
_TIME_PARTS = re.compile(
    rf"(\d+)\D(\d+)(?:\D(\d+))?(?:{_S}?(?:([AaPp])\.?{_S}?[Mm]\.?|([\u0635\u0645])))?"
)
_CR = re.compile(r"\r+\n")


class Fallback(Exception):
    """The file holds something only the line-by-line reader reads as it must."""


def chunks(stream: object) -> Iterator[tuple[str, int]]:
    """(text, number of the text's first line) for pieces of the file, each cut where a message
    starts, decoded, line ends as the line reader leaves them, the last line end left off."""
    read = stream.read  # type: ignore[attr-defined]
    carry, line, first = "", 1, True
    while True:
        block: bytes = read(CHUNK)
        end = not block
        if block and not block.endswith(b"\n"):
            block += stream.readline()  # type: ignore[attr-defined]
            end = not block.endswith(b"\n")
        try:
            text = carry + block.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Fallback from exc
        if first:
            first = False
            text = text.removeprefix("\ufeff")
        if "\r" in text:
            text = _CR.sub("\n", text)
            if end:
                text = text.rstrip("\r")
        if not end:
            cut = _last_start(text)
            if cut <= 0:
                carry = text
                continue
            text, carry = text[:cut], text[cut:]
        text = text.removesuffix("\n")
        if text or not end:
            yield text, line
            line += text.count("\n") + 1
        if end:
            return


def _last_start(text: str) -> int:
    """Where the last line that starts a message begins (0 when only the first does)."""
    at = len(text) - 1
    while at > 0:
        at = text.rfind("\n", 0, at)
        if at < 0:
            return 0
        if _LINE_START.match(text, at + 1):
            return at + 1
    return 0


def check_lead(text: str) -> None:
    """Lines before the first message must be blank (the line reader reports others)."""
    found = HEADS.search(text)
    lead = text[: found.start()] if found else text
    if lead.strip():
        raise Fallback


def day_of(written: str, order: DateOrder | None) -> date:
    """The date of a message's date as written (whatsapp._parts); Fallback when no such day."""
    a, b, c = _DATE_PARTS.fullmatch(written).groups()  # type: ignore[union-attr]
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    else:
        year = int(c) + (2000 if len(c) <= 2 else 0)
        month, day = (int(a), int(b)) if order is DateOrder.MONTH_FIRST else (int(b), int(a))
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise Fallback from exc


_ARABIC = {"\u0635": "a", "\u0645": "p"}


def seconds_of(written: str) -> int:
    """Seconds since midnight of a message's time as written (whatsapp._when); Fallback when it
    is not a time."""
    hour, minute, second, ampm, arabic = _TIME_PARTS.fullmatch(written).groups("")  # type: ignore[union-attr]
    h = int(hour)
    half = ampm.lower() or _ARABIC.get(arabic, "")
    if half:
        if not 1 <= h <= 12:
            raise Fallback
        h = h % 12 + (12 if half == "p" else 0)
    m, s = int(minute), int(second or 0)
    if h > 23 or m > 59 or s > 59:
        raise Fallback
    return h * 3600 + m * 60 + s


def day_offset(zone: str, day: date) -> timedelta | None:
    """The UTC offset in force all through day in zone, or None when the clocks change on it."""
    first = _plain_hour(zone, day.year, day.month, day.day, 0)
    if first is None or first != _plain_hour(zone, day.year, day.month, day.day, 23):
        return None
    noon = _plain_hour(zone, day.year, day.month, day.day, 12)
    return first if noon == first else None


def instant(zone: str, day: date, seconds: int, offset: timedelta | None) -> datetime:
    """The instant of a wall time: one step on a plain day, else through clock.place; Fallback
    for a time that never happened or happened twice (the line reader asks about those)."""
    wall = datetime(day.year, day.month, day.day) + timedelta(seconds=seconds)
    if offset is not None:
        return wall.replace(tzinfo=UTC) - offset
    placed = place(wall, zone)
    if placed is None or placed[1] is not None:
        raise Fallback
    return placed[0]


MARKS = "\u200e\u200f"
Key = tuple[str, str, str, str]  # sender, ': ', date as written, 'c' for a missed call


@dataclass(frozen=True, slots=True)
class Piece:
    """A piece of the file as count read it: for each message, in the file's order, its key,
    its wall time (seconds from year 1) and the lines that follow it."""

    text: str
    line: int  # the number of the piece's first line
    keys: list[Key]
    values: list[int]
    settled: dict[int, datetime]  # instants of messages on days the clocks change
    gaps: set[int]  # messages at a time that never happened
    more: tuple[str, ...]  # each line after its line end


Collect = Callable[[Piece, dict[str, date], dict[date, timedelta | None]], None]
# "missed" in any case, as IGNORECASE reads it (it lets i be İ or ı, s be ſ): twice as quick.
_MAYBE_MISSED = re.compile("[Mm][Ii\u0130\u0131][Ss\u017f][Ss\u017f][Ee][Dd]")


@dataclass
class DayCount:
    """One sender's messages and missed calls on one day of the chat."""

    sender: str  # as the file first gives it
    key: str
    day: date
    messages: int = 0
    missed: int = 0
    first: datetime | None = None
    last: datetime | None = None


def _kinds(words: tuple[str, ...]) -> tuple[str, ...]:
    """'c' for a missed call, '' for a message; Fallback for the app's own marked lines."""
    kinds = []
    for text in words:
        bare = text.strip(MARKS)
        if text[:1] in MARKS and _SYSTEM.search(bare):
            raise Fallback
        kinds.append("c" if bare[:1] in "Mm" and _MISSED_CALL.match(bare) else "")
    return tuple(kinds)


def count(
    opener: Opener,
    options: ReadOptions,
    notes: Notes,
    cancelled: Callable[[], bool],
    unread: list[Unread],
    member: str = "",
    collect: Collect | None = None,
) -> list[DayCount]:
    """Every sender's messages and missed calls, day by day, in the order the file first shows
    each; the app's own lines counted in notes, messages at a time that never happened added
    to unread. Fallback when the line reader must read the file. With collect, each piece of
    the file is handed to it too, read with the lines that follow each message."""
    zone, order = options.zone, options.date_order
    days: dict[str, date] = {}
    offsets: dict[date, timedelta | None] = {}
    seconds: dict[str, int] = {}
    starts: dict[str, int] = {}  # a date as written: its first second, counted from year 1
    found: dict[tuple[str, str, str], DayCount] = {}
    previous = -1
    previous_instant: datetime | None = None
    with opener() as stream:
        for number, (text, line) in enumerate(chunks(stream)):
            if number == 0:
                check_lead(text)
            rows = (HEADS if collect is None else MESSAGE).findall(text)
            if cancelled():
                break
            if not rows:
                continue
            _, stamps, dates, times, senders, colons, words, *more = zip(*rows, strict=True)
            for written in set(dates) - days.keys():
                day = days[written] = day_of(written, order)
                starts[written] = day.toordinal() * 86400
                if day not in offsets:
                    offsets[day] = day_offset(zone, day)
            for written in set(times) - seconds.keys():
                seconds[written] = seconds_of(written)
            marked = any(m in text for m in MARKS) or _MAYBE_MISSED.search(text)
            kinds = _kinds(words) if marked else repeat("")
            keys = list(zip(senders, colons, dates, kinds, strict=False))
            values = list(
                map(
                    add,
                    map(starts.__getitem__, dates),
                    map(seconds.__getitem__, times),
                )
            )
            changing = {w for w in set(dates) if offsets[days[w]] is None}
            gaps: list[int] = []
            settled = _settle(keys, values, changing, zone, options, previous_instant, gaps)
            previous_instant = _last_instant(keys, values, settled, zone, gaps) or previous_instant
            if collect is not None:
                collect(
                    Piece(text, line, keys, values, settled, set(gaps), more[0]),
                    days,
                    offsets,
                )
            unread.extend(_gaps(text, line, gaps, stamps, zone, member))
            tallies = Counter(keys)
            for index in gaps:
                tallies[keys[index]] -= 1
            if previous <= values[0] and all(map(le, values, islice(values, 1, None))):
                firsts = dict(zip(reversed(keys), reversed(values), strict=True))
                lasts = dict(zip(keys, values, strict=True))
            else:
                firsts, lasts = {}, {}
                for key, value in zip(keys, values, strict=True):
                    if firsts.get(key, value) >= value:
                        firsts[key] = value
                    if lasts.get(key, value) <= value:
                        lasts[key] = value
            previous = values[-1]
            if settled:
                firsts, lasts = _span(keys, settled, firsts, lasts)
            for key, total in tallies.items():
                sender, _colon, written, kind = key
                if not total:
                    continue
                if not counted(key):
                    notes.system_lines += total
                    continue
                day = days[written]
                offset = offsets[day]
                first, last = firsts[key], lasts[key]
                if not isinstance(first, datetime):
                    first = instant(zone, day, first % 86400, offset)
                    last = instant(zone, day, last % 86400, offset)
                entry = found.get((sender, written, kind))
                if entry is None:
                    entry = found[(sender, written, kind)] = DayCount(
                        sender, sender.strip(MARKS + " "), day
                    )
                if kind:
                    entry.missed += total
                else:
                    entry.messages += total
                entry.first = first if entry.first is None else min(entry.first, first)
                entry.last = last if entry.last is None else max(entry.last, last)
    return list(found.values())


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
                last = _at(values[before_index], zone)
        previous = index
        placed = place(_wall(values[index]), zone)
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


def _wall(value: int) -> datetime:
    day = date.fromordinal(value // 86400)
    return datetime(day.year, day.month, day.day) + timedelta(seconds=value % 86400)


def _at(value: int, zone: str) -> datetime:
    """The instant of an ordinary wall time (one that happened once)."""
    placed = place(_wall(value), zone)
    if placed is None or placed[1] is not None:
        raise Fallback
    return placed[0]


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
            return settled.get(index) or _at(values[index], zone)
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
