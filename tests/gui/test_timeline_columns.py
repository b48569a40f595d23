"""The timeline's columns on a small laptop: "What happened" stays readable."""

from __future__ import annotations

from diary.gui.timeline.incident_table_model import COL_SUMMARY
from tests.conftest import make_content
from tests.gui.conftest import unlock


def test_what_happened_keeps_a_readable_width_at_1024_wide(
    qtbot, make_window, vault, diary_dir
) -> None:
    vault.add_incident(make_content(what="He was outside the gym again when I came out."))
    vault.close()
    window = make_window(diary_dir)
    window.resize(1016, 512)  # 1024x600 less a taskbar and a title bar
    unlock(qtbot, window)
    table = window.timeline.table
    qtbot.waitUntil(lambda: table.viewport().width() < 700)
    summary = table.columnWidth(COL_SUMMARY)
    assert summary >= table.fontMetrics().averageCharWidth() * 24  # a few words, not a sliver
    assert summary > max(table.columnWidth(c) for c in range(1, COL_SUMMARY))


def test_a_narrowed_title_reads_from_its_start_and_can_be_read_whole(
    qtbot, make_window, vault, diary_dir
) -> None:
    from PySide6.QtCore import Qt

    vault.add_incident(make_content(what="He was outside the gym again when I came out."))
    vault.close()
    window = make_window(diary_dir)
    window.resize(1016, 512)
    unlock(qtbot, window)
    table = window.timeline.table
    qtbot.waitUntil(lambda: table.viewport().width() < 700)
    header = table.horizontalHeader()
    model = table.model()
    narrowed = [
        c for c in range(model.columnCount()) if header.sectionSize(c) < header.sectionSizeHint(c)
    ]
    assert narrowed  # at this width some titles do not fit
    assert header.textElideMode() == Qt.TextElideMode.ElideRight  # "Behav…", not "ehaviour"
    for column in narrowed:
        title = model.headerData(column, Qt.Orientation.Horizontal)
        assert (
            model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
            == title
        )
