"""The one window: a bar that is always there (lock, settings, quick exit) over one page at a time.

Pages: first run, recovery key, unlock, timeline, editor. The window listens to the session:
on lock, the editor's draft is saved, every page forgets what it showed, the vault closes and the
unlock page returns. Quick exit does the same and closes the app at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from diary.resources import resource_path
from diary.vault import Vault, is_diary

from .diary_session import APP_NAME, DiarySession
from .first_run_page import FirstRunPage
from .idle_watcher import IdleWatcher
from .incident_editor import IncidentEditor
from .new_passphrase_dialog import NewPassphraseDialog
from .recovery_key_page import RecoveryKeyPage
from .settings_dialog import SettingsDialog
from .timeline_page import TimelinePage
from .unlock_page import UnlockPage

NOTICE_MS = 6000


class MainWindow(QMainWindow):
    quick_exited = Signal()

    def __init__(self, session: DiarySession) -> None:
        super().__init__()
        self.session = session
        self.first_run = FirstRunPage()
        self.recovery_key = RecoveryKeyPage()
        self.unlock_page = UnlockPage()
        self.timeline = TimelinePage(session)
        self.editor = IncidentEditor(session)
        self.pages = QStackedWidget()
        for page in (
            self.first_run,
            self.recovery_key,
            self.unlock_page,
            self.timeline,
            self.editor,
        ):
            self.pages.addWidget(page)
        self.idle = IdleWatcher(self)
        self.setCentralWidget(self._frame())

        self.first_run.created.connect(self._created)
        self.first_run.other_folder_requested.connect(self.choose_folder)
        self.recovery_key.confirmed.connect(self._enter_diary)
        self.unlock_page.unlocked.connect(self._unlocked)
        self.unlock_page.other_folder_requested.connect(self.choose_folder)
        self.timeline.new_requested.connect(lambda: self.open_editor(None))
        self.timeline.edit_requested.connect(self.open_editor)
        self.timeline.failed.connect(self.notify)
        self.editor.saved.connect(self._saved)
        self.editor.closed.connect(self.show_timeline)
        self.editor.failed.connect(self.notify)
        self.session.settings_changed.connect(self._apply_name)
        self.idle.idle.connect(self.lock)
        QShortcut(QKeySequence("Ctrl+L"), self, self.lock)
        for keys in ("Ctrl+Q", "Shift+Esc"):
            QShortcut(
                QKeySequence(keys),
                self,
                self.quick_exit,
                Qt.ShortcutContext.ApplicationShortcut,
            )
        self.resize(1280, 760)
        self.setMinimumSize(900, 560)
        self.show_start()

    def _frame(self) -> QWidget:
        self.title = QLabel()
        self.title.setObjectName("appTitle")
        self.lock_button = QPushButton("Lock")
        self.lock_button.setToolTip("Lock now (Ctrl+L)")
        self.lock_button.setAccessibleName("Lock the diary")
        self.lock_button.clicked.connect(self.lock)
        self.settings_button = QPushButton("Settings")
        self.settings_button.setAccessibleName("Settings")
        self.settings_button.clicked.connect(self.open_settings)
        self.exit_button = QPushButton("Quick exit")
        self.exit_button.setObjectName("quickExit")
        self.exit_button.setToolTip("Close at once; what you typed is kept (Ctrl+Q or Shift+Esc)")
        self.exit_button.setAccessibleName("Quick exit")
        self.exit_button.clicked.connect(self.quick_exit)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Notice")
        self.notice.hide()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self.notice.hide)
        bar = QWidget()
        bar.setObjectName("topBar")
        row = QHBoxLayout(bar)
        row.addWidget(self.title)
        row.addStretch(1)
        row.addWidget(self.lock_button)
        row.addWidget(self.settings_button)
        row.addSpacing(16)
        row.addWidget(self.exit_button)
        frame = QWidget()
        column = QVBoxLayout(frame)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(bar)
        column.addWidget(self.notice)
        column.addWidget(self.pages, 1)
        return frame

    # ----- which page -------------------------------------------------------------------------

    def show_start(self) -> None:
        folder = self.session.folder
        if is_diary(folder):
            self.unlock_page.reset(folder)
            self._show(self.unlock_page)
        else:
            self._show(self.first_run)

    def _show(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        unlocked = self.session.is_open and page in (self.timeline, self.editor)
        self.lock_button.setVisible(unlocked)
        self.settings_button.setVisible(unlocked)
        self._apply_name()
        page.setFocus()
        focus = page.focusProxy() or page.focusWidget()
        if page is self.unlock_page:
            self.unlock_page.secret.setFocus()
        elif focus is not None:
            focus.setFocus()

    def _apply_name(self) -> None:
        setting_up = self.pages.currentWidget() in (self.first_run, self.recovery_key)
        name = APP_NAME if setting_up else self.session.display_name()
        self.setWindowTitle(name)
        self.title.setText(name)
        icon = "evidence-diary.svg" if name == APP_NAME else "notes.svg"
        self.setWindowIcon(QIcon(str(resource_path("icons", icon))))
        QApplication.setApplicationDisplayName(name)

    def show_timeline(self) -> None:
        self._show(self.timeline)
        self.timeline.table.setFocus()

    def open_editor(self, incident_id: int | None) -> None:
        self.editor.start(incident_id)
        self._show(self.editor)

    # ----- creating, unlocking, locking ---------------------------------------------------------

    def _created(self, vault: Vault, recovery: str, discreet: bool) -> None:
        self.session.open(vault)
        self.session.save_settings(idle_minutes=self.session.idle_minutes(), discreet=discreet)
        self.recovery_key.show_key(recovery)
        self._show(self.recovery_key)

    def _unlocked(self, vault: Vault, with_recovery: bool) -> None:
        self.session.open(vault)
        if with_recovery:
            NewPassphraseDialog(
                vault,
                "Your diary is open. Choose a new passphrase now, so you can open it "
                "without the recovery key next time.",
                self,
            ).exec()
        self._enter_diary()
        for warning in vault.warnings:
            self.notify(warning)

    def _enter_diary(self) -> None:
        self.timeline.load()
        self.idle.start(self.session.idle_minutes())
        pending = self.editor.has_draft()
        if pending is None:
            self.show_timeline()
            return
        number = pending.removeprefix("editor:")
        self.open_editor(None if number == "new" else int(number))

    def _saved(self, incident_id: int) -> None:
        self.timeline.load()
        self.show_timeline()
        self.timeline.select_incident(incident_id)
        self.notify("Saved.")

    def lock(self) -> None:
        if not self.session.is_open:
            return
        self.editor.flush_draft()
        self.idle.stop()
        self.editor.clear()
        self.timeline.clear()
        for dialog in self.findChildren(SettingsDialog):
            dialog.reject()
        self.session.lock()
        self.notice.hide()
        self.show_start()

    def quick_exit(self) -> None:
        """Close at once. What was typed is already a draft; this saves the last keystrokes."""
        if self.session.is_open:
            self.editor.flush_draft()
            self.editor.clear()
            self.timeline.clear()
            self.session.lock()
        self.quick_exited.emit()
        self.hide()
        QApplication.quit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.lock()
        event.accept()

    # ----- other folders, settings, notices -----------------------------------------------------

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self,
            "Choose a diary folder (or an empty folder for a new diary)",
            str(Path.home()),
            QFileDialog.Option.DontUseNativeDialog | QFileDialog.Option.ShowDirsOnly,
        )
        if chosen:
            self.session.folder = Path(chosen)
            self.first_run.folder = Path(chosen)
            self.show_start()

    def open_settings(self) -> None:
        if self.session.is_open:
            dialog = SettingsDialog(self.session, self)
            dialog.exec()
            dialog.deleteLater()
            if self.session.is_open:
                self.idle.start(self.session.idle_minutes())

    def notify(self, message: str) -> None:
        self.notice.setText(message)
        self.notice.show()
        self._notice_timer.start(NOTICE_MS)
