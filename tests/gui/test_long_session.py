"""A long session in the real window keeps the process alive and Python's books straight.

PySide6 6.12.0 dropped a reference to None on every key event past the idle lock's event
filter and to True on every Signal.emit(); on Python 3.11 the window aborted within seconds of
typing. These run the window in a child process, as a person would use it for a while, so a
broken binding fails a test instead of killing the test run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from diary.vault import Vault
from tests.conftest import PASSPHRASE, make_content

ROOT = Path(__file__).resolve().parents[2]
SESSION = """
import sys
from pathlib import Path
from diary.gui.long_session import run_long_session
report = run_long_session(Path(sys.argv[1]), sys.stdin.readline().rstrip("\\n"), out=print)
print("drift", report.none_drift, report.true_drift)
"""


def _run(command: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        command, input=stdin, capture_output=True, text=True, env=env, timeout=600, check=False
    )


def test_tens_of_thousands_of_events_leave_the_window_alive_and_counts_flat(
    vault: Vault, diary_dir: Path
) -> None:
    for n in range(30):
        vault.add_incident(make_content(what=f"He was outside the house, time {n}."))
    vault.close()
    result = _run([sys.executable, "-c", SESSION, str(diary_dir)], PASSPHRASE + "\n")
    assert result.returncode == 0, result.stderr[-3000:]
    said = re.search(
        r"([\d,]+) key and ([\d,]+) mouse events, ([\d,]+) signals, (\d+) locks", result.stdout
    )
    assert said, result.stdout
    keys, mouse, signals, locks = (int(g.replace(",", "")) for g in said.groups())
    assert keys >= 20_000 and mouse >= 10_000 and signals >= 5_000 and locks >= 2
    none_drift, true_drift = map(int, result.stdout.split("drift")[1].split())
    # A broken binding moves these by one per event: tens of thousands.
    assert abs(none_drift) < 2_000 and abs(true_drift) < 2_000
    # The session's entry was left unfinished, as a draft that opens again with every letter.
    with Vault.open(diary_dir, PASSPHRASE) as opened:
        assert "editor:new" in opened.drafts()
        assert len(opened.incidents()) == 30


def test_the_self_test_runs_the_same_session(tmp_path: Path) -> None:
    result = _run([sys.executable, "-m", "diary", "--self-test"], "")
    assert result.returncode == 0, result.stderr
    assert re.search(
        r"^ok  long session in the window: [\d,]+ key and [\d,]+ mouse events", result.stdout, re.M
    ), result.stdout
    assert result.stdout.rstrip().endswith("Self-test passed.")
