"""Evidence files for an entry: dropped, pasted (Ctrl+V) or picked, each with where it came from.

Files wait here until the entry is saved, then go into the vault byte for byte. A pasted
screenshot is kept as PNG bytes in memory (and in the encrypted draft); a picked or dropped file
is read from where it is when the entry is saved. The file picker is Qt's own, never the
system's, so no recent-files list or last-folder record is left behind.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Signal
from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from diary.domain.filetypes import claimed
from diary.domain.incident import Attachment, Source

from ..timeline.incident_text import size_text
from ..viewers.image_viewer_dialog import pixmap_of


@dataclass
class PendingAttachment:
    """A file chosen for the entry but not yet stored."""

    filename: str
    data: bytes | None = None  # pasted images
    path: Path | None = None  # picked or dropped files
    source: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        size = (
            len(self.data)
            if self.data is not None
            else (self.path.stat().st_size if self.path and self.path.exists() else 0)
        )
        return f"{self.filename} · {size_text(size)} · not saved yet"

    def to_draft(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "source": self.source,
            "data": base64.b64encode(self.data).decode() if self.data is not None else None,
            "path": str(self.path) if self.path else None,
        }

    @classmethod
    def from_draft(cls, item: dict[str, Any]) -> PendingAttachment:
        return cls(
            filename=str(item["filename"]),
            source=dict(item.get("source") or {}),
            data=base64.b64decode(item["data"]) if item.get("data") else None,
            path=Path(item["path"]) if item.get("path") else None,
        )


def image_as_png(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    return bytes(QByteArray(buffer.data()).data())


ICON_EDGE = 96  # a phone screenshot shows as a picture, not as a sliver


def _is_recording(media_type: str) -> bool:
    return media_type.startswith(("audio/", "video/"))


SOURCE_FIELDS = (
    ("platform", "Platform or app", "e.g. Instagram, WhatsApp, text message"),
    ("profile", "Profile name shown", "The name or handle on the post"),
    ("url", "Link (URL)", "Web address of the post or profile"),
    ("shown_time", "Time shown on it", "As it appears on the screen"),
    ("captured_at", "When you took it", "e.g. 3 June 2024, 21:40"),
    ("device", "Taken on", "e.g. my phone, a Samsung A52"),
)


class AttachmentPanel(QWidget):
    changed = Signal()  # files added, removed, or their details edited
    transcript_edited = Signal()  # the words typed for a kept recording changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pending: list[PendingAttachment] = []
        self.stored: tuple[Attachment, ...] = ()
        self.list = QListWidget()
        self.list.setAccessibleName("Evidence files for this entry")
        self.list.setIconSize(QSize(ICON_EDGE, ICON_EDGE))
        self.list.currentRowChanged.connect(self._show_source)
        hint = QLabel("Drag files here, paste a screenshot with Ctrl+V, or choose files.")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.add_button = QPushButton("Add files…")
        self.add_button.setAccessibleName("Add files")
        self.add_button.clicked.connect(self.pick_files)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName("Remove the chosen file from this entry")
        self.remove_button.clicked.connect(self.remove_current)
        self.source_edits: dict[str, QLineEdit] = {}
        self.source_form = QFormLayout()
        for key, label, placeholder in SOURCE_FIELDS:
            edit = QLineEdit()
            edit.setAccessibleName(label)
            edit.setPlaceholderText(placeholder)
            edit.textEdited.connect(self._source_edited)
            self.source_edits[key] = edit
            self.source_form.addRow(label, edit)
        self.source_box = QWidget()
        source_column = QVBoxLayout(self.source_box)
        source_column.setContentsMargins(0, 0, 0, 0)
        source_title = QLabel(
            "Where the chosen file came from, and how and when it was made (the statement "
            "says so when it produces it as an exhibit):"
        )
        source_title.setWordWrap(True)
        source_title.setObjectName("hint")
        source_column.addWidget(source_title)
        source_column.addLayout(self.source_form)
        # A recording's words as the person hears them: part of the entry (so each change is
        # kept in its history), printed on the exhibit's page as typed by the person.
        self.transcripts: dict[str, str] = {}  # SHA-256 of a kept file -> the words typed
        self.transcript_label = QLabel(
            "What is said in it, word for word as you hear it (the pack prints this as your "
            "transcript, beside the recording):"
        )
        self.transcript_label.setWordWrap(True)
        self.transcript = QPlainTextEdit()
        self.transcript.setAccessibleName("Transcript of the chosen recording, typed by you")
        self.transcript.setTabChangesFocus(True)
        self.transcript.setFixedHeight(90)
        self.transcript.textChanged.connect(self._transcript_edited)
        self.transcript_later = QLabel(
            "Once the entry is saved you can type here what is said in the recording."
        )
        self.transcript_later.setObjectName("hint")
        self.transcript_later.setWordWrap(True)
        source_column.addWidget(self.transcript_label)
        source_column.addWidget(self.transcript)
        source_column.addWidget(self.transcript_later)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(hint, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.list)
        layout.addWidget(self.source_box)
        self._refresh()

    # ----- adding -------------------------------------------------------------------------------

    def add_image(self, image: QImage) -> None:
        stamp = datetime.now().strftime("%Y-%m-%d %H.%M.%S")
        self._add(PendingAttachment(f"Screenshot {stamp}.png", data=image_as_png(image)))

    def add_paths(self, paths: list[Path]) -> None:
        for path in paths:
            if path.is_file():
                self._add(PendingAttachment(path.name, path=path))

    def _add(self, item: PendingAttachment) -> None:
        self.pending.append(item)
        self._refresh()
        self.list.setCurrentRow(self.list.count() - 1)
        self.changed.emit()

    def pick_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            "Choose evidence files",
            str(Path.home()),
            "",
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        self.add_paths([Path(n) for n in names])

    def remove_current(self) -> None:
        row = self.list.currentRow() - len(self.stored)
        if 0 <= row < len(self.pending):
            del self.pending[row]
            self._refresh()
            self.changed.emit()

    # ----- showing and editing details ------------------------------------------------------------

    def set_files(
        self,
        stored: tuple[Attachment, ...],
        pending: list[PendingAttachment],
        transcripts: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.stored, self.pending = stored, list(pending)
        self.transcripts = dict(transcripts)
        self._refresh()

    def transcript_pairs(self) -> tuple[tuple[str, str], ...]:
        """The transcripts typed for the entry's kept files, as the entry stores them."""
        kept = {a.sha256 for a in self.stored}
        return tuple(
            (digest, words)
            for digest, words in sorted(self.transcripts.items())
            if digest in kept and words.strip()
        )

    def _refresh(self) -> None:
        self.list.clear()
        for a in self.stored:
            mark = f"{a.exhibit_mark} · " if a.exhibit_mark else ""
            self.list.addItem(f"{mark}{a.filename} · {size_text(a.size)} · kept")
        for p in self.pending:
            item = QListWidgetItem(p.describe())
            preview = pixmap_of(p.data or b"", "PNG")  # a pasted picture, made a PNG here
            if not preview.isNull():
                item.setIcon(QIcon(preview))
            self.list.addItem(item)
        self.list.setVisible(self.list.count() > 0)
        # As tall as its rows (up to four), so one file does not leave an empty box.
        shown = range(min(self.list.count(), 4))
        rows = sum(max(self.list.sizeHintForRow(row), 0) for row in shown)
        self.list.setFixedHeight(max(rows, self.list.fontMetrics().height()) + 8)
        self._show_source(self.list.currentRow())

    def _show_source(self, row: int) -> None:
        stored = 0 <= row < len(self.stored)
        pending_row = row - len(self.stored)
        has_pending = 0 <= pending_row < len(self.pending)
        self.source_box.setVisible(stored or has_pending)
        self.remove_button.setEnabled(has_pending)
        if stored:
            values = self.stored[row].source.to_dict()
        elif has_pending:
            values = self.pending[pending_row].source
        else:
            values = {}
        for key, edit in self.source_edits.items():
            edit.setText(values.get(key, ""))
            edit.setReadOnly(stored)  # details of a kept file are part of its record
        recording = (
            _is_recording(self.stored[row].media_type)
            if stored
            else (has_pending and _is_recording(claimed(self.pending[pending_row].filename)))
        )
        for widget in (self.transcript_label, self.transcript):
            widget.setVisible(stored and recording)
        self.transcript_later.setVisible(has_pending and recording)
        self.transcript.blockSignals(True)
        self.transcript.setPlainText(
            self.transcripts.get(self.stored[row].sha256, "") if stored else ""
        )
        self.transcript.blockSignals(False)

    def _transcript_edited(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.stored):
            self.transcripts[self.stored[row].sha256] = self.transcript.toPlainText()
            self.transcript_edited.emit()

    def _source_edited(self) -> None:
        row = self.list.currentRow() - len(self.stored)
        if 0 <= row < len(self.pending):
            self.pending[row].source = {
                k: e.text() for k, e in self.source_edits.items() if e.text()
            }
            self.changed.emit()

    def keyboard_order(self) -> list[QWidget]:
        return [
            self.add_button,
            self.remove_button,
            self.list,
            *self.source_edits.values(),
            self.transcript,
        ]

    @staticmethod
    def source_of(item: PendingAttachment) -> Source:
        return Source.from_dict(item.source)
