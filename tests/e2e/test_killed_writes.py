"""An export, backup or restore killed part-way (kill -9, a crash, a power cut) leaves no
plaintext file past the next unlock, and a killed restore can simply be run again."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.cli_runner import PASSPHRASE, add_incident, diary_env, init_diary, run_diary

DRIVER = Path(__file__).with_name("kill_driver.py")
SECRET = "He waited outside the refuge on Hidden Lane"
NEW_PASSPHRASE = "a new passphrase for the restored diary"


def _killed(step: str, *command: str | Path, named: bool = False, stdin: str = "") -> None:
    """Run `diary COMMAND` through the driver, which kills it at step; it must die there."""
    options = ["--named-partials"] if named else []
    done = subprocess.run(
        [sys.executable, str(DRIVER), step, *options, "--", *map(str, command)],
        input=stdin or PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        env=diary_env(),
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr


@pytest.fixture
def diary(tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "diary"
    recovery = init_diary(folder)
    add_incident(folder, SECRET)
    return folder, recovery


def test_a_killed_export_leaves_nothing_in_the_chosen_folder(
    diary: tuple[Path, str], tmp_path: Path
) -> None:
    """On Linux the pack is written unnamed, so even a kill with both files complete leaves
    no file at all, and the export can be made again at once."""
    folder, _ = diary
    out = tmp_path / "for-police"
    out.mkdir()
    pdf, bundle = out / "pack.pdf", out / "pack.zip"
    _killed("export-written", "export", "--diary", folder, "--pdf", pdf, "--bundle", bundle)
    assert sorted(p.name for p in out.iterdir()) == []
    done = run_diary("export", "--diary", folder, "--pdf", pdf, "--bundle", bundle)
    assert done.returncode == 0, done.stderr
    assert "removed" not in done.stderr  # nothing was left to clean
    assert sorted(p.name for p in out.iterdir()) == ["pack.pdf", "pack.zip"]


def test_a_killed_export_where_files_need_names_is_removed_at_the_next_unlock(
    diary: tuple[Path, str], tmp_path: Path
) -> None:
    """Where a file cannot be written unnamed (FAT sticks, other systems), the partial file is
    there after the kill, plaintext; the next command that unlocks the diary removes it."""
    folder, _ = diary
    out = tmp_path / "stick"
    out.mkdir()
    pdf, bundle = out / "pack.pdf", out / "pack.zip"
    _killed(
        "export-written", "export", "--diary", folder, "--pdf", pdf, "--bundle", bundle, named=True
    )
    assert sorted(p.name for p in out.iterdir()) == ["pack.pdf.partial", "pack.zip.partial"]
    # The limit, said plainly: until the next unlock, a readable pack is on the stick.
    assert (out / "pack.pdf.partial").read_bytes().startswith(b"%PDF")
    listed = run_diary("list", "--diary", folder)
    assert listed.returncode == 0, listed.stderr
    assert "pack.pdf.partial" in listed.stderr and "removed" in listed.stderr
    assert list(out.iterdir()) == []
    again = run_diary("list", "--diary", folder)
    assert "removed" not in again.stderr  # forgotten once removed


def test_a_killed_backup_leaves_no_partial_file_after_the_next_unlock(
    diary: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = diary
    out = tmp_path / "backups"
    out.mkdir()
    _killed("backup-written", "backup", "--diary", folder, out / "a.backup")
    # Only the one partial file: the database goes straight into it, with no loose copy.
    assert {p.name for p in out.iterdir()} == {"a.backup.partial"}
    done = run_diary("check", "--diary", folder)
    assert done.returncode == 0, done.stderr
    assert list(out.iterdir()) == []
    # And a backup made now restores as usual.
    assert run_diary("backup", "--diary", folder, out / "a.backup").returncode == 0
    assert sorted(p.name for p in out.iterdir()) == ["a.backup"]


@pytest.mark.parametrize("step", ["restore-database", "restore-keys"])
def test_a_killed_restore_can_simply_be_run_again(
    diary: tuple[Path, str], tmp_path: Path, step: str
) -> None:
    folder, _ = diary
    backup = tmp_path / "a.backup"
    assert run_diary("backup", "--diary", folder, backup).returncode == 0
    new = tmp_path / "restored"
    _killed(step, "restore", backup, "--diary", new)
    # Half made: opening it says what happened and what to do.
    opened = run_diary("list", "--diary", new)
    assert opened.returncode == 1
    assert "restore" in opened.stderr and "stopped before it finished" in opened.stderr
    done = run_diary("restore", backup, "--diary", new)
    assert done.returncode == 0, done.stderr
    listed = run_diary("list", "--diary", new)
    assert listed.returncode == 0, listed.stderr
    assert SECRET in listed.stdout
    # The diary as a finished restore leaves it (a spare of its key file made at first open).
    assert sorted(p.name for p in new.iterdir()) == [
        "diary.db",
        "diary.lock",
        "keys.json",
        "keys.json.prev",
    ]


def test_a_restore_killed_in_the_persons_empty_folder_is_run_again_there(
    diary: tuple[Path, str], tmp_path: Path
) -> None:
    """The folder the person made is kept; a wrong passphrase on the second try changes
    nothing, and the right one then finishes the restore."""
    folder, _ = diary
    backup = tmp_path / "a.backup"
    assert run_diary("backup", "--diary", folder, backup).returncode == 0
    new = tmp_path / "empty"
    new.mkdir()
    _killed("restore-keys", "restore", backup, "--diary", new)
    left = sorted(p.name for p in new.iterdir())
    wrong = run_diary("restore", backup, "--diary", new, stdin="not the passphrase\n")
    assert wrong.returncode == 3
    assert sorted(p.name for p in new.iterdir()) == left
    done = run_diary("restore", backup, "--diary", new)
    assert done.returncode == 0, done.stderr
    assert SECRET in run_diary("list", "--diary", new).stdout


def test_a_folder_with_other_files_beside_an_unfinished_restore_is_refused(
    diary: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = diary
    backup = tmp_path / "a.backup"
    assert run_diary("backup", "--diary", folder, backup).returncode == 0
    new = tmp_path / "restored"
    _killed("restore-database", "restore", backup, "--diary", new)
    (new / "letter.txt").write_text("someone else's file")
    refused = run_diary("restore", backup, "--diary", new)
    assert refused.returncode == 2
    assert "not empty" in refused.stderr
    assert (new / "letter.txt").read_text() == "someone else's file"


def test_a_killed_recovery_restore_is_run_again_and_takes_the_new_passphrase(
    diary: tuple[Path, str], tmp_path: Path
) -> None:
    folder, recovery = diary
    backup = tmp_path / "a.backup"
    assert run_diary("backup", "--diary", folder, backup).returncode == 0
    new = tmp_path / "restored"
    secrets = f"{recovery}\n{NEW_PASSPHRASE}\n"
    _killed(
        "restore-new-passphrase", "restore", backup, "--diary", new, "--recovery-key", stdin=secrets
    )
    done = run_diary("restore", backup, "--diary", new, "--recovery-key", stdin=secrets)
    assert done.returncode == 0, done.stderr
    listed = run_diary("list", "--diary", new, stdin=NEW_PASSPHRASE + "\n")
    assert listed.returncode == 0, listed.stderr
    assert SECRET in listed.stdout
