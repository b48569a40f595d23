"""Opens every page and dialog of the window on the screen it is given, and prints (as JSON) what
did not fit: a window larger than the room the screen leaves, or a button outside the screen.

Run in a child process by test_screen_fit.py, since a screen's size and scale are chosen when
Qt starts: QT_QPA_PLATFORM=offscreen:configfile=<json> and QT_SCALE_FACTOR.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ["EVIDENCE_DIARY_KDF_SECONDS"] = "0"
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEventLoop, QPoint, QRect, QTimer
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QWidget

from diary.export.demo import make_demo_diary
from diary.gui.app import build_window, make_application
from diary.gui.screen_fit import TITLE_BAR

PASSPHRASE = "purple otter under a lamp"


def settle(ms: int = 30) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(condition: Callable[[], bool], limit_ms: int = 30_000) -> None:
    waited = 0
    while not condition() and waited < limit_ms:
        settle(20)
        waited += 20


def _seen_rect(button: QAbstractButton) -> QRect:
    """Where a button is on the screen; within a scroll area, the part of it that shows (a
    button scrolled out of sight is reached by scrolling, so the scroll area must fit)."""
    rect = QRect(button.mapToGlobal(QPoint(0, 0)), button.size())
    parent = button.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QAbstractScrollArea):
            viewport = parent.viewport()
            return QRect(viewport.mapToGlobal(QPoint(0, 0)), viewport.size())
        parent = parent.parentWidget()
    return rect


def check(window: QWidget, name: str, problems: list[str]) -> None:
    """Place the window as a window manager would (below a title bar), then measure it."""
    settle()
    available = QGuiApplication.primaryScreen().availableGeometry()
    window.move(available.left(), available.top() + TITLE_BAR)
    settle()
    height = window.height() + TITLE_BAR
    if window.width() > available.width() or height > available.height():
        problems.append(
            f"{name}: {window.width()}x{height} with its title bar, "
            f"the screen has {available.width()}x{available.height()}"
        )
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or not button.isVisible():
            continue
        seen = _seen_rect(button)
        if seen.isEmpty() or not available.contains(seen):
            label = button.text() or button.accessibleName() or button.objectName()
            problems.append(f"{name}: button {label!r} at {seen.getRect()} is off the screen")


def main() -> None:
    app = make_application(sys.argv)
    problems: list[str] = []
    opened: list[str] = []

    def dialog_check(dialog: QWidget) -> None:
        dialog.show()
        check(dialog, type(dialog).__name__, problems)
        opened.append(type(dialog).__name__)
        dialog.close()

    with tempfile.TemporaryDirectory() as tmp:
        fresh = build_window(Path(tmp) / "new")
        fresh.show()
        check(fresh, "first run", problems)
        page = fresh.first_run
        page.name.setText("Alex Demo")
        page.passphrase.setText(PASSPHRASE)
        page.confirm.setText(PASSPHRASE)
        page.create_diary()
        wait_until(lambda: fresh.pages.currentWidget() is fresh.recovery_key)
        check(fresh, "recovery key", problems)
        fresh.session.lock()
        fresh.close()

        folder = Path(tmp) / "demo"
        make_demo_diary(folder, PASSPHRASE, count=12)
        window = build_window(folder)
        window.show()
        check(window, "unlock", problems)
        window.unlock_page.secret.setText(PASSPHRASE)
        window.unlock_page.unlock()
        wait_until(lambda: window.session.is_open)
        timeline = window.timeline
        with_file = next(
            r for r in range(timeline.model.rowCount()) if timeline.model.row_at(r).attachments
        )
        timeline.table.selectRow(with_file)
        check(window, "timeline", problems)
        from diary.gui.help_dialog import HelpDialog

        dialog_check(HelpDialog(discreet=False, parent=window))
        _dialogs(window, dialog_check)

        window.open_editor(None)
        window.editor.files.add_image(QImage(1600, 900, QImage.Format.Format_RGB32))
        for section in window.editor.form.sections:
            section.set_open(True)
        check(window, "editor", problems)
        window.session.lock()
    print(json.dumps({"problems": problems, "opened": sorted(set(opened))}))
    app.quit()


def _dialogs(window: QWidget, dialog_check: Callable[[QWidget], None]) -> None:
    from diary.export.file_views import view_file
    from diary.gui.exporting.case_details_dialog import CaseDetailsDialog
    from diary.gui.exporting.export_dialog import ExportDialog
    from diary.gui.exporting.share_dialog import ShareDialog
    from diary.gui.importing.import_dialog import ImportDialog
    from diary.gui.session.backup_dialog import BackupDialog
    from diary.gui.session.key_change_dialog import KeyChangeDialog
    from diary.gui.session.recovery_key_page import RecoveryKeyDialog
    from diary.gui.settings_dialog import SettingsDialog
    from diary.gui.timeline.adopt_dialog import AdoptDialog
    from diary.gui.timeline.proposals_dialog import ProposalsDialog
    from diary.gui.timeline.withdraw_dialog import WithdrawDialog
    from diary.gui.viewers.file_viewer_dialog import FileViewerDialog
    from diary.gui.viewers.image_viewer_dialog import ImageViewerDialog
    from tests.file_kinds_support import mp4_bytes

    session = window.session  # type: ignore[attr-defined]
    vault = session.vault
    incident = next(i for i in vault.incidents() if i.attachments)
    attachment = incident.attachments[0]
    dialog_check(ExportDialog(session, window))
    dialog_check(SettingsDialog(session, window))
    dialog_check(BackupDialog(session, window))
    dialog_check(KeyChangeDialog(vault, "A new passphrase.", new_passphrase=True, parent=window))
    dialog_check(RecoveryKeyDialog(vault, "ABCD-EFGH-JKMN-PQRS-TVWX-YZ23-4567", window))
    import_dialog = ImportDialog(session, window)
    for tab in range(import_dialog.tabs.count()):
        import_dialog.tabs.setCurrentIndex(tab)
        dialog_check(import_dialog)
    dialog_check(ImageViewerDialog(attachment, vault.read_original(attachment.id), window))
    dialog_check(ProposalsDialog(session, incident.id, window))
    dialog_check(AdoptDialog(incident, window))
    dialog_check(CaseDetailsDialog(session, window))
    dialog_check(ShareDialog(session, window))
    dialog_check(WithdrawDialog(incident.id, incident.attachments, window))
    video = view_file(mp4_bytes(seconds=6.0), "video/mp4")
    assert video is not None
    dialog_check(FileViewerDialog(attachment, video, "What was said, typed.", window))


if __name__ == "__main__":
    main()
