"""Every time the pack prints, with its zone, so that no time can be read in the wrong one.

An incident is shown in the zone where it happened, labelled as people there read it (GMT or
BST in the UK); times the app recorded (when an entry was written or changed, a file imported,
the pack produced) are shown in the pack's one zone, labelled the same way. Printing the audit
trail in UTC beside unlabelled local incident times once made an entry about a 21:25 BST
incident look "first written 20:40", before it happened.

Times that came from elsewhere say where: the time shown on a screenshot is the device's clock,
and a camera's EXIF time carries no zone at all.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from diary.domain.contemporaneity import incident_end
from diary.domain.incident import IncidentContent
from diary.domain.times import Moment, Precision, parse_utc_stamp
from diary.domain.wording import date_text

UK = "Europe/London"


def _offset_name(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ValueError, OSError):
        return None


def zone_label(instant: datetime, zone: str, offset: timedelta | None = None) -> str:
    """How people in zone name the time at instant: 'BST', 'GMT', 'CEST'; 'UTC+03:00' where the
    zone has no letters for it, or where the offset given is not the zone's own."""
    tz = _zone(zone)
    if tz is None:
        return _offset_name(offset or timedelta(0))
    local = instant.astimezone(tz)
    if offset is not None and local.utcoffset() != offset:
        return _offset_name(offset)
    name = local.tzname() or ""
    return name if name.isalpha() else _offset_name(local.utcoffset() or timedelta(0))


def pack_zone(contents: Iterable[IncidentContent]) -> str:
    """The zone the pack's recorded times are shown in: the one most of its incidents happened
    in (Europe/London when there is no choice to make)."""
    zones = Counter(c.occurred.zone for c in contents)
    if not zones:
        return UK
    top = max(zones.values())
    return UK if zones.get(UK) == top else zones.most_common(1)[0][0]


def zone_name(zone: str) -> str:
    """The pack's zone in words: 'UK time (GMT, or BST when the clocks are forward)'."""
    if zone == UK:
        return "UK time (GMT, or BST when the clocks are forward)"
    if zone in ("UTC", "Etc/UTC"):
        return "UTC"
    return f"{zone} time, labelled with its abbreviation"


def _day(local: datetime) -> str:
    return date_text(local.date())


def recorded(instant: datetime, zone: str) -> str:
    """A time the app recorded, e.g. 'Tue 16 Jan 2024, 21:40 GMT'."""
    local = instant.astimezone(_zone(zone) or UTC)
    return f"{_day(local)}, {local:%H:%M} {zone_label(instant, zone)}"


def claimed(stamp: str, zone: str) -> str:
    """A time another diary's record gives (a UTC stamp in a share), as recorded() prints this
    diary's own; the text as given when it is not one, so a claim is never dropped."""
    try:
        instant = parse_utc_stamp(stamp)
    except ValueError:
        instant = None
    if instant is not None and instant.tzinfo is not None:
        return recorded(instant, zone)
    return f"\u201c{stamp}\u201d (as given)" if stamp.strip() else "a time not given"


def _local(moment: Moment) -> datetime:
    return moment.local


def _label(moment: Moment) -> str:
    return zone_label(moment.instant, moment.zone, timedelta(minutes=moment.offset_minutes))


def _clock(moment: Moment) -> str:
    about = "about " if moment.precision is Precision.APPROXIMATE else ""
    return f"{about}{_local(moment):%H:%M}"


def when(content: IncidentContent) -> str:
    """When an incident happened, start and end, in its own zone: 'Tue 16 Jan 2024, 17:00 to
    19:30 GMT', 'Tue 16 Jan 2024, about 21:25 BST', 'Tue 16 Jan 2024' (no time given)."""
    start, end = content.occurred, content.until
    first = _day(_local(start))
    if start.precision is Precision.DATE_ONLY:
        if end is None or _day(_local(end)) == first:
            return first
        return f"{first} to {_day(_local(end))}"
    if end is None:
        return f"{first}, {_clock(start)} {_label(start)}"
    if end.precision is Precision.DATE_ONLY:
        return f"{first}, {_clock(start)} {_label(start)}, to {_day(_local(end))}"
    if _day(_local(end)) == first and _label(end) == _label(start):
        return f"{first}, {_clock(start)} to {_clock(end)} {_label(start)}"
    later = f"{_day(_local(end))}, {_clock(end)} {_label(end)}"
    return f"{first}, {_clock(start)} {_label(start)} to {later}"


def when_in_words(content: IncidentContent) -> str:
    """For the statement: 'On Monday 3 June 2024 at about 18:30 BST', 'On Monday 3 June 2024
    between 17:00 and 19:30 BST', 'On Monday 3 June 2024'."""
    start, end = content.occurred, content.until
    local = _local(start)
    day = f"{local:%A} {local.day} {local:%B %Y}"
    if start.precision is Precision.DATE_ONLY:
        if end is not None and _local(end).date() != local.date():
            other = _local(end)
            return f"Between {day} and {other:%A} {other.day} {other:%B %Y}"
        return f"On {day}"
    if end is None or end.precision is Precision.DATE_ONLY:
        return f"On {day} at {_clock(start)} {_label(start)}"
    if _local(end).date() == local.date() and _label(end) == _label(start):
        return f"On {day} between {_clock(start)} and {_clock(end)} {_label(start)}"
    other = _local(end)
    return (
        f"From {_clock(start)} {_label(start)} on {day} to {_clock(end)} {_label(end)} on "
        f"{other:%A} {other.day} {other:%B %Y}"
    )


def duration(delta: timedelta) -> str:
    """'25 minutes', '3 hours', '2 days', for how long after something another thing was."""
    minutes = int(abs(delta).total_seconds() // 60)
    if minutes < 1:
        return "less than a minute"
    if minutes < 120:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} hours"
    days = hours // 24
    return f"{days:,} days"


def written_after(content: IncidentContent, written: datetime) -> str:
    """How long after the incident an entry was first written, as the pack says it: '15 minutes
    after', '3 hours after it ended', 'the next day', and, plainly, '10 minutes before the time
    given for the incident' when that is what the times say."""
    start = content.occurred
    if start.precision is Precision.DATE_ONLY:
        where = timezone(timedelta(minutes=start.offset_minutes))
        day = written.astimezone(where).date()
        if day < start.local.date():
            return f"{(start.local.date() - day).days:,} days before the day given for the incident"
        days = (day - (content.until or start).local.date()).days
        if days <= 0:
            return "the same day"
        return "the next day" if days == 1 else f"{days:,} days later"
    if written < start.instant:
        gap = duration(start.instant - written)
        approximate = " (an approximate time)" if start.precision is Precision.APPROXIMATE else ""
        return f"{gap} before the time given for the incident{approximate}"
    after = written - incident_end(content)
    if after < timedelta(0):
        return "before it had ended"
    return f"{duration(after)} after" + (" it ended" if content.until is not None else "")


# The time shown on a screenshot, as the person typed it: '23:25 26/05/2024' (the window and the
# demo), '2024-05-26T23:25:00+01:00' (the command line), or anything else.
_SHOWN_DMY = re.compile(r"^(\d{1,2}):(\d{2})\s+(\d{1,2})/(\d{1,2})/(\d{4})$")
_SHOWN_DMY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}),?\s+(\d{1,2}):(\d{2})$")


def _parse_shown(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    if m := _SHOWN_DMY.match(value):
        hour, minute, day, month, year = map(int, m.groups())
    elif m := _SHOWN_DMY_FIRST.match(value):
        day, month, year, hour, minute = map(int, m.groups())
    else:
        return None
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:
        return None


def shown_time(text: str, zone: str) -> str:
    """The time shown on a screen in the pack's one form: 'Sun 26 May 2024, 23:25 BST' when it
    came with an offset, 'Sun 26 May 2024, 23:25 (the device's clock)' when it did not, and
    the words as typed, in quotes, when they are not a date and time."""
    value = " ".join(text.split())
    parsed = _parse_shown(value)
    if parsed is None:
        return f"\u201c{value}\u201d (as typed)"
    if parsed.tzinfo is None:
        if len(value) == 10:  # a day alone
            return _day(parsed)
        return f"{_day(parsed)}, {parsed:%H:%M} (the device\u2019s clock)"
    offset = parsed.utcoffset() or timedelta(0)
    instant = parsed.astimezone(UTC)
    local = instant.astimezone(timezone(offset))
    return f"{_day(local)}, {local:%H:%M} {zone_label(instant, zone, offset)}"


def exif_time(text: str) -> tuple[str, datetime | None]:
    """A camera's EXIF time ('2024:05:26 23:25:10') as the pack prints it, and the naive time
    itself (None when it cannot be read): EXIF records no zone, so none is claimed."""
    value = text.strip()
    try:
        parsed = datetime.strptime(value[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return f"\u201c{value}\u201d (as written in the file)", None
    text = f"{_day(parsed)}, {parsed:%H:%M} (the device\u2019s clock; the file records no zone)"
    return text, parsed
