"""Case details, as `diary case` holds them: the suspect, the orders in force (each with what it
forbids), the police force, the officer and the crime references. Kept inside the encrypted
diary; the pack's cover, pattern page and statement are made from them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from diary.domain.errors import DiaryError
from diary.domain.orders import Order

from ..session.diary_session import DiarySession
from .order_editor import OrderEditor

# The case's text fields, with the label the form gives each (as `diary case` names them).
TEXT_FIELDS = {
    "suspect_names": "Suspect's names and aliases",
    "suspect_details": "Suspect's addresses, numbers, handles, vehicles",
    "relationship": "Relationship to the suspect",
    "police_force": "Police force",
    "officer": "Officer in the case and collar number",
    "crime_refs": "Crime and incident references",
    "orders": "Other orders, in words",
}
LONG_FIELDS = {"suspect_details", "crime_refs", "orders"}


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


class CaseDetailsDialog(QDialog):
    saved = Signal()  # the case details were written to the diary

    def __init__(self, session: DiarySession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Case details")
        case = session.vault.case
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        form = QFormLayout()
        for name, label in TEXT_FIELDS.items():
            value = getattr(case, name)
            widget: QLineEdit | QPlainTextEdit
            if name in LONG_FIELDS:
                widget = QPlainTextEdit(value)
                widget.setTabChangesFocus(True)
                widget.setFixedHeight(widget.fontMetrics().lineSpacing() * 3 + 12)
            else:
                widget = QLineEdit(value)
            widget.setAccessibleName(label)
            self.fields[name] = widget
            form.addRow(label, widget)
        self.orders: list[Order] = list(case.orders_in_force)
        self.order_list = QListWidget()
        self.order_list.setAccessibleName("Orders in force")
        self.order_list.setWordWrap(True)
        lines = self.order_list.fontMetrics().lineSpacing()
        self.order_list.setMinimumHeight(lines * 4)
        self.order_list.setMaximumHeight(lines * 8)
        self.order_list.currentRowChanged.connect(self._chosen)
        self.editor = OrderEditor()
        self.add_button = QPushButton("&Add this order")
        self.add_button.clicked.connect(self.add_order)
        self.replace_button = QPushButton("&Change the chosen order")
        self.replace_button.clicked.connect(self.replace_order)
        self.remove_button = QPushButton("&Remove the chosen order")
        self.remove_button.clicked.connect(self.remove_order)
        actions = QHBoxLayout()
        for button in (self.add_button, self.replace_button, self.remove_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addLayout(form)
        column.addWidget(QLabel("Orders in force"))
        column.addWidget(
            _hint(
                "The pack lists the incidents after each order that match what it forbids, as "
                "possible breaches for the officer to assess, and marks the order on its chart."
            )
        )
        column.addWidget(self.order_list)
        column.addWidget(self.editor)
        column.addLayout(actions)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Everything wraps to the width, so the form scrolls one way only.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._show_orders()
        # Sized from the screen it opens on: the form scrolls inside, Save and Cancel stay seen.
        available = self.screen().availableGeometry()
        width = min(760, available.width() - 40)
        wanted = body.sizeHint().height() + buttons.sizeHint().height() + 80
        self.resize(width, min(wanted, available.height() - 60))

    def _show_orders(self, current: int = -1) -> None:
        self.order_list.clear()
        for number, order in enumerate(self.orders, 1):
            self.order_list.addItem(f"{number}. {order.description}")
        self.order_list.setCurrentRow(current)
        chosen = 0 <= current < len(self.orders)
        self.replace_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def _chosen(self, row: int) -> None:
        chosen = 0 <= row < len(self.orders)
        self.replace_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)
        if chosen:
            self.editor.set_order(self.orders[row])

    def _order(self) -> Order | None:
        try:
            order = self.editor.order()
        except DiaryError as exc:
            self.error.setText(exc.message)
            return None
        self.error.clear()
        return order

    def add_order(self) -> None:
        order = self._order()
        if order is not None:
            self.orders.append(order)
            self.editor.set_order(None)
            self._show_orders()

    def replace_order(self) -> None:
        row = self.order_list.currentRow()
        order = self._order()
        if order is not None and 0 <= row < len(self.orders):
            self.orders[row] = order
            self._show_orders(row)

    def remove_order(self) -> None:
        row = self.order_list.currentRow()
        if 0 <= row < len(self.orders):
            del self.orders[row]
            self.editor.set_order(None)
            self._show_orders()

    def _text(self, name: str) -> str:
        widget = self.fields[name]
        text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
        return str(text).strip()

    def save(self) -> None:
        """Write the details to the diary and close; on a problem, say it and change nothing."""
        vault = self.session.vault
        if self.order_list.currentRow() < 0 and not self.editor.is_empty():
            # An order typed in and not yet added is added, rather than lost on saving.
            order = self._order()
            if order is None:
                return
            self.orders.append(order)
        changes: dict[str, Any] = {name: self._text(name) for name in TEXT_FIELDS}
        try:
            case = replace(vault.case, orders_in_force=tuple(self.orders), **changes)
            vault.set_case(case)
        except DiaryError as exc:
            self.error.setText(exc.message)
            return
        self.saved.emit()
        self.accept()
