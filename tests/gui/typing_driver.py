"""Types into a new entry in the real window, a key every 20 ms, until it is killed.

Run by test_crash_recovery as a child process that is killed with SIGKILL mid-typing:
`python typing_driver.py DIR` with the passphrase on standard input. It prints `typed N` after
every tenth character, so the parent knows how much had been typed when it pulled the plug.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest

from diary.gui.app import build_window, make_application

TEXT = "He followed me from the bus stop to the school gate and waited there. " * 20


def main() -> None:
    folder = Path(sys.argv[1])
    passphrase = sys.stdin.readline().rstrip("\n")
    app = make_application([])
    window = build_window(folder)
    window.show()
    typed = 0

    def type_one() -> None:
        nonlocal typed
        QTest.keyClick(window.editor.form.text, TEXT[typed])
        typed += 1
        if typed % 10 == 0:
            print(f"typed {typed}", flush=True)

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(type_one)

    def start_typing() -> None:
        window.open_editor(None)
        window.editor.form.text.setFocus()
        timer.start()

    window.unlock_page.unlocked.connect(lambda *_: QTimer.singleShot(0, start_typing))
    window.unlock_page.secret.setText(passphrase)
    window.unlock_page.unlock()
    app.exec()


if __name__ == "__main__":
    main()
