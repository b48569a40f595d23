"""A day to filter by, typed as people write it ("1 Mar 2024", "01/03/2024", "2024-03-01") or
picked from a calendar; empty means any day. One Tab stop for the text, one for the calendar.

A spin-box date field cannot do this: with "any" shown, typed text joined it ("anyMar2024")
and Tab moved between its parts for ever.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from diary.domain.csv_import import parse_date
from diary.domain.errors import InvalidInput


class DayField(QWidget):
    changed = Signal()  # the day chosen changed (or became "any")
    refused = Signal(str)  # what was typed is not a day: a message saying so

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._day: date | None = None
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("any day")
        self.edit.setAccessibleName(name)
        self.edit.setAccessibleDescription("Type a day, such as 1 Mar 2024, or leave it empty")
        self.edit.setClearButtonEnabled(True)
        width = self.edit.fontMetrics().horizontalAdvance("30 Sep 2024") + 40
        self.edit.setMinimumWidth(width)
        self.edit.setMaximumWidth(width + 20)
        self.edit.editingFinished.connect(self._typed)
        self.edit.textChanged.connect(self._cleared)
        self.calendar = QCalendarWidget()
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        menu = QMenu(self)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(self._calendar_on_day)
        self.pick = QToolButton()
        self.pick.setText("▾")
        self.pick.setAccessibleName(f"{name}: choose from a calendar")
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.pick.setMenu(menu)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit)
        row.addWidget(self.pick)

    def day(self) -> date | None:
        return self._day

    def set_day(self, day: date | None, *, quietly: bool = False) -> None:
        self.edit.blockSignals(True)
        self.edit.setText(f"{day.day} {day:%b %Y}" if day else "")
        self.edit.blockSignals(False)
        if day != self._day:
            self._day = day
            if not quietly:
                self.changed.emit()

    def _cleared(self, text: str) -> None:
        if not text:  # emptied (the clear button, or every letter deleted): any day
            self.set_day(None)

    def _typed(self) -> None:
        text = self.edit.text().strip()
        if not text:
            self.set_day(None)
            return
        try:
            day = parse_date(text)
        except InvalidInput:
            self.refused.emit(
                f"“{text}” is not a day this filter understands. Type it like 1 Mar 2024 or "
                "01/03/2024, or leave it empty for any day."
            )
            return
        self.set_day(day)

    def _picked(self, picked: QDate) -> None:
        self.pick.menu().close()
        self.set_day(picked.toPython())  # type: ignore[arg-type]
        self.edit.setFocus()

    def _calendar_on_day(self) -> None:
        if self._day is not None:
            day = self._day
            self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        else:
            today = QDate.currentDate()
            self.calendar.setCurrentPage(today.year(), today.month())
