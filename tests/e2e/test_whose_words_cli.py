"""Whose words through the command line: told or seen, an advocate by name, a private note that
only `show` prints, and the case details the statement's header needs."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.cli_runner import add_incident, init_diary, run_diary


def _show(folder: Path, entry: int) -> dict:  # type: ignore[type-arg]
    done = run_diary("show", "--diary", folder, str(entry), "--json", "--history")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_told_by_and_first_hand_are_kept_and_shown(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    init_diary(folder)
    told = add_incident(folder, "Jo saw his car at 3am.", "--told-by", "My friend Jo")
    record = _show(folder, told)
    assert (record["first_hand"], record["told_by"]) == (False, "My friend Jo")
    text = run_diary("show", "--diary", folder, str(told)).stdout
    assert "How known:    Not seen or heard first-hand: told by My friend Jo" in text
    listed = run_diary("list", "--diary", folder).stdout
    assert "[Told: My friend Jo]" in listed
    assert run_diary("edit", "--diary", folder, str(told), "--first-hand").returncode == 0
    record = _show(folder, told)
    assert (record["first_hand"], record["told_by"]) == (True, "")
    both = run_diary("edit", "--diary", folder, str(told), "--first-hand", "--told-by", "X")
    assert both.returncode == 2 and "--told-by" in both.stderr


def test_an_advocate_writes_by_name(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    init_diary(folder)
    unnamed = run_diary(
        "add",
        "--diary",
        folder,
        "--when",
        "2024-06-03",
        "--where",
        "Office",
        "--what",
        "Client rang.",
        "--author",
        "advocate",
    )
    assert unnamed.returncode == 0 and "no advocate is named" in unnamed.stderr
    assert run_diary("case", "--diary", folder, "--advocate", "Sam Helper").returncode == 0
    named = add_incident(folder, "Client rang again.", "--author", "advocate")
    assert _show(folder, named)["written_by"] == "Sam Helper"
    other = add_incident(
        folder, "Covering for Sam.", "--author", "advocate", "--advocate-name", "Pat Cover"
    )
    record = _show(folder, other)
    assert record["written_by"] == "Pat Cover"
    assert record["history"][0]["content"]["written_by"] == "Pat Cover"
    assert "[Advocate: Pat Cover]" in run_diary("list", "--diary", folder).stdout
    # A diary kept by an advocate: their words by default.
    assert run_diary("case", "--diary", folder, "--kept-by", "advocate").returncode == 0
    default = add_incident(folder, "Noted at the drop-in.")
    assert _show(folder, default)["last_changed_by"] == "advocate"
    wrong = run_diary(
        "edit", "--diary", folder, str(default), "--what", "x", "--author", "victim",
        "--advocate-name", "Sam",
    )  # fmt: skip
    assert wrong.returncode == 2


def test_a_private_note_is_printed_by_show_alone(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    init_diary(folder)
    entry = add_incident(folder, "He was at the gate.", "--private-note", "Refuge: Hidden Lane")
    record = _show(folder, entry)
    assert record["private_note"]["text"] == "Refuge: Hidden Lane"
    assert record["private_note"]["never_exported"] is True
    assert all("Hidden Lane" not in json.dumps(h["content"]) for h in record["history"])
    text = run_diary("show", "--diary", folder, str(entry)).stdout
    assert "PRIVATE NOTE" in text and "never in an export or share" in text
    for command in (["list", "--json"], ["search", "gate", "--json"]):
        assert "Hidden Lane" not in run_diary(*command, "--diary", folder).stdout
    assert run_diary("edit", "--diary", folder, str(entry), "--private-note", "").returncode == 0
    assert _show(folder, entry)["private_note"] is None


def test_the_case_says_over_18_only_when_told_and_files_keep_their_device(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "d"
    init_diary(folder)
    case = json.loads(run_diary("case", "--diary", folder, "--json").stdout)
    assert case["over_18"] is False and case["kept_by"] == "victim"
    case = json.loads(run_diary("case", "--diary", folder, "--over-18", "--json").stdout)
    assert case["over_18"] is True
    entry = add_incident(folder, "He sent a photo.")
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    done = run_diary(
        "attach", "--diary", folder, str(entry), shot, "--device", "my phone",
        "--captured", "2024-06-03T21:40", "--tz", "Europe/London",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    source = _show(folder, entry)["attachments"][0]["source"]
    assert source["device"] == "my phone"
    assert source["captured_at"] == "2024-06-03T21:40:00+01:00"
