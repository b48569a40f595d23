"""The messages tab of the import dialog, through the real window: read a chat, tick the
suspect, look at the proposed entries, choose the lines to quote, save; nothing twice; a
question the file cannot answer asked; a file in no known shape refused plainly."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from diary.gui.importing.import_dialog import ImportDialog
from diary.gui.importing.message_proposal_model import MessageProposalModel
from diary.gui.importing.message_sender_table import DAYS_ROLE
from diary.vault import Vault
from diary.vault.messages.message_log import logged_for
from tests.conftest import PASSPHRASE
from tests.gui.conftest import OPEN_TIMEOUT_MS, unlock
from tests.messages_support import android_zip, fixture, iphone_zip, planned

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _open_messages(qtbot, make_window, vault: Vault, diary_dir: Path):  # type: ignore[no-untyped-def]
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    window.timeline.bar.import_button.click()
    dialog = window.findChild(ImportDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.show_page(dialog.messages)
    return window, dialog


def _step(qtbot, dialog: ImportDialog, action) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.step_ended, timeout=OPEN_TIMEOUT_MS):
        action()


def test_read_tick_propose_quote_and_save_then_nothing_twice(
    qtbot, make_window, vault, diary_dir, tmp_path: Path
) -> None:
    window, dialog = _open_messages(qtbot, make_window, vault, diary_dir)
    page = dialog.messages
    page.choices.zone.setText("Europe/London")
    path = iphone_zip(tmp_path)
    _step(qtbot, dialog, lambda: page.choose_file(path))
    senders = page.senders
    assert senders.rowCount() == 2
    assert senders.item(0, 0).text() == "Chris Sample"
    assert senders.item(0, 1).text() == "4 messages, 1 missed call"
    assert senders.item(0, 1).data(DAYS_ROLE) == "3 Jun 2024 to 13 Jun 2024"
    assert not page.propose_button.isEnabled() and not page.save_button.isEnabled()
    assert "Dates read month first" in dialog.message.text()

    page.senders.tick("Chris Sample")
    assert page.propose_button.isEnabled()
    _step(qtbot, dialog, page.propose_button.click)
    model = page.model
    assert model.rowCount() == 2
    assert model.index(0, 1).data() == (
        "1 message from Chris Sample at 21:04; 1 missed call from Chris Sample at 21:05"
    )
    assert model.index(1, 2).data() == "a new entry"
    assert page.save_button.text() == "Save 2 entries"
    assert window.timeline.model.total() == 0  # looked at, not saved

    page.proposals.selectRow(1)
    lines = page.detail.lines
    assert lines.count() == 3
    texts = [lines.item(i).text() for i in range(lines.count())]
    assert texts[1] == "\u26a0 07:03 Chris Sample: מה שלומך 🙂\nI am outside"  # offered first
    assert lines.item(1).checkState() == Qt.CheckState.Checked
    lines.item(1).setCheckState(Qt.CheckState.Unchecked)
    lines.item(0).setCheckState(Qt.CheckState.Checked)

    _step(qtbot, dialog, page.save_button.click)
    assert dialog.message.text().startswith("Saved 2 new entries: 5 messages and calls")
    assert window.timeline.model.total() == 2
    assert not page.save_button.isEnabled()

    _step(qtbot, dialog, page.propose_button.click)
    assert page.model.rowCount() == 0
    assert "5 messages and calls are in the diary already" in dialog.message.text()
    assert not page.save_button.isEnabled()
    dialog.close()
    window.session.lock()
    with Vault.open(diary_dir, PASSPHRASE) as opened:
        first, second = opened.incidents()
        assert second.content.words.startswith("07:02 Chris Sample: \u200e<attached: ")
        assert "I am outside" not in second.content.words
        assert len(logged_for(opened.conn, [first.id])[first.id]) == 2


def test_an_unticked_proposal_is_not_saved_and_one_can_join_an_entry(
    qtbot, make_window, vault, diary_dir
) -> None:
    plan = planned(fixture("calls.xml"), ["+447700900123"])
    from diary.vault.messages import message_log

    message_log.save(vault, plan)  # an earlier import: entries for 3 and 4 June
    window, dialog = _open_messages(qtbot, make_window, vault, diary_dir)
    page = dialog.messages
    page.choices.zone.setText("Europe/London")
    _step(qtbot, dialog, lambda: page.choose_file(fixture("sms.xml")))
    page.senders.tick("+447700900123")
    page.senders.tick("07700900123")
    _step(qtbot, dialog, page.propose_button.click)
    assert page.model.rowCount() == 2
    assert page.model.index(0, 2).data().startswith("added to entry")  # 3 June: Chris already
    page.model.setData(
        page.model.index(1, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole
    )
    page.proposals.selectRow(0)
    combo = page.detail.save_as
    assert combo.count() == 2 and combo.itemText(0) == "A new entry"
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    assert page.model.index(0, 2).data() == "a new entry"
    assert page.save_button.text() == "Save 1 entry"
    _step(qtbot, dialog, page.save_button.click)
    assert window.timeline.model.total() == 3


def test_dates_that_read_both_ways_are_asked(qtbot, make_window, vault, diary_dir) -> None:
    window, dialog = _open_messages(qtbot, make_window, vault, diary_dir)
    page = dialog.messages
    _step(qtbot, dialog, lambda: page.choose_file(fixture("whatsapp_ambiguous_dates.txt")))
    assert "day first or month first" in dialog.message.text()
    assert page.senders.rowCount() == 0 and not page.save_button.isEnabled()
    month_first = page.choices.dates.findText("Month first (03/06 is 6 March)")
    page.choices.dates.setCurrentIndex(month_first)
    _step(qtbot, dialog, lambda: page.choices.dates.activated.emit(month_first))
    assert page.senders.rowCount() == 1
    assert page.senders.item(0, 1).data(DAYS_ROLE) == "6 Mar 2024 to 6 May 2024"


def test_a_bad_file_is_refused_with_its_first_lines_and_lines_not_understood_listed(
    qtbot, make_window, vault, diary_dir, tmp_path: Path
) -> None:
    window, dialog = _open_messages(qtbot, make_window, vault, diary_dir)
    page = dialog.messages
    bad = tmp_path / "notes.txt"
    bad.write_text("Dear diary,\nhe followed me.\n", encoding="utf-8")
    _step(qtbot, dialog, lambda: page.choose_file(bad))
    assert "1: Dear diary," in dialog.message.text()
    assert page.senders.rowCount() == 0
    mixed = tmp_path / "chat.txt"
    mixed.write_bytes(
        b"13/06/2024, 21:04 - Chris: fine\n" + "13/06/2024, 21:05 - Chris: Café\n".encode("cp1252")
    )
    _step(qtbot, dialog, lambda: page.choose_file(mixed))
    assert page.senders.rowCount() == 1
    assert page.unread.text().startswith("1 line(s) not understood are left out")
    assert page.unread_list.count() == 1
    listed = page.unread_list.item(0).text()
    assert listed.startswith("line 2: '13/06/2024, 21:05 - Chris: Caf") and "not UTF-8" in listed


def test_proposal_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = MessageProposalModel()
    model.set_plan(planned(fixture("whatsapp_android.txt"), ["Chris Sample"]))
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.chosen_count() == 2
    assert model.setData(model.index(0, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert model.chosen_count() == 1 and not model.proposals[0].chosen


def test_an_entry_shows_its_message_log_first_lines_then_all_when_asked(
    qtbot, make_window, vault, diary_dir, tmp_path: Path
) -> None:
    from diary.vault.messages import message_log

    path = tmp_path / "chat.txt"
    path.write_text(
        "".join(f"13/06/2024, 21:{n:02d} - Chris: message <b>{n}</b>\n" for n in range(12)),
        encoding="utf-8",
    )
    plan = planned(path, ["Chris"])
    message_log.prepare(vault, plan, 3)
    (entry,) = message_log.save(vault, plan).added
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    window.timeline.select_incident(entry)
    detail = window.timeline.detail
    text = detail.text.toPlainText()
    assert "12 messages and calls logged from the original file; the first 5 are shown" in text
    assert "message <b>4</b>" in text and "message <b>5</b>" not in text  # shown as typed
    button = detail.all_messages_button
    assert button.isVisible() and button.text() == "Show all 12 messages and calls"
    window.grab().save("/tmp/entry-message-log.png")
    button.click()
    text = detail.text.toPlainText()
    assert "message <b>11</b>" in text and "the first 5 are shown" not in text
    assert not button.isVisible()


def test_an_android_chat_is_proposed_then_its_lines_shown_and_saved(
    qtbot, make_window, vault, diary_dir, tmp_path: Path
) -> None:
    """A chat read in bulk: the proposals listed from counts, a proposal's lines read from the
    file when it is opened, the lines to quote offered, and all of them saved."""
    window, dialog = _open_messages(qtbot, make_window, vault, diary_dir)
    page = dialog.messages
    page.choices.zone.setText("Europe/London")
    _step(qtbot, dialog, lambda: page.choose_file(android_zip(tmp_path)))
    page.senders.tick("Chris Sample")
    _step(qtbot, dialog, page.propose_button.click)
    model = page.model
    assert model.rowCount() == 2
    assert model.index(0, 1).data() == "5 messages from Chris Sample from 21:04 to 23:47"
    page.proposals.selectRow(0)
    lines = page.detail.lines
    texts = [lines.item(i).text() for i in range(lines.count())]
    assert len(texts) == 5
    assert texts[1] == "\u26a0 21:05 Chris Sample: I know where you live 🔪"
    assert lines.item(1).checkState() == Qt.CheckState.Checked
    _step(qtbot, dialog, page.save_button.click)
    assert dialog.message.text().startswith("Saved 2 new entries: 7 messages and calls")
    assert window.timeline.model.total() == 2


def test_a_chat_gone_after_it_was_proposed_is_said_plainly(
    qtbot, make_window, vault, diary_dir, tmp_path: Path
) -> None:
    window, dialog = _open_messages(qtbot, make_window, vault, diary_dir)
    page = dialog.messages
    page.choices.zone.setText("Europe/London")
    path = tmp_path / "WhatsApp Chat with Chris Sample.txt"
    path.write_bytes(fixture("whatsapp_android.txt").read_bytes())
    _step(qtbot, dialog, lambda: page.choose_file(path))
    page.senders.tick("Chris Sample")
    _step(qtbot, dialog, page.propose_button.click)
    path.unlink()
    page.proposals.selectRow(1)
    assert page.detail.title.text() == (
        "2024-06-13: the file could not be read again (No such file or directory). Choose it again."
    )
    assert page.detail.lines.count() == 0
    assert window.timeline.model.total() == 0
