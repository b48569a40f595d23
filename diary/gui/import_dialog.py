"""Bring entries in: a share file from the person or their advocate, or a spreadsheet diary.

Two tabs, each a page that shows what would come in before anything does. The slow parts
(opening a share, saving entries) run in a worker, one at a time; while one runs, the window
leaves the diary alone, and a lock waits for it (an import is all or nothing, and quick).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from diary.domain.errors import DiaryError

from .csv_import_page import CsvImportPage
from .diary_session import DiarySession
from .share_import_page import ShareImportPage
from .worker import Worker


class ImportDialog(QDialog):
    imported = Signal()  # entries were added: the timeline should read them again
    step_ended = Signal()  # a slow step finished or failed; the dialog is free again

    def __init__(self, session: DiarySession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import entries")
        self._worker: Worker | None = None
        self._done: Callable[[Any], None] = lambda _result: None
        self._after: Callable[[], object] | None = None
        self.share = ShareImportPage(session, self.run, self.show_message)
        self.csv = CsvImportPage(session, self.run, self.show_message)
        for page in (self.share, self.csv):
            page.imported.connect(self.imported)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.share, "A share file")
        self.tabs.addTab(self.csv, "A spreadsheet (CSV)")
        self.tabs.currentChanged.connect(lambda _index: self.show_message(""))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: neither step can say how far it has got
        self.progress.setAccessibleName("Working")
        self.progress.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        # Enter belongs to the page (look inside), never to Close.
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.setMinimumSize(980, 600)

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setObjectName("error" if error else "calm")
        self.message.style().polish(self.message)
        self.message.setText(text)

    # ----- the worker ---------------------------------------------------------------------------

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
        self.tabs.setEnabled(False)
        self.buttons.setEnabled(False)
        worker.signals.finished.connect(self._finished)
        worker.signals.failed.connect(self._failed)
        worker.start()

    def _ended(self) -> None:
        self._worker = None
        self.progress.hide()
        self.tabs.setEnabled(True)
        self.buttons.setEnabled(True)

    def _finished(self, result: object) -> None:
        self._ended()
        self._done(result)
        self.step_ended.emit()
        self._then()

    def _failed(self, error: DiaryError) -> None:
        self._ended()
        self.show_message(error.message, error=True)
        self.step_ended.emit()
        self._then()

    def after_work(self, then: Callable[[], object]) -> bool:
        """While a step runs, call `then` (a lock, a quick exit) once it is done."""
        if self._worker is None:
            return False
        self._after = then
        return True

    def _then(self) -> None:
        then, self._after = self._after, None
        if then is not None:
            then()

    def reject(self) -> None:
        if self._worker is None:  # an import cannot be stopped half way; it is quick
            super().reject()
