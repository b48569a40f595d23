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
