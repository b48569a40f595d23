"""Time rules: how a moment a person types becomes a stored, unambiguous instant.

An incident keeps the instant (UTC), the IANA zone, the wall time exactly as entered and a
precision. A wall time that never happened (clocks went forward) or happened twice (clocks went
back) raises a typed error naming the choices; it is never guessed.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import AmbiguousTime, InvalidInput, NonexistentTime


class Precision(StrEnum):
    EXACT = "exact"
    APPROXIMATE = "approximate"
    DATE_ONLY = "date"


@dataclass(frozen=True, slots=True)
class Moment:
    """A point in time as the person gave it, resolved to an instant."""

    instant: datetime  # aware, UTC
    zone: str  # IANA name, e.g. "Europe/London"
    wall: str  # as entered, e.g. "2024-06-03T18:30" or "2024-06-03"
    offset_minutes: int  # the UTC offset in force at that instant, for display
    precision: Precision

    @property
    def local(self) -> datetime:
        """The instant in the offset that was in force where it happened."""
        return self.instant.astimezone(_fixed(self.offset_minutes))

    def iso(self) -> str:
        """ISO 8601 with offset, e.g. 2024-06-03T18:30:00+01:00."""
        return self.local.isoformat()

    def to_dict(self) -> dict[str, object]:
        return {
            "instant": utc_stamp(self.instant),
            "zone": self.zone,
            "wall": self.wall,
            "offset_minutes": self.offset_minutes,
            "precision": self.precision.value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Moment:
        instant = parse_utc_stamp(str(data["instant"]))
        offset = data["offset_minutes"]
        return cls(
            instant=instant,
            zone=sys.intern(str(data["zone"])),  # one copy of each zone's name, however many
            wall=str(data["wall"]),
            offset_minutes=offset if isinstance(offset, int) else int(str(offset)),
            precision=PRECISIONS.get(data["precision"]) or Precision(str(data["precision"])),
        )


# Precision(value) goes through Enum's lookup machinery; a list of many entries reads one each.
PRECISIONS: dict[object, Precision] = {p.value: p for p in Precision}


@lru_cache(maxsize=256)
def _fixed(minutes: int) -> tzinfo:
    """The fixed offset of minutes, made once: every time shown goes through here, and a
    diary has a handful of offsets."""
    from datetime import timezone

    return timezone(timedelta(minutes=minutes))


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone called name, or InvalidInput."""
    try:
        if not name or "\x00" in name or name.startswith(("/", ".")) or ".." in name:
            raise ValueError(name)
        # Files in the zone database that are not places: they say nothing about where it was.
        if name in ("localtime", "Factory", "posixrules") or name.startswith(("posix/", "right/")):
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(
            f"{name!r} is not a time zone this app knows. Use a name like Europe/London."
        ) from exc


def system_zone() -> str:
    """The computer's IANA zone name, or UTC when it cannot be told."""
    try:
        import tzlocal

        name = tzlocal.get_localzone_name()
        zone_named(name)  # a setting that names no place ("localtime") counts as unknown
    except Exception:  # noqa: BLE001 - an odd system setting must not stop the app
        return "UTC"
    return name or "UTC"


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# The years an incident can be in: anything outside is a typo (0024 for 2024), and would not
# survive conversion to other zones at the far ends of the calendar.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def _check_year(year: int, raw: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(
            f"{raw!r} is in the year {year}. Give a date between {FIRST_YEAR} and {LAST_YEAR}, "
            "with the year in full (2024, not 24)."
        )


def _describe(dt: datetime) -> str:
    return dt.strftime("%H:%M on %d %B %Y").lstrip("0")


def parse_moment(
    text: str, zone: str | None = None, *, approximate: bool = False, fold: int | None = None
) -> Moment:
    """Resolve an ISO 8601 string typed by a person.

    `2024-06-03` is a date without a time; `2024-06-03T18:30` is a wall time in `zone` (or the
    system zone); `2024-06-03T18:30+01:00` is an instant. `fold` (0 = the first, 1 = the second)
    settles a wall time that happened twice; without it such a time raises AmbiguousTime.
    """
    raw = text.strip()
    if not raw or len(raw) > 40:
        raise InvalidInput(f"{text!r} is not a date and time. Use a form like 2024-06-03T18:30.")
    zone_name = zone or system_zone()
    tz = zone_named(zone_name)
    if _DATE.match(raw):
        try:
            day = date.fromisoformat(raw)
        except ValueError as exc:
            raise InvalidInput(f"{raw!r} is not a real date.") from exc
        _check_year(day.year, raw)
        instant = _start_of_day(day, tz)
        return _moment(instant, zone_name, raw, Precision.DATE_ONLY)
    precision = Precision.APPROXIMATE if approximate else Precision.EXACT
    try:
        parsed = datetime.fromisoformat(raw.replace(" ", "T", 1))
    except ValueError as exc:
        raise InvalidInput(
            f"{raw!r} is not a date and time. Use a form like 2024-06-03T18:30."
        ) from exc
    _check_year(parsed.year, raw)
    if parsed.tzinfo is not None:
        # An instant: shown in the offset in force in the zone at that instant (01:30+00:00 on
        # the morning the clocks went forward is 02:30 in London), never a time that did not
        # happen there.
        return _moment(parsed.astimezone(UTC), zone_name, raw, precision)
    instant = resolve_wall(parsed, zone_name, fold=fold)
    return _moment(instant, zone_name, raw, precision)


def _moment(instant: datetime, zone_name: str, wall: str, precision: Precision) -> Moment:
    offset = instant.astimezone(ZoneInfo(zone_name)).utcoffset() or timedelta(0)
    return Moment(instant, zone_name, wall, int(offset.total_seconds() // 60), precision)


def resolve_wall(wall: datetime, zone_name: str, *, fold: int | None = None) -> datetime:
    """The UTC instant of a naive wall time in zone_name, refusing to guess across DST."""
    tz = zone_named(zone_name)
    first = wall.replace(tzinfo=tz, fold=0)
    second = wall.replace(tzinfo=tz, fold=1)
    first_utc = first.astimezone(UTC)
    second_utc = second.astimezone(UTC)
    # A wall time that does not exist does not survive the round trip.
    if first_utc.astimezone(tz).replace(tzinfo=None) != wall and (
        second_utc.astimezone(tz).replace(tzinfo=None) != wall
    ):
        before, after = _offset_text(first), _offset_text(second)
        raise NonexistentTime(
            f"{_describe(wall)} did not happen in {zone_name}: the clocks went forward "
            f"(from {before} to {after}). Check the time, or give it with the offset you mean "
            f"(for example {wall.isoformat(timespec='minutes')}{before}).",
            wall.isoformat(timespec="minutes"),
            zone_name,
        )
    if first_utc != second_utc:
        if fold in (0, 1):
            return first_utc if fold == 0 else second_utc
        offsets = (_offset_text(first), _offset_text(second))
        stamp = wall.isoformat(timespec="minutes")
        raise AmbiguousTime(
            f"{_describe(wall)} happened twice in {zone_name}: the clocks went back. "
            f"Say which: {stamp}{offsets[0]} (the first time) or {stamp}{offsets[1]} (the second).",
            stamp,
            zone_name,
            offsets,
        )
    return first_utc


def _offset_text(dt: datetime) -> str:
    minutes = int((dt.utcoffset() or timedelta(0)).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _start_of_day(day: date, tz: ZoneInfo) -> datetime:
    """The first instant of a calendar day in tz (midnight, or later where midnight is skipped)."""
    midnight = datetime(day.year, day.month, day.day)
    for minutes in range(0, 24 * 60, 15):
        wall = midnight + timedelta(minutes=minutes)
        candidate = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
        if candidate.astimezone(tz).replace(tzinfo=None) == wall:
            return candidate
    return midnight.replace(tzinfo=UTC)  # pragma: no cover - no zone skips a whole day


def parse_day(text: str, what: str) -> date:
    """A calendar date for a filter (--from / --to). A day before or after the years an incident
    can be in filters as the first or last of them (0001-01-01 means "from the start")."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(f"{what} {text!r} is not a date. Use a form like 2024-06-03.") from exc
    return min(max(day, date(FIRST_YEAR, 1, 1)), date(LAST_YEAR, 12, 31))


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def utc_stamp(dt: datetime) -> str:
    # isoformat, not strftime("%Y"): the year always has four digits, so it always reads back.
    return dt.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def parse_utc_stamp(text: str) -> datetime:
    return datetime.fromisoformat(text)
