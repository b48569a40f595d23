"""Asking before an entry is deleted or a file is taken out of one, with an optional reason.

Neither erases anything: the question says so, in plain words, so that a frightened person is
not afraid of losing evidence, and knows the change can be seen later (and an entry put back).
The safe answer, keeping it, is the default.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from diary.domain.incident import Attachment
from diary.vault.entries.incidents import MAX_REASON_CHARS

ENTRY_NOTE = (
    "It will be hidden from the timeline and left out of evidence packs and shares. Nothing is "
    "erased: the deletion is kept in the entry's history, a pack's audit trail lists it (with "
    "its number, when, and the reason you give), and "
    "you can restore it at any time (tick \u201cShow deleted\u201d, choose it, then \u201cRestore "
    "this entry\u201d)."
)
FILE_NOTE = (
    "It will no longer be part of this entry, so it will not be an exhibit in evidence packs or "
    "go in shares. Nothing is erased: the file stays in the encrypted diary, and the removal is "
    "kept in the entry's history with the reason you give."
)


class WithdrawDialog(QDialog):
    """Delete an entry (no files given) or remove one of its files (files given)."""

    confirmed = Signal(int, str)  # the entry's number or the file's id, and the reason

    def __init__(
        self, incident_id: int, files: tuple[Attachment, ...] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.incident_id = incident_id
        self.files = files
        removing = bool(files)
        self.setWindowTitle("Remove a file from this entry?" if removing else "Delete this entry?")
        heading = QLabel(
            f"Remove a file from entry {incident_id}?"
            if removing
            else f"Delete entry {incident_id}?"
        )
        heading.setObjectName("heading")
        note = QLabel(FILE_NOTE if removing else ENTRY_NOTE)
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        self.file_choice = QComboBox()
        self.file_choice.setAccessibleName("The file to remove")
        for a in files:
            mark = f"{a.exhibit_mark} · " if a.exhibit_mark else ""
            self.file_choice.addItem(f"{mark}{a.filename}", a.id)
        self.file_choice.setVisible(removing)
        self.reason = QLineEdit()
        self.reason.setMaxLength(MAX_REASON_CHARS)
        self.reason.setAccessibleName("Reason (optional)")
        self.reason.setPlaceholderText(
            "Why (optional), e.g. \u201cthe wrong screenshot\u201d"
            if removing
            else "Why (optional), e.g. \u201cduplicate\u201d, \u201cthe wrong diary\u201d"
        )
        reason_label = QLabel("&Reason (optional)")
        reason_label.setBuddy(self.reason)
        buttons = QDialogButtonBox()
        self.confirm_button = buttons.addButton(
            "Remove the file" if removing else "Delete the entry",
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.confirm_button.setAutoDefault(False)
        self.keep_button = buttons.addButton("Keep it", QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_button.setDefault(True)
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (heading, note, self.file_choice, reason_label, self.reason, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(min(520, self.screen().availableGeometry().width() - 40))

    def _confirm(self) -> None:
        target = int(self.file_choice.currentData()) if self.files else self.incident_id
        self.confirmed.emit(target, self.reason.text())
        self.accept()
