"""The recovery key, shown once, and confirmed by typing its last two groups.

The key is never written anywhere by the app; this page is the only time it is shown. It is
cleared from the page as soon as the person confirms it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

EXPLANATION = (
    "<h1>Your recovery key</h1>"
    "<p>If you ever forget your passphrase, this key is the only other way into your diary. "
    "<b>Write it down on paper now</b> and keep it somewhere safe that only you can reach. "
    "It will not be shown again.</p>"
    "<p>Do not photograph it or save it on this computer.</p>"
)


def _tail(recovery_key: str) -> str:
    return "-".join(recovery_key.split("-")[-2:])


class RecoveryKeyPage(QWidget):
    confirmed = Signal()  # the person typed the end of the key correctly

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryKey")
        self._key = ""
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        explanation.setTextFormat(Qt.TextFormat.RichText)
        self.key_label = QLabel()
        self.key_label.setObjectName("recoveryKey")
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setAccessibleName("Recovery key")
        ask = QLabel(
            "When you have written it down, type its <b>last two groups</b> here to check "
            "your copy (for example <tt>AB12-CD34</tt>):"
        )
        ask.setWordWrap(True)
        self.check = QLineEdit()
        self.check.setAccessibleName("Last two groups of the recovery key")
        ask.setBuddy(self.check)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.continue_button = QPushButton("I have written it down — continue")
        self.continue_button.setAccessibleName("Continue to the diary")
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self.try_confirm)
        self.check.returnPressed.connect(self.try_confirm)
        self.setFocusProxy(self.check)

        body = QWidget()
        body.setMaximumWidth(760)
        column = QVBoxLayout(body)
        column.addWidget(explanation)
        column.addWidget(self.key_label)
        column.addWidget(ask)
        column.addWidget(self.check)
        column.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.continue_button)
        column.addLayout(row)
        column.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(body, 4)
        outer.addStretch(1)

    def show_key(self, recovery_key: str) -> None:
        self._key = recovery_key
        self.key_label.setText(recovery_key)
        self.check.clear()
        self.message.clear()
        self.check.setFocus()

    def try_confirm(self) -> None:
        typed = self.check.text().strip().upper().replace(" ", "-")
        if typed.replace("-", "") != _tail(self._key).replace("-", ""):
            self.message.setText(
                "That does not match the end of the key. Check what you wrote down, letter by "
                "letter, and type the last two groups again."
            )
            self.check.setFocus()
            return
        self._key = ""
        self.key_label.clear()
        self.check.clear()
        self.confirmed.emit()
