"""`diary import-messages`: senders and counts first, proposals per day, saved together or not
at all, nothing twice, and bad files refused plainly with nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.cli_runner import init_diary, run_diary
from tests.messages_support import android_zip, fixture, iphone_zip


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    init_diary(tmp_path / "diary")
    return tmp_path / "diary"


def _listed(folder: Path) -> list[dict[str, object]]:
    done = run_diary("list", "--json", "--diary", folder)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _import(folder: Path, path: Path, *extra: str) -> object:
    return run_diary("import-messages", "--diary", folder, "--tz", "Europe/London", path, *extra)


def test_without_a_sender_the_senders_are_listed_with_counts(folder: Path) -> None:
    done = run_diary(
        "import-messages", "--dry-run", "--tz", "Europe/London", fixture("calls.xml"), stdin=""
    )
    assert done.returncode == 0, done.stderr
    assert "Withheld number [withheld]" in done.stdout
    assert "1 missed call, 1 rejected call" in done.stdout
    assert "with --from-sender NAME" in done.stdout
    done = _import(folder, fixture("calls.xml"))
    assert done.returncode == 2  # not a dry run: the person must say who
    assert _listed(folder) == []


def test_dry_run_proposes_one_entry_per_day_and_saves_nothing(folder: Path) -> None:
    done = run_diary(
        "import-messages",
        "--dry-run",
        "--tz",
        "Europe/London",
        "--from-sender",
        "chris sample",
        fixture("whatsapp_android.txt"),
        stdin="",
    )
    assert done.returncode == 0, done.stderr
    assert "2024-06-03  5 messages from Chris Sample from 21:04 to 23:47" in done.stdout
    assert "quote: 21:05 Chris Sample: I know where you live 🔪" in done.stdout
    assert "Nothing was saved (--dry-run)." in done.stdout
    assert _listed(folder) == []


def test_import_saves_entries_and_the_second_time_adds_nothing(
    folder: Path, tmp_path: Path
) -> None:
    path = iphone_zip(tmp_path)
    done = _import(folder, path, "--from-sender", "Chris Sample")
    assert done.returncode == 0, done.stderr
    assert "Saved: 2 new entries" in done.stdout
    first, second = _listed(folder)
    assert first["occurred_at"] == "2024-06-03T21:04:12+01:00"
    assert first["text"].startswith("1 message from Chris Sample at 21:04; 1 missed call")
    assert first["attachments"][0]["filename"] == path.name
    assert (
        first["attachments"][0]["sha256"]
        == __import__("hashlib").sha256(path.read_bytes()).hexdigest()
    )
    assert second["words"] == "07:03 Chris Sample: מה שלומך 🙂\nI am outside"
    again = _import(folder, path, "--from-sender", "Chris Sample")
    assert again.returncode == 0, again.stderr
    assert "Nothing new" in again.stdout
    assert len(_listed(folder)) == 2
    check = run_diary("check", "--diary", folder)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize(
    ("name", "sender", "entries", "first_text"),
    [
        ("whatsapp_android.txt", "Chris Sample", 2, "5 messages from Chris Sample"),
        ("whatsapp_iphone.txt", "Chris Sample", 2, "1 message from Chris Sample at 21:04"),
        ("sms.xml", "+447700900123", 2, "1 message from Chris (+447700900123) at 21:04"),
        ("calls.xml", "withheld", 1, "1 missed call from a withheld number at 22:40"),
        ("message.eml", "chris.sample@example.com", 1, "1 message from Chris Sample"),
        ("mailbox.mbox", "chris.sample@example.com", 2, "1 message from Chris Sample"),
        ("result.json", "Chris Sample", 2, "2 messages from Chris Sample from 21:04 to 21:05"),
    ],
)
def test_every_shape_imports_end_to_end(
    folder: Path, name: str, sender: str, entries: int, first_text: str
) -> None:
    done = _import(folder, fixture(name), "--from-sender", sender, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert len(report["saved"]["added"]) == entries
    listed = _listed(folder)
    assert len(listed) == entries
    assert listed[0]["text"].startswith(first_text), listed[0]["text"]


def test_json_counts_equal_the_files(folder: Path, tmp_path: Path) -> None:
    done = run_diary(
        "import-messages",
        "--dry-run",
        "--json",
        "--tz",
        "Europe/London",
        "--from-sender",
        "Chris Sample",
        android_zip(tmp_path),
        stdin="",
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["format"] == "whatsapp" and report["member"].endswith(".txt")
    chris = next(s for s in report["senders"] if s["key"] == "Chris Sample")
    assert chris["messages"] == 7
    assert [p["messages"] for p in report["plan"]["proposals"]] == [5, 2]
    assert report["plan"]["proposals"][0]["first"] == "2024-06-03T20:04:00Z"
    assert report["saved"] is None


def test_dates_that_read_both_ways_are_asked_then_answered(folder: Path) -> None:
    path = fixture("whatsapp_ambiguous_dates.txt")
    done = _import(folder, path, "--from-sender", "Chris Sample")
    assert done.returncode == 2
    assert "--dates day-first or --dates month-first" in done.stderr
    assert _listed(folder) == []
    done = _import(folder, path, "--from-sender", "Chris Sample", "--dates", "month-first")
    assert done.returncode == 0, done.stderr
    assert [e["occurred_at"][:10] for e in _listed(folder)] == [
        "2024-03-06",
        "2024-04-06",
        "2024-05-06",
    ]


def test_a_file_in_no_known_shape_changes_nothing(folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Dear diary,\ntoday he followed me again.\n", encoding="utf-8")
    done = _import(folder, path, "--from-sender", "x")
    assert done.returncode == 2
    assert "1: Dear diary," in done.stderr and "2: today he followed me again." in done.stderr
    assert _listed(folder) == []


def test_an_unknown_sender_names_the_senders(folder: Path) -> None:
    done = _import(folder, fixture("whatsapp_android.txt"), "--from-sender", "Alex")
    assert done.returncode == 2
    assert "'Chris Sample', 'Sam Example'" in done.stderr
    assert _listed(folder) == []


def test_lines_that_look_like_commands_are_shown_harmlessly(folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(
        "13/06/2024, 21:04 - Chris: \x1b]0;pwned\x07\x1b[2J hi \u202etxt.exe\n"
        "junk line \x1b[31m before nothing\n",
        encoding="utf-8",
    )
    done = run_diary(
        "import-messages",
        "--dry-run",
        "--tz",
        "Europe/London",
        "--from-sender",
        "Chris",
        "--quote",
        "0",
        path,
        stdin="",
    )
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "\u202e" not in done.stdout


def test_burst_grouping_and_skipping(folder: Path) -> None:
    done = _import(
        folder,
        fixture("calls.xml"),
        "--from-sender",
        "+447700900123",
        "--from-sender",
        "withheld",
        "--per",
        "burst",
        "--gap",
        "45",
        "--skip",
        "2024-06-04 08:00",
    )
    assert done.returncode == 0, done.stderr
    texts = [e["text"] for e in _listed(folder)]
    assert texts[0].startswith(
        "1 missed call from Chris (+447700900123) at 22:10; 1 missed call from a withheld "
        "number at 22:40"
    )
    assert len(texts) == 3


def test_show_gives_an_entrys_message_log_first_lines_then_all(folder: Path) -> None:
    done = _import(folder, fixture("whatsapp_android.txt"), "--from-sender", "Chris Sample")
    assert done.returncode == 0, done.stderr
    first = _listed(folder)[0]["id"]
    shown = run_diary("show", "--diary", folder, str(first))
    assert shown.returncode == 0, shown.stderr
    assert "Message log: 5 messages and calls logged from the original file." in shown.stdout
    assert "3 Jun 2024 21:05:00  Chris Sample: I know where you live 🔪" in shown.stdout
    assert (
        "Chris Sample: You'll regret this. / Don't think you can hide. / And tell your "
        "sister too" in shown.stdout
    )
    record = json.loads(run_diary("show", "--json", "--diary", folder, str(first)).stdout)
    assert record["message_log"]["count"] == 5 and record["message_log"]["complete"]
    assert record["message_log"]["items"][1]["text"] == "I know where you live 🔪"


def test_show_cuts_a_long_message_log_and_says_how_to_see_all(folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(
        "".join(f"13/06/2024, 21:{n:02d} - Chris: message {n}\n" for n in range(12)),
        encoding="utf-8",
    )
    assert _import(folder, path, "--from-sender", "Chris").returncode == 0
    (entry,) = _listed(folder)
    shown = run_diary("show", "--diary", folder, str(entry["id"])).stdout
    assert "12 messages and calls logged from the original file; the first 5 are shown" in shown
    assert "Chris: message 4" in shown and "Chris: message 5" not in shown
    assert f"'diary show {entry['id']} --messages' shows all 12." in shown
    every = run_diary("show", "--messages", "--diary", folder, str(entry["id"])).stdout
    assert "Chris: message 11" in every and "--messages' shows all" not in every
    record = json.loads(run_diary("show", "--json", "--diary", folder, str(entry["id"])).stdout)
    assert (record["message_log"]["count"], len(record["message_log"]["items"])) == (12, 5)
