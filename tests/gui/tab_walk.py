"""Walking a screen with the Tab key, as a person without a mouse does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


def tab_walk(start: QWidget, limit: int = 300) -> list[QWidget]:
    """The widgets Tab reaches from start, in order, until it comes back to start.

    Fails when a widget keeps the focus for many presses (a trap) or start never comes back.
    """
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    start = QApplication.focusWidget() or start  # a focus proxy's own field
    reached: list[QWidget] = []
    held = 0
    for _ in range(limit):
        before = QApplication.focusWidget()
        assert before is not None, "nothing has the keyboard focus"
        QTest.keyClick(before, Qt.Key.Key_Tab)
        QApplication.processEvents()
        now = QApplication.focusWidget()
        assert now is not None, "Tab left nothing with the focus"
        held = held + 1 if now is before else 0
        assert held < 6, f"Tab is trapped in {describe(now)}"
        if now is start and held == 0:
            return reached
        if now is not before:
            reached.append(now)
    raise AssertionError(
        f"Tab never came back to {describe(start)}: {[describe(w) for w in reached[-8:]]}"
    )


def describe(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.accessibleName() or widget.objectName()!r}"


def focusable_controls(root: QWidget) -> list[QWidget]:
    """Every visible, enabled control on root that takes the focus by Tab."""
    return [
        w
        for w in root.findChildren(QWidget)
        if w.isVisible()
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.focusProxy() is None
        and not w.isWindow()
        and w.window() is root.window()
    ]
