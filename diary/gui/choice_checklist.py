"""A list of checkboxes, one per kind (behaviours, day-to-day effects), with plain descriptions."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget


class ChoiceChecklist(QWidget):
    changed = Signal()

    def __init__(
        self, choices: dict[str, str], columns: int = 2, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        per_column = -(-len(choices) // columns)
        for n, (kind, description) in enumerate(choices.items()):
            box = QCheckBox(description)
            box.setAccessibleName(description)
            box.toggled.connect(self.changed)
            grid.addWidget(box, n % per_column, n // per_column)
            self.boxes[kind] = box

    def chosen(self) -> tuple[str, ...]:
        return tuple(kind for kind, box in self.boxes.items() if box.isChecked())

    def set_chosen(self, kinds: tuple[str, ...] | list[str]) -> None:
        for kind, box in self.boxes.items():
            box.setChecked(kind in kinds)
