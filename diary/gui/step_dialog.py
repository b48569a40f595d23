"""A dialog whose slow steps (opening a share, making a backup) run in a worker, one at a time.

While a step runs, the dialog's controls are disabled and it cannot be closed, the window leaves
the diary alone (the dialog is modal), and a lock, from the idle timer or Quick exit, waits for
the step to end (after_work): the open diary has one connection, used by one thread at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QProgressBar, QWidget

from diary.domain.errors import DiaryError

from .announcer import MessageLabel
from .worker import Worker


class StepDialog(QDialog):
    step_ended = Signal()  # a slow step finished or failed; the dialog is free again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker: Worker | None = None
        self._done: Callable[[Any], None] = lambda _result: None
        self._after: Callable[[], object] | None = None
        self.message = MessageLabel("calm")
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # it can name a share's sender
        self.message.setAccessibleName("Message")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: these steps cannot say how far they have got
        self.progress.setAccessibleName("Working")
        self.progress.hide()

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setObjectName("error" if error else "calm")
        self.message.style().polish(self.message)
        self.message.setText(text)

    def set_busy(self, busy: bool) -> None:
        """Disable (or enable again) the dialog's controls while a step runs."""

    @property
    def busy(self) -> bool:
        return self._worker is not None

    def run(self, worker: Worker, what: str, done: Callable[[Any], None]) -> None:
        """Run one slow step; done(result) is called on the GUI thread when it succeeds."""
        if self._worker is not None:
            return
        self._worker, self._done = worker, done
        self.show_message(what)
        self.progress.show()
        self.set_busy(True)
        worker.signals.finished.connect(self._finished)
        worker.signals.failed.connect(self._failed)
        worker.start()

    def _ended(self) -> None:
        self._worker = None
        self.progress.hide()
        self.set_busy(False)

    def _finished(self, result: object) -> None:
        self._ended()
        try:
            self._done(result)
        except DiaryError as exc:
            self.show_message(exc.message, error=True)
        self._step_over()

    def _failed(self, error: DiaryError) -> None:
        self._ended()
        self.show_message(error.message, error=True)
        self._step_over()

    def _step_over(self) -> None:
        self.step_ended.emit()
        then, self._after = self._after, None
        if then is not None:
            then()

    def after_work(self, then: Callable[[], object]) -> bool:
        """While a step runs, call `then` (a lock, a quick exit) once it is done."""
        if self._worker is None:
            return False
        self._after = then
        return True

    def reject(self) -> None:
        if self._worker is None:  # a step is never left half done: it ends first
            super().reject()
