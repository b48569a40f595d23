"""A long session in the real window, to prove the Qt binding keeps Python's books straight.

PySide6 6.12.0 dropped one reference to None for every key event that passed an application
event filter written in Python (the idle lock's watcher is one) and one to True for every
Signal.emit() from Python. On Python 3.11, where None and True are ordinary objects, the count
reaches zero within seconds of typing and the process aborts ("none_dealloc"), taking with it
whatever was typed since the last draft was saved. Python 3.12 and later make both immortal,
which hides the fault without fixing it.

`run_long_session` drives the window the way a person does, through the event loop: types the
passphrase and unlocks, types into the search box and into a new entry, moves and clicks the
mouse, lets the idle lock fire and unlocks again, and runs a worker that reports progress
thousands of times. It then checks that the reference counts of None and True did not fall, that
the draft holds every character typed, and that the draft comes back after the lock.

It is run in a child process (by `diary --self-test` and by the tests), so a binding that still
corrupts the counts shows as a failed check with a plain message, not as a crashed test run.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from .app import build_window, make_application
from .main_window import MainWindow
from .worker import Worker

# What counts as flat: a healthy session moves the counts by several hundred at most, however
# long it runs (pages built, objects holding None come and go); a broken binding moves them by
# one per event, tens of thousands in a session.
ALLOWED_DRIFT = 2_000
_SPECIAL_KEYS = {"\b": Qt.Key.Key_Backspace, "\n": Qt.Key.Key_Return}
SENTENCE = "He was outside the house again at ten, and he called my name twice. "


class SessionFailed(RuntimeError):
    """The long session did not end as a person would expect; the message says how."""


@dataclass(frozen=True)
class SessionReport:
    key_events: int
    mouse_events: int
    signals: int
    none_drift: int
    true_drift: int
    seconds: float


def _counts() -> tuple[int, int]:
    gc.collect()
    return sys.getrefcount(None), sys.getrefcount(True)


def _wait(app: QCoreApplication, done: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise SessionFailed(f"timed out waiting until {what}")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def _type(app: QApplication, target: QWidget, text: str) -> int:
    """Type text into target a key at a time; return the number of key events (press and
    release). QTest makes the events in C++, as the platform does for a person's typing, and
    delivers them through the application, past its event filters."""
    for count, char in enumerate(text, 1):
        key = _SPECIAL_KEYS.get(char)
        if key is None:
            QTest.keyClicks(target, char)
        else:
            QTest.keyClick(target, key)
        if count % 64 == 0:
            app.processEvents()
    app.processEvents()
    return 2 * len(text)


def _move_and_click(app: QApplication, target: QWidget, count: int) -> int:
    """count mouse moves over target, with a click every tenth; return the number of events."""
    width, height = max(target.width(), 2), max(target.height(), 2)
    posted = 0
    for n in range(count):
        point = QPoint((n * 37) % width, (n * 53) % height)
        QTest.mouseMove(target, point)
        posted += 1
        if n % 10 == 0:
            QTest.mouseClick(
                target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
            )
            posted += 2
        if n % 64 == 0:
            app.processEvents()
    app.processEvents()
    return posted


def _report_progress(times: int, progress: Callable[[int], None]) -> int:
    for n in range(times):
        progress(n % 101)
    return times


def _unlock(app: QApplication, window: MainWindow, passphrase: str) -> int:
    page = window.unlock_page
    _wait(app, lambda: window.pages.currentWidget() is page, "the locked screen is shown")
    _wait(app, page.unlock_button.isEnabled, "the Unlock button can be pressed")
    posted = _type(app, page.secret.edit, passphrase + "\n")
    _wait(app, lambda: window.session.is_open, "the diary is unlocked")
    return posted


def run_long_session(
    folder: Path,
    passphrase: str,
    *,
    keys: int = 20_000,
    mouse: int = 10_000,
    signals: int = 5_000,
    locks: int = 2,
    out: Callable[[str], object] = lambda _line: None,
) -> SessionReport:
    """Drive the window on the diary in folder; raise SessionFailed if it misbehaves."""
    started = time.monotonic()
    app = make_application([sys.argv[0]])
    window = build_window(folder)
    window.resize(1024, 600)
    window.show()
    key_events = _unlock(app, window, passphrase)
    _wait(app, lambda: window.pages.currentWidget() is window.timeline, "the timeline is shown")
    none_before, true_before = _counts()

    # Search as you type: words typed and rubbed out again, so the filter runs on every key.
    search = window.timeline.bar.search
    search.setFocus()
    word = "outside\b\b\b\b\b\b\b"
    key_events += _type(app, search, word * max(1, keys // (4 * len(word))))
    mouse_events = _move_and_click(app, window.timeline.table.viewport(), mouse // 2)

    # A new entry: everything typed must be in its draft, character for character.
    window.open_editor(None)
    text_box = window.editor.form.text
    text_box.setFocus()
    typed = (SENTENCE * (keys // (4 * len(SENTENCE)) + 1))[: max(1, keys // 4)]
    key_events += _type(app, text_box, typed)
    mouse_events += _move_and_click(app, window.editor.form.location, mouse // 2)

    worker = Worker(_report_progress, signals)
    reported: list[int] = []
    worker.signals.progress.connect(reported.append)
    finished: list[object] = []
    worker.signals.finished.connect(finished.append)
    worker.start()
    _wait(app, lambda: bool(finished), "the worker has finished")
    _wait(app, lambda: len(reported) == signals, "every progress report has arrived")
    emitted = signals + 1

    # The idle lock, then unlock again: the unfinished entry must come back whole.
    for _ in range(locks):
        window.idle.start(0.001)
        _wait(app, lambda: not window.session.is_open, "the idle lock has fired")
        key_events += _unlock(app, window, passphrase)
        _wait(app, lambda: window.pages.currentWidget() is window.editor, "the entry is back")
        if window.editor.form.text.toPlainText() != typed:
            raise SessionFailed("the unfinished entry did not come back whole after the lock")
    window.editor.flush_draft()
    draft = json.loads(window.session.vault.draft("editor:new") or "{}")
    if draft.get("text") != typed:
        raise SessionFailed("the draft does not hold every character typed")

    none_after, true_after = _counts()
    report = SessionReport(
        key_events=key_events,
        mouse_events=mouse_events,
        signals=emitted,
        none_drift=none_after - none_before,
        true_drift=true_after - true_before,
        seconds=time.monotonic() - started,
    )
    window.lock()
    _wait(app, lambda: not window.session.backing_up, "the automatic backup is made")
    window.close()
    for drift, name in ((report.none_drift, "None"), (report.true_drift, "True")):
        if abs(drift) > ALLOWED_DRIFT:
            raise SessionFailed(
                f"the Qt binding lost count of references to {name} ({drift:+d} over "
                f"{key_events:,} key and {mouse_events:,} mouse events and {emitted:,} "
                "signals): install a verified PySide6 release (see pyproject.toml)"
            )
    out(
        f"{key_events:,} key and {mouse_events:,} mouse events, {emitted:,} signals, "
        f"{locks} locks in {report.seconds:.1f} s; references to None {report.none_drift:+d}, "
        f"to True {report.true_drift:+d}"
    )
    return report


def main(argv: list[str] | None = None) -> int:
    """`diary --self-test-window FOLDER`, passphrase on standard input: the self-test's child."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[-1])
    passphrase = sys.stdin.readline().rstrip("\n")
    try:
        run_long_session(folder, passphrase, out=print)
    except SessionFailed as exc:
        sys.stderr.write(f"the window failed a long session: {exc}\n")
        return 1
    return 0
