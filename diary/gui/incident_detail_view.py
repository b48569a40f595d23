"""The whole of one entry beside the timeline: every field, thumbnails and its history.

User text is escaped before it reaches the rich-text view, and the view follows no links and
loads no resources, so nothing typed or pasted can make it open a file.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
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

from diary.domain.behaviours import BEHAVIOURS, CHANNELS, EFFECTS, REPORTED
from diary.domain.incident import Attachment, Incident, Revision
from diary.domain.wording import source_details, when_text

from .incident_text import size_text, stamp_text

THUMB_EDGE = 96
EVENTS = {
    "create": "Written",
    "edit": "Changed",
    "attach": "File added",
    "delete": "Deleted",
    "import": "Received",
}


def _para(label: str, text: str) -> str:
    if not text.strip():
        return ""
    body = escape(text).replace("\n", "<br>")
    return f"<h3>{escape(label)}</h3><p>{body}</p>"


def entry_html(incident: Incident, history: list[Revision]) -> str:
    c = incident.content
    when = when_text(c.occurred) + (f" to {when_text(c.until)}" if c.until else "")
    written = f"Written {stamp_text(incident.recorded_at)} by the {incident.author.value}"
    if incident.revisions > 1:
        written += f", last changed {stamp_text(incident.updated_at)}"
    if incident.last_changed_by is not incident.author:
        written += f"; its words as they stand now are the {incident.last_changed_by.value}'s"
    if c.transcribed_on:
        written += f". Transcribed on {c.transcribed_on} from an earlier record"
        written += f" ({c.transcribed_from})" if c.transcribed_from else ""
        written += f" written on {c.written_on}" if c.written_on else ""
    parts = [
        f"<h2>{escape(when)}</h2>",
        f"<p><i>{escape(written)}</i></p>",
        f"<p><b>Where:</b> {escape(c.location)}</p>",
    ]
    if c.behaviours:
        items = "".join(f"<li>{escape(BEHAVIOURS.get(b, b))}</li>" for b in c.behaviours)
        parts.append(f"<h3>What kind of behaviour</h3><ul>{items}</ul>")
    if c.channel:
        parts.append(f"<p><b>How:</b> {escape(CHANNELS.get(c.channel, c.channel))}</p>")
    parts += [
        _para("What happened", c.text),
        _para("Exact words used", c.words),
        _para("Who, and how they looked", c.suspect),
        _para("Vehicle", c.vehicle),
        _para("How well they were seen", c.visibility),
        _para("Witnesses", "\n".join(c.witnesses)),
        _para("Children or others involved", c.others_involved),
    ]
    if c.feared_violence is not None:
        fear = "Yes" if c.feared_violence else "No"
        parts.append(f"<p><b>Feared violence:</b> {fear}</p>")
    parts += [
        _para("What I feared", c.fear),
        _para("How it felt", c.feelings),
    ]
    if c.impact.strip() or c.effects:
        parts.append("<h3>Effect on my daily life</h3>")
        if c.impact.strip():
            parts.append(f"<p>{escape(c.impact).replace(chr(10), '<br>')}</p>")
        items = "".join(f"<li>{escape(EFFECTS.get(e, e))}</li>" for e in c.effects)
        parts.append(f"<ul>{items}</ul>" if items else "")
    parts.append(_para("What I did", c.actions))
    if c.reported:
        parts.append(f"<p><b>Reported:</b> {escape(REPORTED.get(c.reported, c.reported))}</p>")
    parts += [
        _para("Police reference", c.police_ref),
        _para("Officer", c.officer),
        _para("CCTV, doorbell or dashcam nearby", c.cctv),
    ]
    for attachment in incident.attachments:
        parts.append(_attachment_html(attachment))
    parts.append("<h3>History of this entry</h3><ul>")
    for revision in history:
        event = EVENTS.get(revision.event, revision.event)
        who = (
            f"from {revision.content.get('shared_by', '')}"
            if revision.event == "import"
            else f"by the {revision.author.value}"
        )
        parts.append(f"<li>{event} {escape(stamp_text(revision.recorded_at))} {escape(who)}</li>")
    parts.append("</ul>")
    return "".join(p for p in parts if p)


def _attachment_html(a: Attachment) -> str:
    name = escape(a.exhibit_mark + " · " if a.exhibit_mark else "") + escape(a.filename)
    lines = [f"{escape(a.media_type)}, {size_text(a.size)}", f"SHA-256 {a.sha256}"]
    # The same labels as the pack's exhibit pages, so the two can be checked against each other.
    lines += [f"{label}: {escape(value)}" for label, value in source_details(a.source)]
    return f"<p><b>{name}</b><br>{'<br>'.join(lines)}</p>"


class IncidentDetailView(QWidget):
    edit_requested = Signal(int)  # incident id
    image_requested = Signal(int)  # attachment id

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
        self.edit_button = QPushButton("Edit this entry")
        self.edit_button.setAccessibleName("Edit this entry")
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self._incident_id))
        self.placeholder = QLabel("Choose an entry on the left to read all of it here.")
        self.placeholder.setObjectName("hint")
        self.placeholder.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.thumbs_scroll)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignRight)
        self.clear()

    def show_incident(
        self, incident: Incident, history: list[Revision], thumbnails: dict[int, bytes | None]
    ) -> None:
        self._incident_id = incident.id
        self.placeholder.hide()
        self.text.setHtml(entry_html(incident, history))
        self.text.show()
        self.edit_button.show()
        self._clear_thumbs()
        for attachment in incident.attachments:
            self.thumbs_row.addWidget(self._thumb_button(attachment, thumbnails.get(attachment.id)))
        self.thumbs_row.addStretch(1)
        self.thumbs_scroll.setVisible(bool(incident.attachments))

    def _thumb_button(self, attachment: Attachment, png: bytes | None) -> QToolButton:
        button = QToolButton()
        label = attachment.exhibit_mark or attachment.filename
        button.setAccessibleName(f"Show {label} full size")
        button.setToolTip(f"{attachment.filename}: click to see it full size")
        pixmap = QPixmap()
        if png and pixmap.loadFromData(png):
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
        self.text.clear()
        self.text.hide()
        self._clear_thumbs()
        self.thumbs_scroll.hide()
        self.edit_button.hide()
        self.placeholder.show()

    @property
    def incident_id(self) -> int:
        return self._incident_id
