"""The whole of one entry beside the timeline: every field, thumbnails and its history (the
text made by entry_html.py, escaped; the view follows no links and loads no resources, so
nothing typed or pasted can make it open a file)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from diary.domain.incident import Attachment, Author, Incident, Revision
from diary.domain.messages.log_lines import EntryLog
from diary.vault.attachments.removal import RemovedFile
from diary.vault.entries.entry_notes import PrivateNote
from diary.vault.sharing.received_history import ReceivedDetails

from ..announcer import announce
from ..viewers.image_viewer_dialog import pixmap_of
from .entry_html import entry_html
from .received_notice import ReceivedNotice

THUMB_EDGE = 96


class IncidentDetailView(QWidget):
    edit_requested = Signal(int)  # incident id
    image_requested = Signal(int)  # attachment id
    adopt_requested = Signal(int)  # incident id: a received entry, to adopt as the person's own
    proposals_requested = Signal(int)  # incident id: to review the changes proposed to it
    delete_requested = Signal(int)  # incident id: to ask, then delete it (a recorded change)
    restore_requested = Signal(int)  # incident id: a deleted entry to put back
    remove_file_requested = Signal(int)  # incident id: to ask which file to take out of it
    all_messages_requested = Signal(int)  # incident id: to show every message and call logged

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._incident_id = 0
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setOpenExternalLinks(False)
        self.text.setUndoRedoEnabled(False)
        self.text.setAccessibleName("The whole entry")
        self.thumbs = QWidget()
        self.thumbs_row = QHBoxLayout(self.thumbs)
        self.thumbs_row.setContentsMargins(0, 0, 0, 0)
        thumbs_scroll = QScrollArea()
        thumbs_scroll.setWidget(self.thumbs)
        thumbs_scroll.setWidgetResizable(True)
        thumbs_scroll.setFixedHeight(THUMB_EDGE + 28)
        thumbs_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.thumbs_scroll = thumbs_scroll
        # Each picture is a named button of its own; the strip around them is no Tab stop.
        thumbs_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        thumbs_scroll.viewport().setFocusProxy(None)  # type: ignore[arg-type]
        # While a file is read for its viewer (file_opening.py): which one, in plain words.
        self.opening = QLabel()
        self.opening.setObjectName("hint")
        self.opening.setTextFormat(Qt.TextFormat.PlainText)  # a file's name is not markup
        self.opening.setAccessibleName("Opening a file")
        self.opening.hide()
        self.all_messages_button = QPushButton()
        self.all_messages_button.clicked.connect(
            lambda: self.all_messages_requested.emit(self._incident_id)
        )
        self.edit_button = QPushButton("E&dit this entry")
        self.edit_button.setAccessibleName("Edit this entry")
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self._incident_id))
        self.delete_button = QPushButton("Delete this entry…")
        self.delete_button.setAccessibleName("Delete this entry")
        self.delete_button.clicked.connect(lambda: self.delete_requested.emit(self._incident_id))
        self.restore_button = QPushButton("Restore this entry")
        self.restore_button.setAccessibleName("Restore this entry")
        self.restore_button.clicked.connect(lambda: self.restore_requested.emit(self._incident_id))
        self.remove_file_button = QPushButton("Remove a file…")
        self.remove_file_button.setAccessibleName("Remove a file from this entry")
        self.remove_file_button.clicked.connect(
            lambda: self.remove_file_requested.emit(self._incident_id)
        )
        self.notice = ReceivedNotice()
        self.notice.adopt_requested.connect(lambda: self.adopt_requested.emit(self._incident_id))
        self.notice.proposals_requested.connect(
            lambda: self.proposals_requested.emit(self._incident_id)
        )
        self.placeholder = QLabel("Choose an entry on the left to read all of it here.")
        self.placeholder.setObjectName("hint")
        self.placeholder.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.notice)
        layout.addWidget(self.thumbs_scroll)
        layout.addWidget(self.opening)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.all_messages_button, 0, Qt.AlignmentFlag.AlignLeft)
        actions = QHBoxLayout()
        actions.addWidget(self.delete_button)
        actions.addWidget(self.remove_file_button)
        actions.addStretch(1)
        actions.addWidget(self.restore_button)
        actions.addWidget(self.edit_button)
        layout.addLayout(actions)
        self._shown: tuple[Incident, list[Revision], ReceivedDetails | None] | None = None
        self._note: PrivateNote | None = None
        self._advocate = ""
        self._removed: list[RemovedFile] = []
        self._kept_by = Author.VICTIM
        self.clear()

    def show_incident(
        self,
        incident: Incident,
        history: list[Revision],
        thumbnails: dict[int, bytes | None],
        received: ReceivedDetails | None = None,
        proposals: tuple[int, int] = (0, 0),
        note: PrivateNote | None = None,
        diary_advocate: str = "",
        removed: list[RemovedFile] | None = None,
        log: EntryLog | None = None,
        kept_by: Author = Author.VICTIM,
    ) -> None:
        """Show the entry; received says where it came from, proposals how many changes to it
        are (waiting, proposed in all), note is its private note, removed the files taken out
        of it, log its messages and calls (the first few; show_message_log shows them all)."""
        self._incident_id = incident.id
        self._shown = (incident, history, received)
        self._note, self._advocate = note, diary_advocate
        self.placeholder.hide()
        self.notice.show_for(incident, *proposals, kept_by=kept_by)
        self._removed = removed or []
        self._kept_by = kept_by
        self.show_message_log(log)
        # A sender's words are not the person's to change: adopting them comes first. A deleted
        # entry is restored before anything else is done with it.
        live = not incident.deleted
        self.edit_button.setVisible(live and not incident.is_received)
        self.delete_button.setVisible(live)
        self.remove_file_button.setVisible(live and bool(incident.attachments))
        self.restore_button.setVisible(not live)
        self._clear_thumbs()
        for attachment in incident.attachments:
            self.thumbs_row.addWidget(self._thumb_button(attachment, thumbnails.get(attachment.id)))
        self.thumbs_row.addStretch(1)
        self.thumbs_scroll.setVisible(bool(incident.attachments))

    def show_message_log(self, log: EntryLog | None) -> None:
        """The entry shown again with this much of its message log (all of it, when asked)."""
        if self._shown is None:
            return
        incident, history, received = self._shown
        at = self.text.verticalScrollBar().value()
        self.text.setHtml(
            entry_html(
                incident,
                history,
                received,
                self._note,
                self._advocate,
                self._removed,
                log,
                self._kept_by,
            )
        )
        self.text.verticalScrollBar().setValue(at)
        self.text.show()
        more = log is not None and not log.complete
        if log is not None and more:
            label = f"Show all {log.count:,} messages and calls"
            self.all_messages_button.setText(label)
            self.all_messages_button.setAccessibleName(label)
        self.all_messages_button.setVisible(more)

    def show_opening(self, name: str) -> None:
        """Say that the file called name is being opened; with "", that none is."""
        text = f"Opening {name}…" if name else ""
        self.opening.setText(text)
        self.opening.setVisible(bool(name))
        announce(self.opening, text)

    def _thumb_button(self, attachment: Attachment, png: bytes | None) -> QToolButton:
        button = QToolButton()
        label = attachment.exhibit_mark or attachment.filename
        button.setAccessibleName(f"Show {label} full size")
        button.setToolTip(f"{attachment.filename}: click to see it full size")
        pixmap = pixmap_of(png or b"", "PNG")
        if not pixmap.isNull():
            button.setIcon(QIcon(pixmap))
            button.setIconSize(QSize(THUMB_EDGE, THUMB_EDGE))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        else:
            button.setText(label[:24])
            button.setFixedHeight(THUMB_EDGE)
        button.clicked.connect(lambda: self.image_requested.emit(attachment.id))
        return button

    def _clear_thumbs(self) -> None:
        while self.thumbs_row.count():
            item = self.thumbs_row.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.deleteLater()

    def clear(self) -> None:
        """Forget the entry shown (on lock, or when nothing is selected)."""
        self._incident_id = 0
        self._shown, self._note, self._removed = None, None, []
        self.all_messages_button.hide()
        self.notice.clear()
        self.text.clear()
        self.text.hide()
        self._clear_thumbs()
        self.thumbs_scroll.hide()
        # "Opening …" stays while its file is read (its viewer still comes): the opener clears it.
        for button in (
            self.edit_button,
            self.delete_button,
            self.restore_button,
            self.remove_file_button,
        ):
            button.hide()
        self.placeholder.show()

    @property
    def incident_id(self) -> int:
        return self._incident_id
