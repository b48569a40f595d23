"""The one window: a bar that is always there (lock, settings, quick exit) over one page at a time.

Pages: first run, recovery key, unlock, timeline, editor. The window listens to the session:
on lock, the editor's draft is saved, every page forgets what it showed, the unlock page returns
and an automatic backup is made in a worker before the vault closes. Closing the window waits
for that backup; quick exit never does, and closes the app at once. Both take back what the app
put on the clipboard (clipboard_guard.py).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from diary.domain.errors import DiaryError
from diary.vault.folders import is_diary

from . import window_dialogs
from .app_identity import present_as
from .clipboard_guard import ClipboardGuard
from .idle_watcher import IdleWatcher
from .notice_bar import NoticeBar
from .screen_fit import cap_minimum, fit_to_screen
from .session.diary_session import APP_NAME, DiarySession
from .session.folder_picker import ask_for_folder
from .session.unlock_page import UnlockPage
from .top_bar import TopBar

if TYPE_CHECKING:
    from diary.vault import Vault

    from .editing.incident_editor import IncidentEditor
    from .session.first_run_page import FirstRunPage
    from .session.recovery_key_page import RecoveryKeyPage
    from .timeline.timeline_page import TimelinePage


class MainWindow(QMainWindow):
    quick_exited = Signal()
    # Opening dialogs, and waiting for work that uses the diary, are in window_dialogs.
    open_export = window_dialogs.open_export
    open_settings = window_dialogs.open_settings
    open_share = window_dialogs.open_share
    open_case_details = window_dialogs.open_case_details
    open_import = window_dialogs.open_import
    _wait_for_import = window_dialogs.wait_for_work
    _free = window_dialogs.diary_free

    def __init__(self, session: DiarySession, new_diary_folder: Path | None = None) -> None:
        super().__init__()
        self.session = session
        # Pages are built when first shown: the locked screen appears sooner, and a page that
        # is never used (first run, once a diary exists) is never built.
        self.pages = QStackedWidget()
        # Where a new diary goes: None means the default place for the mode chosen.
        self.new_diary_folder = new_diary_folder
        self.idle = IdleWatcher(self)
        self.clipboard = ClipboardGuard(self)
        self.setCentralWidget(self._frame())
        self.session.settings_changed.connect(self._settings_changed)
        self.session.backup_finished.connect(self._backed_up)
        self._close_when_backed_up = False
        self.idle.idle.connect(self.lock)
        QShortcut(QKeySequence("Ctrl+L"), self, self.lock)
        anywhere = Qt.ShortcutContext.ApplicationShortcut
        for keys in ("Ctrl+Q", "Shift+Esc"):
            QShortcut(QKeySequence(keys), self, self.quick_exit, anywhere)
        QShortcut(QKeySequence.StandardKey.HelpContents, self, self.open_help, anywhere)
        fit_to_screen(self, 1280, 760)
        cap_minimum(self, 760, 480)
        self.show_start()

    # ----- pages, built on first use ----------------------------------------------------------

    def _built(self, name: str) -> bool:
        return name in self.__dict__

    @cached_property
    def first_run(self) -> FirstRunPage:
        from .session.first_run_page import FirstRunPage

        page = FirstRunPage()
        page.folder = self.new_diary_folder
        page.created.connect(self._created)
        page.other_folder_requested.connect(self.choose_folder)
        self.pages.addWidget(page)
        return page

    @cached_property
    def recovery_key(self) -> RecoveryKeyPage:
        from .session.recovery_key_page import RecoveryKeyPage

        page = RecoveryKeyPage()
        page.confirmed.connect(self._recovery_key_confirmed)
        self.pages.addWidget(page)
        return page

    @cached_property
    def unlock_page(self) -> UnlockPage:
        page = UnlockPage()
        page.wait_for_backup = self.session.wait_for_backup
        page.unlocked.connect(self._unlocked)
        page.other_folder_requested.connect(self.choose_folder)
        self.pages.addWidget(page)
        return page

    @cached_property
    def timeline(self) -> TimelinePage:
        from .timeline.timeline_page import TimelinePage

        page = TimelinePage(self.session)
        page.new_requested.connect(lambda: self.open_editor(None))
        page.image_pasted.connect(self._new_entry_from_clipboard)
        page.edit_requested.connect(self.open_editor)
        page.failed.connect(self.notify)
        page.reported.connect(self.notify)
        page.bar.import_requested.connect(self.open_import)
        self.pages.addWidget(page)
        return page

    @cached_property
    def editor(self) -> IncidentEditor:
        from .editing.incident_editor import IncidentEditor

        page = IncidentEditor(self.session)
        page.saved.connect(self._saved)
        page.closed.connect(self.show_timeline)
        page.failed.connect(self.notify)
        self.pages.addWidget(page)
        return page

    def _frame(self) -> QWidget:
        self.bar = TopBar()
        self.bar.export_button.clicked.connect(self.open_export)
        self.bar.share_button.clicked.connect(self.open_share)
        self.bar.lock_button.clicked.connect(self.lock)
        self.bar.settings_button.clicked.connect(self.open_settings)
        self.bar.case_button.clicked.connect(self.open_case_details)
        self.bar.exit_button.clicked.connect(self.quick_exit)
        self.bar.help_button.clicked.connect(self.open_help)
        self.notice = NoticeBar()
        frame = QWidget()
        column = QVBoxLayout(frame)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        for widget, stretch in ((self.bar, 0), (self.notice, 0), (self.pages, 1)):
            column.addWidget(widget, stretch)
        return frame

    def show_start(self) -> None:
        folder = self.session.folder
        if is_diary(folder):
            self.unlock_page.reset(folder)
            self.unlock_page.set_backing_up(self.session.backing_up)
            self._show(self.unlock_page)
        else:
            self._show(self.first_run)

    def _show(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        self.bar.set_unlocked(self.session.is_open and page.objectName() in ("timeline", "editor"))
        self._apply_name()
        # Where a person starts typing: a page's first field, or its focus proxy.
        getattr(page, "first_field", page).setFocus()

    def _apply_name(self) -> None:
        current = self.pages.currentWidget()
        # Before a diary exists there is no choice of name yet; from the recovery key page on,
        # the diary's own (discreet mode's "Notes" when chosen).
        setting_up = current is not None and current.objectName() == "firstRun"
        name = APP_NAME if setting_up else self.session.display_name()
        present_as(self, name)
        self.bar.title.setText(name)
        whose = self._whose_diary()
        if whose:
            self.setWindowTitle(f"{whose} \u2014 {name}")
            self.bar.title.setText(f"{name} \u2014 {whose}")

    def _whose_diary(self) -> str:
        """For an advocate's diary, open and not discreet: 'Diary of Sam Example, kept by Alex
        (advocate)', so clients' diaries are never mixed up. Never on the locked screen."""
        from diary.domain.incident import Author

        session = self.session
        if not session.is_open or session.discreet or session.vault.kept_by is not Author.ADVOCATE:
            return ""
        case = session.vault.case
        client = case.name or "the client"
        advocate = case.advocate or "an advocate"
        return f"Diary of {client}, kept by {advocate} (advocate)"

    def show_timeline(self) -> None:
        self._show(self.timeline)

    def _new_entry_from_clipboard(self) -> None:
        self.open_editor(None)
        if not self.editor.drops.paste_image():
            self.notify("There is no picture to paste. Copy a screenshot first, then paste it.")

    def open_editor(self, incident_id: int | None) -> None:
        try:
            self.editor.start(incident_id)
        except DiaryError as exc:  # e.g. a draft left for an entry deleted since
            self.notify(exc.message)
            self.show_timeline()
            return
        self._show(self.editor)

    def _created(self, vault: Vault, recovery: str, discreet: bool) -> None:
        self.session.open(vault)
        self.session.save_settings(idle_minutes=self.session.idle_minutes(), discreet=discreet)
        self._show_recovery_key(recovery)

    def _show_recovery_key(self, recovery: str, reason: str = "") -> None:
        self.recovery_key.show_key(recovery, reason)
        self._show(self.recovery_key)
        # A key left on screen is taken off it when the diary locks; it is replaced at the next
        # unlock, since it was never confirmed.
        self.idle.start(self.session.idle_minutes())

    def _note_recovery_key_confirmed(self) -> None:
        try:
            self.session.vault.confirm_recovery_key()
        except DiaryError as exc:  # the diary cannot be written: a new key is made next time
            self.notify(exc.message)

    def _recovery_key_confirmed(self) -> None:
        self._note_recovery_key_confirmed()
        self._enter_diary()

    def _unlocked(self, vault: Vault, with_recovery: bool) -> None:
        self.session.open(vault)
        confirmed = vault.recovery_key_confirmed
        if with_recovery and not confirmed:  # opened with it: it was written down
            self._note_recovery_key_confirmed()
            confirmed = True
        self._enter_diary()
        for warning in vault.warnings:
            self.notify(warning)
        if self.session.ended_unexpectedly:
            self.notice.show_message(self._ended_unexpectedly_message(), lasting=True)
        problem = self.session.take_backup_problem()
        if problem:
            from .session.lock_backup import problem_message

            self.notice.show_message(problem_message(problem), lasting=True)
        from .session.key_change_dialog import KeyChangeDialog

        if with_recovery:
            intro = (
                "Your diary is open. Choose a new passphrase now, so you can open it "
                "without the recovery key next time."
            )
            dialog = KeyChangeDialog(
                vault, intro, new_passphrase=True, ask_current=False, parent=self
            )
            window_dialogs.open_dialog(dialog)
        elif not confirmed:
            # The key shown last time was never checked as written down: someone may have seen
            # it, and the person may not have it. Replaced at once, under a new data key.
            dialog = KeyChangeDialog(
                vault,
                "Last time, the diary was closed before its recovery key was checked, so a new "
                "one is being made now. The key shown then no longer works.",
                new_passphrase=False,
                ask_current=False,
                parent=self,
            )
            window_dialogs.open_dialog(dialog)
            dialog.start()

    def _ended_unexpectedly_message(self) -> str:
        restored = self._built("editor") and self.pages.currentWidget() is self.editor
        return (
            "The app closed unexpectedly last time, without locking. Everything you saved is "
            "safe" + (", and what you were typing has been brought back." if restored else ".")
        )

    def _enter_diary(self) -> None:
        self.timeline.load()
        self.idle.start(self.session.idle_minutes())
        pending = self.editor.has_draft()  # an unfinished entry comes back first
        if pending is None:
            self.show_timeline()
        else:
            number = pending.removeprefix("editor:")
            self.open_editor(None if number == "new" else int(number))

    def _saved(self, incident_id: int) -> None:
        self.show_timeline()
        self.timeline.show_saved(incident_id)
        self.notify("Saved.")

    def _forget_pages(self) -> None:
        """Save the draft, then clear every page that shows decrypted data."""
        if self._built("editor"):
            self.editor.flush_draft()
            self.editor.clear()
        if self._built("timeline"):
            self.timeline.clear()
        if self._built("recovery_key"):
            self.recovery_key.clear()

    def lock(self) -> None:
        if not self.session.is_open or self._wait_for_import(self.lock):
            return
        self.clipboard.take_back()
        self.idle.stop()
        self._forget_pages()
        for dialog in self.findChildren(QDialog):
            dialog.reject()
        self.notice.dismiss()
        self.session.lock(back_up=True)
        self.show_start()

    def _backed_up(self) -> None:
        if self._built("unlock_page"):
            self.unlock_page.set_backing_up(False)
        if self._close_when_backed_up:
            self.close()

    def quick_exit(self) -> None:
        """Close at once. What was typed is already a draft; this saves the last keystrokes.

        No backup is made, and one already being made is not waited for: the window goes at
        once, and the unfinished backup file is cleared away by the next one.
        """
        self.hide()
        self.clipboard.take_back()
        if self._wait_for_import(self.quick_exit):
            return
        if self.session.is_open:
            self._forget_pages()
            self.session.lock()
        self.quick_exited.emit()
        QApplication.quit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._wait_for_import(self.close):
            event.ignore()  # closed again once the file being stored is done
            return
        self.lock()
        if self.session.backing_up:
            # Closed again once the backup is made; the locked window says what is happening.
            self._close_when_backed_up = True
            self.unlock_page.set_backing_up(True, closing=True)
            event.ignore()
            return
        event.accept()

    def choose_folder(self) -> None:
        chosen = ask_for_folder(self)
        if chosen is not None:
            self.session.folder = self.new_diary_folder = chosen
            if self._built("first_run"):
                self.first_run.folder = self.new_diary_folder
            self.show_start()

    def _settings_changed(self) -> None:
        self._apply_name()
        if self.session.is_open and self.idle.running:
            self.idle.start(self.session.idle_minutes())

    def open_help(self) -> None:
        """Help, from any screen; while locked, nothing in it says what the diary is for."""
        from .help_dialog import HelpDialog

        for shown in self.findChildren(HelpDialog):
            shown.raise_()
            shown.activateWindow()
            return
        discreet = not self.session.is_open
        window_dialogs.open_dialog(HelpDialog(discreet=discreet, parent=self))

    def notify(self, message: str) -> None:
        self.notice.show_message(message)
