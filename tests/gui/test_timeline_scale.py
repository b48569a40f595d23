"""The window never waits for the whole diary: a save shows its own row without reading the
others, and the whole hash chain is walked after unlock, in the background, a break shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from diary.gui.timeline import timeline_page
from diary.vault import Vault
from diary.vault.entries.timeline import timeline_rows
from tests.conftest import PASSPHRASE, make_content
from tests.gui.conftest import OPEN_TIMEOUT_MS, unlock


@pytest.fixture
def three_entries(vault: Vault, diary_dir: Path) -> list[int]:
    ids = [
        vault.add_incident(make_content(when=f"2024-06-0{day}T10:00", what=f"Entry on day {day}"))
        for day in (1, 2, 3)
    ]
    vault.close()
    return ids


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the timeline reads every row."""
    count: list[int] = []

    def counting(conn, **options):  # type: ignore[no-untyped-def]
        count.append(1)
        return timeline_rows(conn, **options)

    monkeypatch.setattr(timeline_page, "timeline_rows", counting)
    return count


def _summaries(window) -> list[str]:  # type: ignore[no-untyped-def]
    model = window.timeline.model
    return [model.row_at(n).summary for n in range(model.rowCount())]


def test_saving_an_entry_changes_its_row_and_reads_no_other(
    qtbot, make_window, diary_dir: Path, three_entries: list[int], reads: list[int]
) -> None:
    window = make_window(diary_dir)
    unlock(qtbot, window)
    assert len(reads) == 1
    first, second, _ = three_entries
    window.open_editor(second)
    window.editor.form.text.setPlainText("Entry on day 2, written again")
    resets: list[int] = []
    window.timeline.model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(window.editor.saved, timeout=OPEN_TIMEOUT_MS):
        window.editor.save_button.click()

    assert len(reads) == 1 and resets == []  # no reload, not even of the model
    assert _summaries(window) == [
        "Entry on day 3",
        "Entry on day 2, written again",
        "Entry on day 1",
    ]
    assert window.timeline.detail.incident_id == second
    assert "written again" in window.timeline.detail.text.toPlainText()

    # A new entry, and one moved to another day, take their places in time order.
    window.open_editor(None)
    window.editor.form.location.setText("The station")
    window.editor.form.text.setPlainText("A new entry")
    with qtbot.waitSignal(window.editor.saved, timeout=OPEN_TIMEOUT_MS):
        window.editor.save_button.click()
    vault = window.session.vault
    moved = vault.incident(first).content.with_changes(
        occurred=make_content(when="2024-06-04T10:00").occurred
    )
    vault.edit_incident(first, moved)
    window.timeline.show_saved(first)

    assert len(reads) == 1
    assert _summaries(window) == [
        "A new entry",  # written now, so later than every entry of June 2024
        "Entry on day 1",
        "Entry on day 3",
        "Entry on day 2, written again",
    ]
    assert window.timeline.bar.count.text() == "4 entries"


def test_a_saved_entry_leaves_or_joins_the_search_shown(
    qtbot, make_window, diary_dir: Path, three_entries: list[int], reads: list[int]
) -> None:
    window = make_window(diary_dir)
    unlock(qtbot, window)
    window.timeline.bar.search.setText("day")
    qtbot.waitUntil(lambda: window.timeline.model.rowCount() == 3)
    vault = window.session.vault
    first = three_entries[0]
    vault.edit_incident(first, vault.incident(first).content.with_changes(text="Nothing else"))
    window.timeline.show_saved(first)

    assert _summaries(window) == ["Entry on day 3", "Entry on day 2"]
    assert window.timeline.bar.count.text() == "2 of 3 shown"
    vault.edit_incident(first, vault.incident(first).content.with_changes(text="The day again"))
    window.timeline.show_saved(first)
    assert _summaries(window) == ["Entry on day 3", "Entry on day 2", "The day again"]
    assert len(reads) == 1


def test_a_change_before_the_checkpoint_is_shown_after_unlock(
    qtbot, make_window, diary_dir: Path, three_entries: list[int], monkeypatch
) -> None:
    with Vault.open(diary_dir, PASSPHRASE):
        pass  # the checkpoint now stands at the last revision
    with Vault.open(diary_dir, PASSPHRASE) as opened:  # a SQL shell, with the key
        opened.conn.execute("DROP TRIGGER revisions_no_update")
        opened.conn.execute(
            "UPDATE revisions SET content = replace(content, 'day', 'night') WHERE seq = 1"
        )
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _parent, _title, text, *a: shown.append(text)
    )
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text)
    )
    window = make_window(diary_dir)
    with qtbot.waitSignal(window.session.damage_found, timeout=OPEN_TIMEOUT_MS) as found:
        unlock(qtbot, window)

    assert "revision 1 has been changed" in found.args[0]
    assert window.timeline.model.rowCount() == 3  # still readable, as it was before
