"""Work started from a window that is closed before the work ends finishes quietly."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QThreadPool

from diary.gui.worker import Worker


def test_work_whose_window_is_gone_ends_without_an_error(qtbot: object, capfd: object) -> None:
    release = threading.Event()
    ran: list[str] = []

    def slow() -> str:
        release.wait(5)
        ran.append("done")
        return "result"

    worker = Worker(slow)
    worker.start()
    # The window closing deletes the object whose signals would carry the answer.
    shiboken6.delete(worker.signals)
    release.set()
    assert QThreadPool.globalInstance().waitForDone(5000)
    assert ran == ["done"]
    err = capfd.readouterr().err  # type: ignore[attr-defined]
    assert "Signal source has been deleted" not in err
    assert "Traceback" not in err
