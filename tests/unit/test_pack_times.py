"""The pack's words for times, counts and marks, without a PDF: zones named as people there
name them, an end time never dropped, how soon an entry was written counted from the data, and
exhibit marks in the order people count them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from diary.domain.contemporaneity import Soon, writing
from diary.domain.incident import Author, Incident
from diary.domain.marks import natural_key
from diary.domain.times import parse_moment
from diary.export.pack_times import (
    exif_time,
    pack_zone,
    recorded,
    shown_time,
    when,
    when_in_words,
    written_after,
    zone_label,
)
from tests.conftest import make_content


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_zones_are_named_as_people_there_name_them() -> None:
    assert zone_label(_utc("2024-06-03T20:25"), "Europe/London") == "BST"
    assert zone_label(_utc("2024-01-16T21:25"), "Europe/London") == "GMT"
    assert zone_label(_utc("2024-06-03T20:25"), "Europe/Madrid") == "CEST"
    assert zone_label(_utc("2024-06-03T20:25"), "Asia/Dubai") == "UTC+04:00"  # no letters
    assert zone_label(_utc("2024-06-03T20:25"), "UTC") == "UTC"
    # An offset stored with the time that is not the zone's own is shown as it was stored.
    assert zone_label(_utc("2024-06-03T20:25"), "Europe/London", timedelta(hours=2)) == "UTC+02:00"
    assert recorded(_utc("2024-06-03T20:40"), "Europe/London") == "Mon 3 Jun 2024, 21:40 BST"


def test_the_pack_zone_is_where_most_incidents_happened() -> None:
    london = make_content()
    madrid = make_content().__class__(
        occurred=parse_moment("2024-06-03T18:30", "Europe/Madrid"), location="x", text="y"
    )
    assert pack_zone([london, madrid]) == "Europe/London"  # a tie goes to the UK
    assert pack_zone([madrid, madrid, london]) == "Europe/Madrid"
    assert pack_zone([]) == "Europe/London"


def test_an_end_time_is_never_dropped() -> None:
    evening = make_content(
        when="2024-06-03T17:00", until=parse_moment("2024-06-03T19:30", "Europe/London")
    )
    assert when(evening) == "Mon 3 Jun 2024, 17:00 to 19:30 BST"
    assert when_in_words(evening) == "On Monday 3 June 2024 between 17:00 and 19:30 BST"
    overnight = make_content(
        when="2024-10-26T23:00", until=parse_moment("2024-10-27T01:30", "Europe/London", fold=1)
    )
    assert when(overnight) == "Sat 26 Oct 2024, 23:00 BST to Sun 27 Oct 2024, 01:30 GMT"
    assert when(make_content(when="2024-06-03")) == "Mon 3 Jun 2024"
    approximate = make_content().__class__(
        occurred=parse_moment("2024-06-03T18:30", "Europe/London", approximate=True),
        location="x",
        text="y",
    )
    assert when(approximate) == "Mon 3 Jun 2024, about 18:30 BST"


def test_how_long_after_is_said_plainly_either_way() -> None:
    evening = make_content(when="2024-06-03T21:25")  # 20:25 UTC
    assert written_after(evening, _utc("2024-06-03T20:40")) == "15 minutes after"
    assert written_after(evening, _utc("2024-06-04T08:40")) == "12 hours after"
    assert written_after(evening, _utc("2024-06-10T08:40")) == "6 days after"
    assert written_after(evening, _utc("2024-06-03T20:15")) == (
        "10 minutes before the time given for the incident"
    )
    day = make_content(when="2024-06-03")
    assert written_after(day, _utc("2024-06-03T15:00")) == "the same day"
    assert written_after(day, _utc("2024-06-04T15:00")) == "the next day"
    assert written_after(day, _utc("2024-06-09T15:00")) == "6 days later"


def _incident(content: object, written: str) -> Incident:
    at = _utc(written)
    return Incident(1, "u" * 32, content, at, at, 1, Author.VICTIM)  # type: ignore[arg-type]


def test_how_soon_an_entry_was_written_is_counted_from_its_end() -> None:
    long_call = make_content(
        when="2024-06-03T17:00", until=parse_moment("2024-06-03T19:30", "Europe/London")
    )
    assert writing(_incident(long_call, "2024-06-03T18:50")).soon is Soon.HOUR  # 19:50 BST
    assert writing(_incident(long_call, "2024-06-03T17:00")).soon is Soon.HOUR  # while going on
    assert writing(_incident(long_call, "2024-06-03T15:00")).soon is Soon.BEFORE
    assert writing(_incident(long_call, "2024-06-04T12:00")).soon is Soon.DAY
    assert writing(_incident(long_call, "2024-06-08T12:00")).soon is Soon.WEEK
    assert writing(_incident(long_call, "2024-07-08T12:00")).soon is Soon.LATER
    copied = make_content(
        transcribed_on="2025-01-03",
        written_on="2024-06-04",
        transcribed_from="the spreadsheet old.csv, line 4",
    )
    found = writing(_incident(copied, "2025-01-03T10:00"))
    assert found.soon is Soon.COPIED and found.original_after == 1


def test_times_from_elsewhere_say_whose_clock_they_are() -> None:
    assert shown_time("23:25 26/05/2024", "Europe/London") == (
        "Sun 26 May 2024, 23:25 (the device\u2019s clock)"
    )
    assert shown_time("2024-05-26T23:25:00+01:00", "Europe/London") == "Sun 26 May 2024, 23:25 BST"
    assert shown_time("2024-05-26", "Europe/London") == "Sun 26 May 2024"
    assert shown_time("yesterday, 9pm", "Europe/London") == "\u201cyesterday, 9pm\u201d (as typed)"
    text, parsed = exif_time("2024:06:28 14:03:10")
    assert text == "Fri 28 Jun 2024, 14:03 (the device\u2019s clock; the file records no zone)"
    assert parsed == datetime(2024, 6, 28, 14, 3, 10)
    assert exif_time("0000:00:00 00:00:00")[1] is None


def test_exhibit_marks_sort_as_people_count_them() -> None:
    marks = ["AD/10", "AD/2", "AD/1", "JS/3", "AD/11"]
    assert sorted(marks, key=natural_key) == ["AD/1", "AD/2", "AD/10", "AD/11", "JS/3"]
    names = ["exhibits/AD-10_x.png", "exhibits/AD-9_y.png", "entries.json"]
    assert sorted(names, key=natural_key) == [
        "entries.json",
        "exhibits/AD-9_y.png",
        "exhibits/AD-10_x.png",
    ]
