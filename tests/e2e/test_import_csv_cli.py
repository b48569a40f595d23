"""`diary import-csv`: preview first, then every row or none, marked as transcribed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from diary.domain.errors import InvalidInput
from diary.vault import Vault
from diary.vault.entries.transcription import save_transcribed
from tests.conftest import make_content
from tests.e2e.cli_runner import init_diary, run_diary

GOOD = (
    "Date,Time,Location,What happened,Date written\n"
    "03/06/2024,18:30,Outside work,He was waiting by the gate,04/06/2024\n"
    "05/06/2024,,Home,Flowers left on the step,\n"
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    init_diary(tmp_path / "diary")
    return tmp_path / "diary"


def _listed(folder: Path) -> list[dict[str, object]]:
    done = run_diary("list", "--json", "--diary", folder)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_dry_run_previews_and_saves_nothing(folder: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "diary.csv"
    csv_file.write_text(GOOD, encoding="utf-8")
    done = run_diary("import-csv", "--dry-run", "--tz", "Europe/London", csv_file, stdin="")
    assert done.returncode == 0, done.stderr
    assert "2 entries would be imported" in done.stdout
    assert "line    2  2024-06-03 18:30" in done.stdout
    assert _listed(folder) == []


def test_import_keeps_written_date_apart_from_import_time(folder: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "diary.csv"
    csv_file.write_bytes(GOOD.encode("cp1252"))
    done = run_diary("import-csv", "--diary", folder, "--tz", "Europe/London", csv_file)
    assert done.returncode == 0, done.stderr
    first, second = _listed(folder)
    assert first["occurred_at"] == "2024-06-03T18:30:00+01:00"
    assert first["written_on"] == "2024-06-04"
    assert first["transcribed_on"] == str(first["recorded_at"])[:10]
    assert second["written_on"] == ""
    # What each was copied from, for the pack to say so.
    assert first["transcribed_from"] == "the spreadsheet diary.csv, line 2"
    shown = run_diary("show", "--diary", folder, str(first["id"]))
    assert (
        "from an earlier record (the spreadsheet diary.csv, line 2), where it was written on "
        "2024-06-04"
    ) in shown.stdout


def test_a_file_name_that_is_not_utf8_still_says_where_each_entry_came_from(
    folder: Path, tmp_path: Path
) -> None:
    """A name saved on another system (Latin-1 bytes) is no reason to refuse the rows."""
    csv_file = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9-diary.csv"))
    csv_file.write_text(GOOD, encoding="utf-8")
    done = run_diary("import-csv", "--diary", folder, "--tz", "Europe/London", csv_file)
    assert done.returncode == 0, done.stderr
    first, _ = _listed(folder)
    assert first["transcribed_from"] == "the spreadsheet caf?-diary.csv, line 2"


def test_one_bad_row_imports_nothing(folder: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "diary.csv"
    csv_file.write_text(GOOD + "32/06/2024,,Home,Bad date\n", encoding="utf-8-sig")
    done = run_diary("import-csv", "--diary", folder, csv_file)
    assert done.returncode == 2
    assert "line 4: '32/06/2024' is not a real date" in done.stderr
    assert "nothing was imported" in done.stderr
    assert _listed(folder) == []


def test_missing_column_is_explained(folder: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "diary.csv"
    csv_file.write_text("Date,Place\n03/06/2024,Home\n", encoding="utf-8")
    done = run_diary("import-csv", "--diary", folder, csv_file)
    assert done.returncode == 2
    assert "no column for what happened" in done.stderr
    assert "--map" in done.stderr


def test_saving_is_all_or_nothing(vault: Vault) -> None:
    good = make_content(what="First")
    broken = make_content(what="   ")  # refused when saved
    with pytest.raises(InvalidInput):
        save_transcribed(vault, [good, broken])
    assert vault.incidents() == []
    assert vault.check().revisions == 0


def test_an_edit_keeps_where_an_entry_was_transcribed_from(vault: Vault) -> None:
    transcribed = make_content(what="From my notebook.").with_changes(
        transcribed_on="2026-11-28", written_on="2024-06-04"
    )
    (incident_id,) = save_transcribed(vault, [transcribed])
    # The window's form knows nothing of transcription; its content comes without it.
    vault.edit_incident(incident_id, make_content(what="From my notebook, corrected."))
    edited = vault.incident(incident_id).content
    assert edited.text == "From my notebook, corrected."
    assert (edited.transcribed_on, edited.written_on) == ("2026-11-28", "2024-06-04")
    assert vault.check().ok


def test_the_same_spreadsheet_twice_does_not_count_incidents_twice(
    folder: Path, tmp_path: Path
) -> None:
    csv_file = tmp_path / "diary.csv"
    csv_file.write_text(GOOD, encoding="utf-8")
    assert (
        run_diary("import-csv", "--diary", folder, "--tz", "Europe/London", csv_file).returncode
        == 0
    )
    csv_file.write_text(GOOD + "07/06/2024,21:00,Home,Calls all evening,\n", encoding="utf-8")
    done = run_diary("import-csv", "--diary", folder, "--tz", "Europe/London", csv_file)
    assert done.returncode == 0, done.stderr
    assert "2 of the 3 entries were already in the diary" in done.stderr
    assert [e["text"] for e in _listed(folder)] == [
        "He was waiting by the gate",
        "Flowers left on the step",
        "Calls all evening",
    ]


def test_a_failure_after_hundreds_of_rows_are_written_still_saves_none(vault: Vault) -> None:
    """Rows are written in batches of 500; one refused in the second batch undoes the first."""
    entries = [make_content(what=f"Entry {n}") for n in range(700)]
    entries[650] = make_content(what="   ")
    with pytest.raises(InvalidInput):
        save_transcribed(vault, entries)
    assert vault.incidents() == []
    assert vault.check().ok and vault.check().revisions == 0


def test_a_large_import_is_whole_searchable_and_followed_by_ordinary_entries(
    vault: Vault,
) -> None:
    entries = [make_content(what=f"Entry {n} at the gate") for n in range(1_200)]
    entries[1_100] = make_content(what="The zebracrossing again")
    ids = save_transcribed(vault, entries)
    assert ids == list(range(1, 1_201))
    after = vault.add_incident(make_content(what="Written afterwards"))
    assert after == 1_201
    report = vault.check()
    assert report.ok, report.problems
    assert (report.incidents, report.revisions) == (1_201, 1_201)
    assert [i.id for i in vault.search("zebracrossing")] == [1_101]


def test_a_file_too_large_to_be_a_spreadsheet_diary_is_refused_plainly(
    folder: Path, tmp_path: Path
) -> None:
    huge = tmp_path / "disk-image.csv"
    with huge.open("wb") as out:
        out.truncate(60 * 1024 * 1024)  # sparse
    done = run_diary("import-csv", "--diary", folder, "--tz", "Europe/London", huge)
    assert done.returncode == 2
    assert "larger than 50 MB" in done.stderr and "Nothing was read" in done.stderr
    assert "Traceback" not in done.stderr
