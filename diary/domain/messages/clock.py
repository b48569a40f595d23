"""Wall times from a file (a chat shows '18:30', not an instant) turned into instants in a zone.

The rule of times.py holds: a time that never happened is not guessed into one that did, and a
time that happened twice (the hour the clocks went back) is settled by the file's own order when
the order shows it (a chat goes 01:50, then 01:05: the clocks went back in between), and asked
about when it does not.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from diary.domain.times import zone_named

from .log import Item, Unread
from .options import RepeatedHour

# What a wall time can be: one instant, two (the first and second time round), or none.
Placed = tuple[datetime, datetime | None] | None
# An item whose time happened twice carries its second instant beside it until settled.
Pending = tuple[Item, datetime | None] | Unread


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return zone_named(name)


@lru_cache(maxsize=65536)
def _plain_hour(zone: str, year: int, month: int, day: int, hour: int) -> timedelta | None:
    """The UTC offset of a whole hour with no change of clocks in it, else None."""
    tz = _zone(zone)
    offsets = {
        datetime(year, month, day, hour, minute, tzinfo=tz, fold=fold).utcoffset()
        for minute in (0, 59)
        for fold in (0, 1)
    }
    if len(offsets) != 1:
        return None
    (offset,) = offsets
    return offset


def place(wall: datetime, zone: str) -> Placed:
    """The instant(s) of a naive wall time in zone: (first, None) for an ordinary time, (first,
    second) for one that happened twice, None for one that never happened."""
    offset = _plain_hour(zone, wall.year, wall.month, wall.day, wall.hour)
    if offset is not None:
        # The wall time read as UTC, less the offset: the instant (one step, no conversion).
        return wall.replace(tzinfo=UTC) - offset, None
    tz = _zone(zone)
    first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    second = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) != wall and (
        second.astimezone(tz).replace(tzinfo=None) != wall
    ):
        return None
    if first == second:
        return first, None
    return min(first, second), max(first, second)


def settle(
    pending: Iterator[Pending], repeated: RepeatedHour | None, unclear: list[int]
) -> Iterator[Item | Unread]:
    """Items with their instant settled. Items at a time that happened twice are held (never
    more than one hour's worth) until the order shows which time they were: a later one going
    backwards means those before were the first time round. Those the order leaves open take
    `repeated`, or, when the person has not said, the first time, with their lines added to
    `unclear` so the caller can ask before anything is saved."""
    held: list[tuple[Item, datetime]] = []
    second_time = False  # the order has shown the clocks went back in this hour
    last: datetime | None = None

    def release(resolved: bool) -> Iterator[Item]:
        for item, later in held:
            if not resolved:
                if repeated is RepeatedHour.SECOND:
                    item = replace(item, instant=later)
                elif repeated is None:
                    unclear.append(item.where.line)
            yield item
        held.clear()

    for entry in pending:
        if isinstance(entry, Unread):
            yield entry
            continue
        item, later = entry
        if later is None:
            if held:
                yield from release(resolved=False)
            second_time = False
            last = item.instant
            yield item
            continue
        before = held[-1][0].instant if held else last
        if second_time or (before is not None and before > item.instant):
            yield from release(resolved=True)
            second_time = True
            last = later
            yield replace(item, instant=later)
        else:
            held.append((item, later))
    yield from release(resolved=False)
