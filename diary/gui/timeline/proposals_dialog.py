"""The changes proposed to one entry in shares, each beside the person's version, field by field.

Nothing received replaces what the person wrote: each change waits here until they accept it (a
new version of the entry, in the proposed wording, recording whose it was) or decline it
(recorded; the proposal is kept). Decided ones stay listed, for the record.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from diary.domain.errors import DiaryError
from diary.domain.incident import Author
from diary.domain.times import utc_now
from diary.domain.wording import SENDER_NAME_NOTE
from diary.vault.sharing.proposals import PENDING, Proposal, accept, decline, proposals

from ..screen_fit import fit_to_screen
from ..session.diary_session import DiarySession
from .incident_text import by_whom, stamp_text

INTRO = (
    "Changes sent in shares are never applied on their own. Compare each with your version, "
    "then accept it (the entry will read as proposed, as a new version; its history keeps "
    "whose wording it was) or decline it (recorded; the proposal is kept). "
)


def list_text(p: Proposal) -> str:
    state = "waiting" if p.status == PENDING else p.status
    sender = p.sender or "someone unnamed"
    return f"Change {p.number} from {sender}, received {stamp_text(p.received_at)}: {state}"


def what_accepting_means(
    p: Proposal, words_are_senders: bool, kept_by: Author = Author.VICTIM
) -> str:
    if p.status != PENDING:
        by = f" by {by_whom(p.decided_by, kept_by)}" if p.decided_by else ""
        when = f" on {stamp_text(p.decided_at)}" if p.decided_at else ""
        return f"This change was {p.status}{by}{when}."
    if p.entry_withdrawn:
        return "The entry has been withdrawn, so this change can only be declined."
    sender = p.sender or "someone unnamed"
    if words_are_senders:
        return (
            f"If you accept, the entry will read as {sender} proposed and stay their account, "
            "not yours."
        )
    return (
        f"If you accept, the entry will read as {sender} proposed, as your own words (part "
        f"of your statement); its history keeps that the wording was {sender}'s."
    )


class ProposalsDialog(QDialog):
    decided = Signal(int)  # incident id: a change to it was accepted or declined

    def __init__(
        self, session: DiarySession, incident_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session, self.incident_id = session, incident_id
        self.found: list[Proposal] = []
        self.setWindowTitle(f"Proposed changes to entry {incident_id}")
        intro = QLabel(INTRO + SENDER_NAME_NOTE)
        intro.setObjectName("hint")
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Proposed changes")
        self.list.setMaximumHeight(110)
        self.list.currentRowChanged.connect(self._show)
        self.table = QTableWidget(0, 3)
        self.table.setTabKeyNavigation(False)
        self.table.setAccessibleName("Your version beside the proposed one")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.meaning = QLabel()
        self.meaning.setWordWrap(True)
        self.files = QLabel()
        self.files.setObjectName("hint")
        self.files.setWordWrap(True)
        for label in (intro, self.meaning, self.files):  # names and file names from a share
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.accept_button = QPushButton("Accept this change")
        self.accept_button.clicked.connect(self.accept_current)
        self.decline_button = QPushButton("Decline this change")
        self.decline_button.clicked.connect(self.decline_current)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.decline_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.files)
        layout.addWidget(self.meaning)
        layout.addLayout(buttons)
        fit_to_screen(self, 900, 560)
        self.reload()

    def reload(self) -> None:
        """Read this entry's proposals again; the first one waiting is shown."""
        self.found = proposals(self.session.vault.conn, incident_id=self.incident_id)
        self.list.blockSignals(True)
        self.list.clear()
        self.list.addItems([list_text(p) for p in self.found])
        self.list.blockSignals(False)
        waiting = [n for n, p in enumerate(self.found) if p.status == PENDING]
        self.list.setCurrentRow(waiting[0] if waiting else len(self.found) - 1)
        self._show(self.list.currentRow())

    @property
    def current(self) -> Proposal | None:
        row = self.list.currentRow()
        return self.found[row] if 0 <= row < len(self.found) else None

    def _show(self, _row: int) -> None:
        p = self.current
        self.table.setRowCount(0)
        if p is None:
            self.meaning.setText("There are no proposed changes to this entry.")
            self.files.clear()
            self.accept_button.setEnabled(False)
            self.decline_button.setEnabled(False)
            return
        sender = p.sender or "someone unnamed"
        self.table.setHorizontalHeaderLabels(["", "Your version", f"Proposed by {sender}"])
        for change in p.changes:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column, text in enumerate((change.label, change.ours, change.proposed)):
                item = QTableWidgetItem(text or "(empty)")
                item.setToolTip(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        files = [str(f.get("filename", "")) for f in p.files_not_added]
        self.files.setText(
            f"Files that came with it were not added to the entry: {', '.join(files)}. "
            "The share file still holds them."
            if files
            else ""
        )
        words_are_senders = self.session.vault.incident(self.incident_id).is_received
        kept_by = self.session.vault.kept_by
        self.meaning.setText(what_accepting_means(p, words_are_senders, kept_by))
        pending = p.status == PENDING
        self.accept_button.setEnabled(pending and not p.entry_withdrawn)
        self.decline_button.setEnabled(pending)

    def accept_current(self) -> None:
        self._decide(accept)

    def decline_current(self) -> None:
        self._decide(decline)

    def _decide(self, how: Callable[..., int]) -> None:
        p = self.current
        if p is None or p.status != PENDING:
            return
        try:
            how(self.session.vault.conn, p.number, Author.VICTIM, utc_now())
        except DiaryError as exc:
            self.meaning.setText(exc.message)
            return
        self.reload()
        self.decided.emit(self.incident_id)
