"""Choose a new passphrase (after opening with the recovery key, or from settings)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from diary.domain.errors import DiaryError
from diary.domain.passphrase_advice import advise
from diary.vault import Vault

from .passphrase_field import PassphraseField


class NewPassphraseDialog(QDialog):
    def __init__(self, vault: Vault, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.setWindowTitle("Choose a new passphrase")
        text = QLabel(intro)
        text.setWordWrap(True)
        self.passphrase = PassphraseField("New passphrase")
        self.confirm = PassphraseField("New passphrase again")
        self.advice = QLabel(advise("").message)
        self.advice.setObjectName("hint")
        self.advice.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("New passphrase", self.passphrase)
        form.addRow("", self.advice)
        form.addRow("Again", self.confirm)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.passphrase.text_changed.connect(lambda t: self.advice.setText(advise(t).message))
        self.setMinimumWidth(520)

    def save(self) -> None:
        new = self.passphrase.text()
        advice = advise(new)
        if not advice.acceptable:
            self.error.setText(advice.message)
            return
        if new != self.confirm.text():
            self.error.setText("The two passphrases are different. Type the same one twice.")
            return
        try:
            self.vault.change_passphrase(new)
        except DiaryError as exc:
            self.error.setText(exc.message)
            return
        self.passphrase.clear()
        self.confirm.clear()
        self.accept()
