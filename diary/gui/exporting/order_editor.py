"""One order in force as a form: its kind, court, the day it was made, its expiry (or until
further order), what it forbids (ticked) and the places it names, and anything else it says."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from diary.domain.errors import InvalidInput
from diary.domain.orders import (
    CONDITION_KINDS,
    ORDER_KINDS,
    Condition,
    Order,
    parse_expiry,
    parse_made,
)

BEHAVIOUR_CONDITIONS = [kind for kind in CONDITION_KINDS if kind != "place"]


class OrderEditor(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        for key, label in ORDER_KINDS.items():
            self.kind.addItem(label, key)
        self.kind.setAccessibleName("Kind of order")
        self.court = QLineEdit()
        self.court.setAccessibleName("Court")
        self.court.setPlaceholderText("e.g. the family court that made it")
        self.made = QLineEdit()
        self.made.setAccessibleName("Date the order was made")
        self.made.setPlaceholderText("year-month-day, e.g. 2024-03-14")
        self.expires = QLineEdit()
        self.expires.setAccessibleName("Date the order ends")
        self.expires.setPlaceholderText("year-month-day; leave empty if until further order")
        self.forbids: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for index, key in enumerate(BEHAVIOUR_CONDITIONS):
            box = QCheckBox(CONDITION_KINDS[key].label)
            box.setAccessibleName(CONDITION_KINDS[key].label)
            self.forbids[key] = box
            grid.addWidget(box, index // 2, index % 2)
        conditions = QWidget()
        conditions.setLayout(grid)
        self.places = QPlainTextEdit()
        self.places.setAccessibleName("Places the order forbids, one a line")
        self.places.setPlaceholderText(
            "One place a line, e.g. my home; my front door (other names your entries use for "
            "it after ';')"
        )
        self.places.setTabChangesFocus(True)
        self.places.setFixedHeight(self.places.fontMetrics().lineSpacing() * 4 + 12)
        self.note = QLineEdit()
        self.note.setAccessibleName("Anything else the order says")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Kind of order", self.kind)
        form.addRow("Court", self.court)
        form.addRow("Made on", self.made)
        form.addRow("Ends on", self.expires)
        form.addRow("It forbids", conditions)
        form.addRow("Places it forbids", self.places)
        form.addRow("Anything else it says", self.note)

    def order(self) -> Order:
        """The order the form describes; InvalidInput when it cannot be kept."""
        made = self.made.text().strip()
        conditions = [Condition(key) for key, box in self.forbids.items() if box.isChecked()]
        conditions += [
            Condition("place", line.strip())
            for line in self.places.toPlainText().splitlines()
            if line.strip()
        ]
        order = Order(
            kind=str(self.kind.currentData()),
            made=parse_made(made) if made else None,
            court=" ".join(self.court.text().split()),
            expires=parse_expiry(self.expires.text()),
            conditions=tuple(conditions),
            note=self.note.text().strip(),
        )
        if not (order.conditions or order.note or order.made or order.court):
            raise InvalidInput(
                "Say something about the order: when it was made, or what it forbids."
            )
        return order

    def is_empty(self) -> bool:
        """Nothing typed or ticked (the kind alone says nothing)."""
        typed = [self.court, self.made, self.expires, self.note]
        return (
            not any(w.text().strip() for w in typed)
            and not self.places.toPlainText().strip()
            and not any(box.isChecked() for box in self.forbids.values())
        )

    def set_order(self, order: Order | None) -> None:
        """Show order in the form (None: an empty form for a new one)."""
        self.kind.setCurrentIndex(max(0, self.kind.findData(order.kind)) if order else 0)
        self.court.setText(order.court if order else "")
        self.made.setText(order.made.isoformat() if order and order.made else "")
        self.expires.setText(order.expires.isoformat() if order and order.expires else "")
        kinds = {c.kind for c in order.conditions} if order else set()
        for key, box in self.forbids.items():
            box.setChecked(key in kinds)
        places = [c.place for c in order.conditions if c.kind == "place"] if order else []
        self.places.setPlainText("\n".join(places))
        self.note.setText(order.note if order else "")
