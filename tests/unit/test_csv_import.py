"""Reading spreadsheet diaries: encodings, dates, times, columns, and every bad row reported."""

from __future__ import annotations

import csv
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from diary.domain.csv_import import (
    MAX_BYTES,
    NOT_RECORDED,
    open_checked,
    parse_date,
    parse_time,
    plan,
    plan_file,
)
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


def _write_rows(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Date", "Time", "Location", "What happened"])
        for n in range(rows):
            text = f"Row {n}: he followed me along the road and waited by the gate. " * 4
            writer.writerow([f"{1 + n % 28:02d}/06/2024", "18:30", f"Place {n}", text])


def _memory_beyond_the_entries(path: Path) -> tuple[int, int]:
    """(peak memory while reading beyond what the finished plan holds, entries read)."""
    tracemalloc.start()
    try:
        with open_checked(path) as fp:
            result = plan_file(fp, {}, ZONE, TODAY)
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - held, len(result.entries)


def test_reading_a_large_file_needs_no_more_memory_than_its_entries(tmp_path: Path) -> None:
    """Read a row at a time: the memory beyond the entries stays the same for 2,000 rows and
    for 8,000, and is a small fraction of the file (reading it whole took its size, and more)."""
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    _write_rows(small, 2_000)
    _write_rows(large, 8_000)
    small_extra, small_rows = _memory_beyond_the_entries(small)
    large_extra, large_rows = _memory_beyond_the_entries(large)
    assert (small_rows, large_rows) == (2_000, 8_000)
    assert large_extra < small_extra * 1.5 + 64 * 1024  # flat, not four times as much
    assert large_extra < large.stat().st_size / 20


def test_a_file_over_the_limit_is_refused_before_any_of_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as out:
        out.truncate(MAX_BYTES + 1)  # sparse: as big as it says, without filling the disk

    def no_reading(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    with pytest.raises(InvalidInput, match="larger than 50 MB"):
        open_checked(huge)


def test_a_windows_1252_byte_far_into_a_file_starts_it_again_in_that_encoding(
    tmp_path: Path,
) -> None:
    """UTF-8 is tried first, a row at a time; a byte that is not UTF-8 after thousands of rows
    reads the whole file again as Windows-1252, rather than failing or mixing the two."""
    path = tmp_path / "excel.csv"
    _write_rows(path, 2_000)
    with path.open("ab") as out:
        out.write(
            "03/06/2024,19:00,Caf\u00e9,He said \u201cyou can\u2019t hide\u201d\r\n".encode(
                "cp1252"
            )
        )
    with open_checked(path) as fp:
        result = plan_file(fp, {}, ZONE, TODAY)
    assert result.encoding == "Windows-1252" and not result.problems
    last = result.entries[-1][1]
    assert (last.location, last.text) == ("Caf\u00e9", "He said \u201cyou can\u2019t hide\u201d")
    assert len(result.entries) == 2_001
