"""How the app presents itself: window title, icon and task-bar entry, plain or discreet."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from diary.resources import resource_path

from .session.diary_session import APP_NAME, DIARY_DESKTOP_ENTRY, NOTES_DESKTOP_ENTRY


def present_as(window: QWidget, name: str) -> None:
    """Show window as name: APP_NAME with the diary's icon, or anything else as plain notes."""
    plain = name == APP_NAME
    window.setWindowTitle(name)
    window.setWindowIcon(
        QIcon(str(resource_path("icons", "evidence-diary.svg" if plain else "notes.svg")))
    )
    QApplication.setApplicationDisplayName(name)
    QApplication.setDesktopFileName(DIARY_DESKTOP_ENTRY if plain else NOTES_DESKTOP_ENTRY)
