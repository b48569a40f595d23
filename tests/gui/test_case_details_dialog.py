"""The case-details dialog: the suspect, police contacts and orders with their conditions,
entered in the window, saved into the diary and seen again when it is opened afresh."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint

from diary.domain.orders import Condition
from diary.gui.exporting.case_details_dialog import CaseDetailsDialog
from tests.gui.conftest import unlock
from tests.gui.test_window_more import _open_window


def _inside_screen(dialog: CaseDetailsDialog) -> None:
    available = dialog.screen().availableGeometry()
    assert dialog.width() <= available.width() and dialog.height() <= available.height()
    for button in dialog.buttons.buttons():
        corner = button.mapToGlobal(QPoint(button.width(), button.height()))
        assert available.contains(button.mapToGlobal(QPoint(0, 0))) and available.contains(corner)


def test_an_order_with_conditions_is_saved_and_seen_again(
    qtbot, make_window, vault, diary_dir
) -> None:
    window = _open_window(qtbot, make_window, vault, diary_dir)
    window.bar.case_button.click()
    dialog = window.findChild(CaseDetailsDialog)
    assert dialog is not None and dialog.isVisible()
    _inside_screen(dialog)
    dialog.fields["suspect_names"].setText("R. Example")
    dialog.fields["police_force"].setText("Example Constabulary")
    editor = dialog.editor
    editor.kind.setCurrentIndex(editor.kind.findData("restraining"))
    editor.court.setText("Example Crown Court")
    editor.made.setText("2024-03-14")
    editor.forbids["contact"].setChecked(True)
    editor.forbids["following"].setChecked(True)
    editor.places.setPlainText("my home; my front door")
    dialog.add_order()
    assert dialog.order_list.count() == 1
    assert "Restraining order, made 14 March 2024" in dialog.order_list.item(0).text()
    with qtbot.waitSignal(dialog.saved):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()

    window.session.lock()
    unlock(qtbot, window)
    case = window.session.vault.case
    assert case.suspect_names == "R. Example" and case.police_force == "Example Constabulary"
    (order,) = case.orders_in_force
    assert order.kind == "restraining" and order.made == date(2024, 3, 14)
    assert order.conditions == (
        Condition("contact"),
        Condition("following"),
        Condition("place", "my home; my front door"),
    )
    window.open_case_details()
    again = [d for d in window.findChildren(CaseDetailsDialog) if d.isVisible()][-1]
    assert again.order_list.count() == 1
    again.order_list.setCurrentRow(0)
    assert again.editor.forbids["following"].isChecked()
    assert again.editor.places.toPlainText() == "my home; my front door"
    again.grab().save("/tmp/x/case-details.png")


def test_a_bad_date_is_said_and_nothing_is_saved(qtbot, make_window, vault, diary_dir) -> None:
    window = _open_window(qtbot, make_window, vault, diary_dir)
    window.open_case_details()
    dialog = window.findChild(CaseDetailsDialog)
    dialog.editor.made.setText("14th March")
    dialog.editor.forbids["contact"].setChecked(True)
    dialog.save()
    assert "not a date" in dialog.error.text()
    assert dialog.isVisible()
    assert window.session.vault.case.orders_in_force == ()
