"""What the person settles before and while a file of messages is read: the time zone of its
times, the answers to the questions the file cannot (day or month first; the hour the clocks
went back), and how messages are grouped into proposed entries."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from diary.domain.messages.options import DateOrder, ReadOptions, RepeatedHour
from diary.domain.messages.proposals import Grouping
from diary.domain.times import system_zone


def _combo(name: str, choices: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for text, value in choices:
        combo.addItem(text, value)
    return combo


class ReadChoices(QWidget):
    reading_changed = Signal()  # the file must be read again with the new choices

    def __init__(self) -> None:
        super().__init__()
        self.zone = QLineEdit(system_zone())
        self.zone.setAccessibleName("Time zone of the times in the file")
        self.zone.editingFinished.connect(self.reading_changed)
        self.dates = _combo(
            "How the file writes dates",
            [
                ("Dates: as the file shows", None),
                ("Day first (03/06 is 3 June)", DateOrder.DAY_FIRST),
                ("Month first (03/06 is 6 March)", DateOrder.MONTH_FIRST),
            ],
        )
        self.dates.activated.connect(lambda _i: self.reading_changed.emit())
        self.repeated = _combo(
            "Messages in the hour the clocks went back",
            [
                ("Hour the clocks went back: ask", None),
                ("…the first time round", RepeatedHour.FIRST),
                ("…the second time round", RepeatedHour.SECOND),
            ],
        )
        self.repeated.activated.connect(lambda _i: self.reading_changed.emit())
        self.repeated.hide()
        self.grouping = _combo(
            "One entry per",
            [("One entry per day", Grouping.DAY), ("One entry per burst", Grouping.BURST)],
        )
        self.gap_minutes = QSpinBox()
        self.gap_minutes.setRange(1, 24 * 60)
        self.gap_minutes.setValue(60)
        self.gap_minutes.setSuffix(" min gap")
        self.gap_minutes.setAccessibleName("A gap longer than this starts a new burst")
        self.gap_minutes.setEnabled(False)
        self.grouping.currentIndexChanged.connect(
            lambda _i: self.gap_minutes.setEnabled(self.grouping.currentData() is Grouping.BURST)
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Time zone:"))
        for widget in (self.zone, self.dates, self.repeated, self.grouping, self.gap_minutes):
            layout.addWidget(widget)
        layout.addStretch(1)

    def reset_questions(self) -> None:
        """A new file: its questions are its own."""
        self.dates.setCurrentIndex(0)
        self.repeated.setCurrentIndex(0)
        self.repeated.hide()

    def options(self) -> ReadOptions:
        # Qt hands enum values back as plain strings: made enums again here.
        dates, repeated = self.dates.currentData(), self.repeated.currentData()
        return ReadOptions(
            self.zone.text().strip(),
            DateOrder(dates) if dates else None,
            RepeatedHour(repeated) if repeated else None,
        )

    def per(self) -> Grouping:
        return Grouping(self.grouping.currentData())

    def gap(self) -> timedelta:
        return timedelta(minutes=self.gap_minutes.value())
