"""The timeline's quick reads agree with the full ones."""

from __future__ import annotations

from diary.vault import Vault
from diary.vault.entries import search
from diary.vault.entries.timeline import timeline_rows
from tests.conftest import make_content


def test_rows_match_full_incidents_in_order(vault: Vault) -> None:
    later = vault.add_incident(
        make_content(
            "2024-07-01T10:00",
            "Station",
            "Followed me again.",
            behaviours=("following",),
            police_ref="CR/1",
        )
    )
    earlier = vault.add_incident(make_content("2024-06-01T09:00", "Shop", "Waited outside."))
    attachment = vault.attach_bytes(later, "note.txt", b"evidence")
    vault.assign_exhibit_marks([attachment.id])
    rows = timeline_rows(vault.conn)
    assert [r.id for r in rows] == [i.id for i in vault.incidents()] == [earlier, later]
    assert rows[1].behaviours == ("following",) and rows[1].police_ref == "CR/1"
    assert rows[1].attachments == 1 and rows[1].marks == "SE/1"
    assert rows[1].occurred == vault.incident(later).content.occurred
    assert rows[0].summary == "Waited outside." and rows[0].marks == ""


def test_deleted_entries_are_not_rows(vault: Vault) -> None:
    gone = vault.add_incident(make_content())
    vault.delete_incident(gone, "typed twice")
    assert timeline_rows(vault.conn) == []


def test_unranked_search_finds_the_same_entries(vault: Vault) -> None:
    for n in range(5):
        vault.add_incident(make_content(what=f"Seen near the {'school' if n % 2 else 'shop'}."))
    for text in ("school", "sh", "seen near", '"unbalanced (', ""):
        assert search.matching_id_set(vault.conn, text) == set(
            search.matching_ids(vault.conn, text)
        )
