"""The dates and times of a WhatsApp chat read in bulk (bulk, plain): each
written date and time read once, as the line-by-line reader in chat.py reads it, and the
instant of a wall time on a day the clocks do not change worked out in one step. Fallback
whenever only the line reader reads a time as it must (a date that does not exist, a time in
the hour the clocks skipped or repeated)."""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from ..clock import _plain_hour, place
from ..options import DateOrder

_S = r"[^\S\n]"  # white space within a line
DATE = r"\d{1,4}(?:/\d{1,2}/|\.\d{1,2}\.|-\d{1,2}-)\d{1,4}"
TIME = rf"\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?(?:{_S}?(?:[AaPp]\.?{_S}?[Mm]\.?|[\u0635\u0645]))?"
_DATE_PARTS = re.compile(r"(\d+)\D(\d+)\D(\d+)")
_TIME_PARTS = re.compile(
    rf"(\d+)\D(\d+)(?:\D(\d+))?(?:{_S}?(?:([AaPp])\.?{_S}?[Mm]\.?|([\u0635\u0645])))?"
)
MARKS = "\u200e\u200f"
K = TypeVar("K", bound=Hashable)


class Fallback(Exception):
    """The file holds something only the line-by-line reader reads as it must."""


def day_of(written: str, order: DateOrder | None) -> date:
    """The date of a message's date as written (chat._parts); Fallback when no such day."""
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
    """Seconds since midnight of a message's time as written (chat._when); Fallback when it
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


def wall(value: int) -> datetime:
    """The wall time of a value counted in seconds from year 1."""
    day = date.fromordinal(value // 86400)
    return datetime(day.year, day.month, day.day) + timedelta(seconds=value % 86400)


def at(value: int, zone: str) -> datetime:
    """The instant of an ordinary wall time (one that happened once)."""
    placed = place(wall(value), zone)
    if placed is None or placed[1] is not None:
        raise Fallback
    return placed[0]


def least_and_greatest(keys: list[K], values: list[int]) -> tuple[dict[K, int], dict[K, int]]:
    """Each key's least and greatest value (keys and values side by side, in any order)."""
    firsts: dict[K, int] = {}
    lasts: dict[K, int] = {}
    for key, value in zip(keys, values, strict=True):
        if firsts.get(key, value) >= value:
            firsts[key] = value
        if lasts.get(key, value) <= value:
            lasts[key] = value
    return firsts, lasts


class Clock:
    """Each date and time as written, read once: starts[written date] is its first second
    counted from year 1 (its day in days, the day's offset in offsets, the dates on which the
    clocks change in changing); seconds[written time] its seconds since midnight. Reading one
    raises Fallback when only the line reader reads it as it must."""

    def __init__(self, zone: str, order: DateOrder | None) -> None:
        self.zone, self.order = zone, order
        self.days: dict[str, date] = {}
        self.offsets: dict[date, timedelta | None] = {}
        self.changing: set[str] = set()
        self.starts = _Starts(self)
        self.seconds = _Seconds()


class _Starts(dict[str, int]):
    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.clock = clock

    def __missing__(self, written: str) -> int:
        clock = self.clock
        day = clock.days[written] = day_of(written, clock.order)
        if day not in clock.offsets:
            clock.offsets[day] = day_offset(clock.zone, day)
        if clock.offsets[day] is None:
            clock.changing.add(written)
        start = self[written] = day.toordinal() * 86400
        return start


class _Seconds(dict[str, int]):
    def __missing__(self, written: str) -> int:
        value = self[written] = seconds_of(written)
        return value


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
