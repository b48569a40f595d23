"""Share entries with an advocate: choose entries, save an encrypted share file, and read out
the one-time passphrase it opens with (as 'diary share' prints it).

What the share holds is read on the diary's thread; the file is encrypted and written in a
worker, with progress, so the window never freezes. The passphrase is shown once, here, and
kept nowhere: it is passed on by another route than the file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from diary.domain.errors import DiaryError, InvalidInput
from diary.vault.attachments.exhibit_files import ExhibitFiles
from diary.vault.sharing.share import ShareResult, prepare_share, write_prepared

from ..session.diary_session import DiarySession
from ..worker import Worker
from .entry_picker import EntryPicker

INTRO = (
    "A share file carries the entries you tick, with their history and files, encrypted. Your "
    "advocate opens it in their own diary with Import, using a one-time passphrase that you "
    "read out to them or write down: never send the passphrase with the file."
)


class ShareDialog(QDialog):
    def __init__(self, session: DiarySession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Share entries with your advocate")
        self._worker: Worker | None = None
        self.share_result: ShareResult | None = None
        vault = session.vault
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.sender_name = QLineEdit(vault.case.name)
        self.sender_name.setAccessibleName("Who the share is from")
        self.entries = EntryPicker(vault.incidents(), "to share")
        self.entries.setMinimumHeight(160)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("calm")
        self.message.setAccessibleName("Message")
        self.passphrase = QLabel()
        self.passphrase.setAccessibleName("The share's one-time passphrase")
        self.passphrase.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        font = QFont(self.passphrase.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.passphrase.setFont(font)
        self.passphrase.hide()
        self.save_button = QPushButton("Save the share file…")
        self.save_button.setObjectName("primary")
        self.save_button.setAccessibleName("Save the share file")
        self.save_button.clicked.connect(self.choose_and_save)
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow("From", self.sender_name)
        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(QLabel("Entries to share (untick those to keep back):"))
        column.addWidget(self.entries, 1)
        column.addWidget(self.progress)
        column.addWidget(self.message)
        column.addWidget(self.passphrase)
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self._on_lock = session.locked.connect(self.reject)
        self.finished.connect(self._forget)
        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(min(720, screen.width() - 40), min(620, screen.height() - 60))

    @property
    def busy(self) -> bool:
        return self._worker is not None

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setObjectName("error" if error else "calm")
        self.message.style().polish(self.message)
        self.message.setText(text)

    def choose_and_save(self) -> None:
        stem = "notes" if self.session.discreet else "share"
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            "Save the share file",
            str(Path.home() / f"{stem}.share"),
            "Share (*.share)",
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, out: Path) -> None:
        """Read the chosen entries, then encrypt and write them in a worker."""
        if self.busy:
            return
        vault = self.session.vault
        try:
            ids = self.entries.ticked()
            if not ids:
                raise InvalidInput("Tick at least one entry to share; nothing was written.")
            sender = " ".join(self.sender_name.text().split())
            if not sender:
                raise InvalidInput("Say who the share is from; nothing was written.")
            prepared = prepare_share(vault, vault.incidents(ids=ids), out, sender)
        except DiaryError as exc:
            self._say(exc.message, error=True)
            return
        files = vault.exhibit_files()
        worker = Worker(write_prepared, prepared, files.chunks)
        worker.signals.progress.connect(self.progress.setValue)
        worker.signals.finished.connect(lambda result: self._written(result, files))
        worker.signals.failed.connect(lambda exc: self._failed(exc, files))
        self._worker = worker
        self.save_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.passphrase.hide()
        self._say("Encrypting and saving the share file…")
        worker.start()

    def _written(self, result: ShareResult, files: ExhibitFiles) -> None:
        files.close()
        self._worker = None
        self.share_result = result
        self.progress.hide()
        self.save_button.setEnabled(True)
        entries = f"{result.incidents} entr{'y' if result.incidents == 1 else 'ies'}"
        self._say(
            f"Saved {entries} and {result.attachments} file"
            f"{'' if result.attachments == 1 else 's'} to {result.path.name}. It opens only with "
            "this passphrase. Read it out to your advocate or write it down for them; it is not "
            "kept anywhere, and cannot be shown again."
        )
        self.passphrase.setText(result.passphrase)
        self.passphrase.show()

    def _failed(self, exc: DiaryError, files: ExhibitFiles) -> None:
        files.close()
        self._worker = None
        self.progress.hide()
        self.save_button.setEnabled(True)
        self._say(exc.message, error=True)

    def _forget(self) -> None:
        """The passphrase is not left in a closed window; a later lock no longer reaches it."""
        self.passphrase.clear()
        self.share_result = None
        self.session.locked.disconnect(self._on_lock)
