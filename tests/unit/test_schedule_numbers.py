"""A schedule's list of entry numbers stays short enough for its table row to fit on a page."""

from __future__ import annotations

from diary.export.pages.schedules import _numbers


def test_runs_of_entries_read_as_ranges_and_a_long_list_is_counted() -> None:
    assert _numbers(()) == "none in this pack"
    assert _numbers((3, 4)) == "3, 4"
    assert _numbers((9, 1, 2, 3, 5, 7, 8, 10)) == "1\u20133, 5, 7\u201310"
    assert _numbers(tuple(range(1, 2001))) == "1\u20132000"  # every entry of a long diary
    odd = _numbers(tuple(range(1, 400, 2)))  # 200 entries, none next to another
    assert odd.startswith("1, 3, 5") and odd.endswith(" and 160 more (each is in the chronology)")
    assert len(odd) < 250


def test_the_chronology_heading_stays_short_when_thousands_were_written_early() -> None:
    """'Written before the time given' lists entry numbers in every chronology page's heading;
    with thousands the heading once outgrew the page and the export failed."""
    assert _listed_in_claims(list(range(1, 6001))) == "1\u20136000"
    assert _listed_in_claims([4, 9]) == "4 and 9"  # a short list reads as before


def _listed_in_claims(numbers: list[int]) -> str:
    from diary.export.pack_claims import _numbers as claims_numbers

    return claims_numbers(numbers)
