"""Small things a person notices: where the form opens, what a paste keeps, what an empty or
filtered-out timeline says, warnings that no longer apply, and how the diary speaks to them."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from diary.gui.timeline.timeline_page import NOTHING_MATCHES, NOTHING_YET
from tests.conftest import make_content
from tests.gui.conftest import unlock


def _open(qtbot, make_window, vault, diary_dir):  # type: ignore[no-untyped-def]
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    return window


def test_edit_this_entry_opens_the_form_at_its_top(qtbot, make_window, vault, diary_dir) -> None:
    vault.add_incident(make_content(what="He followed me from the station."))
    window = _open(qtbot, make_window, vault, diary_dir)
    window.resize(1016, 512)
    window.timeline.table.selectRow(0)
    window.timeline.detail.edit_button.click()
    editor = window.editor
    for section in editor.form.sections:
        section.set_open(True)
    bar = editor.form_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())  # read down to the bottom, then closed
    editor.discard()
    window.timeline.detail.edit_button.click()
    assert bar.value() == 0  # the heading and When in sight again


def test_ctrl_v_with_a_picture_and_words_keeps_both(qtbot, make_window, vault, diary_dir) -> None:
    window = _open(qtbot, make_window, vault, diary_dir)
    window.open_editor(None)
    editor = window.editor
    picture = QImage(1080, 2400, QImage.Format.Format_RGB32)  # a phone's screenshot
    picture.fill(QColor("teal"))
    both = QMimeData()
    both.setImageData(picture)
    both.setText("I know where you live")
    QApplication.clipboard().setMimeData(both)
    editor.form.text.setFocus()
    qtbot.keyClick(editor.form.text, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(editor.files.pending) == 1  # the picture is kept
    assert "I know where you live" in editor.form.text.toPlainText()  # and so are the words
    # It shows as a picture a person can recognise, not a sliver.
    row = editor.files.list.visualItemRect(editor.files.list.item(0))
    assert row.height() >= 96
    assert editor.files.list.height() >= row.height()


def test_a_new_diary_and_a_search_that_finds_nothing_say_so(
    qtbot, make_window, vault, diary_dir
) -> None:
    window = _open(qtbot, make_window, vault, diary_dir)
    timeline = window.timeline
    assert timeline.listing.currentWidget() is timeline.empty
    assert timeline.empty.text() == NOTHING_YET
    assert not timeline.table.isVisible()
    window.session.vault.add_incident(make_content(what="Flowers left on the step."))
    timeline.load()
    assert timeline.table.isVisible()
    timeline.bar.search.setText("parcel")
    assert timeline.empty.isVisible() and timeline.empty.text() == NOTHING_MATCHES
    timeline.bar.clear_button.click()
    assert timeline.table.isVisible()


def test_a_passphrase_warning_goes_once_it_is_put_right(qtbot, make_window, diary_dir) -> None:
    window = make_window(diary_dir)
    page = window.first_run
    page.name.setText("Sam Example")
    page.passphrase.setText("password123")
    page.confirm.setText("password123")
    page.create_button.click()
    assert "guess" in page.error.text()
    page.passphrase.setText("password")  # still not acceptable: the warning stays
    assert "guess" in page.error.text()
    page.passphrase.setText("lantern otter purple harbour")
    assert page.error.text() == ""
    page.create_button.click()
    assert "different" in page.error.text()
    page.confirm.setText("lantern otter purple harbour")
    assert page.error.text() == ""


def test_the_recovery_key_check_reads_o_as_0_and_i_as_1(qtbot) -> None:
    from diary.gui.session.recovery_key_page import RecoveryKeyPage

    page = RecoveryKeyPage()
    qtbot.addWidget(page)
    page.show_key("ABCD-EFGH-JKMN-PQRS-TVWX-YZ23-4510")
    with qtbot.waitSignal(page.confirmed):
        page.check.setText("yz23 45IO")
        page.continue_button.click()
    assert page.message.text() == ""


def test_the_person_is_you_in_their_own_diary(qtbot, make_window, vault, diary_dir) -> None:
    vault.add_incident(make_content(what="He was outside the gym."))
    window = _open(qtbot, make_window, vault, diary_dir)
    window.timeline.table.selectRow(0)
    shown = window.timeline.detail.text.toPlainText()
    assert "by you" in shown
    assert "victim" not in shown.lower()


def test_a_new_passphrase_refusal_goes_once_it_is_put_right(qtbot, vault) -> None:
    from diary.gui.session.key_change_dialog import KeyChangeDialog

    dialog = KeyChangeDialog(vault, "Choose a new passphrase.", new_passphrase=True)
    qtbot.addWidget(dialog)
    assert dialog.passphrase is not None and dialog.confirm is not None
    dialog.passphrase.setText("password123")
    dialog.confirm.setText("password123")
    dialog.start()
    refusal = dialog.message.text()
    assert "guess" in refusal
    dialog.passphrase.setText("lantern otter purple harbour")
    assert dialog.message.text() == refusal  # the two are not the same yet
    dialog.confirm.setText("lantern otter purple harbour")
    assert dialog.message.text() == ""
