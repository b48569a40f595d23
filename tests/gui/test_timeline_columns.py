"""The timeline's columns on a small laptop: "What happened" stays readable."""

from __future__ import annotations

from diary.gui.incident_table_model import COL_SUMMARY
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
