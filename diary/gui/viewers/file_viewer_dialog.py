"""A video, recording, e-mail or PDF shown inside the app exactly as the pack shows it: the same
facts, frames, pages and text (export/file_views/), and the person's transcript of a recording.

Never handed to another program: that would need a plaintext copy on disk and would leave
thumbnails and recent-document entries behind. Nothing here plays sound or video; the frames and
the duration are what the officer's pack shows too.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from diary.domain.filetypes import PREVIEWABLE
from diary.domain.incident import Attachment
from diary.export.file_views import FileView, Still

from ..screen_fit import fit_to_screen, scrolling
from ..timeline.incident_text import size_text
from .image_viewer_dialog import pixmap_of

TRANSCRIPT_HEADING = "Transcript (typed by the person)"
STRIP_COLUMNS = 3
KIND_TITLES = {"video": "Video", "audio": "Recording", "email": "E-mail", "pdf": "PDF document"}


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionHeading")
    label.setWordWrap(True)
    return label


def _picture(still: Still, edge: int) -> QWidget:
    """A still with its caption beneath it."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    image = QLabel()
    pixmap = pixmap_of(still.data, PREVIEWABLE.get(still.media_type, ""))
    if not pixmap.isNull():
        if pixmap.width() > edge or pixmap.height() > edge:
            pixmap = pixmap.scaled(
                edge,
                edge,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        image.setPixmap(pixmap)
    image.setAccessibleName(still.caption)
    caption = QLabel(still.caption)
    caption.setObjectName("hint")
    column.addWidget(image)
    column.addWidget(caption)
    return box


class FileViewerDialog(QDialog):
    """view is what file_views.view_file gave for the attachment's original; transcript is what
    the person typed for it in the entry ('' when nothing)."""

    def __init__(
        self,
        attachment: Attachment,
        view: FileView,
        transcript: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        title = attachment.exhibit_mark or attachment.filename
        self.setWindowTitle(f"{KIND_TITLES.get(view.kind, 'File')}: {title}")
        self.setAccessibleName(f"{KIND_TITLES.get(view.kind, 'File')} {title}")
        self.view = view
        body = QWidget()
        layout = QVBoxLayout(body)
        self.facts = QFormLayout()
        for label, value in view.facts:
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addRow(label, shown)
        layout.addLayout(self.facts)
        self.problem = QLabel(view.problem)
        self.problem.setWordWrap(True)
        self.problem.setVisible(bool(view.problem))
        layout.addWidget(self.problem)
        self.captions: list[str] = []
        if view.poster is not None:
            layout.addWidget(_picture(view.poster, 640))
            self.captions.append(view.poster.caption)
        if view.stills:
            layout.addWidget(_heading(view.stills_heading))
            grid = QGridLayout()
            columns = STRIP_COLUMNS if view.kind == "video" else 1
            edge = 260 if view.kind == "video" else 720
            for index, still in enumerate(view.stills):
                grid.addWidget(_picture(still, edge), index // columns, index % columns)
                self.captions.append(still.caption)
            layout.addLayout(grid)
        self.text = QPlainTextEdit(view.text)
        self.text.setReadOnly(True)
        self.text.setAccessibleName(view.text_heading or "Text")
        if view.text:
            layout.addWidget(_heading(view.text_heading))
            self.text.setMinimumHeight(160)
            layout.addWidget(self.text)
        else:
            self.text.hide()
        self.transcript = QLabel(transcript or "None has been typed for this recording.")
        self.transcript.setWordWrap(True)
        self.transcript.setTextFormat(Qt.TextFormat.PlainText)
        self.transcript.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if view.kind in ("audio", "video"):
            layout.addWidget(_heading(TRANSCRIPT_HEADING))
            layout.addWidget(self.transcript)
            hint = QLabel("Change it in the entry (Edit), beside the file.")
            hint.setObjectName("hint")
            layout.addWidget(hint)
        else:
            self.transcript.hide()
        layout.addStretch(1)
        scroller = scrolling(body)
        caption = QLabel(
            f"{attachment.filename} · {size_text(attachment.size)} · "
            f"SHA-256 {attachment.sha256[:16]}… · the original is kept exactly as it was added"
        )
        caption.setObjectName("hint")
        caption.setWordWrap(True)
        caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(scroller, 1)
        outer.addWidget(caption)
        outer.addWidget(buttons)
        fit_to_screen(self, 1000, 680)

    def shown_facts(self) -> list[tuple[str, str]]:
        """The facts as the dialog shows them (label, value), for checking against the pack."""
        shown = []
        for row in range(self.facts.rowCount()):
            label_item = self.facts.itemAt(row, QFormLayout.ItemRole.LabelRole)
            value_item = self.facts.itemAt(row, QFormLayout.ItemRole.FieldRole)
            label = label_item.widget() if label_item else None
            value = value_item.widget() if value_item else None
            assert isinstance(label, QLabel) and isinstance(value, QLabel)
            shown.append((label.text(), value.text()))
        return shown
