"""How the writer knows what an entry says: they saw or heard it, or they were told (by whom).

A statement is the witness's own first-hand account; what they were told is someone else's
evidence. So every entry says which it is, and the pack keeps what was told out of the
statement. Seen or heard is the default: it is what most entries are.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QRadioButton, QVBoxLayout, QWidget

from ..form_fields import line_edit


class KnowledgeChoice(QWidget):
    changed = Signal()  # a choice made or a name typed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.seen = QRadioButton("I saw or heard it myself")
        self.seen.setAccessibleName("I saw or heard it myself")
        self.told = QRadioButton("I was told about it by")
        self.told.setAccessibleName("I was told about it")
        self.told_by = line_edit("Who told you", "Their name, and who they are to you")
        self.told_by.setEnabled(False)
        group = QButtonGroup(self)
        for button in (self.seen, self.told):
            group.addButton(button)
        self.seen.setChecked(True)
        told_row = QHBoxLayout()
        told_row.addWidget(self.told)
        told_row.addWidget(self.told_by, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.seen)
        layout.addLayout(told_row)
        self.told.toggled.connect(self.told_by.setEnabled)
        self.told.toggled.connect(self.changed)
        self.told_by.textChanged.connect(self.changed)

    def first_hand(self) -> bool:
        return not self.told.isChecked()

    def who_told(self) -> str:
        """Who told them ('' when seen or heard first-hand)."""
        return "" if self.first_hand() else self.told_by.text().strip()

    def set_choice(self, first_hand: bool, told_by: str = "") -> None:
        (self.seen if first_hand else self.told).setChecked(True)
        self.told_by.setText("" if first_hand else told_by)
