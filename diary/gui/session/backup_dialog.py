"""Backup & restore: back up now, choose a second place for backups, restore into a new folder.

Every backup made here is verified before it is reported (see diary/vault/backups/backup.py).
Making, checking and restoring run in a worker, so the window stays alive for a diary of any
size. The dialog is modal, so nothing else uses the diary meanwhile, and a lock (the idle timer,
Quick exit) waits for the step under way: the open diary has one connection, and a backup must not
race a lock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from diary.domain.errors import DiaryError
from diary.domain.times import parse_utc_stamp
from diary.vault.backups.auto_backup import (
    SECOND_FOLDER_SETTING,
    auto_backup,
    record_verified_backup,
    set_second_folder,
)
from diary.vault.backups.backup import write_backup
from diary.vault.backups.restore import restore_with_passphrase

from ..screen_fit import cap_minimum
from ..step_dialog import StepDialog
from ..worker import Worker
from .diary_session import DiarySession
from .lock_backup import backup_status

_DIALOG_OPTIONS = QFileDialog.Option.DontUseNativeDialog


class BackupDialog(StepDialog):
    def __init__(self, session: DiarySession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Backup & restore")
        self.last_backup = QLabel()
        self.last_backup.setAccessibleName("Last verified backup")
        self.second_folder = QLabel()
        self.second_folder.setWordWrap(True)
        self.second_folder.setAccessibleName("Second place for backups")
        self.back_up_button = QPushButton("Back up now")
        self.back_up_button.clicked.connect(self.back_up_now)
        self.save_as_button = QPushButton("Save a backup to…")
        self.save_as_button.clicked.connect(self._choose_backup_file)
        self.choose_second_button = QPushButton("Choose a second place…")
        self.choose_second_button.clicked.connect(self._choose_second_folder)
        self.forget_second_button = QPushButton("Stop using it")
        self.forget_second_button.clicked.connect(lambda: self.use_second_folder(None))
        self.restore_button = QPushButton("Restore a backup into a new folder…")
        self.restore_button.clicked.connect(self._choose_restore)
        explain = QLabel(
            "Backups are encrypted: each one opens only with the passphrase (or the recovery key) "
            "this diary had when the backup was made, not with one set later. "
            "The last 7, and one a week for 8 weeks, are kept in the diary's folder and in the "
            "second place if you choose one (a USB stick, say)."
        )
        explain.setWordWrap(True)
        explain.setObjectName("hint")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.last_backup)
        row = QHBoxLayout()
        row.addWidget(self.back_up_button)
        row.addWidget(self.save_as_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.second_folder)
        row = QHBoxLayout()
        row.addWidget(self.choose_second_button)
        row.addWidget(self.forget_second_button)
        row.addStretch(1)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        cap_minimum(self, 560, 0)
        self.refresh()

    def refresh(self) -> None:
        vault = self.session.vault
        self.last_backup.setText(backup_status(vault))
        second = vault.setting(SECOND_FOLDER_SETTING)
        self.second_folder.setText(f"Second place: {second}" if second else "Second place: none")
        self.forget_second_button.setEnabled(bool(second))

    def set_busy(self, busy: bool) -> None:
        for button in (
            self.back_up_button,
            self.save_as_button,
            self.choose_second_button,
            self.restore_button,
            self.buttons,
        ):
            button.setEnabled(not busy)
        if not busy:
            self.refresh()  # "Stop using it" is enabled only when there is a second place

    # ----- the steps ------------------------------------------------------------------------------

    def back_up_now(self) -> None:
        self.run(
            Worker(auto_backup, self.session.vault),
            "Making the backups and checking them…",
            self._backed_up_now,
        )

    def _backed_up_now(self, report: Any) -> None:
        done = f"{len(report.made)} verified backup{'s' if len(report.made) != 1 else ''} made."
        self.show_message(" ".join([done, *report.problems]), error=bool(report.problems))
        self.refresh()
        if report.made:
            self.session.backed_up.emit()

    def save_backup_to(self, path: Path) -> None:
        vault = self.session.vault

        def saved(result: Any) -> None:
            record_verified_backup(vault, parse_utc_stamp(result.created_at))
            self.show_message(f"Backup saved and verified: {result.path}")
            self.refresh()
            self.session.backed_up.emit()

        self.run(Worker(write_backup, vault, path), "Saving the backup and checking it…", saved)

    def use_second_folder(self, folder: Path | None) -> None:
        try:
            set_second_folder(self.session.vault, folder)
        except DiaryError as exc:
            self.show_message(exc.message, error=True)
        else:
            self.show_message(
                "Backups will also go to the second place." if folder else "Second place removed."
            )
        self.refresh()

    def restore_into(self, backup: Path, folder: Path, passphrase: str) -> None:
        def restored(report: Any) -> None:
            self.show_message(
                f"Restored and checked: {report.incidents} incidents, into {folder}. "
                "Lock this diary and choose that folder to open it."
            )

        self.run(
            Worker(restore_with_passphrase, backup, folder, passphrase),
            "Restoring the backup and checking it…",
            restored,
        )

    # ----- choosing files (not used by tests, which call the methods above) --------------------

    def _choose_backup_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Save a backup",
            str(Path.home() / ("notes.backup" if self.session.discreet else "diary.backup")),
            options=_DIALOG_OPTIONS,
        )
        if name:
            self.save_backup_to(Path(name))

    def _choose_second_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "A second place for backups", str(Path.home()), _DIALOG_OPTIONS
        )
        if chosen:
            self.use_second_folder(Path(chosen))

    def _choose_restore(self) -> None:
        backup, _ = QFileDialog.getOpenFileName(
            self, "Choose a backup", str(Path.home()), options=_DIALOG_OPTIONS
        )
        if not backup:
            return
        folder = QFileDialog.getExistingDirectory(
            self,
            "Choose a new, empty folder for the restored diary",
            str(Path.home()),
            _DIALOG_OPTIONS,
        )
        if not folder:
            return
        passphrase, ok = QInputDialog.getText(
            self,
            "Passphrase",
            "The passphrase the diary had when the backup was made:",
            QLineEdit.EchoMode.Password,
        )
        if ok and passphrase:
            self.restore_into(Path(backup), Path(folder), passphrase)
