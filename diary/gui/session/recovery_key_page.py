"""The recovery key, shown once, and confirmed by typing its last two groups.

The key is never written anywhere by the app; this page is the only time it is shown. It is
cleared from the page as soon as the person confirms it, or when the diary locks. A key that was
never confirmed is replaced by a new one at the next unlock, so nobody is left with a key they
did not write down.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from diary.domain.errors import DiaryError
from diary.vault.keys.keys import recovery_characters

from ..announcer import MessageLabel

if TYPE_CHECKING:
    from diary.vault import Vault

MADE_ON_REQUEST = (
    "<p><b>This is your new recovery key.</b> The old one no longer opens the diary, nor any "
    "backup made from now on.</p>"
)
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
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.RichText)
        self.reason.hide()
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
        self.message = MessageLabel("error")
        self.message.setWordWrap(True)
        self.continue_button = QPushButton("I have written it down — continue")
        # Read aloud as it is labelled, so voice control finds it by what it says.
        self.continue_button.setAccessibleName(self.continue_button.text())
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self.try_confirm)
        self.check.returnPressed.connect(self.try_confirm)
        self.setFocusProxy(self.check)

        body = QWidget()
        body.setMaximumWidth(760)
        column = QVBoxLayout(body)
        column.addWidget(explanation)
        column.addWidget(self.reason)
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

    def show_key(self, recovery_key: str, reason: str = "") -> None:
        """Show the key, with why a new one is shown (a paragraph of rich text), if it is."""
        self._key = recovery_key
        self.key_label.setText(recovery_key)
        # Never cut off, however narrow the window or dialog: a key copied short is no key.
        self.key_label.setMinimumWidth(self.key_label.sizeHint().width())
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        self.check.clear()
        self.message.clear()
        self.check.setFocus()

    def try_confirm(self) -> None:
        # Read as unlocking reads a key: O for 0 and I for 1 are the same characters.
        if recovery_characters(self.check.text()) != recovery_characters(_tail(self._key)):
            self.message.setText(
                "That does not match the end of the key. Check what you wrote down, letter by "
                "letter, and type the last two groups again."
            )
            self.check.setFocus()
            return
        self.clear()
        self.confirmed.emit()

    def clear(self) -> None:
        """Take the key off the screen (confirmed, or the diary locked)."""
        self._key = ""
        self.key_label.clear()
        self.check.clear()
        self.message.clear()


class RecoveryKeyDialog(QDialog):
    """A new recovery key made from the settings, shown once and confirmed like the first."""

    def __init__(self, vault: Vault, recovery_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New recovery key")
        self.vault = vault
        self.confirmed = False
        self.page = RecoveryKeyPage()
        self.page.show_key(recovery_key, MADE_ON_REQUEST)
        self.page.confirmed.connect(self._confirmed)
        self.finished.connect(lambda _: self.page.clear())  # never left in a hidden dialog
        QVBoxLayout(self).addWidget(self.page)

    def _confirmed(self) -> None:
        try:
            self.vault.confirm_recovery_key()
        except DiaryError as exc:
            self.page.message.setText(exc.message)
            return
        self.confirmed = True
        self.accept()
