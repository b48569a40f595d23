"""The dialogs the window opens over an open diary (evidence pack, settings, import), and
waiting for work that uses the diary (files being stored, an import) before a lock."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

if TYPE_CHECKING:
    from .main_window import MainWindow


def wait_for_work(window: MainWindow, then: Callable[[], object]) -> bool:
    """Whether work using the diary is under way; if so, `then` is called once it is done."""
    if window._built("editor") and window.editor.after_import(then):
        return True
    from .step_dialog import StepDialog  # importing entries, making a backup

    return any(dialog.after_work(then) for dialog in window.findChildren(StepDialog))


def diary_free(window: MainWindow) -> bool:
    """Whether the diary can be read now: open, and no files being stored by a worker."""
    if window._built("editor") and window.editor.importing:
        window.notify("Still storing the files; try again in a moment.")
        return False
    return window.session.is_open


def open_export(window: MainWindow) -> None:
    if not diary_free(window):
        return
    if not window._built("timeline") or not window.timeline.model.total():
        window.notify("There are no entries yet, so there is nothing to put in a pack.")
        return
    window.editor.flush_draft()
    # Imported here: the PDF engine takes half a second to load, and is not needed to unlock.
    from .exporting.export_dialog import ExportDialog

    open_dialog(ExportDialog(window.session, window))


def open_share(window: MainWindow) -> None:
    if not diary_free(window):
        return
    if not window._built("timeline") or not window.timeline.model.total():
        window.notify("There are no entries yet, so there is nothing to share.")
        return
    from .exporting.share_dialog import ShareDialog

    open_dialog(ShareDialog(window.session, window))


def open_settings(window: MainWindow) -> None:
    if diary_free(window):
        from .settings_dialog import SettingsDialog

        open_dialog(SettingsDialog(window.session, window))


def open_case_details(window: MainWindow) -> None:
    if diary_free(window):
        from .exporting.case_details_dialog import CaseDetailsDialog

        open_dialog(CaseDetailsDialog(window.session, window))


def open_import(window: MainWindow) -> None:
    if diary_free(window):
        from .importing.import_dialog import ImportDialog

        dialog = ImportDialog(window.session, window)
        dialog.imported.connect(window.timeline.load)
        open_dialog(dialog)


def open_dialog(dialog: QDialog) -> None:
    """Show a dialog without a nested event loop; lock closes it and it is then deleted."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
