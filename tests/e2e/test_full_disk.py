"""A full disk: saving fails with a plain message, and the diary is left whole.

The diary lives on a small tmpfs mounted for the test (this needs root, as in CI; elsewhere the
test is skipped with the reason). The disk is filled by another file, as a download or a backup
filling the disk would.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from diary.domain.case import CaseDetails
from diary.domain.errors import StorageFull
from diary.domain.incident import IncidentContent
from diary.domain.times import parse_moment
from diary.vault import Vault
from diary.vault.keys.keys import FLOOR

from .cli_runner import PASSPHRASE, run_diary
from .small_disk import mounted_tmpfs

DISK_BYTES = 8 * 1024 * 1024
ADD = ["--when", "2024-06-03T18:30", "--tz", "Europe/London", "--where", "Bus stop"]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill needs root")
    with mounted_tmpfs(tmp_path / "small-disk", DISK_BYTES) as mount_point:
        yield mount_point


def _diary_with_entries(disk: Path) -> Path:
    folder = disk / "diary"
    vault, _ = Vault.create(
        folder, PASSPHRASE, CaseDetails(name="Sam Example", initials="SE"), kdf=FLOOR
    )
    with vault:
        for n in range(1, 21):
            vault.add_incident(
                IncidentContent(
                    occurred=parse_moment("2024-06-03T18:30", "Europe/London"),
                    location=f"Place {n}",
                    text=f"Entry {n}: he drove past the house twice. " * 20,
                )
            )
    return folder


def _fill(disk: Path, leave: int) -> Path:
    """Fill the disk with another file, then give back `leave` bytes."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for block in (1 << 16, 1 << 12, 1):
            try:
                while True:
                    os.write(fd, b"\x01" * block)
            except OSError as exc:
                assert exc.errno == 28  # ENOSPC
    finally:
        os.close(fd)
    if leave:
        os.truncate(filler, filler.stat().st_size - leave)
    return filler


def _places(folder: Path) -> list[str]:
    with Vault.open(folder, PASSPHRASE) as vault:
        return [i.content.location for i in vault.incidents()]


def _assert_intact(folder: Path, incidents: int) -> None:
    done = run_diary("check", "--diary", folder)
    assert done.returncode == 0, done.stderr
    assert f"intact: {incidents} incidents" in done.stdout


def test_nearly_full_disk_refuses_add_and_attach_and_keeps_the_diary(
    small_disk: Path, tmp_path: Path
) -> None:
    folder = _diary_with_entries(small_disk)
    _fill(small_disk, leave=96 * 1024)
    screenshot = tmp_path / "screenshot.png"  # on the ordinary disk, as a person's file would be
    screenshot.write_bytes(os.urandom(1024 * 1024))

    done = run_diary("add", "--diary", folder, *ADD, "--what", "A long account. " * 7000)
    assert done.returncode == 1, done
    assert "disk is full" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1

    done = run_diary("attach", "--diary", folder, "1", screenshot)
    assert done.returncode == 1, done
    assert "disk is full" in done.stderr

    # Still full: the diary opens, reads and checks clean with every earlier entry.
    assert _places(folder) == [f"Place {n}" for n in range(1, 21)]
    _assert_intact(folder, 20)
    with Vault.open(folder, PASSPHRASE) as vault:
        assert vault.incident(1).attachments == ()
        with pytest.raises(StorageFull, match="disk is full"):
            vault.attach_bytes(1, "pasted.png", os.urandom(1024 * 1024))
        assert vault.incident(1).attachments == ()
    _assert_intact(folder, 20)


def test_completely_full_disk_is_reported_plainly_and_the_diary_recovers(
    small_disk: Path,
) -> None:
    folder = _diary_with_entries(small_disk)
    filler = _fill(small_disk, leave=0)

    done = run_diary("add", "--diary", folder, *ADD, "--what", "Written on a full disk")
    assert done.returncode == 1, done
    assert "disk is full" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1

    filler.unlink()
    _assert_intact(folder, 20)
    done = run_diary("add", "--diary", folder, *ADD, "--what", "Written once there was room")
    assert done.returncode == 0, done.stderr
    assert _places(folder) == [f"Place {n}" for n in range(1, 21)] + ["Bus stop"]


def test_a_diary_that_cannot_be_created_for_lack_of_space_leaves_nothing_behind(
    small_disk: Path,
) -> None:
    folder = small_disk / "new-diary"
    filler = _fill(small_disk, leave=24 * 1024)
    stdin = PASSPHRASE + "\n" + PASSPHRASE + "\n"
    done = run_diary(
        "init", "--diary", folder, "--name", "Sam Example", "--initials", "SE", stdin=stdin
    )
    assert done.returncode == 1, done
    assert "space" in done.stderr and "Traceback" not in done.stderr
    assert not folder.exists()  # no half-made diary that says "already a diary" next time
    filler.unlink()
    done = run_diary(
        "init", "--diary", folder, "--name", "Sam Example", "--initials", "SE", stdin=stdin
    )
    assert done.returncode == 0, done.stderr
    _assert_intact(folder, 0)
