"""A diary on read-only media (a write-protected stick, a DVD, a folder whose permissions forbid
writing) can be listed, shown, searched, checked, exported and backed up from the command line,
and every change is refused plainly. Nothing is created in its folder: no lock file, no -wal, no
-shm.

Each test runs twice: on a folder made read-only with chmod (as root, `diary` then runs without
the capabilities that let root ignore permissions), and on a read-only bind mount of the folder
(root only; skipped, with the reason, where mounting is not allowed).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from diary.domain.errors import DiaryError
from diary.vault import Vault
from tests.e2e.cli_runner import PASSPHRASE, add_incident, diary_env, init_diary, run_diary

SECRET = "He waited outside the refuge on Hidden Lane"
CRASH_DRIVER = Path(__file__).with_name("crash_driver.py")


def _files(folder: Path) -> dict[str, str]:
    """Every file in the folder and below (the attachment files too), by SHA-256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


# As root, `diary` runs without the capabilities that let root ignore a folder's permissions.
_AS_AN_ORDINARY_USER = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


class Media:
    """A way of making a diary's folder read-only, and of running `diary` against it."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.prefix: list[str] = []
        if kind == "chmod" and os.geteuid() == 0:
            if shutil.which("setpriv") is None:
                pytest.skip("root ignores chmod, and setpriv is not here to drop that power")
            self.prefix = _AS_AN_ORDINARY_USER
        if kind == "mount" and os.geteuid() != 0:
            pytest.skip("mounting needs root")

    def run(self, *args: str | Path, stdin: str = PASSPHRASE + "\n") -> CompletedProcess[str]:
        done = subprocess.run(
            [*self.prefix, sys.executable, "-m", "diary", *map(str, args)],
            input=stdin,
            capture_output=True,
            text=True,
            env=diary_env(),
            timeout=120,
        )
        return done

    @contextlib.contextmanager
    def read_only(self, folder: Path) -> Iterator[Path]:
        """folder as read-only media: the path to open it by, for the time of the with block."""
        if self.kind == "chmod":
            folder.chmod(0o555)
            try:
                yield folder
            finally:
                folder.chmod(0o700)
            return
        view = folder.with_name(folder.name + "-read-only")
        view.mkdir()
        for command in (
            ["mount", "--bind", str(folder), str(view)],
            ["mount", "-o", "remount,bind,ro", str(view)],
        ):
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                subprocess.run(["umount", str(view)], capture_output=True, check=False)
                pytest.skip(f"cannot make a read-only mount here: {done.stderr.strip()}")
        try:
            yield view
        finally:
            subprocess.run(["umount", str(view)], check=True)


@pytest.fixture(params=["chmod", "mount"])
def media(request: pytest.FixtureRequest) -> Media:
    return Media(request.param)


@pytest.fixture
def diary(tmp_path: Path) -> Path:
    """A diary with an entry and a picture, exported once (so it has its signing key and the
    picture its exhibit mark), locked as the app leaves it: no -wal, no -shm."""
    folder = tmp_path / "diary"
    init_diary(folder)
    picture = tmp_path / "screenshot.png"
    picture.write_bytes(_png())
    add_incident(folder, SECRET, "--attach", picture)
    first = run_diary("export", "--diary", folder, "--pdf", tmp_path / "first.pdf")
    assert first.returncode == 0, first.stderr
    return folder


def _png() -> bytes:
    from tests.export_support import png_bytes

    return png_bytes(seed=3)


def test_a_diary_on_read_only_media_can_be_listed_shown_searched_and_exported(
    diary: Path, tmp_path: Path, media: Media
) -> None:
    before = _files(diary)
    out = tmp_path / "for-police"
    out.mkdir()
    with media.read_only(diary) as path:
        listed = media.run("list", "--diary", path)
        assert listed.returncode == 0, listed.stderr
        assert SECRET in listed.stdout
        assert "note: The diary's folder cannot be written to" in listed.stderr
        assert "reading only" in listed.stderr
        shown = media.run("show", "--diary", path, "1")
        assert shown.returncode == 0 and SECRET in shown.stdout
        found = media.run("search", "--diary", path, "refuge")
        assert found.returncode == 0 and SECRET in found.stdout
        assert media.run("check", "--diary", path).returncode == 0
        exported = media.run(
            "export", "--diary", path, "--pdf", out / "pack.pdf", "--bundle", out / "pack.zip"
        )
        assert exported.returncode == 0, exported.stderr
        assert "1 exhibits" in exported.stdout
        backed_up = media.run("backup", "--diary", path, out / "a.backup")
        assert backed_up.returncode == 0, backed_up.stderr
        assert _files(path) == before  # no lock file, no -wal, no -shm, nothing changed
    assert run_diary("verify", out / "pack.zip").returncode == 0
    assert _files(diary) == before
    restored = run_diary("restore", out / "a.backup", "--diary", tmp_path / "restored")
    assert restored.returncode == 0, restored.stderr
    assert SECRET in run_diary("list", "--diary", tmp_path / "restored").stdout


def test_changes_to_a_diary_on_read_only_media_are_refused_plainly(
    diary: Path, media: Media
) -> None:
    before = _files(diary)
    with media.read_only(diary) as path:
        added = media.run(
            "add",
            "--diary",
            path,
            "--when",
            "2024-06-04T09:00",
            "--tz",
            "Europe/London",
            "--where",
            "Bus stop",
            "--what",
            "He was there.",
        )
        assert added.returncode == 1
        assert "cannot be written to" in added.stderr and "Nothing was changed" in added.stderr
        assert "Traceback" not in added.stderr
        renamed = media.run("case", "--diary", path, "--name", "Someone Else")
        assert renamed.returncode == 1 and "cannot be written to" in renamed.stderr
    assert _files(diary) == before
    listed = run_diary("list", "--diary", diary)
    assert "He was there." not in listed.stdout


def test_the_window_refuses_a_read_only_diary_plainly(diary: Path, media: Media) -> None:
    """The window writes as it goes (drafts, settings): it says why it cannot open the diary."""
    if media.prefix:
        pytest.skip("this test process is root, which ignores chmod; the mount case covers it")
    with media.read_only(diary) as path, pytest.raises(DiaryError, match="cannot be written to"):
        Vault.open(path, PASSPHRASE)


def test_changes_a_crash_left_in_the_wal_are_read(tmp_path: Path, media: Media) -> None:
    """Killed while writing, the app leaves its newest entries in diary.db-wal with its -shm;
    read from read-only media they must be there, not an older diary."""
    folder = tmp_path / "diary"
    init_diary(folder)
    last = _add_then_kill(folder, count=3)
    assert (folder / "diary.db-wal").stat().st_size > 0
    with media.read_only(folder) as path:
        listed = media.run("list", "--diary", path)
        assert listed.returncode == 0, listed.stderr
        assert f"Crash test entry {last}." in listed.stdout


def test_a_wal_without_its_index_is_refused_rather_than_showing_an_older_diary(
    tmp_path: Path, media: Media
) -> None:
    folder = tmp_path / "diary"
    init_diary(folder)
    _add_then_kill(folder, count=3)
    (folder / "diary.db-shm").unlink()
    with media.read_only(folder) as path:
        listed = media.run("list", "--diary", path)
    assert listed.returncode == 1
    assert "latest changes are still in diary.db-wal" in listed.stderr
    assert listed.stdout == ""


def test_a_diary_open_for_changes_elsewhere_is_not_read_as_if_nothing_could_change(
    diary: Path, media: Media
) -> None:
    """Read-only here, but a copy of the app that can write holds it open: reading it as
    immutable could show nonsense, so it is refused as in use."""
    with Vault.open(diary, PASSPHRASE), media.read_only(diary) as path:
        listed = media.run("list", "--diary", path)
    assert listed.returncode == 1
    assert "open for changes in another window" in listed.stderr


def test_an_exhibit_never_marked_cannot_be_exported_from_read_only_media(
    diary: Path, tmp_path: Path, media: Media
) -> None:
    """A mark, once given, never changes; one given on read-only media could not be kept."""
    picture = tmp_path / "new.png"
    picture.write_bytes(_png())
    assert run_diary("attach", "--diary", diary, "1", picture).returncode == 0
    out = tmp_path / "for-police"
    out.mkdir()
    with media.read_only(diary) as path:
        refused = media.run("export", "--diary", path, "--pdf", out / "pack.pdf")
    assert refused.returncode == 1
    assert "no exhibit mark yet" in refused.stderr
    assert list(out.iterdir()) == []


def _add_then_kill(folder: Path, count: int) -> int:
    """Add entries with the crash driver and kill it with SIGKILL after count of them."""
    child = subprocess.Popen(
        [sys.executable, str(CRASH_DRIVER), str(folder), "1", "1000"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=diary_env(),
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(PASSPHRASE + "\n")
    child.stdin.close()
    last = 0
    for line in child.stdout:
        last = int(line.split()[1])
        if last >= count:
            child.send_signal(signal.SIGKILL)
            break
    assert child.wait(timeout=60) == -signal.SIGKILL
    child.stdout.close()
    return last
