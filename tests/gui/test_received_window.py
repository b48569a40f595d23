"""What came in a share, in the real window: marked as the sender's, adopted only on purpose,
and changes to the person's entries shown beside their version until accepted or declined."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from diary.domain.incident import Author
from diary.gui.main_window import MainWindow
from diary.gui.timeline.adopt_dialog import AdoptDialog
from diary.gui.timeline.incident_table_model import COL_SUMMARY
from diary.gui.timeline.proposals_dialog import ProposalsDialog
from diary.vault import Vault
from diary.vault.sharing.share import choose
from diary.vault.sharing.share import write_share as share_for_real
from diary.vault.sharing.share_import import import_share
from tests import forged_share as forged
from tests.conftest import make_content
from tests.gui.conftest import unlock

OWN = "He followed me home."
FORGED_EDIT = "I made it all up."
FORGED_NEW = "He was kind to me really."


def _forged_diary(vault: Vault, tmp_path: Path) -> tuple[int, int]:
    """The person's diary: an entry of their own, a forged edit to it, a forged new entry."""
    own = vault.add_incident(make_content(what=OWN))
    given = share_for_real(vault, choose(vault, [own], None, None), tmp_path / "1.share", "Sam")
    earlier = forged.read_share(given.path, given.passphrase)["incidents"][0]
    share = forged.write_share(
        tmp_path / "forged.share",
        [
            forged.edit_on_top(earlier, make_content(what=FORGED_EDIT)),
            forged.entry(make_content(when="2024-06-05T09:00", what=FORGED_NEW)),
        ],
    )
    report = import_share(vault, share, forged.PASSPHRASE)
    return own, report.added[0]


def _window(qtbot, make_window, vault: Vault) -> MainWindow:  # type: ignore[no-untyped-def]
    folder = vault.folder
    vault.close()
    window: MainWindow = make_window(folder)
    unlock(qtbot, window)
    return window


def test_a_received_entry_is_marked_as_the_senders_and_adopted_only_when_confirmed(
    qtbot, make_window, vault, tmp_path
) -> None:
    own, received = _forged_diary(vault, tmp_path)
    window = _window(qtbot, make_window, vault)
    timeline = window.timeline
    row = timeline.model.row_of(received)
    summary = timeline.model.index(row, COL_SUMMARY).data()
    assert summary == f"Received from {forged.SENDER}: {FORGED_NEW}"
    own_summary = timeline.model.index(timeline.model.row_of(own), COL_SUMMARY).data()
    assert own_summary == f"[1 proposed change] {OWN}"

    timeline.select_incident(received)
    detail = timeline.detail
    assert detail.incident_id == received
    banner = detail.notice.banner
    assert banner.isVisible()
    assert f"Received from {forged.SENDER}. These are their words, not yours" in banner.text()
    assert "nothing can check who really sent it" in banner.text()
    assert not detail.edit_button.isVisible()  # a sender's words are not the person's to change
    assert detail.notice.adopt_button.isVisible()
    assert "claim nothing can check" in detail.text.toPlainText()
    # Nor by opening it to edit: the person is told to adopt it first.
    cell = timeline.table.visualRect(timeline.model.index(row, COL_SUMMARY))
    for press in (qtbot.mouseClick, qtbot.mouseDClick):  # a view takes a press, then a double
        press(timeline.table.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    assert window.pages.currentWidget() is timeline
    assert f"diary adopt {received}" in window.notice.text()

    # Asked first, with what adopting means; keeping it as theirs changes nothing.
    detail.notice.adopt_button.click()
    dialog = timeline.findChild(AdoptDialog)
    assert "goes into your draft witness statement" in dialog.informativeText()
    assert dialog.defaultButton() is dialog.keep_button
    dialog.keep_button.click()
    assert window.session.vault.incident(received).is_received

    detail.notice.adopt_button.click()
    dialog = next(d for d in timeline.findChildren(AdoptDialog) if d.isVisible())
    dialog.adopt_button.click()
    adopted = window.session.vault.incident(received)
    assert adopted.last_changed_by is Author.VICTIM and adopted.received_from == forged.SENDER
    assert window.session.vault.history(received)[-1].event == "adopt"
    assert "Adopted" in window.notice.text()
    assert detail.incident_id == received
    assert detail.edit_button.isVisible() and not detail.notice.adopt_button.isVisible()
    assert banner.text() == (
        f"This entry came in a share from {forged.SENDER}; its words as they stand now are yours."
    )
    new_summary = timeline.model.index(timeline.model.row_of(received), COL_SUMMARY).data()
    assert new_summary == FORGED_NEW


def test_a_proposed_change_is_shown_beside_the_persons_version_then_accepted(
    qtbot, make_window, vault, tmp_path
) -> None:
    own, _ = _forged_diary(vault, tmp_path)
    window = _window(qtbot, make_window, vault)
    timeline = window.timeline
    timeline.select_incident(own)
    notice = timeline.detail.notice
    assert notice.proposals_button.isVisible()
    assert notice.proposals_button.text() == "Review proposed changes (1 waiting)…"
    assert timeline.detail.edit_button.isVisible()  # the person's own entry

    notice.proposals_button.click()
    dialog = timeline.findChild(ProposalsDialog)
    table = dialog.table
    cells = {
        table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
        for r in range(table.rowCount())
    }
    assert cells["What happened"] == (OWN, FORGED_EDIT)
    assert table.horizontalHeaderItem(2).text() == f"Proposed by {forged.SENDER}"
    assert "as your own words" in dialog.meaning.text()
    assert window.session.vault.incident(own).content.text == OWN  # nothing applied yet

    with qtbot.waitSignal(dialog.decided):
        dialog.accept_button.click()
    entry = window.session.vault.incident(own)
    assert entry.content.text == FORGED_EDIT and entry.last_changed_by is Author.VICTIM
    assert window.session.vault.history(own)[-1].event == "accept"
    assert "accepted" in dialog.list.item(0).text()
    assert not dialog.accept_button.isEnabled() and not dialog.decline_button.isEnabled()
    assert notice.proposals_button.text() == "Proposed changes (all decided)…"
    assert FORGED_EDIT in timeline.detail.text.toPlainText()


def test_a_declined_change_leaves_the_entry_as_it_was(qtbot, make_window, vault, tmp_path) -> None:
    own, _ = _forged_diary(vault, tmp_path)
    window = _window(qtbot, make_window, vault)
    timeline = window.timeline
    timeline.select_incident(own)
    timeline.detail.notice.proposals_button.click()
    dialog = timeline.findChild(ProposalsDialog)
    with qtbot.waitSignal(dialog.decided):
        dialog.decline_button.click()
    assert window.session.vault.incident(own).content.text == OWN
    assert window.session.vault.history(own)[-1].event == "decline"
    assert "declined" in dialog.list.item(0).text()
    assert "declined by you" in dialog.meaning.text()
    summary = timeline.model.index(timeline.model.row_of(own), COL_SUMMARY).data()
    assert summary == OWN
    # Locking closes the dialog with everything else.
    window.lock()
    assert not dialog.isVisible()


def test_a_sender_name_that_looks_like_markup_is_shown_as_typed(
    qtbot, make_window, vault, tmp_path
) -> None:
    name = "<b>Police</b><img src='/etc/passwd'>"
    share = forged.write_share(
        tmp_path / "odd.share", [forged.entry(make_content(what=FORGED_NEW))], sender=name
    )
    (received,) = import_share(vault, share, forged.PASSPHRASE).added
    window = _window(qtbot, make_window, vault)
    window.timeline.select_incident(received)
    notice = window.timeline.detail.notice
    assert notice.banner.text().startswith(f"Received from {name}.")
    assert notice.banner.textFormat() == Qt.TextFormat.PlainText
    assert f"from {name}" in window.timeline.detail.text.toPlainText()
    notice.adopt_button.click()
    dialog = window.timeline.findChild(AdoptDialog)
    labels = [label for label in dialog.findChildren(QLabel) if label.text()]
    assert any(name in label.text() for label in labels)
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
