"""A titled part of a form that opens and closes, so the essentials come first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


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

    def has_content(self) -> bool:
        """Whether anything inside has been typed, ticked or chosen."""
        body = self.body
        return (
            any(e.text().strip() for e in body.findChildren(QLineEdit))
            or any(e.toPlainText().strip() for e in body.findChildren(QPlainTextEdit))
            or any(b.isChecked() for b in body.findChildren(QCheckBox))
            or any(c.currentIndex() > 0 for c in body.findChildren(QComboBox))
            or any(r.isChecked() and r.property("answer") for r in body.findChildren(QRadioButton))
        )

    @property
    def is_open(self) -> bool:
        return self.body.isVisibleTo(self)
