"""The row above the timeline: new entry, search as you type, dates and behaviours to show."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QWidget,
)

from diary.domain.behaviours import BEHAVIOURS

from .day_field import DayField


class _StayOpenMenu(QMenu):
    """A menu of ticks that stays open while a person ticks several, by mouse or keyboard."""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        action = self.actionAt(event.position().toPoint())
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self.activeAction()
        ticking = event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if ticking and action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            return
        super().keyPressEvent(event)


class TimelineFilterBar(QWidget):
    new_requested = Signal()
    import_requested = Signal()  # bring in a share file or a spreadsheet diary
    search_changed = Signal(str)  # the text in the search box
    filter_changed = Signal()  # dates or behaviours changed
    refused = Signal(str)  # a day typed that is not a day: the message to show

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new_button = QPushButton("&New entry")
        self.new_button.setObjectName("primary")
        self.new_button.setAccessibleName("New entry")
        self.new_button.setToolTip("Write about a new incident (Ctrl+N)")
        self.new_button.clicked.connect(self.new_requested)
        self.import_button = QPushButton("&Import…")
        self.import_button.setAccessibleName("Import entries")
        self.import_button.setToolTip("Bring in entries from a share file or a spreadsheet (CSV)")
        self.import_button.clicked.connect(self.import_requested)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search your entries…")
        self.search.setAccessibleName("Search entries")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.search_changed)
        self.start = DayField("Show entries from")
        self.end = DayField("Show entries up to")
        for field in (self.start, self.end):
            field.changed.connect(self.filter_changed)
            field.refused.connect(self.refused)
        self.behaviour_button = QToolButton()
        self.behaviour_button.setAccessibleName("Behaviours to show")
        self.behaviour_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = _StayOpenMenu(self.behaviour_button)
        self.behaviour_actions: dict[str, QAction] = {}
        for kind, description in BEHAVIOURS.items():
            action = menu.addAction(description)
            action.setCheckable(True)
            action.toggled.connect(self._behaviours_toggled)
            self.behaviour_actions[kind] = action
        self.behaviour_button.setMenu(menu)
        self.show_deleted = QCheckBox("Sho&w deleted")
        self.show_deleted.setAccessibleName("Show deleted entries")
        self.show_deleted.setToolTip(
            "Show entries that were deleted, greyed, with when; they are in no pack"
        )
        self.show_deleted.toggled.connect(self.filter_changed)
        self.clear_button = QPushButton("Show &all")
        self.clear_button.setAccessibleName("Clear search and filters")
        self.clear_button.clicked.connect(self.reset)
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.count.setAccessibleName("Number of entries shown")

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.new_button)
        row.addWidget(self.import_button)
        row.addSpacing(12)
        row.addWidget(self.search, 3)
        from_label = QLabel("&From")
        from_label.setBuddy(self.start)
        to_label = QLabel("&to")
        to_label.setBuddy(self.end)
        row.addWidget(from_label)
        row.addWidget(self.start)
        row.addWidget(to_label)
        row.addWidget(self.end)
        row.addWidget(self.behaviour_button)
        row.addWidget(self.show_deleted)
        row.addWidget(self.clear_button)
        row.addWidget(self.count)
        self._update_behaviour_label()

    def _behaviours_toggled(self) -> None:
        self._update_behaviour_label()
        self.filter_changed.emit()

    def _update_behaviour_label(self) -> None:
        chosen = self.behaviours()
        self.behaviour_button.setText(
            "All behaviours"
            if not chosen
            else f"{len(chosen)} behaviour{'s' if len(chosen) > 1 else ''}"
        )

    def behaviours(self) -> frozenset[str]:
        return frozenset(k for k, a in self.behaviour_actions.items() if a.isChecked())

    def dates(self) -> tuple[date | None, date | None]:
        return self.start.day(), self.end.day()

    def reset(self) -> None:
        for field in (self.start, self.end):
            field.set_day(None, quietly=True)
        for action in self.behaviour_actions.values():
            action.blockSignals(True)
            action.setChecked(False)
            action.blockSignals(False)
        self.show_deleted.blockSignals(True)
        self.show_deleted.setChecked(False)
        self.show_deleted.blockSignals(False)
        self._update_behaviour_label()
        self.search.clear()  # emits search_changed
        self.filter_changed.emit()
