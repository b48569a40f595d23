"""A titled part of a form that opens and closes, so the essentials come first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLayout, QToolButton, QVBoxLayout, QWidget


class CollapsibleSection(QFrame):
    def __init__(self, title: str, content: QLayout, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("section")
        self.toggle = QToolButton()
        self.toggle.setText(title)
        self.toggle.setObjectName("sectionToggle")
        self.toggle.setAccessibleName(title)
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.toggled.connect(self.set_open)
        self.body = QWidget()
        self.body.setLayout(content)
        self.body.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.toggle)
        layout.addWidget(self.body)

    def set_open(self, opened: bool) -> None:
        if self.toggle.isChecked() != opened:
            self.toggle.setChecked(opened)  # comes back here through toggled
            return
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if opened else Qt.ArrowType.RightArrow)
        self.body.setVisible(opened)

    @property
    def is_open(self) -> bool:
        return self.body.isVisibleTo(self)
