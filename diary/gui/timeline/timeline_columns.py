"""The timeline's column widths: each column as wide as it needs when there is room and, on a
narrow table (a 1024-wide laptop with the entry beside it), "What happened" still a few words
wide, the other columns giving up room first, down to their whole titles, then below them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from .incident_table_model import (
    COL_BEHAVIOURS,
    COL_EXHIBITS,
    COL_POLICE_REF,
    COL_SUMMARY,
    COL_WHEN,
    COL_WHERE,
)

# Shrunk in turn when the table is narrow, from the width they have when there is room (letters).
SECONDARY_COLUMNS = ((COL_WHERE, 16), (COL_BEHAVIOURS, 16), (COL_EXHIBITS, 8), (COL_POLICE_REF, 10))
SUMMARY_LETTERS = 25  # the width kept for "What happened", however narrow the table


class TimelineColumns(QObject):
    """Sets the table's column widths, and shares them out again whenever it is resized."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_SUMMARY, QHeaderView.ResizeMode.Stretch)
        # A title wider than its narrowed column reads from its start and ends in "…" (Qt
        # otherwise cuts a centred title at both ends: "ehaviour").
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        # "When" in full ("Wed 28 Sep 2024, about 22:55" with the cell's margins); the others
        # never narrower than their bold titles.
        longest = table.fontMetrics().horizontalAdvance("Wed 28 Sep 2024, about 22:55")
        self.natural = {COL_WHEN: max(longest + 16, header.sectionSizeHint(COL_WHEN))}
        for column, chars in SECONDARY_COLUMNS:
            self.natural[column] = max(
                table.fontMetrics().averageCharWidth() * chars, header.sectionSizeHint(column)
            )
        for column, width in self.natural.items():
            header.resizeSection(column, width)
        # Kept: asking the table for it while the table is being deleted would fail.
        self.viewport = table.viewport()
        self.viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.viewport:
            self.share_width()
        return False

    def share_width(self) -> None:
        if not self.table.isVisible():  # measured again when shown, at its real width
            return
        header = self.table.horizontalHeader()
        letter = self.table.fontMetrics().averageCharWidth()
        room = self.table.viewport().width() - self.natural[COL_WHEN] - letter * SUMMARY_LETTERS
        natural = {column: self.natural[column] for column, _ in SECONDARY_COLUMNS}
        titles = {column: header.sectionSizeHint(column) for column in natural}
        wanted, whole = sum(natural.values()), sum(titles.values())
        for column in natural:
            if room >= wanted:
                shared = natural[column]
            elif room >= whole:
                spare = (natural[column] - titles[column]) * (room - whole) // (wanted - whole)
                shared = titles[column] + spare
            else:
                shared = max(titles[column] * max(room, 0) // whole, letter * 5)
            header.resizeSection(column, shared)
