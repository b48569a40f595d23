"""Import a share file: choose it, type its one-time passphrase, see what it holds, import.

The passphrase is checked, and the contents described, before anything is added; a wrong one
gets a plain message and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from diary.domain.incident import Author
from diary.domain.times import parse_utc_stamp
from diary.domain.wording import SENDER_NAME_NOTE, when_text
from diary.vault.sharing.share_import import ShareImportReport, import_share, proposals_note
from diary.vault.sharing.share_preview import SharePreview, preview_share, received_at

from ..session.diary_session import DiarySession
from ..timeline.incident_text import stamp_text
from ..worker import Worker

Run = Callable[[Worker, str, Callable[[Any], None]], None]
Show = Callable[[str, bool], None]


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def describe(preview: SharePreview) -> str:
    """What the share holds, in a sentence or two."""
    entries = _plural(preview.entries, "entry", "entries")
    files = _plural(preview.attachments, "attached file", "attached files")
    shared = stamp_text(parse_utc_stamp(preview.shared_at))
    sender = preview.shared_by or "someone unnamed"
    text = (
        f"{entries} and {files}, shared by \u201c{sender}\u201d (the name the sender typed) "
        f"on {shared} (by the sender's clock)."
    )
    if preview.first and preview.last:
        text += f"\nWhat they describe happened between {when_text(preview.first)} and "
        text += f"{when_text(preview.last)}."
    return text


class ShareImportPage(QWidget):
    imported = Signal()

    def __init__(self, session: DiarySession, run: Run, show: Show) -> None:
        super().__init__()
        self.session, self._run, self._show = session, run, show
        self.preview: SharePreview | None = None
        self.file = QLineEdit()
        self.file.setReadOnly(True)
        self.file.setPlaceholderText("No file chosen")
        self.file.setAccessibleName("Share file")
        choose = QPushButton("Choose…")
        choose.setAccessibleName("Choose the share file")
        choose.clicked.connect(self._ask_for_file)
        choose.setAutoDefault(False)  # Enter in the passphrase looks inside; it never opens files
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Share passphrase")
        self.passphrase.textChanged.connect(self._forget_preview)
        self.passphrase.returnPressed.connect(self.look_inside)
        self.receiver = QComboBox()
        self.receiver.addItem("The person it happened to", Author.VICTIM.value)
        self.receiver.addItem("Their advocate", Author.ADVOCATE.value)
        self.receiver.setAccessibleName("You are")
        self.look_button = QPushButton("Look inside")
        self.look_button.clicked.connect(self.look_inside)
        self.look_button.setAutoDefault(False)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # the sender's name, as they typed it
        self.summary.setAccessibleName("What the share holds")
        self.import_button = QPushButton("Import these entries")
        self.import_button.setObjectName("primary")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_now)
        self.import_button.setAutoDefault(False)
        intro = QLabel(
            "A share file comes from the person it happened to, or their advocate, with a "
            "one-time passphrase given to you separately. Everything in it stays the sender's: "
            "new entries are shown as received from them, and changes to entries you already "
            "have wait for you to accept or decline. " + SENDER_NAME_NOTE
        )
        intro.setObjectName("hint")
        intro.setWordWrap(True)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(choose)
        form = QFormLayout()
        form.addRow("Share file", file_row)
        form.addRow("Share passphrase", self.passphrase)
        form.addRow("You are", self.receiver)
        buttons = QHBoxLayout()
        buttons.addWidget(self.look_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addStretch(1)

    def _ask_for_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Choose the share file",
            str(Path.home()),
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        if name:
            self.choose_file(Path(name))

    def choose_file(self, path: Path) -> None:
        self.file.setText(str(path))
        self._forget_preview()
        self.passphrase.setFocus()

    def _forget_preview(self) -> None:
        self.preview = None
        self.summary.clear()
        self.import_button.setEnabled(False)

    def look_inside(self) -> None:
        if not self.file.text():
            self._show("Choose the share file first.", True)
        elif not self.passphrase.text().strip():
            self._show("Type the share passphrase you were given.", True)
        else:
            work = Worker(preview_share, Path(self.file.text()), self.passphrase.text())
            self._run(work, "Opening the share…", self._previewed)

    def _previewed(self, preview: SharePreview) -> None:
        self.preview = preview
        before = received_at(self.session.vault, preview.share_id)
        self.summary.setText(describe(preview))
        if before:
            self._show(
                f"This share was already received on {stamp_text(parse_utc_stamp(before))}; "
                "importing it again would add nothing.",
                False,
            )
        else:
            self._show("Nothing has been imported yet.", False)
            self.import_button.setEnabled(True)
            self.import_button.setFocus()

    def import_now(self) -> None:
        if self.preview is None:
            return
        author = Author(self.receiver.currentData())
        work = Worker(
            import_share, self.session.vault, Path(self.file.text()), self.passphrase.text(), author
        )
        self._run(work, "Importing…", self._imported)

    def _imported(self, report: ShareImportReport) -> None:
        self.passphrase.clear()  # one-time: not kept once the entries are in
        self._forget_preview()
        sender = report.shared_by or "someone unnamed"
        parts = [
            _plural(len(report.added), "new entry", "new entries"),
            _plural(len(report.proposed), "proposed change", "proposed changes"),
            f"{report.unchanged} already here",
            _plural(report.attachments, "attached file", "attached files"),
        ]
        message = f"Imported from {sender}: {', '.join(parts)}."
        if report.added:
            message += (
                f" The new entries are shown as received from {sender}: their words, not "
                "yours, and not in your statement unless you adopt them."
            )
        if report.proposed:
            message += " " + proposals_note(report) + " Open the entry to review it."
        self._show(message, False)
        self.imported.emit()
