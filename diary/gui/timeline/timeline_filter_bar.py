"""The row above the timeline: new entry, search as you type, dates and behaviours to show."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from diary.domain.behaviours import BEHAVIOURS

from ..day_field import DayField

# The narrowest the search box may be: room for a few words.
SEARCH_ROOM = 220


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

        self.search.setMinimumWidth(SEARCH_ROOM)
        from_label = QLabel("&From")
        from_label.setBuddy(self.start)
        to_label = QLabel("&to")
        to_label.setBuddy(self.end)
        # The filters share the top row when there is room, else take a row of their own, so
        # the search box never shrinks to a few letters on a small screen.
        self.filters = QWidget()
        filters = QHBoxLayout(self.filters)
        filters.setContentsMargins(0, 0, 0, 0)
        for widget in (
            from_label,
            self.start,
            to_label,
            self.end,
            self.behaviour_button,
            self.show_deleted,
            self.clear_button,
        ):
            filters.addWidget(widget)
        self.top_row = QHBoxLayout()
        self.top_row.addWidget(self.new_button)
        self.top_row.addWidget(self.import_button)
        self.top_row.addSpacing(12)
        self.top_row.addWidget(self.search, 3)
        self.top_row.addWidget(self.filters)
        self.top_row.addWidget(self.count)
        self.second_row = QHBoxLayout()
        self.second_row.addStretch(1)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addLayout(self.top_row)
        rows.addLayout(self.second_row)
        self._update_behaviour_label()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_filters()

    def _place_filters(self) -> None:
        """The filters on the top row when it has room for them beside a usable search box."""
        spacing = self.top_row.spacing() * 5 + 12
        needed = sum(
            w.sizeHint().width()
            for w in (self.new_button, self.import_button, self.filters, self.count)
        )
        on_top = self.width() >= needed + spacing + SEARCH_ROOM
        if on_top == (self.top_row.indexOf(self.filters) >= 0):
            return
        if on_top:
            self.second_row.removeWidget(self.filters)
            self.top_row.insertWidget(self.top_row.indexOf(self.count), self.filters)
        else:
            self.top_row.removeWidget(self.filters)
            self.second_row.insertWidget(0, self.filters)

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
