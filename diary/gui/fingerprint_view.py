"""The diary's signing key fingerprint, shown so that the person can read it out or text it.

An officer who checks a bundle with `diary verify --key` needs this from the person, not from the
bundle: it is what tells the person's own bundles from any other that merely agrees with itself.
So it is shown large, in groups of four, selectable, with a line saying how to hand it over.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

HOW_TO_GIVE = (
    "Give this to the officer yourself, apart from the files: read it out when you hand the "
    "pack over, or text it from your own phone. With it they can check that the bundle came "
    "from your diary and that nothing in it was changed."
)


class FingerprintView(QWidget):
    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(title)
        self.title.setVisible(bool(title))
        self.value = QLabel()
        self.value.setObjectName("fingerprint")
        self.value.setAccessibleName("Signing key fingerprint")
        self.value.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.note = QLabel(HOW_TO_GIVE)
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.note)

    def set_fingerprint(self, fingerprint: str) -> None:
        self.value.setText(fingerprint)
        self.value.show()
        self.note.setText(HOW_TO_GIVE)

    def show_unavailable(self, reason: str) -> None:
        """No fingerprint to show (the key could not be made or read): say why instead."""
        self.value.setText("")
        self.value.hide()
        self.note.setText(reason)

    def fingerprint(self) -> str:
        return self.value.text()
