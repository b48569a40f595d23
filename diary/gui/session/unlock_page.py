"""The locked screen: passphrase (or recovery key) in, an open vault out.

Key derivation runs in a worker, so the window never freezes. A wrong passphrase gets a plain
message and a delay that grows with each attempt, and changes nothing on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from diary.domain.errors import DiaryError, WrongPassphrase

if TYPE_CHECKING:
    from diary.vault import Vault

from ..announcer import MessageLabel
from ..passphrase_field import PassphraseField
from ..worker import Worker

MAX_DELAY_SECONDS = 30


def retry_delay_seconds(failures: int) -> int:
    """1, 2, 4, 8 … seconds after each wrong attempt, never more than half a minute."""
    return 0 if failures <= 0 else min(2 ** (failures - 1), MAX_DELAY_SECONDS)


def _open(
    folder: Path, secret: str, with_recovery: bool, wait_for_backup: Callable[[], None]
) -> Vault:
    from diary.vault import Vault  # loaded here, in the worker, after the window is painted

    # The automatic backup made at the last lock holds the diary until it is verified.
    wait_for_backup()
    if with_recovery:
        return Vault.open_with_recovery(folder, secret)
    return Vault.open(folder, secret)


class UnlockPage(QWidget):
    unlocked = Signal(object, bool)  # the open Vault; True when the recovery key was used
    other_folder_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlock")
        self.folder = Path()
        self.failures = 0
        self._with_recovery = False
        self._worker: Worker | None = None
        self._wait_left = 0
        self._backing_up = False
        self._closing = False
        # Set by the window: blocks (in the unlock's worker) while a backup holds the diary.
        self.wait_for_backup: Callable[[], None] = lambda: None
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)

        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.secret = PassphraseField("Passphrase")
        self.prompt.setBuddy(self.secret.edit)
        self.backup_note = QLabel()
        self.backup_note.setObjectName("hint")
        self.backup_note.setWordWrap(True)
        self.backup_note.setAccessibleName("Backup")
        self.backup_note.hide()
        self.message = MessageLabel("error")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.setAccessibleName("Unlock")
        self.unlock_button.clicked.connect(self.unlock)
        self.secret.submitted.connect(self.unlock)
        self.switch_button = QPushButton()
        self.switch_button.setObjectName("link")
        self.switch_button.clicked.connect(lambda: self.set_recovery_mode(not self._with_recovery))
        # Everything on the locked screen is neutral, as its title ("Notes") is: it may be seen
        # by someone the person does not want to know what this is.
        self.folder_button = QPushButton("Open another folder…")
        self.folder_button.setObjectName("link")
        self.folder_button.setAccessibleName("Open another folder")
        self.folder_button.clicked.connect(self.other_folder_requested)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        links = QHBoxLayout()
        links.addWidget(self.switch_button)
        links.addStretch(1)
        links.addWidget(self.folder_button)
        body = QWidget()
        body.setMaximumWidth(560)
        column = QVBoxLayout(body)
        column.addStretch(1)
        column.addWidget(self.heading)
        column.addWidget(self.prompt)
        column.addWidget(self.secret)
        column.addWidget(self.message)
        column.addWidget(self.backup_note)
        column.addLayout(buttons)
        column.addSpacing(24)
        column.addLayout(links)
        column.addStretch(2)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(body, 3)
        outer.addStretch(1)
        self.set_recovery_mode(False)
        self.setFocusProxy(self.secret)

    def set_recovery_mode(self, with_recovery: bool) -> None:
        self._with_recovery = with_recovery
        self.secret.clear()
        self.message.clear()
        if with_recovery:
            self.heading.setText("Use your recovery key")
            self.prompt.setText(
                "Type the recovery key you wrote down when you set up (groups of four letters "
                "and digits; dashes and spaces do not matter). You will then choose a new "
                "passphrase."
            )
            self.secret.edit.setAccessibleName("Recovery key")
            self.switch_button.setText("Use my passphrase instead")
        else:
            self.heading.setText("Locked")
            self.prompt.setText("Type your passphrase to open your notes.")
            self.secret.edit.setAccessibleName("Passphrase")
            self.switch_button.setText("Forgotten it? Use the recovery key")
        self.switch_button.setAccessibleName(self.switch_button.text())
        self.secret.setFocus()

    def reset(self, folder: Path) -> None:
        """Show the page afresh for folder (after a lock, or another folder was chosen)."""
        self.folder = folder
        self.set_recovery_mode(False)
        self.secret.setEnabled(True)
        self.unlock_button.setEnabled(self._free())

    def _free(self) -> bool:
        return self._wait_left == 0 and not self._closing and self._worker is None

    def set_backing_up(self, backing_up: bool, closing: bool = False) -> None:
        """While the automatic backup is made the page says so; an unlock then waits for it.
        Closing, the window goes once the backup is made, so nothing more can be opened."""
        self._backing_up = backing_up
        self._closing = backing_up and closing
        self.backup_note.setText(
            "Saving an encrypted copy; the window closes when it is done."
            if closing
            else "Saving an encrypted copy of your notes."
        )
        self.backup_note.setVisible(backing_up)
        self.unlock_button.setEnabled(self._free())

    def unlock(self) -> None:
        if not self._free():
            return
        secret = self.secret.text()
        if not secret.strip():
            self.message.setText(
                "Type your passphrase first."
                if not self._with_recovery
                else "Type your recovery key first."
            )
            return
        self.message.setText(
            "Finishing the encrypted copy, then opening…" if self._backing_up else "Opening…"
        )
        self.secret.setEnabled(False)
        self.unlock_button.setEnabled(False)
        self._worker = Worker(_open, self.folder, secret, self._with_recovery, self.wait_for_backup)
        self._worker.signals.finished.connect(self._opened)
        self._worker.signals.failed.connect(self._failed)
        self._worker.start()

    def _opened(self, vault: Vault) -> None:
        self._worker = None
        self.failures = 0
        self.secret.clear()
        self.message.clear()
        self.secret.setEnabled(True)
        self.unlock_button.setEnabled(True)
        self.unlocked.emit(vault, self._with_recovery)

    def _failed(self, error: DiaryError) -> None:
        self._worker = None
        self.secret.setEnabled(True)
        self.secret.edit.selectAll()
        self.secret.setFocus()
        if isinstance(error, WrongPassphrase):
            self.failures += 1
            self._wait_left = retry_delay_seconds(self.failures)
            self._base_message = (
                f"That {'recovery key' if self._with_recovery else 'passphrase'} is not right. "
                "Nothing was changed."
                if error.message.startswith("That ")  # "... does not open this diary"
                else error.message
            )
            self._show_wait()
            self._countdown.start()
        else:
            self.unlock_button.setEnabled(self._free())
            self.message.setText(error.message)

    def _show_wait(self) -> None:
        seconds = "1 second" if self._wait_left == 1 else f"{self._wait_left} seconds"
        wait = f" You can try again in {seconds}." if self._wait_left else ""
        self.message.setText(self._base_message + wait)

    def _tick(self) -> None:
        self._wait_left = max(0, self._wait_left - 1)
        self._show_wait()
        if self._wait_left == 0:
            self._countdown.stop()
            self.unlock_button.setEnabled(self._free())
