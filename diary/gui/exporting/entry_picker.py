"""A list of the diary's entries to tick or untick one by one, with a search box.

Used where a person chooses single entries: leaving a duplicate out of an evidence pack, or
choosing what to share with an advocate. Every entry starts ticked, so nothing is left out
unless the person leaves it out; the count says how many are ticked.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from diary.domain.incident import Incident
from diary.domain.wording import when_text

from ..timeline.incident_text import summary_text

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def entry_line(incident: Incident) -> str:
    """'12 · Tue 3 Jun 2024, 18:30 · Outside my work · He was waiting…'"""
    c = incident.content
    parts = [str(incident.id), when_text(c.occurred), c.location, summary_text(c.text, 90)]
    return " · ".join(p for p in parts if p)


class EntryPicker(QWidget):
    changed = Signal()  # an entry was ticked or unticked

    def __init__(
        self, incidents: Iterable[Incident], noun: str = "ticked", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._noun = noun
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find entries by words, place or date…")
        self.search.setAccessibleName("Find entries in this list")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.entries = QListWidget()
        self.entries.setAccessibleName("Entries: tick those to include")
        for incident in incidents:
            item = QListWidgetItem(entry_line(incident))
            item.setData(ID_ROLE, incident.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.entries.addItem(item)
        self.entries.itemChanged.connect(self._ticked)
        self.all_button = QPushButton("Tick all")
        self.all_button.setAccessibleName("Tick every entry")
        self.all_button.setAutoDefault(False)
        self.all_button.clicked.connect(lambda: self._tick_all(Qt.CheckState.Checked))
        self.none_button = QPushButton("Untick all")
        self.none_button.setAccessibleName("Untick every entry")
        self.none_button.setAutoDefault(False)
        self.none_button.clicked.connect(lambda: self._tick_all(Qt.CheckState.Unchecked))
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.count.setAccessibleName("How many entries are ticked")
        row = QHBoxLayout()
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        row.addStretch(1)
        row.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.entries, 1)
        layout.addLayout(row)
        self._update_count()

    def _items(self) -> list[QListWidgetItem]:
        return [self.entries.item(n) for n in range(self.entries.count())]

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for item in self._items():
            line = item.text().casefold()
            item.setHidden(not all(word in line for word in words))

    def _tick_all(self, state: Qt.CheckState) -> None:
        """Tick (or untick) every entry the search shows."""
        self.entries.blockSignals(True)
        for item in self._items():
            if not item.isHidden():
                item.setCheckState(state)
        self.entries.blockSignals(False)
        self._ticked()

    def _ticked(self, _item: QListWidgetItem | None = None) -> None:
        self._update_count()
        self.changed.emit()

    def _update_count(self) -> None:
        total = self.entries.count()
        ticked = len(self.ticked())
        self.count.setText(f"{ticked} of {total} {self._noun}")

    def set_ticked(self, incident_id: int, ticked: bool) -> None:
        for item in self._items():
            if item.data(ID_ROLE) == incident_id:
                state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
                item.setCheckState(state)

    def ticked(self) -> list[int]:
        return [
            int(item.data(ID_ROLE))
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        ]

    def unticked(self) -> list[int]:
        return [
            int(item.data(ID_ROLE))
            for item in self._items()
            if item.checkState() != Qt.CheckState.Checked
        ]
