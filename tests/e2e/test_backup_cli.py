"""`diary backup` and `diary restore` as a person runs them, including when things go wrong."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from diary.vault import Vault
from diary.vault.backups.auto_backup import auto_backup, last_verified_backup, set_second_folder
from tests.conftest import make_content
from tests.e2e.cli_runner import PASSPHRASE, add_incident, diary_env, init_diary, run_diary


@pytest.fixture
def diary(tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "diary"
    recovery = init_diary(folder)
    add_incident(folder, "He was at the gate again.")
    return folder, recovery


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_then_restore_shows_the_same_entries(
    diary: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = diary
    done = run_diary("backup", "--diary", folder, tmp_path / "a.backup")
    assert done.returncode == 0, done.stderr
    assert "verified" in done.stderr
    # Which passphrase opens it: the one in force when it was made, not one set later.
    assert "passphrase in force now, when it was made (not with one set later)" in done.stderr
    done = run_diary("restore", tmp_path / "a.backup", "--diary", tmp_path / "new")
    assert done.returncode == 0, done.stderr
    listed = run_diary("list", "--diary", tmp_path / "new")
    assert "He was at the gate again." in listed.stdout


def test_flipped_byte_restore_refuses_saying_damaged(
    diary: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = diary
    out = tmp_path / "a.backup"
    assert run_diary("backup", "--diary", folder, out).returncode == 0
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x40
    out.write_bytes(bytes(data))
    done = run_diary("restore", out, "--diary", tmp_path / "new")
    assert done.returncode == 4
    assert "damaged" in done.stderr
    assert not (tmp_path / "new").exists()


def test_wrong_passphrase_and_existing_diary_change_nothing(
    diary: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = diary
    out = tmp_path / "a.backup"
    assert run_diary("backup", "--diary", folder, out).returncode == 0
    done = run_diary("restore", out, "--diary", tmp_path / "new", stdin="wrong guess\n")
    assert done.returncode == 3
    assert not (tmp_path / "new").exists()
    keys_before = _sha(folder / "keys.json")
    done = run_diary("restore", out, "--diary", folder)
    assert done.returncode == 1
    assert "already a diary" in done.stderr
    assert _sha(folder / "keys.json") == keys_before


def test_restore_with_recovery_key_sets_a_new_passphrase(
    diary: tuple[Path, str], tmp_path: Path
) -> None:
    folder, recovery = diary
    out = tmp_path / "a.backup"
    assert run_diary("backup", "--diary", folder, out).returncode == 0
    done = run_diary(
        "restore",
        out,
        "--diary",
        tmp_path / "new",
        "--recovery-key",
        stdin=f"{recovery}\nremembered this time\n",
    )
    assert done.returncode == 0, done.stderr
    listed = run_diary("list", "--diary", tmp_path / "new", stdin="remembered this time\n")
    assert "He was at the gate again." in listed.stdout
    assert run_diary("list", "--diary", tmp_path / "new").returncode == 3


def _big_diary(folder: Path) -> None:
    """A diary large enough that a backup takes a noticeable moment (a 40 MB recording)."""
    recording = folder.parent / "recording.bin"
    recording.write_bytes(os.urandom(40 * 1024 * 1024))
    done = run_diary("attach", "--diary", folder, "1", recording)
    assert done.returncode == 0, done.stderr
    recording.unlink()


def _kill_backup(folder: Path, out: Path, phase: str) -> int:
    """Start `diary backup` and kill -9 it while copying, or once the file is being written."""
    child = subprocess.Popen(
        [sys.executable, "-m", "diary", "backup", "--diary", str(folder), str(out)],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=diary_env(),
    )
    assert child.stdin is not None and child.stderr is not None
    child.stdin.write(PASSPHRASE.encode() + b"\n")
    child.stdin.close()
    assert child.stderr.readline().startswith(b"Copying the diary")
    if phase == "writing":
        partial = out.with_name(out.name + ".partial")
        while child.poll() is None and not partial.exists():
            pass  # the moment a half-written backup file exists
    child.send_signal(signal.SIGKILL)
    code = child.wait(timeout=60)
    child.stderr.close()
    return code


@pytest.mark.slow
def test_kill_during_backup_leaves_no_file_that_looks_good(
    diary: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = diary
    _big_diary(folder)
    earlier = tmp_path / "earlier.backup"
    assert run_diary("backup", "--diary", folder, earlier).returncode == 0
    earlier_hash = _sha(earlier)
    for phase in ("copying", "writing"):
        out = tmp_path / f"{phase}.backup"
        assert _kill_backup(folder, out, phase) == -signal.SIGKILL
        # Killed part-way: nothing carries the backup's name, and any leftover is refused.
        assert not out.exists()
        leftovers = list(tmp_path.glob(f"{phase}.backup*"))
        if phase == "writing":
            assert out.with_name(out.name + ".partial") in leftovers
        for leftover in leftovers:
            assert leftover.name.endswith((".partial", "-wal", "-shm", "-journal"))
            assert b"at the gate again" not in leftover.read_bytes()
            if leftover.name.endswith(".backup.partial"):
                refused = run_diary("restore", leftover, "--diary", tmp_path / f"from-{phase}")
                assert refused.returncode == 4
                assert "damaged" in refused.stderr
    # The earlier backup is untouched and still restores; the diary still opens.
    assert _sha(earlier) == earlier_hash
    done = run_diary("restore", earlier, "--diary", tmp_path / "new")
    assert done.returncode == 0, done.stderr
    assert run_diary("check", "--diary", folder).returncode == 0


def test_full_disk_gives_a_clear_error_and_no_backup(
    diary: tuple[Path, str], tmp_path: Path, small_disk: Path
) -> None:
    folder, _ = diary
    attachment = tmp_path / "photo.bin"
    attachment.write_bytes(os.urandom(2 * 1024 * 1024))
    assert run_diary("attach", "--diary", folder, "1", attachment).returncode == 0
    out = small_disk / "a.backup"
    done = run_diary("backup", "--diary", folder, out)
    assert done.returncode == 1
    assert "not enough space" in done.stderr
    assert "Traceback" not in done.stderr
    assert list(small_disk.iterdir()) == []
    assert run_diary("check", "--diary", folder).returncode == 0


def test_auto_backup_to_a_full_second_place_is_reported(
    vault: Vault, tmp_path: Path, small_disk: Path
) -> None:
    incident = vault.add_incident(make_content())
    vault.attach_bytes(incident, "video.bin", os.urandom(2 * 1024 * 1024))
    set_second_folder(vault, small_disk)
    report = auto_backup(vault)
    assert len(report.made) == 1  # the one in the diary's folder
    assert any("not enough space" in problem for problem in report.problems)
    assert list(small_disk.iterdir()) == []
    assert last_verified_backup(vault) is not None
