"""The timeline's table model, checked without a window."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from diary.domain.times import parse_moment
from diary.gui.timeline.incident_table_model import (
    COL_EXHIBITS,
    COL_WHEN,
    COL_WHERE,
    INCIDENT_ID_ROLE,
    IncidentFilter,
    IncidentTableModel,
)
from diary.vault import Vault
from diary.vault.entries.timeline import timeline_rows
from tests.conftest import make_content


def _fill(vault: Vault) -> list[int]:
    return [
        vault.add_incident(
            make_content(
                "2024-06-03T18:30", "Outside my work", "He was waiting.", behaviours=("loitering",)
            )
        ),
        vault.add_incident(
            make_content(
                "2024-06-05",
                "Online",
                "A new fake account messaged me.",
                behaviours=("fake-profiles", "contact"),
            )
        ),
        vault.add_incident(
            make_content(
                "2024-07-01T08:00",
                "Bus stop",
                "Followed me to the bus.",
                behaviours=("following",),
                police_ref="CR/123/24",
            )
        ),
    ]


def test_model_passes_qt_checks(qtmodeltester, vault: Vault) -> None:
    _fill(vault)
    model = IncidentTableModel()
    model.set_rows(timeline_rows(vault.conn))
    qtmodeltester.check(model, force_py=True)
    model.sort(COL_WHERE, Qt.SortOrder.AscendingOrder)
    model.set_filter(IncidentFilter(behaviours=frozenset({"following"})))
    qtmodeltester.check(model, force_py=True)


def test_newest_first_and_approximate_and_date_only_shown(vault: Vault) -> None:
    _fill(vault)
    vault.add_incident(
        make_content(where="Park", what="Watched me.").with_changes(
            occurred=parse_moment("2024-05-01T09:00", "Europe/London", approximate=True)
        )
    )
    model = IncidentTableModel()
    model.set_rows(timeline_rows(vault.conn))
    model.sort(COL_WHEN, Qt.SortOrder.DescendingOrder)
    whens = [model.data(model.index(r, COL_WHEN)) for r in range(model.rowCount())]
    assert whens[0] == "Mon 1 Jul 2024, 08:00"
    assert whens[1] == "Wed 5 Jun 2024"  # a date without a time
    assert whens[-1] == "Wed 1 May 2024, about 09:00"


def test_filters_by_dates_behaviours_and_search_ids(vault: Vault) -> None:
    ids = _fill(vault)
    model = IncidentTableModel()
    model.set_rows(timeline_rows(vault.conn))
    model.set_filter(IncidentFilter(start=date(2024, 6, 4), end=date(2024, 6, 30)))
    assert [model.data(model.index(r, 0), INCIDENT_ID_ROLE) for r in range(model.rowCount())] == [
        ids[1]
    ]
    model.set_filter(IncidentFilter(behaviours=frozenset({"contact", "following"})))
    assert model.rowCount() == 2
    model.set_filter(IncidentFilter(ids=frozenset({ids[0]})))
    assert model.data(model.index(0, COL_WHERE)) == "Outside my work"
    model.set_filter(IncidentFilter(ids=frozenset()))
    assert model.rowCount() == 0


def test_clear_forgets_everything(vault: Vault) -> None:
    _fill(vault)
    model = IncidentTableModel()
    model.set_rows(timeline_rows(vault.conn))
    model.clear()
    assert model.rowCount() == 0 and model.total() == 0


def test_evidence_column_counts_files(vault: Vault) -> None:
    first = _fill(vault)[0]
    vault.attach_bytes(first, "a.txt", b"hello")
    model = IncidentTableModel()
    model.set_rows(timeline_rows(vault.conn))
    row = model.row_of(first)
    assert row is not None and model.data(model.index(row, COL_EXHIBITS)) == "1 file"
