"""What the person copied out of the diary leaves the clipboard when the diary locks (on demand
or when idle) and on quick exit; what they copied in another program stays.

Offscreen, Qt's clipboard lives in this process and never says who owns it (as on macOS), so
"another program" is text put on the clipboard while nothing in the window holds it selected:
the guard's second test, the one macOS relies on. Ownership as X11, Wayland and Windows report
it cannot be simulated here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QClipboard
from PySide6.QtWidgets import QApplication

from diary.gui.main_window import MainWindow
from diary.gui.timeline.incident_table_model import COL_SUMMARY
from diary.vault import Vault
from tests.conftest import make_content
from tests.gui.conftest import unlock

ENTRY = "He stood at the school gate and said he would find the new flat."
ELSEWHERE = "Sort code 12-34-56, from the bank's letter"
CTRL = Qt.KeyboardModifier.ControlModifier


def _clipboard() -> QClipboard:
    return QApplication.clipboard()


def _open(qtbot, make_window, vault: Vault, diary_dir: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    vault.add_incident(make_content(what=ENTRY))
    vault.close()
    _clipboard().clear()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    return window


def _copy_from_the_editor(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.timeline.bar.new_button.click()
    field = window.editor.form.text
    field.setPlainText(ENTRY)
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(field, Qt.Key.Key_C, CTRL)
    assert _clipboard().text() == ENTRY


def test_text_copied_from_an_entry_is_cleared_when_the_diary_locks(
    qtbot, make_window, vault, diary_dir
) -> None:
    window = _open(qtbot, make_window, vault, diary_dir)
    _copy_from_the_editor(qtbot, window)
    window.lock()
    assert _clipboard().text() == ""


def test_the_idle_lock_clears_it_too(qtbot, make_window, vault, diary_dir) -> None:
    window = _open(qtbot, make_window, vault, diary_dir)
    _copy_from_the_editor(qtbot, window)
    window.idle.idle.emit()  # what the idle watcher sends after the minutes chosen
    assert not window.session.is_open
    assert _clipboard().text() == ""


def test_quick_exit_clears_it(qtbot, make_window, vault, diary_dir) -> None:
    window = _open(qtbot, make_window, vault, diary_dir)
    _copy_from_the_editor(qtbot, window)
    with qtbot.waitSignal(window.quick_exited):
        window.bar.exit_button.click()
    assert _clipboard().text() == ""


def test_copies_from_the_reading_pane_and_the_timeline_are_cleared(
    qtbot, make_window, vault, diary_dir
) -> None:
    window = _open(qtbot, make_window, vault, diary_dir)
    timeline = window.timeline
    timeline.select_incident(timeline.model.row_at(0).id)
    reading = timeline.detail.text
    reading.setFocus()
    qtbot.keyClick(reading, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(reading, Qt.Key.Key_C, CTRL)
    assert ENTRY in _clipboard().text()
    window.lock()
    assert _clipboard().text() == ""

    unlock(qtbot, window)
    table = timeline.table
    table.setFocus()
    table.setCurrentIndex(timeline.model.index(0, COL_SUMMARY))
    qtbot.keyClick(table, Qt.Key.Key_C, CTRL)
    assert "school gate" in _clipboard().text()
    window.lock()
    assert _clipboard().text() == ""


def test_the_recovery_key_copied_from_its_page_is_cleared(
    qtbot, make_window, vault, diary_dir
) -> None:
    window = _open(qtbot, make_window, vault, diary_dir)
    key = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789"
    window._show_recovery_key(key)
    label = window.recovery_key.key_label
    label.setFocus()
    label.setSelection(0, len(key))
    qtbot.keyClick(label, Qt.Key.Key_C, CTRL)
    assert _clipboard().text() == key
    window.lock()
    assert _clipboard().text() == ""


def test_what_the_app_copies_for_the_person_is_cleared(
    qtbot, make_window, vault, diary_dir
) -> None:
    window = _open(qtbot, make_window, vault, diary_dir)
    window.clipboard.copy_text("Signing key fingerprint 1A2B 3C4D")
    window.lock()
    assert _clipboard().text() == ""


def test_text_copied_in_another_program_is_left(qtbot, make_window, vault, diary_dir) -> None:
    window = _open(qtbot, make_window, vault, diary_dir)
    _clipboard().setText(ELSEWHERE)
    window.lock()
    assert _clipboard().text() == ELSEWHERE


def test_another_programs_copy_made_after_the_apps_is_left(
    qtbot, make_window, vault, diary_dir
) -> None:
    window = _open(qtbot, make_window, vault, diary_dir)
    _copy_from_the_editor(qtbot, window)
    window.editor.form.location.setFocus()  # the entry text is no longer selected where focused
    _clipboard().setText(ELSEWHERE)
    window.lock()
    assert _clipboard().text() == ELSEWHERE
