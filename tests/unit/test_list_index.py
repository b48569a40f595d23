"""A list reads each entry's line from the list's own index, and the line says what the entry does.

Since schema version 11 the index holds, for every entry, what a list line shows of it (SQLite
works it out from the entry itself). These tests try to make a line differ from its entry: long
and short texts, texts whose start is all spaces, control characters, edits, withdrawals,
an advocate's words, what someone else told, and a diary made before the index existed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary.cli import text_view
from diary.domain.case import CaseDetails
from diary.domain.incident import Author, Incident
from diary.vault import Vault
from diary.vault.entries import listing
from diary.vault.entries.listing import ListRow
from diary.vault.keys.keys import FLOOR
from diary.vault.storage import schema
from tests.conftest import PASSPHRASE, make_content


def _expected_lines(vault: Vault) -> list[str]:
    """Each live entry's line made from the whole entry, read the long way (the reference)."""
    lines = []
    for incident in vault.incidents():
        lines.append(text_view.format_row(_row_of(incident)))
    return lines


def _row_of(incident: Incident) -> ListRow:
    c = incident.content
    return ListRow(
        incident.id,
        c.occurred.instant,
        c.occurred.offset_minutes,
        c.occurred.precision,
        c.location,
        tuple(c.behaviours),
        c.text,
        c.first_hand,
        c.told_by,
        c.written_by,
        incident.last_changed_by,
        incident.received_from,
        len(incident.attachments),
    )


def _listed(vault: Vault, **filters: object) -> list[str]:
    return [text_view.format_row(row) for row in vault.list_rows(**filters)]  # type: ignore[arg-type]


_PIECES = st.sampled_from(
    [
        "word",
        "Ünïcode",
        "日本語",
        "مرحبا",
        " ",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "\x1b[2J",
        "\u202e",
        "\u200d",
        "\xa0",
        "x" * 90,
        " " * 150,
        "\n" * 120,
    ]
)
_TEXTS = st.lists(_PIECES, min_size=1, max_size=40).map("".join).filter(lambda t: t.strip())


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(_TEXTS, _TEXTS, st.booleans()), min_size=1, max_size=6))
def test_every_line_from_the_index_reads_as_the_whole_entry_would(
    tmp_path_factory: pytest.TempPathFactory, entries: list[tuple[str, str, bool]]
) -> None:
    folder = tmp_path_factory.mktemp("diary") / "d"
    with Vault.create(folder, PASSPHRASE, CaseDetails("Sam Example", "SE"), kdf=FLOOR)[0] as vault:
        for day, (text, place, told) in enumerate(entries, start=1):
            fields: dict[str, object] = {"behaviours": ["watching"] if day % 2 else []}
            if told:
                fields.update(first_hand=False, told_by=place[:40])
            vault.add_incident(
                make_content(when=f"2024-06-{day:02d}T10:00", where=place, what=text, **fields)
            )
        assert _listed(vault) == _expected_lines(vault)


def test_a_line_follows_each_change_to_its_entry(vault: Vault) -> None:
    first = vault.add_incident(make_content(what="He was waiting at the gate again tonight."))
    second = vault.add_incident(make_content(when="2024-06-04T09:00", what="A parcel left."))
    vault.edit_incident(first, make_content(when="2024-06-05T21:00", what="Changed: at the car."))
    vault.add_incident(
        make_content(when="2024-06-02T08:00", what="Told of it.", first_hand=False, told_by="Kim"),
        author=Author.ADVOCATE,
    )
    assert _listed(vault) == _expected_lines(vault)
    assert "Changed: at the car." in _listed(vault)[-1]  # moved to its new time, in its new words

    vault.delete_incident(second, "Written twice.")
    assert [line.split()[0] for line in _listed(vault)] == ["3", str(first)]
    vault.restore_incident(second)
    assert _listed(vault) == _expected_lines(vault)
    assert len(_listed(vault, matching="parcel")) == 1


def test_a_long_entry_is_listed_from_its_start_and_a_start_of_spaces_from_the_whole(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = vault.add_incident(make_content(what="Words and more words. " * 400))
    spaced = vault.add_incident(
        make_content(when="2024-06-04T10:00", what=" \n" * 300 + "The words come after the gap.")
    )
    read_whole: list[int] = []
    real = listing._whole

    def counting(conn: object, incident_id: int) -> object:
        read_whole.append(incident_id)
        return real(conn, incident_id)  # type: ignore[arg-type]

    monkeypatch.setattr(listing, "_whole", counting)
    lines = _listed(vault)

    assert lines == _expected_lines(vault)
    assert "The words come after the gap." in lines[1]
    assert read_whole == [spaced]  # the long entry of words was listed from its start alone
    assert plain not in read_whole


def test_a_diary_made_before_the_index_is_listed_from_it_once_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "diary"
    with monkeypatch.context() as patch:
        patch.setattr(schema, "SCHEMA_VERSION", 10)
        vault, _ = Vault.create(folder, PASSPHRASE, CaseDetails("Sam Example", "SE"), kdf=FLOOR)
        for day in range(1, 6):
            vault.add_incident(
                make_content(when=f"2024-06-0{day}T10:00", what=f"Visit {day}. " + "x" * 300)
            )
        vault.close()

    with Vault.open(folder, PASSPHRASE) as vault:
        assert vault.conn.execute("PRAGMA user_version").fetchone()[0] == 11
        assert _listed(vault) == _expected_lines(vault)
        assert len(_listed(vault)) == 5
        report = vault.check()
        assert report.ok, report.problems


def test_a_line_changed_outside_the_app_is_reported_by_the_check(vault: Vault) -> None:
    first = vault.add_incident(make_content(what="He was at the gate."))
    vault.add_incident(make_content(when="2024-06-04T10:00", what="A parcel."))
    assert vault.check().ok
    line = vault.conn.execute("SELECT list_line FROM incidents WHERE id = ?", (first,)).fetchone()
    forged = line[0].replace("He was at the gate.", "Nothing happened.")
    vault.conn.execute("UPDATE incidents SET list_line = ? WHERE id = ?", (forged, first))

    report = vault.check()
    assert [p for p in report.problems if "line in the list" in p] == [
        f"Entry {first}'s line in the list does not match the entry itself (the database was "
        "changed outside the app). The entry, its history and the pack are as recorded; the "
        "line is made again when the entry is next saved."
    ]
    vault.edit_incident(first, make_content(what="He was at the gate."))
    assert vault.check().ok
    assert "He was at the gate." in _listed(vault)[0]


def test_an_entry_sqlite_reads_otherwise_than_the_app_is_no_damage_to_its_line(
    vault: Vault,
) -> None:
    """The check compares a line with the entry as the app reads it, then, where they differ,
    with the line SQLite makes: a place written as a number (by hand) is SQLite's '5', the app's
    5, and neither is a forged line."""
    first = vault.add_incident(make_content(what="Kept as written."))
    stored = vault.conn.execute("SELECT content FROM incidents WHERE id = ?", (first,)).fetchone()
    odd = stored[0].replace('"location":"Outside my work"', '"location":5')
    assert odd != stored[0]
    vault.conn.execute("UPDATE incidents SET content = ? WHERE id = ?", (odd, first))
    assert listing.line_problems(vault.conn) == []
    vault.conn.execute(
        "UPDATE incidents SET list_line = replace(list_line, 'Kept', 'Not') WHERE id = ?", (first,)
    )
    assert len(listing.line_problems(vault.conn)) == 1


def test_entries_imported_together_and_changed_by_hand_keep_their_lines(vault: Vault) -> None:
    from diary.domain.times import utc_now
    from diary.vault.entries import incidents
    from diary.vault.storage.database import transaction

    contents = [
        make_content(when=f"2024-06-{day:02d}T10:00", what=f"Imported message {day}.")
        for day in range(1, 21)
    ]
    with transaction(vault.conn):
        ids = incidents.insert_many_in_transaction(vault.conn, contents, Author.VICTIM, utc_now())
    assert vault.conn.execute(
        "SELECT count(*) FROM incidents WHERE list_line IS NULL"
    ).fetchone() == (0,)
    assert _listed(vault) == _expected_lines(vault)

    # Content changed without its line (as a tool writing to the database might): the trigger
    # makes the line again.
    stored = vault.conn.execute("SELECT content FROM incidents WHERE id = ?", (ids[0],)).fetchone()
    changed = stored[0].replace("Imported message 1.", "Changed by hand.")
    vault.conn.execute("UPDATE incidents SET content = ? WHERE id = ?", (changed, ids[0]))
    assert "Changed by hand." in _listed(vault)[0]
    assert listing.line_problems(vault.conn) == []

    # A line missing altogether: the entry is listed from its record, and the check says so.
    vault.conn.execute("UPDATE incidents SET list_line = NULL WHERE id = ?", (ids[1],))
    assert "Imported message 2." in _listed(vault)[1]
    assert len(listing.line_problems(vault.conn)) == 1
