"""Instants shown as the wall time of a zone, quickly: a long log asks this for every item, and
the offset in force changes at most every quarter of an hour (zones change on those bounds)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from itertools import islice, repeat
from operator import floordiv, le

from diary.domain.times import zone_named

_BUCKET = 900  # seconds
_DAY = 86400
# Offsets are looked at once a day of buckets, and a change between two looks is found by halving:
# exact while a zone never changes its offset twice within a day (in tzdata, changes are at
# least four days apart: Africa/Freetown, 1939).
_LOOK = _DAY // _BUCKET
_EPOCH_DAY = date(1970, 1, 1).toordinal()


class LocalTime:
    def __init__(self, zone: str) -> None:
        self.zone = zone
        self._tz = zone_named(zone)
        self._offsets: dict[int, timedelta] = {}

    def offset(self, instant: datetime) -> timedelta:
        return self._bucket_offset(int(instant.timestamp()) // _BUCKET)

    def _bucket_offset(self, bucket: int) -> timedelta:
        found = self._offsets.get(bucket)
        if found is None:
            start = datetime.fromtimestamp(bucket * _BUCKET, UTC)
            found = start.astimezone(self._tz).utcoffset() or timedelta(0)
            self._offsets[bucket] = found
        return found

    def wall(self, instant: datetime) -> datetime:
        """The naive wall time at instant."""
        return (instant + self.offset(instant)).replace(tzinfo=None)

    def day(self, instant: datetime) -> date:
        return (instant + self.offset(instant)).date()

    def clock(self, instant: datetime) -> str:
        """'21:04'."""
        return f"{self.wall(instant):%H:%M}"

    def day_ordinals(self, instants: Sequence[int], per_second: int = 1) -> list[int]:
        """day(instant).toordinal() for many instants at once (a call log's every call), each
        given as a whole number of seconds since 1970, UTC (or of milliseconds, per_second
        1000)."""
        if not instants:
            return []
        bucket = _BUCKET * per_second
        starts, shifts = self._runs(min(instants) // bucket, max(instants) // bucket)
        day = _DAY * per_second
        if len(shifts) == 1:
            shift = shifts[0] * per_second
            return list(map(floordiv, map((shift).__add__, instants), repeat(day)))
        starts = [start * per_second for start in starts]
        shifts = [shift * per_second for shift in shifts]
        if not all(map(le, instants, islice(instants, 1, None))):
            return [(at + shifts[bisect_right(starts, at)]) // day for at in instants]
        # In order: each run of instants between two changes of offset shifted in one step.
        found: list[int] = []
        low = 0
        for index, shift in enumerate(shifts):
            high = bisect_left(instants, starts[index]) if index < len(starts) else len(instants)
            found += map(floordiv, map(shift.__add__, islice(instants, low, high)), repeat(day))
            low = max(low, high)
        return found

    def _runs(self, low: int, high: int) -> tuple[list[int], list[int]]:
        """From bucket low to bucket high: the seconds at which the offset changes, and the
        offset (with the days from year 1 to 1970, in seconds) before the first change and
        after each."""

        def shift(bucket: int) -> int:
            return int(self._bucket_offset(bucket).total_seconds()) + _EPOCH_DAY * _DAY

        starts: list[int] = []
        shifts = [shift(low)]
        looked = low
        while looked < high:
            ahead = min(looked + _LOOK, high)
            if shift(ahead) != shifts[-1]:
                before, after = looked, ahead  # the change is in (before, after]
                while after - before > 1:
                    middle = (before + after) // 2
                    if shift(middle) == shifts[-1]:
                        before = middle
                    else:
                        after = middle
                starts.append(after * _BUCKET)
                shifts.append(shift(after))
            looked = ahead
        return starts, shifts
