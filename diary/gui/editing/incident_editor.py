"""Writing or changing one entry. What is typed is saved as an encrypted draft as it is typed.

The draft (form fields, and pasted screenshots under a separate key so they are not rewritten on
every keystroke) lives in the encrypted database, so a lock or a quick exit loses nothing.
Saving a new entry adds it; saving a change adds a revision; files are stored after the entry.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from diary.domain.errors import AmbiguousTime, DiaryError
from diary.domain.incident import Author, IncidentContent

from ..form_fields import styled_label
from ..screen_fit import scrolling
from ..session.diary_session import DiarySession
from ..worker import Worker
from .attachment_import import ImportOutcome, import_files
from .attachment_panel import AttachmentPanel, PendingAttachment
from .evidence_drop_filter import EvidenceDropFilter
from .incident_form import IncidentForm

AUTOSAVE_MS = 800
MAX_UNSAVED_SECONDS = 2.0
NEW = "editor:new"


def draft_key(incident_id: int | None) -> str:
    return NEW if incident_id is None else f"editor:{incident_id}"


def writer_text(kept_by: Author, advocate: str) -> str:
    """Whose words an entry saved here will be (nothing to say when they are the person's)."""
    if kept_by is not Author.ADVOCATE:
        return ""
    name = advocate.strip() or "the advocate (no name set in Settings)"
    return (
        f"Writing as {name}, advocate: what you save here is recorded as your words, not your "
        "client's, and is never part of their statement."
    )


class IncidentEditor(QWidget):
    saved = Signal(int)  # the incident id
    closed = Signal()  # left without saving (the draft was discarded)
    failed = Signal(str)  # a message to show

    def __init__(self, session: DiarySession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editor")
        self.session = session
        self.incident_id: int | None = None
        self._dirty = False
        self._dirty_since = 0.0  # when the first change not yet in a draft was made
        self._loading = False
        self._import: Worker | None = None
        self._pending: list[PendingAttachment] = []
        self._after_import: Callable[[], object] | None = None
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Storing files")
        self.progress.hide()
        self.form = IncidentForm()
        self.files = AttachmentPanel()
        self.heading = styled_label("", "heading")
        note = styled_label(
            "Kept safe as you type. Only the when, where and what are needed now.", "hint"
        )
        # Whose words these will be, said before anything is typed (Settings: who keeps it).
        self.writer = styled_label("", "hint", "Whose words these are")
        self.error = styled_label("", "error", "Problem")
        self.status = styled_label("", "calm", "Status")
        self.save_button = QPushButton("&Save entry")
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip("Save (Ctrl+S or Alt+S)")
        self.save_button.setAccessibleName("Save entry")
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.discard)
        self._changed = False  # anything typed or added since the entry was opened
        self._show_changed(False)

        body = QWidget()
        body.setMaximumWidth(1100)
        column = QVBoxLayout(body)
        column.addWidget(self.heading)
        column.addWidget(self.writer)
        column.addWidget(note)
        self.form.essentials.addRow("Evidence files", self.files)
        column.addLayout(self.form.essentials)
        for section in self.form.sections:
            column.addWidget(section)
        column.addStretch(1)
        self.form_scroll = scroll = scrolling(body)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.error, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.flush_draft)
        self.form.changed.connect(self._touched)
        self.files.changed.connect(self._files_touched)
        self.files.transcript_edited.connect(self._touched)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.discard)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setAcceptDrops(True)
        self.drops = EvidenceDropFilter(self.files, self)
        for widget in [self, *body.findChildren(QWidget)]:
            widget.installEventFilter(self.drops)
        # Tab follows the page from top to bottom: when, where, what happened, how it is known,
        # the files, then each section's title followed by what it holds when open.
        form, knowledge = self.form, self.form.knowledge
        chain = [
            form.occurred,
            form.approximate,
            form.date_only,
            form.has_end,
            form.until,
            form.location,
            form.text,
            knowledge.seen,
            knowledge.told,
            knowledge.told_by,
            *self.files.keyboard_order(),
        ]
        for section in form.sections:
            chain.append(section.toggle)
            chain.extend(
                w
                for w in section.body.findChildren(QWidget)
                if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.window() is self.window()
            )
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    # ----- starting and ending --------------------------------------------------------------------

    def start(self, incident_id: int | None = None) -> None:
        """Open a new entry (None) or an existing one, restoring any draft left for it."""
        vault = self.session.vault
        self._loading = True
        self.incident_id = incident_id
        self.error.clear()
        self.status.clear()
        incident = vault.incident(incident_id) if incident_id is not None else None
        self._original = incident.content if incident else None
        note = vault.private_note(incident_id) if incident_id is not None else None
        self._original_note = note.text if note else ""
        self.heading.setText("Change this entry" if incident else "New entry")
        writer = writer_text(vault.kept_by, vault.case.advocate)
        self.writer.setText(writer)
        self.writer.setVisible(bool(writer))
        self.form.reset()
        if incident:
            self.form.set_content(incident.content)
            self.form.set_private_note(self._original_note)
        key = draft_key(incident_id)
        draft, files = vault.draft(key), vault.draft(key + ":files")
        try:
            if draft:
                self.form.set_state(json.loads(draft))
            pending = [PendingAttachment.from_draft(f) for f in json.loads(files or "[]")]
        except (ValueError, KeyError, TypeError):  # a draft written by an older version
            pending = []
            self.error.setText("An unfinished draft could not be read; it is kept unchanged.")
        transcripts = incident.content.transcripts if incident else ()
        if draft:
            saved = json.loads(draft).get("transcripts")
            transcripts = tuple((str(d), str(w)) for d, w in saved or transcripts)
        self.files.set_files(incident.attachments if incident else (), pending, transcripts)
        self._dirty = False
        self._loading = False
        self._show_changed(bool(draft or files))  # a draft brought back is unsaved work
        if draft or files:
            self.status.setText("What you had typed before has been brought back.")
        # Where typing starts: the place for a new entry, the account when changing one.
        # Not a focus proxy: Qt's Tab, coming from the bar above, would jump straight to it.
        self.first_field = self.form.location if incident_id is None else self.form.text
        # The form opens at its top, heading and When in sight, wherever the last one was left.
        self.form_scroll.verticalScrollBar().setValue(0)

    def has_draft(self) -> str | None:
        """The draft key of an unfinished entry in the diary, if there is one."""
        drafts = self.session.vault.drafts()
        for key in drafts:
            if key.startswith("editor:") and not key.endswith(":files"):
                return key
        return next((k.removesuffix(":files") for k in drafts if k.startswith("editor:")), None)

    def clear(self) -> None:
        """Forget everything shown (on lock, after the draft was saved)."""
        self._autosave.stop()
        self._loading = True
        self.form.reset()
        self.files.set_files((), [])
        self.error.clear()
        self.status.clear()
        self._loading = False
        self._dirty = False
        self._original = None
        self._original_note = ""
        self._show_changed(False)

    # ----- drafts -------------------------------------------------------------------------------

    def _show_changed(self, changed: bool) -> None:
        """Nothing typed yet: the button just closes. Something typed: it discards, asking."""
        self._changed = changed
        self.cancel_button.setText("Discard" if changed else "Close")
        self.cancel_button.setAccessibleName("Discard" if changed else "Close")
        self.cancel_button.setToolTip(
            "Throw away what was typed here (Esc)" if changed else "Back to the timeline (Esc)"
        )

    def _touched(self) -> None:
        if not self._loading:
            if not self._dirty:
                self._dirty_since = time.monotonic()
            self._dirty = True
            if not self._changed:
                self._show_changed(True)
            # Saved after a pause in typing, and while typing goes on without a pause at least
            # every few seconds: a crash or a power cut loses no more than that.
            if time.monotonic() - self._dirty_since >= MAX_UNSAVED_SECONDS:
                self.flush_draft()
            else:
                self._autosave.start()

    def _files_touched(self) -> None:
        if not self._loading and self.session.is_open:
            key = draft_key(self.incident_id) + ":files"
            self.session.vault.save_draft(
                key, json.dumps([p.to_draft() for p in self.files.pending])
            )
            self._touched()

    def flush_draft(self) -> None:
        """Save what is typed now (before a lock or a quick exit, and after a pause in typing)."""
        self._autosave.stop()
        if self._dirty and self.session.is_open:
            state = self.form.state()
            state["transcripts"] = [list(pair) for pair in self.files.transcripts.items()]
            self.session.vault.save_draft(draft_key(self.incident_id), json.dumps(state))
            self._dirty = False

    def _discard_drafts(self) -> None:
        key = draft_key(self.incident_id)
        self.session.vault.discard_draft(key)
        self.session.vault.discard_draft(key + ":files")
        self._dirty = False

    def discard(self) -> None:
        if not self._changed:  # only looked: nothing to throw away, nothing to ask
            self._autosave.stop()
            self._discard_drafts()
            self.clear()
            self.closed.emit()
            return
        answer = QMessageBox.question(
            self,
            "Discard?",
            "Throw away what you typed here? The diary itself is not changed.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            self._autosave.stop()
            self._discard_drafts()
            self.clear()
            self.closed.emit()

    # ----- saving ---------------------------------------------------------------------------------

    def _content(self) -> IncidentContent | None:
        try:
            content = self.form.content()
        except AmbiguousTime as exc:
            choice = QMessageBox.question(
                self,
                "Which time?",
                exc.message + "\n\nWas it the first time (Yes) or the second (No)?",
            )
            content = self.form.content(fold=0 if choice == QMessageBox.StandardButton.Yes else 1)
        return content.with_changes(transcripts=self.files.transcript_pairs()).validate()

    def save(self) -> None:
        if self.importing:
            return
        vault = self.session.vault
        try:
            content = self._content()
            if content is None:
                return
            author = vault.kept_by
            if self.incident_id is None:
                self.incident_id = vault.add_incident(content, author)
            elif content != self._original:
                vault.edit_incident(self.incident_id, content, author)
            note = self.form.private_note.toPlainText()
            if note.strip() != self._original_note.strip():
                vault.set_private_note(self.incident_id, note, author)
        except DiaryError as exc:
            self.error.setText(exc.message)
            return
        # The entry is saved: its typed draft (under "new" for a new one) is no longer needed.
        vault.discard_draft(NEW)
        vault.discard_draft(draft_key(self.incident_id))
        self._dirty = False
        if not self.files.pending:
            self._finish(ImportOutcome())
            return
        self._pending = list(self.files.pending)
        self.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText("Storing the files…")
        self._import = Worker(import_files, vault, self.incident_id, self._pending)
        self._import.signals.progress.connect(self.progress.setValue)
        self._import.signals.finished.connect(self._finish)
        self._import.start()

    @property
    def importing(self) -> bool:
        return self._import is not None

    def after_import(self, then: Callable[[], object]) -> bool:
        """While files are being stored, stop after the current one (the rest stay a draft),
        then call `then` (a lock, a quick exit). False when nothing is being stored."""
        if self._import is None:
            return False
        self._after_import = then
        self._import.cancel()
        return True

    def _finish(self, outcome: ImportOutcome) -> None:
        self._import = None
        self.progress.hide()
        self.setEnabled(True)
        incident_id = self.incident_id
        assert incident_id is not None
        vault = self.session.vault
        left = self._pending[outcome.handled :]
        vault.discard_draft(NEW + ":files")
        vault.discard_draft(draft_key(incident_id) + ":files")
        if left:
            vault.save_draft(
                draft_key(incident_id) + ":files", json.dumps([p.to_draft() for p in left])
            )
        self._pending = []
        self.clear()
        self.saved.emit(incident_id)
        if outcome.problems:
            self.failed.emit(
                "The entry was saved, but some files were not: " + " ".join(outcome.problems)
            )
        then, self._after_import = self._after_import, None
        if then is not None:
            then()
