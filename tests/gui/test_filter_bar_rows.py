"""The search box keeps room for a few words on a narrow window: the filters move to a row of
their own rather than squeezing it, and come back beside it when there is room."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from diary.gui.timeline.timeline_filter_bar import SEARCH_ROOM, TimelineFilterBar


def test_the_filters_take_a_second_row_when_the_search_box_would_be_squeezed(
    qtbot: QtBot,
) -> None:
    bar = TimelineFilterBar()
    qtbot.addWidget(bar)
    bar.resize(1900, 80)
    bar.show()
    qtbot.waitUntil(lambda: bar.top_row.indexOf(bar.filters) >= 0)
    one_row = bar.sizeHint().height()
    assert bar.search.width() >= SEARCH_ROOM

    bar.resize(1000, 80)
    qtbot.waitUntil(lambda: bar.second_row.indexOf(bar.filters) >= 0)
    qtbot.waitUntil(lambda: bar.search.width() >= SEARCH_ROOM)
    assert bar.sizeHint().height() > one_row  # two rows now
    bar.resize(1000, bar.sizeHint().height())
    qtbot.waitUntil(lambda: bar.filters.geometry().top() > bar.search.geometry().bottom())

    bar.resize(1900, 80)
    qtbot.waitUntil(lambda: bar.top_row.indexOf(bar.filters) >= 0)
