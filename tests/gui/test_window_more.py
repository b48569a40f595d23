"""Locking, settings, images, the recovery key and dropped files, through the real window."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QMessageBox, QToolButton

from diary.domain.errors import WrongPassphrase
from diary.gui.editing.attachment_panel import image_as_png
from diary.gui.session.backup_dialog import BackupDialog
from diary.gui.session.key_change_dialog import NOT_CURRENT, KeyChangeDialog
from diary.gui.session.recovery_key_page import RecoveryKeyDialog
from diary.gui.settings_dialog import SettingsDialog
from diary.gui.viewers.image_viewer_dialog import ImageViewerDialog
from diary.vault import Vault
from tests.conftest import PASSPHRASE, make_content
from tests.gui.conftest import OPEN_TIMEOUT_MS, unlock


def _open_window(qtbot, make_window, vault: Vault, diary_dir: Path):  # type: ignore[no-untyped-def]
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    return window


def test_idle_timeout_locks_and_empties_the_window(qtbot, make_window, vault, diary_dir) -> None:
    vault.add_incident(make_content(what="He was at the gate."))
    window = _open_window(qtbot, make_window, vault, diary_dir)
    assert window.timeline.model.rowCount() == 1
    with qtbot.waitSignal(window.session.locked, timeout=5000):
        window.idle.start(0.0005)  # 30 ms without input
    assert window.pages.currentWidget() is window.unlock_page
    assert window.timeline.model.rowCount() == 0
    assert window.windowTitle() == "Notes"


def test_ctrl_l_locks(qtbot, make_window, vault, diary_dir) -> None:
    window = _open_window(qtbot, make_window, vault, diary_dir)
    qtbot.keyClick(window.timeline.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not window.session.is_open
    assert window.pages.currentWidget() is window.unlock_page


def test_settings_live_in_the_encrypted_diary(qtbot, make_window, vault, diary_dir) -> None:
    window = _open_window(qtbot, make_window, vault, diary_dir)
    assert window.windowTitle() == "Evidence Diary"
    window.open_settings()
    dialog = window.findChild(SettingsDialog)
    dialog.idle_minutes.setValue(9)
    dialog.discreet.setChecked(True)
    dialog.initials.setText("ab")
    dialog.save()
    assert window.windowTitle() == "Notes"
    opened = window.session.vault
    assert opened.setting("idle_minutes") == "9" and opened.setting("discreet") == "1"
    assert opened.case.initials == "AB"
    # Qt's own settings (file dialog history, last folder) cannot reach the disk.
    qt_settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    assert qt_settings.fileName().startswith(os.devnull)


def test_bad_initials_are_refused_in_settings(qtbot, make_window, vault, diary_dir) -> None:
    window = _open_window(qtbot, make_window, vault, diary_dir)
    window.open_settings()
    dialog = window.findChild(SettingsDialog)
    dialog.initials.setText("J.S.")
    dialog.save()
    assert "Initials" in dialog.error.text()
    assert window.session.vault.case.initials == "SE"


def test_thumbnail_opens_the_image_full_size_inside_the_app(
    qtbot, make_window, vault, diary_dir
) -> None:
    incident = vault.add_incident(make_content(what="A message from a new account."))
    picture = QImage(700, 500, QImage.Format.Format_RGB32)
    picture.fill(QColor("navy"))
    vault.attach_bytes(incident, "message.png", image_as_png(picture))
    window = _open_window(qtbot, make_window, vault, diary_dir)
    window.timeline.table.selectRow(0)
    buttons = window.timeline.detail.thumbs.findChildren(QToolButton)
    thumb = next(b for b in buttons if b.accessibleName().startswith("Show "))
    thumb.click()
    qtbot.waitUntil(lambda: window.timeline.findChild(ImageViewerDialog) is not None)
    viewer = window.timeline.findChild(ImageViewerDialog)
    assert viewer.isVisible()
    assert (viewer.pixmap.width(), viewer.pixmap.height()) == (700, 500)
    window.lock()
    qtbot.waitUntil(
        lambda: (
            window.timeline.findChild(ImageViewerDialog) is None
            or not window.timeline.findChild(ImageViewerDialog).isVisible()
        )
    )


def _key_change_dialog(qtbot, parent) -> KeyChangeDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: parent.findChild(KeyChangeDialog) is not None)
    return parent.findChild(KeyChangeDialog)


def _shown_recovery_key(qtbot, dialog: KeyChangeDialog) -> RecoveryKeyDialog:  # type: ignore[no-untyped-def]
    """Wait for the change to finish and its new recovery key to be shown."""
    qtbot.waitUntil(lambda: dialog.recovery_dialog is not None, timeout=OPEN_TIMEOUT_MS)
    assert dialog.recovery_dialog is not None
    return dialog.recovery_dialog


def test_recovery_key_opens_and_a_new_passphrase_is_set(
    qtbot, make_window, new_vault, diary_dir
) -> None:
    vault, recovery = new_vault
    vault.close()
    window = make_window(diary_dir)
    page = window.unlock_page
    page.switch_button.click()
    page.secret.setText(recovery.lower().replace("-", " "))
    with qtbot.waitSignal(page.unlocked, timeout=OPEN_TIMEOUT_MS):
        page.unlock_button.click()
    dialog = _key_change_dialog(qtbot, window)
    assert dialog.current is None  # the recovery key was just proved: not asked again
    dialog.passphrase.setText("a brand new passphrase")
    dialog.confirm.setText("a brand new passphrase")
    dialog.start()
    shown = _shown_recovery_key(qtbot, dialog)
    new_key = shown.page.key_label.text()
    assert new_key and new_key != recovery
    shown.page.check.setText(_tail(new_key))
    shown.page.continue_button.click()
    window.lock()
    unlock(qtbot, window, "a brand new passphrase")
    assert window.session.is_open
    window.lock()
    window.session.wait_for_backup()
    # The recovery key that was used, and the forgotten passphrase, open nothing any more.
    for old in (
        lambda: Vault.open_with_recovery(diary_dir, recovery),
        lambda: Vault.open(diary_dir, PASSPHRASE),
    ):
        with pytest.raises(WrongPassphrase):
            old()
    qtbot.waitUntil(lambda: not window.session.backing_up)


NEW_PASSPHRASE = PASSPHRASE + " made in the window"


def _tail(key: str) -> str:
    return "-".join(key.split("-")[-2:])


def test_a_recovery_key_never_confirmed_is_replaced_at_the_next_unlock(
    qtbot, make_window, diary_dir
) -> None:
    window = make_window(diary_dir)
    first = window.first_run
    first.name.setText("Sam Example")
    first.initials.setText("SE")
    first.passphrase.setText(NEW_PASSPHRASE)
    first.confirm.setText(NEW_PASSPHRASE)
    assert first.error.text() == ""
    with qtbot.waitSignal(first.created, timeout=OPEN_TIMEOUT_MS) as created:
        first.create_button.click()
    shown_first = created.args[1]
    page = window.recovery_key
    assert page.key_label.text() == shown_first
    window.lock()  # someone came in: the key was never written down
    assert page.key_label.text() == ""  # not left on the locked window

    unlock(qtbot, window, NEW_PASSPHRASE)
    # A new key is made at once, under a new data key, and shown to be written down.
    shown = _shown_recovery_key(qtbot, _key_change_dialog(qtbot, window))
    shown_now = shown.page.key_label.text()
    assert shown_now and shown_now != shown_first
    shown.page.check.setText(_tail(shown_now))
    shown.page.continue_button.click()
    assert window.pages.currentWidget() is window.timeline
    window.lock()
    unlock(qtbot, window, NEW_PASSPHRASE)
    assert window.findChild(KeyChangeDialog) is None  # confirmed: asked no more
    window.lock()
    if window.session.backing_up:  # the backup made on locking holds the diary until done
        with qtbot.waitSignal(window.session.backup_finished, timeout=OPEN_TIMEOUT_MS):
            pass

    with pytest.raises(WrongPassphrase):
        Vault.open_with_recovery(diary_dir, shown_first)
    Vault.open_with_recovery(diary_dir, shown_now).close()


def test_settings_ask_for_the_current_passphrase_before_a_new_recovery_key(
    qtbot, make_window, new_vault, diary_dir
) -> None:
    vault, old = new_vault
    window = _open_window(qtbot, make_window, vault, diary_dir)
    window.open_settings()
    settings = window.findChild(SettingsDialog)
    settings.recovery_button.click()
    dialog = _key_change_dialog(qtbot, settings)
    # Someone at the unlocked screen who does not know the passphrase changes nothing.
    dialog.current.setText("not the passphrase at all")
    with qtbot.waitSignal(dialog.step_ended, timeout=OPEN_TIMEOUT_MS):
        dialog.start()
    assert dialog.message.text() == NOT_CURRENT
    assert dialog.recovery_dialog is None
    dialog.current.setText(PASSPHRASE)
    dialog.start()
    shown = _shown_recovery_key(qtbot, dialog)
    new = shown.page.key_label.text()
    assert new and new != old
    label = shown.page.key_label
    qtbot.waitUntil(label.isVisible)
    shown.resize(300, 300)  # as narrow as it will go
    QApplication.processEvents()
    assert label.contentsRect().width() >= label.fontMetrics().horizontalAdvance(new)  # all of it
    shown.page.check.setText(_tail(new))
    shown.page.continue_button.click()
    qtbot.waitUntil(lambda: "in force" in settings.error.text())
    assert settings.error.objectName() == "calm"  # good news is not shown in red
    assert "A new backup under the new key was made in" in settings.error.text()
    assert window.session.vault.recovery_key_confirmed
    settings.reject()
    window.lock()
    window.session.wait_for_backup()
    with pytest.raises(WrongPassphrase):
        Vault.open_with_recovery(diary_dir, old)
    qtbot.waitUntil(lambda: not window.session.backing_up)
    Vault.open_with_recovery(diary_dir, new).close()


def test_settings_change_the_passphrase_only_with_the_current_one(
    qtbot, make_window, new_vault, diary_dir
) -> None:
    vault, _ = new_vault
    window = _open_window(qtbot, make_window, vault, diary_dir)
    window.open_settings()
    settings = window.findChild(SettingsDialog)
    settings.passphrase_button.click()
    dialog = _key_change_dialog(qtbot, settings)
    dialog.passphrase.setText(NEW_PASSPHRASE)
    dialog.confirm.setText(NEW_PASSPHRASE)
    dialog.current.setText("a guess at the passphrase")
    with qtbot.waitSignal(dialog.step_ended, timeout=OPEN_TIMEOUT_MS):
        dialog.start()
    assert dialog.message.text() == NOT_CURRENT
    dialog.current.setText(PASSPHRASE)
    dialog.start()
    shown = _shown_recovery_key(qtbot, dialog)
    shown.reject()  # closed without checking the new key: it will be replaced next time
    qtbot.waitUntil(lambda: "was not checked" in settings.error.text())
    settings.reject()
    window.lock()
    window.session.wait_for_backup()
    qtbot.waitUntil(lambda: not window.session.backing_up)
    with pytest.raises(WrongPassphrase):
        Vault.open(diary_dir, PASSPHRASE)
    Vault.open(diary_dir, NEW_PASSPHRASE).close()


def test_backing_up_now_updates_the_line_under_the_timeline(
    qtbot, make_window, vault, diary_dir
) -> None:
    window = _open_window(qtbot, make_window, vault, diary_dir)
    status = window.timeline.backup_status
    assert status.text().startswith("No verified backup yet")
    window.open_settings()
    settings = window.findChild(SettingsDialog)
    in_dialog: list[str] = []

    def back_up_and_close() -> None:
        dialog = settings.findChild(BackupDialog)
        with qtbot.waitSignal(dialog.step_ended, timeout=OPEN_TIMEOUT_MS):
            dialog.back_up_now()  # in a worker: the window stays alive
        in_dialog.append(dialog.last_backup.text())
        dialog.reject()

    QTimer.singleShot(0, back_up_and_close)
    settings.backup_button.click()  # modal: returns once the dialog is closed
    assert in_dialog[0].startswith("Last verified backup: ")
    assert status.text() == in_dialog[0]  # the same moment, said the same way


def test_dropped_file_is_kept_byte_for_byte(
    qtbot, make_window, vault, diary_dir, tmp_path: Path
) -> None:
    window = _open_window(qtbot, make_window, vault, diary_dir)
    evidence = tmp_path / "voicemail.m4a"
    evidence.write_bytes(b"\x00\x01fake audio\xff" * 100)
    window.timeline.bar.new_button.click()
    editor = window.editor
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(evidence))])
    target = editor.form.text
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, drop)
    assert [p.filename for p in editor.files.pending] == ["voicemail.m4a"]
    assert editor.form.text.toPlainText() == ""  # the path was not typed into the text
    editor.form.location.setText("By phone")
    editor.form.text.setPlainText("He left a voicemail.")
    with qtbot.waitSignal(editor.saved, timeout=OPEN_TIMEOUT_MS):
        editor.save_button.click()
    opened = window.session.vault
    (incident,) = opened.incidents()
    assert opened.read_original(incident.attachments[0].id) == evidence.read_bytes()


def test_an_entry_without_a_place_is_refused_and_nothing_saved(
    qtbot, make_window, vault, diary_dir
) -> None:
    window = _open_window(qtbot, make_window, vault, diary_dir)
    window.timeline.bar.new_button.click()
    editor = window.editor
    editor.form.text.setPlainText("Something happened.")
    editor.save_button.click()
    assert "where it happened" in editor.error.text()
    assert window.pages.currentWidget() is editor
    assert window.session.vault.incidents() == []


def test_locking_while_files_are_stored_loses_none(qtbot, make_window, vault, diary_dir) -> None:
    window = _open_window(qtbot, make_window, vault, diary_dir)
    window.timeline.bar.new_button.click()
    editor = window.editor
    editor.form.location.setText("Online")
    editor.form.text.setPlainText("Three messages in a row.")
    for colour in ("red", "green", "blue"):
        picture = QImage(300, 200, QImage.Format.Format_RGB32)
        picture.fill(QColor(colour))
        editor.files.add_image(picture)
    with qtbot.waitSignal(window.session.backup_finished, timeout=OPEN_TIMEOUT_MS):
        editor.save_button.click()
        window.lock()  # waits for the file being stored, then locks and backs up
    with Vault.open(diary_dir, PASSPHRASE) as opened:
        (incident,) = opened.incidents()
        left = opened.draft(f"editor:{incident.id}:files")
        waiting = len(json.loads(left)) if left else 0
        assert len(incident.attachments) + waiting == 3


def test_search_text_that_looks_like_query_syntax_is_just_text(
    qtbot, make_window, vault, diary_dir
) -> None:
    vault.add_incident(make_content(what='He wrote "NEAR(me)" on the wall.'))
    window = _open_window(qtbot, make_window, vault, diary_dir)
    qtbot.keyClicks(window.timeline.bar.search, '"NEAR(')
    assert window.timeline.model.rowCount() == 1
    window.timeline.bar.search.setText("AND OR *")
    assert window.timeline.model.rowCount() == 0


def test_a_time_that_never_happened_is_explained(qtbot, make_window, vault, diary_dir) -> None:
    window = _open_window(qtbot, make_window, vault, diary_dir)
    window.timeline.bar.new_button.click()
    editor = window.editor
    editor.form.zone = "Europe/London"
    editor.form.occurred.setDateTime(
        editor.form.occurred.dateTime().fromString("2024-03-31T01:30", "yyyy-MM-ddTHH:mm")
    )
    editor.form.location.setText("Home")
    editor.form.text.setPlainText("A knock at the door.")
    editor.save_button.click()
    assert "clocks went forward" in editor.error.text()
    assert window.session.vault.incidents() == []


def test_discreet_diary_lives_in_a_neutral_folder(qtbot, make_window, tmp_path) -> None:
    from diary.gui.app import build_window

    window = build_window()  # no folder named: the default places, under the test's data home
    qtbot.addWidget(window)
    window.show()
    first = window.first_run
    first.name.setText("Sam Example")
    first.initials.setText("SE")
    first.passphrase.setText("quiet lantern by the river")
    first.confirm.setText("quiet lantern by the river")
    first.discreet.setChecked(True)
    with qtbot.waitSignal(first.created, timeout=OPEN_TIMEOUT_MS, raising=False) as created:
        first.create_button.click()
    assert created.signal_triggered, first.error.text()
    assert (tmp_path / "xdg-data" / "notes" / "keys.json").exists()
    key = created.args[1]
    assert window.windowTitle() == "Notes"  # already, while the recovery key is on screen
    window.recovery_key.check.setText("-".join(key.split("-")[-2:]))
    window.recovery_key.continue_button.click()
    assert window.windowTitle() == "Notes"
    window.session.lock()


def test_tab_goes_from_the_account_to_the_files(qtbot, make_window, vault, diary_dir) -> None:
    window = _open_window(qtbot, make_window, vault, diary_dir)
    window.timeline.bar.new_button.click()
    editor = window.editor
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    editor.form.text.setFocus()
    qtbot.keyClick(editor.form.text, Qt.Key.Key_Tab)
    # How it is known sits under the account: seen or heard (chosen), then the files.
    assert QApplication.focusWidget() is editor.form.knowledge.seen
    editor.form.knowledge.told.setChecked(True)  # the name is asked for only then
    editor.form.knowledge.told_by.setFocus()
    assert QApplication.focusWidget() is editor.form.knowledge.told_by
    qtbot.keyClick(editor.form.knowledge.told_by, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.files.add_button
    editor.files.add_image(QImage(20, 20, QImage.Format.Format_RGB32))  # shows the source fields
    last = list(editor.files.source_edits.values())[-1]
    last.setFocus()
    assert QApplication.focusWidget() is last
    qtbot.keyClick(last, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.form.sections[0].toggle


def test_editing_opens_the_sections_that_hold_something(
    qtbot, make_window, vault, diary_dir
) -> None:
    incident = vault.add_incident(make_content(witnesses=("A neighbour",), police_ref="CR/9"))
    window = _open_window(qtbot, make_window, vault, diary_dir)
    window.open_editor(incident)
    kinds, people, impact, police, private = window.editor.form.sections
    assert people.is_open and police.is_open
    assert not kinds.is_open and not impact.is_open and not private.is_open


def test_pasting_a_screenshot_on_the_timeline_starts_an_entry(
    qtbot, make_window, vault, diary_dir
) -> None:
    window = _open_window(qtbot, make_window, vault, diary_dir)
    picture = QImage(30, 30, QImage.Format.Format_RGB32)
    picture.fill(QColor("orange"))
    QApplication.clipboard().setImage(picture)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    start = window.timeline.first_field  # New entry: an empty diary has no table yet
    start.setFocus()
    qtbot.keyClick(start, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.editor
    assert len(window.editor.files.pending) == 1


def test_a_draft_for_a_deleted_entry_does_not_stop_the_diary_opening(
    qtbot, make_window, vault, diary_dir
) -> None:
    gone = vault.add_incident(make_content(what="Typed twice by mistake."))
    vault.save_draft(f"editor:{gone}", json.dumps({"text": "half a change"}))
    vault.delete_incident(gone, "duplicate")
    window = _open_window(qtbot, make_window, vault, diary_dir)
    assert window.pages.currentWidget() is window.timeline
    assert "no incident" in window.notice.text()


def test_every_column_title_of_the_timeline_is_shown_whole(
    qtbot, make_window, vault, diary_dir
) -> None:
    vault.add_incident(make_content(what="He was outside the gym."))  # a table to show
    window = _open_window(qtbot, make_window, vault, diary_dir)
    header = window.timeline.table.horizontalHeader()
    for column in range(header.count()):
        title = window.timeline.table.model().headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= header.sectionSizeHint(column), title


def test_a_lock_during_back_up_now_waits_for_the_backup_then_locks(
    qtbot, make_window, vault, diary_dir
) -> None:
    vault.add_incident(make_content(what="Kept safe."))
    window = _open_window(qtbot, make_window, vault, diary_dir)
    window.open_settings()
    settings = window.findChild(SettingsDialog)
    seen: list[bool] = []

    def back_up_then_lock() -> None:
        dialog = settings.findChild(BackupDialog)
        with qtbot.waitSignal(window.session.locked, timeout=OPEN_TIMEOUT_MS):
            dialog.back_up_now()
            window.lock()  # the idle timer fires while the backup is being made
            seen.append(window.session.is_open)  # not yet: the backup is using the diary

    QTimer.singleShot(0, back_up_then_lock)
    settings.backup_button.click()
    assert seen == [True]
    assert window.pages.currentWidget() is window.unlock_page
    assert len(list((diary_dir / "backups").glob("*.backup"))) >= 1


def test_looking_at_an_entry_closes_without_asking_and_typing_asks_first(
    qtbot, make_window, vault, diary_dir, monkeypatch
) -> None:
    incident = vault.add_incident(make_content(what="He was at the gate."))
    window = _open_window(qtbot, make_window, vault, diary_dir)
    asked: list[str] = []

    def answer(parent, title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.open_editor(incident)
    editor = window.editor
    assert editor.cancel_button.text() == "Close"
    qtbot.keyClick(editor.form.text, Qt.Key.Key_Escape)
    assert asked == [] and window.pages.currentWidget() is window.timeline
    window.open_editor(incident)
    editor.form.text.setPlainText("He was at the gate again.")
    assert editor.cancel_button.text() == "Discard"
    editor.cancel_button.click()
    assert len(asked) == 1 and window.pages.currentWidget() is editor  # kept: Cancel chosen


def test_the_longest_when_fits_its_column(qtbot, make_window, vault, diary_dir) -> None:
    from diary.domain.times import parse_moment

    when = parse_moment("2024-09-25T22:55", "Europe/London", approximate=True)
    vault.add_incident(make_content().with_changes(occurred=when))
    window = _open_window(qtbot, make_window, vault, diary_dir)
    table = window.timeline.table
    shown = table.model().index(0, 0).data()
    assert "about" in shown
    assert table.columnWidth(0) >= table.fontMetrics().horizontalAdvance(shown) + 8
