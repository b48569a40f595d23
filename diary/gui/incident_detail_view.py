"""The whole of one entry beside the timeline: every field, thumbnails and its history.

User text is escaped before it reaches the rich-text view, and the view follows no links and
loads no resources, so nothing typed or pasted can make it open a file.
"""

from __future__ import annotations

from html import escape

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

from diary.domain.behaviours import BEHAVIOURS, CHANNELS, EFFECTS, REPORTED
from diary.domain.incident import Attachment, Author, Incident, Revision
from diary.domain.messages.log_lines import EntryLog
from diary.domain.times import parse_utc_stamp
from diary.domain.voices import knowledge_text, whose_words
from diary.domain.wording import source_details, when_text
from diary.vault.attachments.removal import RemovedFile
from diary.vault.entries.entry_notes import PrivateNote
from diary.vault.sharing.received_history import ReceivedDetails

from .announcer import announce
from .image_viewer_dialog import pixmap_of
from .incident_text import by_whom, size_text, stamp_text, whose
from .received_notice import ReceivedNotice

THUMB_EDGE = 96
EVENTS = {
    "create": "Written",
    "edit": "Changed",
    "attach": "File added",
    "delete": "Deleted",
    "import": "Received",
    "propose": "Change proposed",
    "accept": "Proposed change accepted",
    "decline": "Proposed change declined",
    "adopt": "Adopted as their own account",
    "restore": "Restored",
    "detach": "File removed",
}


def _para(label: str, text: str) -> str:
    if not text.strip():
        return ""
    body = escape(text).replace("\n", "<br>")
    return f"<h3>{escape(label)}</h3><p>{body}</p>"


def _written(
    incident: Incident, received: ReceivedDetails | None, kept_by: Author = Author.VICTIM
) -> str:
    """When it was written and by whom; for what came in a share, this diary's record first,
    then what the sender's file claims."""
    sender = incident.received_from or "someone unnamed"
    if incident.author is Author.SENDER:
        written = f"Received {stamp_text(incident.recorded_at)} from {sender}"
    else:
        written = (
            f"Written {stamp_text(incident.recorded_at)} by {by_whom(incident.author, kept_by)}"
        )
    if incident.revisions > 1:
        written += f", last changed {stamp_text(incident.updated_at)}"
    if incident.last_changed_by is not incident.author:
        words = f"{sender}'s" if incident.is_received else whose(incident.last_changed_by, kept_by)
        written += f"; its words as they stand now are {words}"
    c = incident.content
    if c.transcribed_on:
        written += f". Transcribed on {c.transcribed_on} from an earlier record"
        written += f" ({c.transcribed_from})" if c.transcribed_from else ""
        written += f" written on {c.written_on}" if c.written_on else ""
    if received is not None:
        written += (
            f". {sender}'s share says it was first written "
            f"{_claimed(received.claimed_recorded_at)} by \u201c{received.claimed_author}\u201d: "
            "a claim nothing can check"
        )
    return written


def _claimed(value: str) -> str:
    """A time a share's file gave, written as the window writes times when it can be read."""
    try:
        return stamp_text(parse_utc_stamp(value))
    except ValueError:
        return value or "at a time not given"


def _who(revision: Revision, kept_by: Author = Author.VICTIM) -> str:
    content = revision.content
    if revision.claimed_author or revision.claimed_at:
        return (
            f"with {revision.received_from or 'someone unnamed'}'s share, whose record says "
            f"{_claimed(revision.claimed_at)} by \u201c{revision.claimed_author}\u201d"
        )
    if revision.author is Author.SENDER:
        return f"from {revision.received_from or 'someone unnamed'}"
    if revision.event in ("accept", "decline"):
        by = by_whom(revision.author, kept_by)
        return f"by {by}, proposed by {content.get('proposed_by', '')}"
    if revision.event == "adopt":
        by = by_whom(revision.author, kept_by)
        return f"by {by}, received from {content.get('received_from', '')}"
    return f"by {by_whom(revision.author, kept_by)}"


def _why(revision: Revision) -> str:
    """For a deletion or a file's removal: which file, and the reason given (escaped)."""
    if revision.event not in ("delete", "detach"):
        return ""
    said = ""
    if revision.event == "detach":
        said += f" ({escape(str(revision.content.get('filename', '')))})"
    reason = str(revision.content.get("reason") or "")
    return said + (f": \u201c{escape(reason)}\u201d" if reason else "")


def _deleted_banner(incident: Incident, history: list[Revision]) -> str:
    if not incident.deleted:
        return ""
    deletion = next((r for r in reversed(history) if r.event == "delete"), None)
    when = stamp_text(deletion.recorded_at) if deletion else ""
    why = _why(deletion) if deletion else ""
    return (
        f"<p><b>Deleted on {escape(when)}{why}.</b> It is in no evidence pack or share; "
        "its history is kept below. \u201cRestore this entry\u201d puts it back.</p>"
    )


def _removed_html(removed: list[RemovedFile]) -> str:
    if not removed:
        return ""
    items = "".join(
        f"<li>{escape(f.filename)}, removed {escape(stamp_text(f.removed_at))} by the "
        f"{escape(f.removed_by.value)}"
        + (f": \u201c{escape(f.reason)}\u201d" if f.reason else "")
        + "</li>"
        for f in removed
    )
    return (
        "<h3>Files removed from this entry</h3><p>Not in packs or shares; each is kept "
        f"unchanged in the diary.</p><ul>{items}</ul>"
    )


def _whose(incident: Incident, diary_advocate: str) -> str:
    """Whose words and how they are known, first, as the pack sorts entries by them."""
    if incident.is_received:  # the notice above the entry says whose they are
        return f"<p>{escape(knowledge_text(incident.content))} (as the sender gives it).</p>"
    return (
        f"<p><b>{escape(whose_words(incident, diary_advocate))}.</b> "
        f"{escape(knowledge_text(incident.content))}.</p>"
    )


def _private(note: PrivateNote | None) -> str:
    if note is None:
        return ""
    body = escape(note.text).replace("\n", "<br>")
    return (
        "<h3>Private note — only in this diary, never in an export or share</h3>"
        f"<p><i>{body}</i></p>"
    )


def _log_html(log: EntryLog | None) -> str:
    """The entry's message log: how many, and the lines held (the first few, or all)."""
    if log is None or not log.count:
        return ""
    rows = "".join(
        f"<tr><td>{escape(when)}</td><td><b>{escape(who)}</b></td>"
        f"<td>{escape(words).replace(chr(10), '<br>')}</td></tr>"
        for when, who, words in log.lines()
    )
    return (
        f"<h3>Messages and calls</h3><p>{escape(log.heading())}.</p>"
        f"<table cellspacing='0' cellpadding='3'>{rows}</table>"
    )


def entry_html(
    incident: Incident,
    history: list[Revision],
    received: ReceivedDetails | None = None,
    note: PrivateNote | None = None,
    diary_advocate: str = "",
    removed: list[RemovedFile] | None = None,
    log: EntryLog | None = None,
    kept_by: Author = Author.VICTIM,
) -> str:
    c = incident.content
    when = when_text(c.occurred) + (f" to {when_text(c.until)}" if c.until else "")
    written = _written(incident, received, kept_by)
    # The person's own words are labelled in the first person; a sender's are not theirs.
    mine = not incident.is_received
    parts = [
        _deleted_banner(incident, history),
        f"<h2>{escape(when)}</h2>",
        _whose(incident, diary_advocate),
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
        _para("Witnesses", "\n".join([*c.witnesses, *(w.line for w in c.witness_details)])),
        _para("Children or others involved", c.others_involved),
    ]
    if c.feared_violence is not None:
        fear = "Yes" if c.feared_violence else "No"
        parts.append(f"<p><b>Feared violence:</b> {fear}</p>")
    parts += [
        _para("What I feared" if mine else "What they feared", c.fear),
        _para("How it felt", c.feelings),
    ]
    if c.impact.strip() or c.effects:
        parts.append(f"<h3>Effect on {'my' if mine else 'their'} daily life</h3>")
        if c.impact.strip():
            parts.append(f"<p>{escape(c.impact).replace(chr(10), '<br>')}</p>")
        items = "".join(f"<li>{escape(EFFECTS.get(e, e))}</li>" for e in c.effects)
        parts.append(f"<ul>{items}</ul>" if items else "")
    parts.append(_para("What I did" if mine else "What they did", c.actions))
    if c.reported:
        parts.append(f"<p><b>Reported:</b> {escape(REPORTED.get(c.reported, c.reported))}</p>")
    parts += [
        _para("Police reference", c.police_ref),
        _para("Officer", c.officer),
        _para("CCTV, doorbell or dashcam nearby", c.cctv),
    ]
    parts.append(_log_html(log))
    for attachment in incident.attachments:
        parts.append(_attachment_html(attachment))
    parts.append(_removed_html(removed or []))
    parts.append(_private(note))
    parts.append("<h3>History of this entry</h3><ul>")
    for revision in history:
        event = EVENTS.get(revision.event, revision.event)
        if revision.claimed_author or revision.claimed_at:  # the sender's record, not this one's
            event = f"{event} (received)"
        who = _who(revision, kept_by)
        why = _why(revision)
        parts.append(
            f"<li>{event} {escape(stamp_text(revision.recorded_at))} {escape(who)}{why}</li>"
        )
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
        self.opening.clear()
        self.opening.hide()
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
