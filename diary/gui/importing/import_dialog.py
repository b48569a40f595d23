"""Bring entries in: a share file from the person or their advocate, a spreadsheet diary, or
messages and calls exported from a phone or mail program.

Three tabs, each a page that shows what would come in before anything does. The slow parts
(opening a share, saving entries) run in a worker, one at a time; while one runs, the window
leaves the diary alone, and a lock waits for it (an import is all or nothing, and quick).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..screen_fit import fit_to_screen, scrolling
from ..session.diary_session import DiarySession
from ..step_dialog import StepDialog
from .csv_import_page import CsvImportPage
from .message_import_page import MessageImportPage
from .share_import_page import ShareImportPage


class ImportDialog(StepDialog):
    imported = Signal()  # entries were added: the timeline should read them again

    def __init__(self, session: DiarySession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import entries")
        self.share = ShareImportPage(session, self.run, self.show_message)
        self.csv = CsvImportPage(session, self.run, self.show_message)
        self.messages = MessageImportPage(session, self.run, self.show_message)
        for page in (self.share, self.csv, self.messages):
            page.imported.connect(self.imported)
        self.tabs = QTabWidget()
        # Each page scrolls inside its tab, so Close stays in sight on a small screen.
        self.tabs.addTab(scrolling(self.share), "A share file")
        self.tabs.addTab(scrolling(self.csv), "A spreadsheet (CSV)")
        self.tabs.addTab(scrolling(self.messages), "Messages and calls")
        self.tabs.currentChanged.connect(lambda _index: self.show_message(""))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        # Enter belongs to the page (look inside), never to Close.
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 860, 560)

    def show_page(self, page: QWidget) -> None:
        """Bring one page's tab to the front."""
        for index in range(self.tabs.count()):
            scroll = self.tabs.widget(index)
            if isinstance(scroll, QScrollArea) and scroll.widget() is page:
                self.tabs.setCurrentIndex(index)

    def set_busy(self, busy: bool) -> None:
        self.tabs.setEnabled(not busy)
        self.buttons.setEnabled(not busy)
