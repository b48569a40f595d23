"""Unlocking shows the newest entries at once and the rest when read in the background; the
search box finds exactly what `diary search` finds."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from diary.gui.timeline import timeline_page
from diary.vault import Vault
from diary.vault.entries.timeline import TimelineRow
from tests.conftest import make_content
from tests.gui.conftest import OPEN_TIMEOUT_MS, unlock


def _summaries(window) -> list[str]:  # type: ignore[no-untyped-def]
    model = window.timeline.model
    return [model.row_at(n).summary for n in range(model.rowCount())]


@pytest.fixture
def five_entries(vault: Vault) -> list[int]:
    ids = [
        vault.add_incident(make_content(when=f"2024-06-0{day}T10:00", what=f"Entry on day {day}"))
        for day in range(1, 6)
    ]
    vault.close()
    return ids


def test_the_newest_entries_show_first_and_the_rest_follow_with_a_save_kept(
    qtbot, make_window, diary_dir: Path, five_entries: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timeline_page, "FIRST_ROWS", 2)
    read_done, go_on = threading.Event(), threading.Event()
    real = Vault.timeline_reader

    def held_back(vault: Vault) -> Callable[[Callable[[], bool]], list[TimelineRow]]:
        read = real(vault)

        def reading(cancelled: Callable[[], bool]) -> list[TimelineRow]:
            rows = read(cancelled)  # read before the save below: an older copy of entry 5
            read_done.set()
            go_on.wait(OPEN_TIMEOUT_MS / 1000)
            return rows

        return reading

    monkeypatch.setattr(Vault, "timeline_reader", held_back)
    window = make_window(diary_dir)
    unlock(qtbot, window)
    page = window.timeline

    assert _summaries(window) == ["Entry on day 5", "Entry on day 4"]
    assert page.reading and page.bar.count.text() == "Reading entries…"
    assert read_done.wait(OPEN_TIMEOUT_MS / 1000)
    vault = window.session.vault
    newest = five_entries[-1]
    vault.edit_incident(newest, vault.incident(newest).content.with_changes(text="Day 5, again"))
    page.show_saved(newest)
    with qtbot.waitSignal(page.rows_loaded, timeout=OPEN_TIMEOUT_MS):
        go_on.set()

    assert not page.reading
    assert _summaries(window) == [
        "Day 5, again",
        "Entry on day 4",
        "Entry on day 3",
        "Entry on day 2",
        "Entry on day 1",
    ]
    assert page.bar.count.text() == "5 entries"
    assert page.detail.incident_id == newest  # still the chosen one


def test_locking_while_rows_are_read_shows_nothing_of_them(
    qtbot, make_window, diary_dir: Path, five_entries: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timeline_page, "FIRST_ROWS", 2)
    window = make_window(diary_dir)
    unlock(qtbot, window)
    window.lock()
    assert not window.timeline.reading
    qtbot.wait(200)  # the worker's answer, if any, arrives and must be dropped
    assert window.timeline.model.rowCount() == 0


QUERIES = [
    "cafe",  # finds Café (accents are folded, as the index folds them) and Cafeteria
    "CAFÉ",
    "caf",  # the start of a word
    "c",
    "ca fé",  # every word, the last one a start
    "waited outside",
    "outside waited",
    "wait",
    "station bus",
    "zz",
    "\u201cquoted\u201d",
    'he said "go',
]


def test_the_window_finds_exactly_what_diary_search_finds(
    qtbot, make_window, diary_dir: Path, vault: Vault
) -> None:
    for when, where, what in [
        ("2024-06-01T10:00", "Café on the corner", "He waited outside."),
        ("2024-06-02T10:00", "Bus station", "A car waited; he said “go” and left."),
        ("2024-06-03T10:00", "Home", "Cafeteria note pushed under the door."),
        ("2024-06-04T10:00", "Work", "Outside again, waiting by the gate."),
        ("2024-06-05T10:00", "Station", "Nothing quoted here, just the bus."),
    ]:
        vault.add_incident(make_content(when=when, where=where, what=what))
    expected = {q: sorted(r.id for r in vault.list_rows(matching=q)) for q in QUERIES}
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    model = window.timeline.model
    found = {}
    for query in QUERIES:
        window.timeline.bar.search.setText(query)
        qtbot.waitUntil(lambda q=query: window.timeline.model.incident_filter.ids is not None)
        found[query] = sorted(model.row_at(n).id for n in range(model.rowCount()))
        window.timeline.bar.search.clear()
    assert found == expected
    assert expected["cafe"] == expected["CAFÉ"] == expected["caf"] == [1, 3]  # Café, Cafeteria
    assert expected["waited outside"] == [1] and expected["zz"] == []
