"""A crash of `diary` writes no core file: entry text and the raw data key stay off the disk."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from diary.no_core_dumps import forbid_core_dumps
from tests.e2e.cli_runner import PASSPHRASE, diary_env

DRIVER = Path(__file__).with_name("abort_driver.py")
NOBODY = 65534

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="checks Linux core dumps and /proc"
)


def _crash(folder: Path, *extra: str, as_nobody: bool = False) -> tuple[int, list[str]]:
    """Run the driver in folder (where a core file would be written); its exit and report."""
    command = [sys.executable, str(DRIVER), *extra]
    if as_nobody:
        command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout.splitlines()


def _core_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith("core")]


def _open_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "cwd"
    folder.mkdir()
    folder.chmod(0o777)  # the unprivileged run must be able to write a core file here
    tmp_path.chmod(0o755)
    return folder


def test_an_aborted_diary_writes_no_core_file(tmp_path: Path) -> None:
    folder = _open_folder(tmp_path)
    code, report = _crash(folder)
    assert code == -signal.SIGABRT
    assert _core_files(folder) == []
    assert "core-limit 0 0" in report
    assert "dumpable 0" in report
    # Not dumpable must not stop the app reading its own /proc/self files.
    assert {"readable status", "readable maps", "readable mountinfo", "readable fd"} <= set(report)


def test_the_same_crash_without_the_hardening_would_leave_a_core_file(tmp_path: Path) -> None:
    """The control: shows that on this machine an abort does write core, so the test above
    would catch a start-up that forgot to turn core dumps off."""
    pattern = Path("/proc/sys/kernel/core_pattern").read_text().strip()
    if pattern.startswith("|") or "/" in pattern:
        pytest.skip(f"core files do not go to the working folder here ({pattern})")
    folder = _open_folder(tmp_path)
    code, report = _crash(folder, "--unhardened")
    assert code == -signal.SIGABRT
    assert "dumpable 1" in report
    if "core-limit 0 0" in report:
        pytest.skip("this machine's hard limit forbids core files for every program")
    assert len(_core_files(folder)) == 1


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="needs root and setpriv to run the app as an unprivileged user",
)
def test_an_unprivileged_user_gets_the_same_and_still_reads_its_own_proc_files(
    tmp_path: Path,
) -> None:
    """Root reads anything; an ordinary user's non-dumpable process has /proc/self owned by root.
    What the app reads there (status, maps, mountinfo, its open files) must still be readable."""
    folder = _open_folder(tmp_path)
    code, report = _crash(folder, as_nobody=True)
    assert code == -signal.SIGABRT
    assert _core_files(folder) == []
    assert "dumpable 0" in report
    assert {"readable status", "readable maps", "readable mountinfo", "readable fd"} <= set(report)


def test_a_missing_system_call_never_stops_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    import resource

    def refused(*_args: object) -> None:
        raise OSError("not allowed here")

    monkeypatch.setattr(resource, "setrlimit", refused)
    monkeypatch.setattr("diary.no_core_dumps._libc", lambda: None)
    assert forbid_core_dumps() == []


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="needs root and setpriv to run the app as an unprivileged user",
)
def test_an_unprivileged_user_not_dumpable_still_creates_adds_and_exports() -> None:
    """An export links its finished files into place through /proc/self/fd, which a
    non-dumpable process of an ordinary user may still do for its own files."""
    # Not under tmp_path: pytest's folders are root's alone, and the diary resolves its paths.
    folder = Path(tempfile.mkdtemp(prefix="diary-unprivileged-"))
    folder.chmod(0o777)
    env = diary_env()

    def diary(*args: str) -> subprocess.CompletedProcess[str]:
        as_nobody = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
        return subprocess.run(
            [*as_nobody, sys.executable, "-m", "diary", *args],
            cwd=folder,
            input=PASSPHRASE + "\n",
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    try:
        made = diary("init", "--diary", "d", "--name", "Sam Example", "--initials", "SE")
        assert made.returncode == 0, made.stderr
        when = ["--when", "2024-06-03T18:30", "--tz", "Europe/London", "--where", "Home"]
        assert diary("add", "--diary", "d", *when, "--what", "He rang.").returncode == 0
        done = diary("export", "--diary", "d", "--pdf", "pack.pdf", "--bundle", "pack.zip")
        assert done.returncode == 0, done.stderr
        assert sorted(p.name for p in folder.iterdir()) == ["d", "pack.pdf", "pack.zip"]
        assert (folder / "pack.pdf").read_bytes().startswith(b"%PDF")
    finally:
        shutil.rmtree(folder)
