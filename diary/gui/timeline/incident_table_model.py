"""The timeline's table: one row per incident, filtered and sorted in the model itself.

Every incident's row (`TimelineRow`: what the list shows, not the whole entry) is set on unlock
(the newest first, then all of them: timeline_page.py); filtering (dates, behaviours, search
matches) and sorting rebuild a list of row numbers and reset the view once, a search alone in
one pass over the ids, which keeps a keystroke in the search box quick with a hundred thousand
entries. `clear()` drops every decrypted value on lock.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from diary.domain.times import Precision
from diary.domain.wording import received_marker, when_text
from diary.vault.entries.timeline import TimelineRow

from .incident_text import behaviour_names, exhibits_text, stamp_text, summary_text

COL_WHEN = 0
COL_WHERE = 1
COL_BEHAVIOURS = 2
COL_SUMMARY = 3
COL_EXHIBITS = 4
COL_POLICE_REF = 5
HEADERS = ("When", "Where", "Behaviours", "What happened", "Evidence", "Police ref.")

INCIDENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # int
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the TimelineRow
SORT_KEY_ROLE = Qt.ItemDataRole.UserRole + 3  # a value that sorts the column correctly

AnyIndex = QModelIndex | QPersistentModelIndex


def marked_summary(row: TimelineRow) -> str:
    """The start of what happened, marked when the words are a sender's or an advocate's, when
    the writer was told of it rather than saw it, or when a change waits."""
    text = summary_text(row.summary)
    if row.deleted_at is not None:
        return f"[Deleted on {stamp_text(row.deleted_at)}] {text}"
    if row.told_by is not None:
        text = f"[Told by {row.told_by or 'someone not named'}] {text}"
    if row.advocate is not None:
        text = f"[Advocate: {row.advocate or 'not named'}] {text}"
    if row.received_from is not None:
        text = f"{received_marker(row.received_from)}: {text}"
    if row.proposals_waiting:
        waiting = row.proposals_waiting
        text = f"[{waiting} proposed change{'s' if waiting != 1 else ''}] {text}"
    return text


def _day(row: TimelineRow) -> date:
    """The local day, by the stored offset (not Moment.local, which builds a zone per call)."""
    return (row.occurred.instant + timedelta(minutes=row.occurred.offset_minutes)).date()


def _time_key(row: TimelineRow) -> tuple[datetime, int]:
    """The order rows are read in (timeline_rows: by when, then by id)."""
    return row.occurred.instant, row.id


@dataclass(frozen=True)
class IncidentFilter:
    start: date | None = None
    end: date | None = None
    behaviours: frozenset[str] = frozenset()  # any of these; empty means all
    ids: frozenset[int] | None = None  # search matches; None means no search
    show_deleted: bool = False  # deleted entries too, greyed and marked

    @property
    def active(self) -> bool:
        return bool(self.start or self.end or self.behaviours or self.ids is not None)


class IncidentTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._all: list[TimelineRow] = []
        self._ids: list[int] = []  # of _all, for a search filter in one pass
        self._days: list[date] = []
        self._rows: list[int] = []  # positions in _all, in display order
        self._live = 0  # rows of entries not deleted
        self._filter = IncidentFilter()
        self._sort_column = COL_WHEN
        self._sort_order = Qt.SortOrder.DescendingOrder

    # ----- contents ---------------------------------------------------------------------------

    def set_rows(self, rows: list[TimelineRow]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._ids = [r.id for r in self._all]
        self._days = [_day(r) for r in self._all]
        self._live = sum(1 for r in self._all if r.deleted_at is None)
        self._rows = self._visible_rows()
        self.endResetModel()

    def put_row(self, incident_id: int, row: TimelineRow | None, *, matches: bool) -> None:
        """Show one saved entry as row (None: it was deleted) without reading the others:
        changed in place when it keeps its place, else the rows are laid out again.
        matches says whether it matches the search shown, if one is."""
        position = self._ids.index(incident_id) if incident_id in self._ids else None
        shown = position is not None and self._passes(position)
        f = self._filter
        if f.ids is not None:
            self._filter = replace(
                f, ids=f.ids | {incident_id} if matches else f.ids - {incident_id}
            )
        old = None if position is None else self._all[position]
        if old is not None and row is not None and position is not None:
            self._all[position], self._days[position] = row, _day(row)
            self._ids[position] = row.id
            in_place = (
                old.occurred.instant == row.occurred.instant and self._sort_column == COL_WHEN
            )
            if in_place and shown == self._passes(position):
                if shown:
                    at = self._rows.index(position)
                    self.dataChanged.emit(self.index(at, 0), self.index(at, len(HEADERS) - 1))
                return
        self.beginResetModel()
        if position is not None:
            del self._all[position], self._days[position], self._ids[position]
        if row is not None:
            at = bisect.bisect(self._all, (row.occurred.instant, row.id), key=_time_key)
            self._all.insert(at, row)
            self._days.insert(at, _day(row))
            self._ids.insert(at, row.id)
        self._live = sum(1 for r in self._all if r.deleted_at is None)
        self._rows = self._visible_rows()
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])
        self._filter = IncidentFilter()

    def set_filter(self, incident_filter: IncidentFilter) -> None:
        self.beginResetModel()
        self._filter = incident_filter
        self._rows = self._visible_rows()
        self.endResetModel()

    @property
    def incident_filter(self) -> IncidentFilter:
        return self._filter

    def total(self) -> int:
        """How many entries the diary holds (deleted ones not counted)."""
        return self._live

    def deleted_shown(self) -> int:
        """How many of the rows shown are deleted entries ("Show deleted")."""
        if not self._filter.show_deleted:
            return 0
        return sum(1 for n in self._rows if self._all[n].deleted_at is not None)

    def row_at(self, row: int) -> TimelineRow:
        return self._all[self._rows[row]]

    def row_of(self, incident_id: int) -> int | None:
        # Two searches in C rather than a loop in Python: called on every search keystroke.
        try:
            return self._rows.index(self._ids.index(incident_id))
        except ValueError:
            return None

    def _passes(self, n: int) -> bool:
        """Whether the row at position n in _all passes the filter."""
        f, incident = self._filter, self._all[n]
        return (
            (f.show_deleted or incident.deleted_at is None)
            and (f.ids is None or incident.id in f.ids)
            and (f.start is None or self._days[n] >= f.start)
            and (f.end is None or self._days[n] <= f.end)
            and (not f.behaviours or not f.behaviours.isdisjoint(incident.behaviours))
        )

    def _passing(self) -> list[int]:
        """Positions in _all that pass the filter: a search alone (the first letters typed
        into the box, a hundred thousand rows) in one pass, without a call per row."""
        f = self._filter
        if f.start or f.end or f.behaviours:
            return [n for n in range(len(self._all)) if self._passes(n)]
        if f.ids is None:
            rows = list(range(len(self._all)))
        else:
            ids = f.ids
            rows = [n for n, incident_id in enumerate(self._ids) if incident_id in ids]
        if f.show_deleted or self._live == len(self._all):
            return rows
        return [n for n in rows if self._all[n].deleted_at is None]

    def _visible_rows(self) -> list[int]:
        rows = self._passing()
        reverse = self._sort_order == Qt.SortOrder.DescendingOrder
        column = self._sort_column
        if column == COL_WHEN and not reverse:
            return rows  # loaded in time order already
        if column == COL_WHEN:
            return rows[::-1]
        rows.sort(key=lambda n: self._sort_key(self._all[n], column), reverse=reverse)
        return rows

    # ----- Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # The tooltip too: a title cut short on a narrow table can be read whole.
        shown = role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        )
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS) and shown:
            return HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        incident = self._all[self._rows[index.row()]]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(incident, column)
        if role == Qt.ItemDataRole.ToolTipRole:  # any cell cut short can be read whole
            return self._display(incident, column) or None
        deleted = incident.deleted_at is not None
        if role == Qt.ItemDataRole.FontRole and (incident.received_from is not None or deleted):
            font = QFont()  # a sender's words, or a deleted entry, set apart from the rest
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and deleted:
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == INCIDENT_ID_ROLE:
            return incident.id
        if role == ROW_ROLE:
            return incident
        if role == SORT_KEY_ROLE:
            return self._sort_key(incident, column)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        before = list(self._rows)
        self._sort_column, self._sort_order = column, order
        self._rows = self._visible_rows()
        now_at = {position: row for row, position in enumerate(self._rows)}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent,
            [self.index(now_at[before[p.row()]], p.column()) for p in persistent],
        )
        self.layoutChanged.emit()

    @staticmethod
    def _display(row: TimelineRow, column: int) -> str:
        if column == COL_WHEN:
            return when_text(row.occurred)
        if column == COL_WHERE:
            return row.location
        if column == COL_BEHAVIOURS:
            return behaviour_names(row.behaviours)
        if column == COL_SUMMARY:
            return marked_summary(row)
        if column == COL_EXHIBITS:
            return exhibits_text(row.attachments, row.marks)
        if column == COL_POLICE_REF:
            return row.police_ref
        return ""

    @staticmethod
    def _sort_key(row: TimelineRow, column: int) -> Any:
        if column == COL_WHEN:
            return (row.occurred.instant, row.id)
        if column == COL_EXHIBITS:
            return row.attachments
        if column == COL_WHERE:
            return row.location.casefold()
        if column == COL_BEHAVIOURS:
            return behaviour_names(row.behaviours).casefold()
        if column == COL_SUMMARY:
            return row.summary.casefold()
        return row.police_ref.casefold()

    def is_approximate(self, row: int) -> bool:
        return self.row_at(row).occurred.precision != Precision.EXACT
