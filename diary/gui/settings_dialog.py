"""Settings, kept inside the encrypted diary: idle lock, discreet mode, name and initials,
whether the person said they are over 18, who keeps the diary (the person, or an advocate for a
client, by name); and the diary's signing key fingerprint, for the person to give an officer."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from diary.domain.case import CaseDetails
from diary.domain.errors import DiaryError
from diary.domain.incident import Author
from diary.export.signing import diary_signing_key, key_fingerprint

from .announcer import MessageLabel
from .fingerprint_view import FingerprintView
from .screen_fit import cap_minimum, fit_to_screen, scrolling
from .session.backup_dialog import BackupDialog
from .session.diary_session import DiarySession
from .session.key_change_dialog import KeyChangeDialog


class SettingsDialog(QDialog):
    def __init__(self, session: DiarySession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Settings")
        case = session.vault.case
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(1, 240)
        self.idle_minutes.setSuffix(" minutes")
        self.idle_minutes.setValue(session.idle_minutes())
        self.idle_minutes.setAccessibleName("Lock after this many minutes without use")
        self.discreet = QCheckBox("Show the app as “Notes”, with a plain icon")
        self.discreet.setChecked(session.discreet)
        self.discreet.setAccessibleName("Discreet mode")
        self.name = QLineEdit(case.name)
        self.name.setAccessibleName("Your name")
        self.initials = QLineEdit(case.initials)
        self.initials.setMaxLength(4)
        self.initials.setAccessibleName("Your initials")
        self.over_18 = QCheckBox("Over 18 (the statement says so; otherwise it is left blank)")
        self.over_18.setChecked(case.over_18)
        self.over_18.setAccessibleName("Over 18")
        self.kept_by_advocate = QCheckBox("This diary is kept by an advocate for a client")
        self.kept_by_advocate.setChecked(session.vault.kept_by is Author.ADVOCATE)
        self.kept_by_advocate.setAccessibleName("This diary is kept by an advocate for a client")
        self.advocate = QLineEdit(case.advocate)
        self.advocate.setAccessibleName("Advocate's name")
        self.advocate.setPlaceholderText("Name, and service (e.g. Sam Helper, Example ISAC)")
        advocate_note = QLabel(
            "When ticked, new entries and changes made in this window are recorded as the "
            "advocate's words, by this name, and are never part of the client's statement."
        )
        advocate_note.setObjectName("hint")
        advocate_note.setWordWrap(True)
        initials_note = QLabel(
            "Evidence already marked keeps its mark; new marks use these initials."
        )
        initials_note.setObjectName("hint")
        initials_note.setWordWrap(True)
        self.passphrase_button = QPushButton("Change passphrase…")
        self.passphrase_button.setAccessibleName("Change passphrase")
        self.passphrase_button.clicked.connect(self._change_passphrase)
        self.recovery_button = QPushButton("Make a new recovery key…")
        self.recovery_button.setAccessibleName("Make a new recovery key")
        self.recovery_button.clicked.connect(self.new_recovery_key)
        self.error = MessageLabel("error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Lock when not used for", self.idle_minutes)
        form.addRow("Discreet mode", self.discreet)
        form.addRow("Name on the statement", self.name)
        form.addRow("Initials", self.initials)
        form.addRow("", initials_note)
        form.addRow("Age", self.over_18)
        form.addRow("Who writes here", self.kept_by_advocate)
        form.addRow("Advocate's name", self.advocate)
        form.addRow("", advocate_note)
        form.addRow("Passphrase", self.passphrase_button)
        form.addRow("Recovery key", self.recovery_button)
        self.backup_button = QPushButton("Backup && restore…")
        self.backup_button.setAccessibleName("Backup and restore")
        self.backup_button.clicked.connect(self._open_backups)
        form.addRow("Backups", self.backup_button)
        self.signing_key = FingerprintView()
        form.addRow("Signing key fingerprint", self.signing_key)
        self.show_signing_key()
        where = QLabel(f"This diary is in: {session.folder}")
        where.setObjectName("hint")
        where.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        # The form scrolls inside the dialog, so every row and hint is whole on a small screen or
        # with large text; Save and Cancel stay in sight below it.
        body = QWidget()
        body.setLayout(form)
        scroll = scrolling(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(where)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        # The fingerprint on one line, as it is read out, where the screen allows.
        cap_minimum(self, 640, 0)
        wanted = body.sizeHint().height() + buttons.sizeHint().height() + 120
        fit_to_screen(self, 680, wanted)

    def show_message(self, text: str, error: bool = False) -> None:
        """A result under the form: red for a problem, calm for news that all went well."""
        self.error.setObjectName("error" if error else "calm")
        self.error.style().polish(self.error)
        self.error.setText(text)

    def show_signing_key(self) -> None:
        """The fingerprint of the key the next bundle will be signed with, read afresh (a new
        passphrase or recovery key may have replaced the key while this dialog was open)."""
        # A diary that has not exported yet has no key: it is made here rather than "at the
        # first export", because the person may want to give the officer the fingerprint when
        # they first report, before any pack exists, and a key made now is the very one the
        # first export signs with. It is stored like any setting, inside the encrypted diary.
        try:
            self.signing_key.set_fingerprint(key_fingerprint(diary_signing_key(self.session.vault)))
        except DiaryError as exc:
            self.signing_key.show_unavailable(exc.message)
        except ValueError:
            self.signing_key.show_unavailable(
                "The diary's signing key cannot be read, so its fingerprint cannot be shown."
            )

    def save(self) -> None:
        vault = self.session.vault
        advocate = " ".join(self.advocate.text().split())
        kept_by = Author.ADVOCATE if self.kept_by_advocate.isChecked() else Author.VICTIM
        if kept_by is Author.ADVOCATE and not advocate:
            self.show_message(
                "Give the advocate's name: an advocate's words are always recorded by name.",
                error=True,
            )
            return
        try:
            case: CaseDetails = replace(
                vault.case,
                name=self.name.text().strip(),
                initials=self.initials.text(),
                advocate=advocate,
                over_18=self.over_18.isChecked(),
            )
            vault.set_case(case)
            vault.set_kept_by(kept_by)
        except DiaryError as exc:
            self.show_message(exc.message, error=True)
            return
        self.session.save_settings(
            idle_minutes=self.idle_minutes.value(), discreet=self.discreet.isChecked()
        )
        self.accept()

    def _change_passphrase(self) -> None:
        self._change_keys(
            KeyChangeDialog(
                self.session.vault,
                "Choose a new passphrase. Do this if someone else may know the one you have.",
                new_passphrase=True,
                parent=self,
            )
        )

    def new_recovery_key(self) -> None:
        self._change_keys(
            KeyChangeDialog(
                self.session.vault,
                "Make a new recovery key if you have lost yours, or if someone else may have "
                "seen it. Your passphrase stays the same.",
                new_passphrase=False,
                parent=self,
            )
        )

    def _change_keys(self, dialog: KeyChangeDialog) -> None:
        dialog.finished.connect(lambda _: self._keys_changed(dialog))
        dialog.open()

    def _keys_changed(self, dialog: KeyChangeDialog) -> None:
        change = dialog.result_change
        if change is None:
            return  # cancelled, or refused: nothing was changed
        shown = dialog.recovery_dialog is not None and dialog.recovery_dialog.confirmed
        said = (
            "Done: your diary is under a new key, and the new recovery key is in force."
            if shown
            else "Done: your diary is under a new key. The new recovery key was not checked, "
            "so another one will be shown the next time you unlock the diary."
        )
        self.show_message(f"{said} {change.backups_message()}", error=not shown)
        self.show_signing_key()  # a new signing key came with the new secrets
        dialog.deleteLater()

    def _open_backups(self) -> None:
        dialog = BackupDialog(self.session, self)
        dialog.exec()
        dialog.deleteLater()
