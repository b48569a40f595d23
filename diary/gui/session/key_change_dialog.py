"""Changing the passphrase or the recovery key: asked for, checked, then done in a worker.

Anyone at an unlocked screen could otherwise lock the owner out, so the current passphrase is
asked for first (not after opening with the recovery key, which has just been proved). The
change re-encrypts the whole diary under a new key and replaces the app's backups (see
diary.vault.keys.key_change), which takes a while for a large diary: it runs in a worker with a
progress bar, the window stays alive, and a lock waits for it. The new recovery key is then
shown once and confirmed, and what became of the backups is said in plain words.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from diary.domain.errors import DiaryError, WrongPassphrase
from diary.domain.passphrase_advice import advise
from diary.vault import Vault
from diary.vault.keys.key_change import KeyChange

from ..passphrase_field import PassphraseField
from ..screen_fit import cap_minimum
from ..step_dialog import StepDialog
from ..worker import Worker
from .recovery_key_page import RecoveryKeyDialog

NOT_CURRENT = "That is not the passphrase this diary opens with. Nothing was changed."


def _check_then_change(
    vault: Vault, current: str | None, new: str | None, progress: Callable[[int], None]
) -> KeyChange:
    """In the worker: check the current passphrase (when asked for), then change the secrets."""
    if current is not None and not vault.passphrase_opens(current):
        raise WrongPassphrase(NOT_CURRENT)
    if new is None:
        return vault.new_recovery_key(progress)
    return vault.change_passphrase(new, progress)


DIFFERENT = "The two passphrases are different. Type the same one twice."


class KeyChangeDialog(StepDialog):
    """Make a new recovery key (new_passphrase False) or set a new passphrase (True)."""

    changed = Signal(object)  # the KeyChange, once the new recovery key has been shown

    def __init__(
        self,
        vault: Vault,
        intro: str,
        *,
        new_passphrase: bool,
        ask_current: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.result_change: KeyChange | None = None
        self.recovery_dialog: RecoveryKeyDialog | None = None
        self._refusals: set[str] = set()  # what was said about the new passphrase
        self.setWindowTitle("Choose a new passphrase" if new_passphrase else "New recovery key")
        text = QLabel(intro)
        text.setWordWrap(True)
        form = QFormLayout()
        self.current: PassphraseField | None = None
        if ask_current:
            self.current = PassphraseField("Current passphrase")
            form.addRow("Current passphrase", self.current)
        self.passphrase: PassphraseField | None = None
        self.confirm: PassphraseField | None = None
        self.advice = QLabel()
        if new_passphrase:
            self.passphrase = PassphraseField("New passphrase")
            self.confirm = PassphraseField("New passphrase again")
            self.advice.setText(advise("").message)
            self.advice.setObjectName("hint")
            self.advice.setWordWrap(True)
            form.addRow("New passphrase", self.passphrase)
            form.addRow("", self.advice)
            form.addRow("Again", self.confirm)
            self.passphrase.text_changed.connect(self._typed)
            self.confirm.text_changed.connect(self._typed)
        note = QLabel(
            "The whole diary is encrypted again under a new key, and a new recovery key is "
            "shown for you to write down: the old passphrase and recovery key, and old copies "
            "of the diary's key file, will open nothing from then on."
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            "Change passphrase" if new_passphrase else "Make a new recovery key"
        )
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        cap_minimum(self, 520, 0)

    def _typed(self) -> None:
        """Advice as the new passphrase is typed; a refusal under the form goes once the two
        passphrases are acceptable and the same."""
        assert self.passphrase is not None and self.confirm is not None
        advice = advise(self.passphrase.text())
        self.advice.setText(advice.message)
        put_right = advice.acceptable and self.passphrase.text() == self.confirm.text()
        if put_right and self.message.text() in self._refusals and self._worker is None:
            self.show_message("")

    def show_message(self, text: str, error: bool = False) -> None:
        super().show_message(text, error)
        self.adjustSize()  # grows with what it says (a long word about backups), never clips it

    def set_busy(self, busy: bool) -> None:
        for field in (self.current, self.passphrase, self.confirm):
            if field is not None:
                field.setEnabled(not busy)
        self.buttons.setEnabled(not busy)

    def start(self) -> None:
        new: str | None = None
        if self.passphrase is not None and self.confirm is not None:
            new = self.passphrase.text()
            advice = advise(new)
            if not advice.acceptable:
                self._refusals.add(advice.message)
                self.show_message(advice.message, error=True)
                return
            if new != self.confirm.text():
                self._refusals.add(DIFFERENT)
                self.show_message(DIFFERENT, error=True)
                return
        current = self.current.text() if self.current is not None else None
        if current is not None and not current:
            self.show_message("Type your current passphrase first.", error=True)
            return
        worker = Worker(_check_then_change, self.vault, current, new)
        self.progress.setRange(0, 100)
        worker.signals.progress.connect(self.progress.setValue)
        self.run(
            worker,
            "Checking your passphrase, then encrypting your notes again under a new key and "
            "making a new backup. This can take a few minutes for a large diary.",
            self._changed,
        )

    def _failed(self, error: DiaryError) -> None:
        super()._failed(error)
        if self.current is not None and isinstance(error, WrongPassphrase):
            self.current.edit.selectAll()
            self.current.setFocus()

    def _changed(self, change: KeyChange) -> None:
        for field in (self.current, self.passphrase, self.confirm):
            if field is not None:
                field.clear()
        self.result_change = change
        self.show_message(change.backups_message())
        self.recovery_dialog = RecoveryKeyDialog(self.vault, change.recovery_key, self)
        self.recovery_dialog.finished.connect(lambda _: self._shown(change))
        self.recovery_dialog.open()

    def _shown(self, change: KeyChange) -> None:
        self.changed.emit(change)
        self.accept()
