"""Deleting an entry, restoring it, and removing a file: each a recorded change, none an erasure."""

from __future__ import annotations

import pytest

from diary.domain.errors import InvalidInput, NotFound
from diary.domain.incident import Author
from diary.vault import Vault
from diary.vault.entries.timeline import timeline_rows
from tests.conftest import make_content


def test_a_deleted_entry_keeps_its_reason_and_comes_back_whole_when_restored(
    vault: Vault,
) -> None:
    kept = vault.add_incident(make_content(what="He waited at the gate again."))
    head_before = vault.check().chain_head
    vault.delete_incident(kept, "  typed into the wrong client's diary ")
    deletion = vault.history(kept)[-1]
    assert (deletion.event, deletion.content) == (
        "delete",
        {"reason": "typed into the wrong client's diary"},
    )
    assert vault.deleted_incident(kept).content.text == "He waited at the gate again."
    assert vault.search("gate") == []

    vault.restore_incident(kept, Author.ADVOCATE)
    assert vault.incident(kept).content.text == "He waited at the gate again."
    assert [i.id for i in vault.search("gate")] == [kept]
    events = [(r.event, r.author) for r in vault.history(kept)]
    assert events == [
        ("create", Author.VICTIM),
        ("delete", Author.VICTIM),
        ("restore", Author.ADVOCATE),
    ]
    report = vault.check()
    assert report.ok, report.problems
    assert report.chain_head != head_before  # the history grew; nothing was taken out of it
    assert vault.conn.execute("SELECT count(*) FROM revisions").fetchone() == (3,)


def test_restoring_a_live_entry_or_deleting_twice_says_so_and_changes_nothing(
    vault: Vault,
) -> None:
    entry = vault.add_incident(make_content())
    with pytest.raises(InvalidInput, match="not deleted"):
        vault.restore_incident(entry)
    vault.delete_incident(entry, "duplicate")
    with pytest.raises(NotFound):
        vault.delete_incident(entry, "again")
    assert [r.event for r in vault.history(entry)] == ["create", "delete"]
    other = vault.add_incident(make_content())
    with pytest.raises(InvalidInput, match="longer than 500"):
        vault.delete_incident(other, "x" * 501)
    assert vault.incident(other).revisions == 1


def test_a_removed_file_leaves_the_entry_but_its_bytes_and_history_stay(vault: Vault) -> None:
    entry = vault.add_incident(make_content())
    keep = vault.attach_bytes(entry, "right.png", b"\x89PNG right one")
    wrong = vault.attach_bytes(entry, "wrong.txt", b"the wrong screenshot")
    assert vault.remove_attachment(wrong.id, "the wrong screenshot") == entry

    assert [a.filename for a in vault.incident(entry).attachments] == ["right.png"]
    assert vault.read_original(wrong.id) == b"the wrong screenshot"  # never erased
    (removed,) = vault.removed_files([entry])
    assert (removed.filename, removed.reason, removed.sha256) == (
        "wrong.txt",
        "the wrong screenshot",
        wrong.sha256,
    )
    last = vault.history(entry)[-1]
    assert last.event == "detach" and last.content["sha256"] == wrong.sha256
    (row,) = timeline_rows(vault.conn)
    assert row.attachments == 1
    assert vault.check().ok
    with pytest.raises(InvalidInput, match="already removed"):
        vault.remove_attachment(wrong.id)
    assert keep.id != wrong.id


def test_a_removal_put_back_by_hand_is_found_by_the_check(vault: Vault) -> None:
    entry = vault.add_incident(make_content())
    photo = vault.attach_bytes(entry, "photo.txt", b"bytes")
    vault.remove_attachment(photo.id)
    with pytest.raises(Exception, match="never undone"):
        vault.conn.execute("UPDATE attachments SET removed_at = NULL WHERE id = ?", (photo.id,))
    other = vault.attach_bytes(entry, "other.txt", b"more")
    vault.conn.execute(
        "UPDATE attachments SET removed_at = '2024-01-01T00:00:00Z' WHERE id = ?", (other.id,)
    )
    report = vault.check()
    assert f"attachment {other.id} differs from its recorded history" in report.problems


def test_the_timeline_lists_deleted_entries_only_when_asked(vault: Vault) -> None:
    live = vault.add_incident(make_content(when="2024-06-01T10:00"))
    gone = vault.add_incident(make_content(when="2024-06-02T10:00"))
    vault.delete_incident(gone, "duplicate")
    assert [r.id for r in timeline_rows(vault.conn)] == [live]
    rows = timeline_rows(vault.conn, with_deleted=True)
    assert [(r.id, r.deleted_at is not None) for r in rows] == [(live, False), (gone, True)]
