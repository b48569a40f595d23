"""The composition root: the only place that builds the app, the services and the window.

It sets a private umask, keeps Qt from writing settings anywhere (the file dialog would otherwise
record the last folder visited), loads the one stylesheet, and opens the window on the diary
folder found at start.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QDir, QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication, QWidget

from diary.resources import resource_path

from .contrast import accessible_palette, is_dark
from .main_window import MainWindow
from .session.diary_folders import FOLDER_ENV, starting_folder
from .session.diary_session import DISCREET_NAME, NOTES_DESKTOP_ENTRY, DiarySession


def keep_qt_settings_off_disk() -> None:
    """Point Qt's own settings (QFileDialog history, last folder) at a place nothing can be written.

    QSettings would otherwise write `~/.config/QtProject.conf` (or the Windows registry).
    """
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    unwritable = str(Path(os.devnull) / "settings")
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, unwritable)
        QSettings.setPath(fmt, QSettings.Scope.SystemScope, unwritable)


def make_application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    # The window class matches the menu entries (StartupWMClass=diary); the locked app shows
    # as the neutral "Notes" entry until an open, non-discreet diary says otherwise.
    app.setApplicationName("diary")
    app.setApplicationDisplayName(DISCREET_NAME)
    app.setDesktopFileName(NOTES_DESKTOP_ENTRY)
    keep_qt_settings_off_disk()
    apply_style(app)
    return app


def apply_style(app: QApplication) -> None:
    """The system's palette made readable (contrast.py), and the one stylesheet with the
    colours for a light or a dark palette after it."""
    palette = accessible_palette(app.palette())
    app.setPalette(palette)
    QDir.addSearchPath("style", str(resource_path("style")))  # ticks and arrows
    mode = "dark.qss" if is_dark(palette) else "light.qss"
    sheets = (
        resource_path("style", name).read_text(encoding="utf-8") for name in ("app.qss", mode)
    )
    app.setStyleSheet("\n".join(sheets))


def build_window(folder: Path | None = None) -> MainWindow:
    session = DiarySession(folder or starting_folder())
    chosen = folder is not None or bool(os.environ.get(FOLDER_ENV))
    return MainWindow(session, new_diary_folder=session.folder if chosen else None)


# For benchmarks/frozen.py: print "painted" and quit at the window's first paint, so start-up
# can be timed from outside the process (a frozen build cannot be instrumented otherwise).
FIRST_PAINT_ENV = "EVIDENCE_DIARY_QUIT_AT_FIRST_PAINT"


class _QuitAtFirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            os._exit(0)
        return False


def run(argv: list[str], folder: Path | None = None) -> int:
    os.umask(0o077)
    app = make_application(argv)
    window = build_window(folder)
    if os.environ.get(FIRST_PAINT_ENV):
        probe = _QuitAtFirstPaint(app)
        window.installEventFilter(probe)
        for child in window.findChildren(QWidget):
            child.installEventFilter(probe)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(run(sys.argv))
