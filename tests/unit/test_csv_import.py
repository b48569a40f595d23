"""Reading spreadsheet diaries: encodings, dates, times, columns, and every bad row reported."""

from __future__ import annotations

from datetime import date

import pytest

from diary.domain.csv_import import NOT_RECORDED, parse_date, parse_time, plan
from diary.domain.errors import InvalidInput
from diary.domain.times import Precision

TODAY = date(2026, 11, 28)
ZONE = "Europe/London"


def _plan(text: str | bytes, mapping: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return plan(raw, mapping or {}, ZONE, TODAY)


def test_rows_become_transcribed_entries_with_their_times() -> None:
    result = _plan(
        "Date,Time,Location,What happened,Witnesses,Evidence,Date written\n"
        '03/06/2024,18:30,Outside work,"He was waiting, again",Jo; Ali,photo on phone,04/06/2024\n'
        "4 June 2024,about 7pm,,Calls all night,,,\n"
        "2024-06-05,,Home,Flowers on the step,,,\n"
    )
    assert result.problems == []
    (l1, first), (l2, second), (l3, third) = result.entries
    assert (l1, l2, l3) == (2, 3, 4)
    assert first.occurred.iso() == "2024-06-03T18:30:00+01:00"
    assert first.witnesses == ("Jo", "Ali")
    assert (
        first.text
        == "He was waiting, again\n\nEvidence noted in the earlier record: photo on phone"
    )
    assert (first.transcribed_on, first.written_on) == ("2026-11-28", "2024-06-04")
    assert second.occurred.precision is Precision.APPROXIMATE
    assert second.occurred.iso() == "2024-06-04T19:00:00+01:00"
    assert second.location == NOT_RECORDED
    assert third.occurred.precision is Precision.DATE_ONLY


def test_utf8_bom_and_windows_1252_are_both_read() -> None:
    with_bom = "\ufeffDate,What happened\n03/06/2024,Café – he said “you’ll see”\n"
    result = _plan(with_bom.encode("utf-8"))
    assert result.encoding == "UTF-8"
    assert result.columns == {"Date": "date", "What happened": "text"}
    assert result.entries[0][1].text == "Café – he said “you’ll see”"
    result = _plan(with_bom[1:].encode("cp1252"))
    assert result.encoding == "Windows-1252"
    assert result.entries[0][1].text == "Café – he said “you’ll see”"


def test_utf16_or_workbook_is_refused_with_advice() -> None:
    with pytest.raises(InvalidInput, match="CSV UTF-8"):
        _plan("Date,What happened\n".encode("utf-16"))


def test_every_bad_row_is_reported_by_line_number() -> None:
    result = _plan(
        "Date,Time,What happened\n"
        "31/02/2024,,Bad day\n"
        "03/06/2024,25:00,Bad time\n"
        ",,No date\n"
        "03/06/2024,,\n"
        "03/06/2024,10:00,Fine\n"
        "01/01/2099,,In the future\n"
        "2024-03-31,01:30,Clocks went forward\n"
    )
    assert [p.split(":")[0] for p in result.problems] == [
        "line 2",
        "line 3",
        "line 4",
        "line 5",
        "line 7",
        "line 8",
    ]
    assert "not a real date" in result.problems[0]
    assert "the date is empty" in result.problems[2]
    assert "'what happened' is empty" in result.problems[3]
    assert "future" in result.problems[4]
    assert [line for line, _ in result.entries] == [6]


def test_missing_column_names_the_columns_found() -> None:
    with pytest.raises(
        InvalidInput, match=r"no column for what happened.*Its columns are: When, Stuff"
    ):
        _plan("When,Stuff\n01/01/2024,x\n")


def test_map_names_columns_and_unknown_ones_are_refused() -> None:
    result = _plan("When,Stuff,Mood\n01/01/2024,He rang,scared\n", {"Stuff": "text"})
    assert result.columns == {"Stuff": "text", "When": "date"}
    assert result.unmapped == ["Mood"]
    # An unmatched column is kept, not dropped.
    assert result.entries[0][1].text == "He rang\n\nAlso in the earlier record:\nMood: scared"
    with pytest.raises(InvalidInput, match="no column 'Nope'"):
        _plan("When,Stuff\n", {"Nope": "text"})
    with pytest.raises(InvalidInput, match="no field 'colour'"):
        _plan("When,Stuff\n", {"Stuff": "colour"})


def test_semicolon_separated_files_are_read() -> None:
    result = _plan("Date;What happened;Location\n03.06.24;He followed me;Bus stop\n")
    assert result.problems == []
    assert result.entries[0][1].location == "Bus stop"
    assert result.entries[0][1].occurred.wall == "2024-06-03"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-06-03", date(2024, 6, 3)),
        ("3/6/2024", date(2024, 6, 3)),
        ("Monday 3rd June 2024", date(2024, 6, 3)),
        ("3 Sept 2024", date(2024, 9, 3)),
    ],
)
def test_dates_as_people_write_them(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18:30", ("18:30", False)),
        ("6.30pm", ("18:30", False)),
        ("12am", ("00:00", False)),
        ("approx 9:05", ("09:05", True)),
        ("", None),
    ],
)
def test_times_as_people_write_them(text: str, expected: tuple[str, bool] | None) -> None:
    assert parse_time(text) == expected


def test_a_time_the_clocks_skipped_or_repeated_can_be_settled_with_an_offset() -> None:
    result = _plan(
        "Date,Time,Where,What happened\n"
        "31/03/2024,01:30,Home,Skipped\n"
        "31/03/2024,01:30+00:00,Home,Skipped and settled\n"
        "27/10/2024,01:30,Home,Repeated\n"
        "27/10/2024,01:30+01:00,Home,Repeated and settled\n"
    )
    assert [p.split(":")[0] for p in result.problems] == ["line 2", "line 4"]
    settled = [content.occurred.iso() for _, content in result.entries]
    assert settled == ["2024-03-31T02:30:00+01:00", "2024-10-27T01:30:00+01:00"]


def test_a_cell_holding_a_long_entry_is_read_whole() -> None:
    long_text = "He waited outside again. " * 40_000  # about 1 MB
    result = _plan(f'Date,Time,Where,What happened\n03/06/2024,18:30,Home,"{long_text}"\n')
    assert result.problems == []
    assert result.entries[0][1].text == long_text.strip()
