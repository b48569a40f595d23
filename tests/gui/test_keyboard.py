"""The window by keyboard alone, and what a screen reader hears: Tab reaches every control on
every screen and leaves each one, Enter opens an entry, every control has a name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QWidget

from diary.gui.exporting.export_dialog import ExportDialog
from diary.gui.help_dialog import HelpDialog
from diary.gui.importing.import_dialog import ImportDialog
from diary.gui.settings_dialog import SettingsDialog
from diary.gui.viewers.image_viewer_dialog import ImageViewerDialog
from diary.vault import Vault
from tests.conftest import make_content
from tests.gui.conftest import unlock
from tests.gui.tab_walk import describe, focusable_controls, tab_walk


def _image_png() -> bytes:
    from diary.gui.editing.attachment_panel import image_as_png

    picture = QImage(320, 200, QImage.Format.Format_RGB32)
    picture.fill(QColor("navy"))
    return image_as_png(picture)


def _open(qtbot, make_window, vault: Vault, diary_dir: Path):  # type: ignore[no-untyped-def]
    first = vault.add_incident(make_content(what="He was outside the gym again."))
    vault.attach_bytes(first, "message.png", _image_png())
    vault.add_incident(make_content(what="Three calls from a withheld number."))
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    return window


def _assert_walk_reaches_everything(root: QWidget, start: QWidget) -> None:
    reached = set(tab_walk(start)) | {QApplication.focusWidget()}
    missed = [describe(w) for w in focusable_controls(root) if w not in reached]
    assert missed == [], f"Tab never reaches {missed}"


def _assert_named(root: QWidget) -> None:
    unnamed = []
    for widget in focusable_controls(root):
        face = QAccessible.queryAccessibleInterface(widget)
        if face is None or not face.text(QAccessible.Text.Name).strip():
            unnamed.append(describe(widget))
    assert unnamed == [], f"no name for a screen reader: {unnamed}"


def test_locked_screen_by_keyboard(qtbot, make_window, vault, diary_dir) -> None:
    vault.close()
    window = make_window(diary_dir)
    _assert_walk_reaches_everything(window, window.unlock_page.secret.edit)
    _assert_named(window)


def test_first_run_by_keyboard(qtbot, make_window, diary_dir) -> None:
    window = make_window(diary_dir)
    _assert_walk_reaches_everything(window, window.first_run.name)
    _assert_named(window)


def test_timeline_by_keyboard_table_is_one_stop_and_enter_opens(
    qtbot, make_window, vault, diary_dir
) -> None:
    window = _open(qtbot, make_window, vault, diary_dir)
    timeline = window.timeline
    timeline.table.selectRow(0)
    walk = tab_walk(timeline.bar.new_button)
    assert walk.count(timeline.table) == 1  # one stop, never one per cell
    assert walk.index(timeline.bar.search) < walk.index(timeline.table)
    _assert_walk_reaches_everything(window, timeline.bar.new_button)
    _assert_named(window)
    # Enter on a row opens that entry, as a double click does.
    row = next(
        r
        for r in range(timeline.model.rowCount())
        if "withheld" in timeline.model.row_at(r).summary
    )
    timeline.table.setFocus()
    timeline.table.selectRow(row)
    QTest.keyClick(timeline.table, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.editor
    assert window.editor.form.text.toPlainText() == "Three calls from a withheld number."


def test_editor_by_keyboard_reaches_when_and_every_open_section(
    qtbot, make_window, vault, diary_dir
) -> None:
    window = _open(qtbot, make_window, vault, diary_dir)
    window.open_editor(None)
    form = window.editor.form
    for section in form.sections:
        section.set_open(True)
    walk = tab_walk(window.bar.exit_button)
    # From the bar above, Tab goes to When first, then its boxes, then Where.
    assert walk[:4] == [form.occurred, form.approximate, form.date_only, form.has_end]
    assert walk.index(form.location) < walk.index(form.text)
    _assert_walk_reaches_everything(window, window.bar.exit_button)
    _assert_named(window)


def test_dialogs_by_keyboard(qtbot, make_window, vault, diary_dir) -> None:
    window = _open(qtbot, make_window, vault, diary_dir)
    session = window.session
    incident = next(i for i in session.vault.incidents() if i.attachments)
    attachment = incident.attachments[0]
    dialogs: list[QDialog] = [
        HelpDialog(discreet=False, parent=window),
        SettingsDialog(session, window),
        ExportDialog(session, window),
        ImageViewerDialog(attachment, session.vault.read_original(attachment.id), window),
    ]
    importing = ImportDialog(session, window)
    for page in (importing.share, importing.csv, importing.messages):
        dialogs.append(importing)
        importing.show_page(page)
        importing.show()
        qtbot.waitExposed(importing)
        start = focusable_controls(importing)[0]
        _assert_walk_reaches_everything(importing, start)
        _assert_named(importing)
    for dialog in dialogs[:4]:
        dialog.show()
        qtbot.waitExposed(dialog)
        start = focusable_controls(dialog)[0]
        _assert_walk_reaches_everything(dialog, start)
        _assert_named(dialog)
        dialog.reject()


def test_spreadsheet_column_table_does_not_keep_tab(
    qtbot, make_window, vault, diary_dir, tmp_path
) -> None:
    window = _open(qtbot, make_window, vault, diary_dir)
    dialog = ImportDialog(window.session, window)
    dialog.show_page(dialog.csv)
    dialog.show()
    sheet = tmp_path / "old.csv"
    sheet.write_text("Date,What happened\n03/02/2024,He was at the bus stop.\n", encoding="utf-8")
    dialog.csv.choose_file(sheet)
    first_choice = dialog.csv.columns.findChildren(QComboBox)[0]
    walk = tab_walk(first_choice)  # fails if Tab goes round the table's choices for ever
    assert dialog.csv.import_button in walk
    assert walk.count(dialog.csv.columns) == 1


def test_typing_a_day_into_the_filter(qtbot, make_window, vault, diary_dir) -> None:
    window = _open(qtbot, make_window, vault, diary_dir)
    bar = window.timeline.bar
    bar.start.edit.setFocus()
    QTest.keyClicks(bar.start.edit, "1 Mar 2024")
    QTest.keyClick(bar.start.edit, Qt.Key.Key_Return)
    assert bar.start.edit.text() == "1 Mar 2024"
    assert bar.dates() == (date(2024, 3, 1), None)
    # Something that is not a day is said so, and the filter stays as it was.
    bar.end.edit.setText("next Tuesday")
    with qtbot.waitSignal(window.timeline.failed) as said:
        bar.end.edit.editingFinished.emit()
    assert "not a day" in said.args[0]
    assert bar.dates() == (date(2024, 3, 1), None)
    bar.start.edit.clear()
    assert bar.dates() == (None, None)


def test_behaviours_menu_stays_open_while_ticking(qtbot, make_window, vault, diary_dir) -> None:
    window = _open(qtbot, make_window, vault, diary_dir)
    bar = window.timeline.bar
    menu = bar.behaviour_button.menu()
    menu.popup(bar.behaviour_button.mapToGlobal(bar.behaviour_button.rect().bottomLeft()))
    qtbot.waitExposed(menu)
    actions = [a for a in menu.actions() if a.isCheckable()]
    for action in actions[:2]:
        QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    assert menu.isVisible()
    assert all(a.isChecked() for a in actions[:2])
    menu.setActiveAction(actions[2])
    QTest.keyClick(menu, Qt.Key.Key_Space)
    assert menu.isVisible() and actions[2].isChecked()
    assert bar.behaviour_button.text() == "3 behaviours"
    menu.close()
