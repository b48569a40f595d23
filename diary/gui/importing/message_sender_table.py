"""The senders and numbers in a file of messages, with their counts, to tick the suspect (or
anyone acting for them)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from diary.domain.messages.local_time import LocalTime
from diary.domain.messages.proposals import plural
from diary.domain.messages.survey import Sender, Survey

KEY_ROLE = Qt.ItemDataRole.UserRole  # the sender's key
DAYS_ROLE = Qt.ItemDataRole.UserRole + 1  # 'first day to last day', on the counts cell


def counts_text(sender: Sender) -> str:
    tally = sender.tally
    counts = [plural(tally.messages, "message")] if tally.messages else []
    counts += [plural(n, f"{call.value} call") for call, n in sorted(tally.calls.items())]
    return ", ".join(counts)


def days_text(sender: Sender, local: LocalTime) -> str:
    tally = sender.tally
    if tally.first is None or tally.last is None:
        return ""
    first, last = local.day(tally.first), local.day(tally.last)
    shown = f"{first.day} {first:%b %Y}"
    return shown if first == last else f"{shown} to {last.day} {last:%b %Y}"


class SenderTable(QTableWidget):
    ticked = Signal()  # the senders ticked changed

    def __init__(self) -> None:
        super().__init__(0, 2)
        self.setTabKeyNavigation(False)  # one Tab stop; arrows move between senders
        self.setHorizontalHeaderLabels(["Tick the suspect", "Messages and calls"])
        self.setAccessibleName("Senders and numbers in the file; tick the suspect")
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setWordWrap(False)
        self.itemChanged.connect(lambda _item: self.ticked.emit())

    def show_survey(self, found: Survey | None) -> None:
        self.blockSignals(True)
        ranked = found.ranked_senders() if found is not None else []
        self.setRowCount(len(ranked))
        local = LocalTime(found.options.zone) if found is not None else None
        for row, sender in enumerate(ranked):
            label = sender.name if sender.key == sender.name else f"{sender.name} [{sender.key}]"
            name = QTableWidgetItem(label)
            name.setFlags(name.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Unchecked)
            name.setData(KEY_ROLE, sender.key)
            counts = QTableWidgetItem(counts_text(sender))
            days = days_text(sender, local) if local else ""
            for column, item in enumerate((name, counts)):
                item.setToolTip(f"{item.text()}\n{days}")
                self.setItem(row, column, item)
            counts.setData(DAYS_ROLE, days)
        self.blockSignals(False)
        self.resizeColumnToContents(1)
        self.resizeRowsToContents()
        self.ticked.emit()

    def _names(self) -> list[QTableWidgetItem]:
        return [item for row in range(self.rowCount()) if (item := self.item(row, 0))]

    def chosen(self) -> list[str]:
        return [
            str(item.data(KEY_ROLE))
            for item in self._names()
            if item.checkState() == Qt.CheckState.Checked
        ]

    def tick(self, key: str, ticked: bool = True) -> None:
        for item in self._names():
            if item.data(KEY_ROLE) == key:
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
