"""A window that dies mid-typing: the next start says so plainly and brings the words back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from diary.vault import Vault
from tests.conftest import PASSPHRASE
from tests.gui.conftest import OPEN_TIMEOUT_MS, unlock
from tests.gui.typing_driver import TEXT

DRIVER = Path(__file__).with_name("typing_driver.py")
ROOT = Path(__file__).resolve().parents[2]
KILL_AFTER = 300  # characters; at one every 20 ms, six seconds of typing without a pause


def _type_then_kill(diary_dir: Path) -> int:
    """Start the window in a child, let it type KILL_AFTER characters, kill -9 it; return how
    many characters it had reported typing."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, str(DRIVER), str(diary_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(PASSPHRASE + "\n")
    child.stdin.flush()
    typed = 0
    try:
        for line in child.stdout:
            typed = int(line.split()[1])
            if typed >= KILL_AFTER:
                break
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert typed >= KILL_AFTER, "the window stopped before it had typed enough"
    return typed


def test_a_window_killed_mid_typing_says_so_and_brings_the_words_back(
    qtbot, make_window, vault: Vault, diary_dir: Path
) -> None:
    vault.close()
    typed = _type_then_kill(diary_dir)

    window = make_window(diary_dir)
    unlock(qtbot, window)
    # The unfinished entry is open again, holding what was typed up to a moment before the
    # kill: drafts are saved at least every two seconds while typing goes on without a pause.
    assert window.pages.currentWidget() is window.editor
    restored = window.editor.form.text.toPlainText()
    assert TEXT.startswith(restored)
    assert typed - 2 * 50 - 20 <= len(restored) <= typed + 10
    assert window.notice.isVisible()
    message = window.notice.text()
    assert "closed unexpectedly last time" in message
    assert "what you were typing has been brought back" in message

    # A lock is a proper ending: the next unlock says nothing of the sort.
    with qtbot.waitSignal(window.session.backup_finished, timeout=OPEN_TIMEOUT_MS):
        window.lock()
    unlock(qtbot, window)
    assert "closed unexpectedly" not in window.notice.text() or not window.notice.isVisible()
