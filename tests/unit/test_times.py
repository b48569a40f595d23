"""How typed times become instants: forms accepted, DST never guessed, bad input refused."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diary.domain.errors import AmbiguousTime, InvalidInput, NonexistentTime
from diary.domain.times import Moment, Precision, parse_day, parse_moment


def test_wall_time_in_a_zone_is_stored_with_its_instant_and_offset() -> None:
    m = parse_moment("2024-06-03T18:30", "Europe/London")
    assert m.instant == datetime(2024, 6, 3, 17, 30, tzinfo=UTC)
    assert m.zone == "Europe/London"
    assert m.wall == "2024-06-03T18:30"
    assert m.iso() == "2024-06-03T18:30:00+01:00"
    assert m.precision is Precision.EXACT


def test_an_offset_makes_the_instant_exact_whatever_the_zone() -> None:
    m = parse_moment("2024-06-03T18:30+02:00", "Europe/London")
    assert m.instant == datetime(2024, 6, 3, 16, 30, tzinfo=UTC)
    assert m.wall == "2024-06-03T18:30+02:00"  # as typed, kept
    assert m.iso() == "2024-06-03T17:30:00+01:00"  # shown as it was where it happened


def test_a_date_alone_has_date_precision_and_starts_the_day() -> None:
    m = parse_moment("2024-06-03", "Europe/London")
    assert m.precision is Precision.DATE_ONLY
    assert m.iso() == "2024-06-03T00:00:00+01:00"


def test_approximate_is_recorded() -> None:
    assert (
        parse_moment("2024-06-03T18:30", "UTC", approximate=True).precision is Precision.APPROXIMATE
    )


def test_a_time_in_the_spring_gap_is_refused_not_guessed() -> None:
    with pytest.raises(NonexistentTime) as err:
        parse_moment("2024-03-31T01:30", "Europe/London")
    assert "clocks went forward" in err.value.message


def test_a_time_in_the_autumn_overlap_names_both_choices() -> None:
    with pytest.raises(AmbiguousTime) as err:
        parse_moment("2024-10-27T01:30", "Europe/London")
    assert err.value.offsets == ("+01:00", "+00:00")
    assert "2024-10-27T01:30+01:00" in err.value.message
    assert "2024-10-27T01:30+00:00" in err.value.message


def test_the_overlap_is_settled_by_fold_or_by_an_offset() -> None:
    first = parse_moment("2024-10-27T01:30", "Europe/London", fold=0)
    second = parse_moment("2024-10-27T01:30", "Europe/London", fold=1)
    assert (second.instant - first.instant).total_seconds() == 3600
    assert parse_moment("2024-10-27T01:30+00:00", "Europe/London").instant == second.instant


def test_moments_round_trip_through_their_stored_form() -> None:
    m = parse_moment("2024-10-27T01:30+00:00", "Europe/London", approximate=True)
    assert Moment.from_dict(m.to_dict()) == m


@pytest.mark.parametrize("bad", ["", "yesterday", "2024-02-30", "2024-13-01T10:00", "x" * 100])
def test_what_is_not_a_time_gets_a_plain_message(bad: str) -> None:
    with pytest.raises(InvalidInput):
        parse_moment(bad, "Europe/London")


@pytest.mark.parametrize("zone", ["Mars/Olympus", "../../etc/passwd", "/etc/localtime", "\x00"])
def test_unknown_or_hostile_zones_are_refused(zone: str) -> None:
    with pytest.raises(InvalidInput):
        parse_moment("2024-06-03T18:30", zone)


@given(st.text(max_size=60))
def test_no_typed_text_raises_anything_but_invalid_input(text: str) -> None:
    try:
        parse_moment(text, "Europe/London")
    except InvalidInput:
        pass


@pytest.mark.parametrize(
    "text", ["0999-06-01", "0024-06-03T18:30", "9999-12-31T23:59", "1899-12-31"]
)
def test_a_year_outside_the_diarys_range_is_refused_plainly(text: str) -> None:
    with pytest.raises(InvalidInput, match="between 1900 and 2100"):
        parse_moment(text, "America/New_York")


def test_a_time_given_with_an_offset_is_shown_as_it_was_in_the_zone() -> None:
    # The form the clocks-went-forward message suggests: the same instant as 02:30 in London.
    moment = parse_moment("2024-03-31T01:30+00:00", "Europe/London")
    assert moment.iso() == "2024-03-31T02:30:00+01:00"
    assert parse_moment("2024-06-01T12:00+05:00", "Europe/London").local.hour == 8


def test_a_filter_date_far_outside_the_range_means_from_the_start_or_to_the_end() -> None:
    assert parse_day("0001-01-01", "--from") == date(1900, 1, 1)
    assert parse_day("9999-12-31", "--to") == date(2100, 12, 31)


@pytest.mark.parametrize("name", ["localtime", "Factory", "posix/Europe/London"])
def test_zone_files_that_name_no_place_are_refused(name: str) -> None:
    with pytest.raises(InvalidInput, match="not a time zone"):
        parse_moment("2024-06-03T18:30", name)
