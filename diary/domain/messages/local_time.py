"""Instants shown as the wall time of a zone, quickly: a long log asks this for every item, and
the offset in force changes at most every quarter of an hour (zones change on those bounds)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from diary.domain.times import zone_named

_BUCKET = 900  # seconds


class LocalTime:
    def __init__(self, zone: str) -> None:
        self.zone = zone
        self._tz = zone_named(zone)
        self._offsets: dict[int, timedelta] = {}

    def offset(self, instant: datetime) -> timedelta:
        bucket = int(instant.timestamp()) // _BUCKET
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
