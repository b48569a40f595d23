"""The bar along the top of the window: the name, what can be done now, Help and Quick exit.

Help and Quick exit are always there; the others only while the diary is open.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


def _button(text: str, accessible: str, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(accessible)
    button.setToolTip(tip)
    return button


class TopBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topBar")
        self.title = QLabel()
        self.title.setObjectName("appTitle")
        self.export_button = _button(
            "&Evidence pack…",
            "Make an evidence pack",
            "Make a PDF for the police from your entries",
        )
        self.share_button = _button(
            "Sha&re…",
            "Share entries with your advocate",
            "Save chosen entries, encrypted, for your advocate",
        )
        self.lock_button = _button("&Lock", "Lock the diary", "Lock now (Ctrl+L)")
        self.settings_button = _button("Settin&gs", "Settings")
        self.case_button = _button(
            "&Case details…",
            "Case details",
            "The suspect, orders in force, police force, officer and crime references",
        )
        self.help_button = _button("&Help", "Help", "Help, and who to call (F1)")
        self.exit_button = _button(
            "Quick exit",
            "Quick exit",
            "Close at once; what you typed is kept (Ctrl+Q or Shift+Esc)",
        )
        self.exit_button.setObjectName("quickExit")
        row = QHBoxLayout(self)
        row.addWidget(self.title)
        row.addStretch(1)
        for button in self._diary_buttons():
            row.addWidget(button)
        row.addWidget(self.help_button)
        row.addSpacing(16)
        row.addWidget(self.exit_button)

    def _diary_buttons(self) -> tuple[QPushButton, ...]:
        """The buttons that act on an open diary."""
        return (
            self.export_button,
            self.share_button,
            self.case_button,
            self.lock_button,
            self.settings_button,
        )

    def set_unlocked(self, unlocked: bool) -> None:
        for button in self._diary_buttons():
            button.setVisible(unlocked)
