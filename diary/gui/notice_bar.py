"""A short message under the top bar ("Saved.", a file that could not be stored), then gone."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from .announcer import announce

SHOWN_MS = 6000
LASTING_MS = 30000  # for what a person must not miss, such as a backup that failed


class NoticeBar(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setWordWrap(True)
        # Messages can hold names from a share file: never read as markup.
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName("Notice")
        self.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)

    def show_message(self, message: str, *, lasting: bool = False) -> None:
        self.setText(message)
        self.show()
        announce(self, message)
        self._timer.start(LASTING_MS if lasting else SHOWN_MS)

    def dismiss(self) -> None:
        self._timer.stop()
        self.clear()
        self.hide()
