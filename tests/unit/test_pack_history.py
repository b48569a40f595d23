"""A pack keeps only how many versions each entry has: the versions themselves are read from the
diary again, a batch of entries at a time, as the audit trail and entries.json reach them, and
they are the versions the diary held when the pack was read."""

from __future__ import annotations

import hashlib
import json

from diary.export.pack import PackOptions, build_pack
from diary.export.pack_history import BATCH, History, HistoryReader
from diary.vault import Vault
from diary.vault.storage.chain import Link
from tests.conftest import make_content


def _link(seq: int, incident_id: int, event: str) -> Link:
    return Link(seq, f"uid-{incident_id}", event, "victim", "2024-01-01T00:00:00Z", "{}", "0", "h")


class _Store:
    """Each entry's versions (one creation, then as many edits as its number is odd), noting
    which entries each read asks for."""

    def __init__(self) -> None:
        self.asked: list[list[int]] = []

    def read(self, ids: list[int]) -> dict[int, list[Link]]:
        self.asked.append(list(ids))
        return {
            i: [_link(i * 10, i, "create")] + [_link(i * 10 + 1, i, "edit")] * (i % 2) for i in ids
        }


def test_versions_are_read_a_batch_at_a_time_as_they_are_reached() -> None:
    store = _Store()
    ids = list(range(1, 2 * BATCH + 11))
    reader = HistoryReader(store.read, ids)
    histories = {i: History(reader, i, events) for i, events in reader.histories()}
    assert len(store.asked) == 3  # one pass to count them: one read a batch
    store.asked.clear()
    # Counting versions and edits reads nothing again.
    assert [len(histories[i]) for i in (1, 2)] == [2, 1]
    assert [histories[i].edits for i in (1, 2)] == [1, 0]
    assert store.asked == []
    # Reaching one entry reads its batch (it and the entries after it), and no other.
    assert [h.event for h in histories[BATCH + 5]] == ["create", "edit"]
    assert store.asked == [ids[BATCH + 4 : 2 * BATCH + 4]]
    assert histories[BATCH + 6][-1].event == "create"
    assert len(store.asked) == 1  # the next entry was in the same batch


def test_the_versions_are_those_the_diary_held_when_the_pack_was_read(vault: Vault) -> None:
    first = vault.add_incident(make_content(what="First words."))
    vault.edit_incident(first, make_content(what="Second words."))
    vault.add_incident(make_content(what="Another entry."))
    with build_pack(vault, PackOptions()) as pack:
        item = next(i for i in pack.incidents if i.number == first)
        assert len(item.history) == 2 and item.edits == 1
        vault.edit_incident(first, make_content(what="Changed after the pack was read."))
        assert [h.event for h in item.history] == ["create", "edit"]
        assert "Second words." in item.history[-1].link.content
        entries = json.loads(pack.entries_json)
        record = next(r for r in entries["incidents"] if r["id"] == first)
        assert [h["event"] for h in record["history"]] == ["create", "edit"]
        assert "Changed after" not in pack.entries_json.decode()
        # The hash taken when the pack was read is the hash of what is written.
        assert hashlib.sha256(pack.entries_json).hexdigest() == pack.entries_sha256
