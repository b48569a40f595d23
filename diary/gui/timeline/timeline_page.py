"""The timeline: every entry in a sortable, filterable table, and the chosen one in full.

Unlocking shows the newest entries at once (a screenful, read from an index); a diary with more
than that has the rest read in a worker with a connection of its own, and the table is filled
in when they arrive, keeping the chosen entry and what the view shows. A search is a full-text
query for matching ids, and the model filters its rows by them. `clear()` runs on lock and
empties every view.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from diary.domain.errors import DiaryError
from diary.vault.entries import search
from diary.vault.entries.incidents import received_words_note
from diary.vault.entries.timeline import TimelineRow, timeline_row, timeline_rows
from diary.vault.messages import message_log  # noqa: F401  (see below)
from diary.vault.sharing.proposals import PENDING, proposals
from diary.vault.sharing.received_history import received_details

from ..announcer import announce
from ..session.diary_session import DiarySession
from ..session.lock_backup import backup_status
from ..worker import Worker
from .entry_actions import EntryActions
from .incident_detail_view import IncidentDetailView
from .incident_table_model import (
    COL_WHEN,
    IncidentFilter,
    IncidentTableModel,
)
from .timeline_columns import TimelineColumns
from .timeline_filter_bar import TimelineFilterBar

# message_log is loaded with the timeline, not by the first entry shown (Vault.message_log loads
# it when first asked, for the command line's sake): a thousand module objects made in the middle
# of a session would look to the long-session check (long_session.py) like a leaking binding.

FIRST_ROWS = 300  # more than a screen shows: read before the first paint, the rest after

NOTHING_YET = (
    "Your diary has no entries yet.\n\n"
    "Choose New entry (Ctrl+N) to write down something that happened: when, where and what "
    "happened are enough to start, and you can add more later. Entries you kept somewhere "
    "else, in a spreadsheet or a share file, can be brought in with Import."
)
NOTHING_MATCHES = (
    "No entries match the search or the filters.\n\n"
    "Choose Show all to see every entry again, or change the words or the days."
)


class TimelinePage(QWidget):
    new_requested = Signal()
    image_pasted = Signal()  # Ctrl+V with an image: a new entry starting from that screenshot
    edit_requested = Signal(int)  # incident id
    failed = Signal(str)  # a message to show
    reported = Signal(str)  # good news to show (an entry adopted)
    rows_loaded = Signal()  # every entry's row is in the table (after load)

    def __init__(self, session: DiarySession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.session = session
        self.model = IncidentTableModel()
        self._reading: Worker | None = None  # the rest of the rows, after the first screen
        self._saved_while_reading: set[int] = set()
        self.bar = TimelineFilterBar()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Timeline of entries")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_WHEN, Qt.SortOrder.DescendingOrder)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        # One Tab stop: Tab moves on to the entry beside it; arrows move between entries, and
        # Enter opens the chosen one, as a double click does.
        self.table.setTabKeyNavigation(False)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(
                QKeySequence(key),
                self.table,
                self._open_chosen,
                Qt.ShortcutContext.WidgetShortcut,
            )
        self.columns = TimelineColumns(self.table)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self._double_clicked)
        self.detail = IncidentDetailView()
        self.detail.edit_requested.connect(self.edit_requested)
        self.detail.all_messages_requested.connect(self._show_all_messages)
        # Delete, restore, remove a file, adopt, review proposals, open a file: entry_actions.py.
        self.entry_actions = EntryActions(session, self.detail, self)
        self.entry_actions.changed.connect(self._reload_and_show)
        self.entry_actions.deleted.connect(lambda _incident_id: self.load())
        self.entry_actions.failed.connect(self.failed)
        self.entry_actions.reported.connect(self.reported)

        # In the table's place when there is nothing to list: what to do, in plain words.
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setAccessibleName("No entries shown")
        self.listing = QStackedWidget()
        self.listing.addWidget(self.table)
        self.listing.addWidget(self.empty)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.listing)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([760, 560])
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(splitter, 1)
        # Shown all the time, so a person notices when backups have stopped being made.
        self.backup_status = QLabel()
        self.backup_status.setObjectName("hint")
        self.backup_status.setAccessibleName("Last verified backup")
        session.backed_up.connect(self.show_backup_status)
        layout.addWidget(self.backup_status)

        self.bar.new_requested.connect(self.new_requested)
        self.bar.search_changed.connect(self._search)
        self.bar.filter_changed.connect(self._filter)
        self.bar.refused.connect(self.failed)
        QShortcut(QKeySequence.StandardKey.Find, self, self.bar.search.setFocus)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_requested.emit)
        # Anywhere on the timeline, the empty one too; a box being typed in keeps its own paste.
        QShortcut(
            QKeySequence.StandardKey.Paste,
            self,
            self.image_pasted.emit,
            Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.model.modelReset.connect(self._update_count)
        session.damage_found.connect(self.failed)

    @property
    def first_field(self) -> QWidget:
        """Where the keyboard starts: the list, or New entry when there is nothing to list.
        (Not a focus proxy, which Tab from the bar above would jump straight to.)"""
        return self.table if self.model.rowCount() else self.bar.new_button

    # ----- loading and forgetting -----------------------------------------------------------------

    def load(self) -> None:
        """Show the newest entries of the open diary at once, keeping filters, and every entry
        once read (rows_loaded)."""
        self._stop_reading()
        vault = self.session.vault
        newest = timeline_rows(vault.conn, with_deleted=True, newest=FIRST_ROWS + 1)
        self.model.set_rows(newest[-FIRST_ROWS:])
        self._search(self.bar.search.text())
        self.show_backup_status()
        if len(newest) <= FIRST_ROWS:  # that was all of them
            self.rows_loaded.emit()
            return
        self.bar.count.setText("Reading entries…")
        reading = Worker(vault.timeline_reader())
        reading.signals.finished.connect(lambda rows: self._read(reading, rows))
        reading.signals.failed.connect(lambda error: self._read_failed(reading, error))
        self._reading = reading
        reading.start()

    @property
    def reading(self) -> bool:
        """Whether rows are still being read after the first screen."""
        return self._reading is not None

    def _stop_reading(self) -> None:
        if self._reading is not None:  # its rows would be for a diary no longer shown
            self._reading.cancel()
            self._reading = None
        self._saved_while_reading.clear()

    def _read(self, reading: Worker, rows: list[TimelineRow]) -> None:
        if reading is not self._reading or not self.session.is_open:
            return
        self._reading = None
        chosen = self.detail.incident_id
        top = self.table.indexAt(self.table.viewport().rect().topLeft())
        top_id = self.model.row_at(top.row()).id if top.isValid() else None
        selection = self.table.selectionModel()
        selection.blockSignals(True)  # the chosen entry stays as it is shown
        self.model.set_rows(rows)
        # Saved since the worker's read began: its copy may be older than the table's.
        vault = self.session.vault
        text = self.bar.search.text()
        for incident_id in sorted(self._saved_while_reading):
            found = bool(text.strip()) and search.matches(vault.conn, text, incident_id)
            self.model.put_row(incident_id, timeline_row(vault.conn, incident_id), matches=found)
        self._saved_while_reading.clear()
        if chosen:  # 0: none
            self.select_incident(chosen)
        selection.blockSignals(False)
        at = self.model.row_of(top_id) if top_id is not None else None
        if at is not None:
            self.table.scrollTo(self.model.index(at, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        self._update_count()
        self.rows_loaded.emit()

    def _read_failed(self, reading: Worker, error: DiaryError) -> None:
        if reading is self._reading:
            self._reading = None
            self._update_count()
            self.failed.emit(f"Not every entry could be shown. {error.message}")

    def show_saved(self, incident_id: int) -> None:
        """After a save: read that one entry again and show it chosen, leaving the others."""
        vault = self.session.vault
        text = self.bar.search.text()
        matches = bool(text.strip()) and search.matches(vault.conn, text, incident_id)
        self.model.put_row(incident_id, timeline_row(vault.conn, incident_id), matches=matches)
        if self._reading is not None:
            self._saved_while_reading.add(incident_id)
        self._update_count()
        self.select_incident(incident_id)
        if self.detail.incident_id == incident_id:  # still selected: the selection did not change
            self.show_entry(incident_id)

    def show_backup_status(self) -> None:
        self.backup_status.setText(backup_status(self.session.vault))

    def clear(self) -> None:
        self._stop_reading()
        self.detail.clear()
        self.backup_status.clear()
        self.bar.blockSignals(True)
        self.bar.reset()
        self.bar.blockSignals(False)
        self.model.clear()

    def select_incident(self, incident_id: int) -> None:
        row = self.model.row_of(incident_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    # ----- filtering --------------------------------------------------------------------------

    def _search(self, text: str) -> None:
        if not self.session.is_open:
            return
        ids = search.matching_id_set(self.session.vault.conn, text) if text.strip() else None
        self.model.set_filter(replace(self.model.incident_filter, ids=ids))

    def _filter(self) -> None:
        start, end = self.bar.dates()
        self.model.set_filter(
            IncidentFilter(
                start=start,
                end=end,
                behaviours=self.bar.behaviours(),
                ids=self.model.incident_filter.ids,
                show_deleted=self.bar.show_deleted.isChecked(),
            )
        )

    def _update_count(self) -> None:
        if self._reading is not None:  # the counts would be of the newest entries alone
            self.bar.count.setText("Reading entries…")
            return
        deleted = self.model.deleted_shown()
        shown, total = self.model.rowCount() - deleted, self.model.total()
        if total == 0 and not deleted:
            self.bar.count.setText("No entries yet")
        elif shown == total:
            self.bar.count.setText(f"{total} entr{'y' if total == 1 else 'ies'}")
        else:
            self.bar.count.setText(f"{shown} of {total} shown")
        if deleted:
            self.bar.count.setText(f"{self.bar.count.text()}, {deleted} deleted")
        if self.model.rowCount():
            self.listing.setCurrentWidget(self.table)
        else:
            self.empty.setText(NOTHING_YET if total == 0 else NOTHING_MATCHES)
            self.listing.setCurrentWidget(self.empty)
            if self.session.is_open:
                announce(self.empty, self.empty.text())
        if self.detail.incident_id and self.model.row_of(self.detail.incident_id) is None:
            self.detail.clear()

    # ----- the chosen entry -------------------------------------------------------------------

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes or not self.session.is_open:
            return
        self.show_entry(self.model.row_at(indexes[0].row()).id)

    def show_entry(self, incident_id: int) -> None:
        """Show one entry in full beside the list, with where it came from and what waits."""
        vault = self.session.vault
        row = self.model.row_of(incident_id)
        deleted = row is not None and self.model.row_at(row).deleted_at is not None
        incident = vault.deleted_incident(incident_id) if deleted else vault.incident(incident_id)
        thumbnails = {a.id: vault.thumbnail(a.id) for a in incident.attachments if a.has_thumbnail}
        found = proposals(vault.conn, incident_id=incident_id)
        waiting = sum(p.status == PENDING for p in found)
        self.detail.show_incident(
            incident,
            vault.history(incident.id),
            thumbnails,
            received_details(vault.conn, incident_id),
            (waiting, len(found)),
            vault.private_note(incident_id),
            vault.case.advocate,
            vault.removed_files([incident_id]),
            vault.message_log(incident_id),
            vault.kept_by,
        )

    def _show_all_messages(self, incident_id: int) -> None:
        if not self.session.is_open or self.detail.incident_id != incident_id:
            return
        try:
            log = self.session.vault.message_log(incident_id, None)
        except DiaryError as exc:
            self.failed.emit(exc.message)
            return
        self.detail.show_message_log(log)

    def _reload_and_show(self, incident_id: int) -> None:
        self.load()
        self.select_incident(incident_id)
        if self.detail.incident_id == incident_id:  # still selected: the selection did not change
            self.show_entry(incident_id)

    def _open_chosen(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._double_clicked(index)

    def _double_clicked(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row.deleted_at is not None:
            self.failed.emit(
                f"Entry {row.id} is deleted. Restore it first (“Restore this entry”), "
                "then it can be changed."
            )
            return
        if row.received_from is not None:  # a sender's words: adopting comes before changing
            self.failed.emit(received_words_note(row.id, row.received_from))
            return
        self.edit_requested.emit(row.id)
