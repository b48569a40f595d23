"""Sizes from the screen: every window and dialog opens at most as large as the room its screen
leaves (the screen less its taskbar, less a title bar), so no button is ever off a 1024×600
laptop's screen or under large text; content taller than that scrolls inside.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QScrollArea, QWidget

# Qt's geometry leaves out the window manager's title bar and borders: room kept for them.
TITLE_BAR = 32
BORDERS = 8


def room(widget: QWidget) -> QSize:
    """The largest size a window can have and still show whole on its screen."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    available = screen.availableGeometry()
    return QSize(available.width() - BORDERS, available.height() - TITLE_BAR - BORDERS)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Open at the size wanted, or as much of it as the screen has room for."""
    space = room(widget)
    widget.resize(min(width, space.width()), min(height, space.height()))


def cap_minimum(widget: QWidget, width: int, height: int) -> None:
    """A minimum size, never larger than the screen's room."""
    space = room(widget)
    widget.setMinimumSize(min(width, space.width()), min(height, space.height()))


def scrolling(body: QWidget) -> QScrollArea:
    """Body inside a frameless scroll area that gives it the full width, scrolling if taller."""
    scroll = QScrollArea()
    scroll.setWidget(body)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    # Tab goes to what is inside, not to the frame. The viewport's focus proxy (the frame) would
    # make Tab coming from outside skip every field above the first one after the proxy.
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.viewport().setFocusProxy(None)  # type: ignore[arg-type]
    return scroll
