"""Messages and calls in a share: each entry's message log arrives with the original file it
came from, as the sender's, checked against the sender's history; a share whose messages were
changed by hand is refused whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from diary.domain.case import CaseDetails
from diary.domain.errors import DiaryDamaged
from diary.domain.incident import Author
from diary.vault import Vault
from diary.vault.messages import message_log
from diary.vault.sharing.share import choose, write_share
from diary.vault.sharing.share_import import import_share
from tests.conftest import FLOOR, PASSPHRASE
from tests.messages_support import android_zip, planned
from tests.unit.test_share import _rewrite


@pytest.fixture
def advocate_diary(tmp_path: Path) -> Vault:
    vault, _ = Vault.create(
        tmp_path / "case", PASSPHRASE, CaseDetails(name="Alex Advocate", initials="AA"), kdf=FLOOR
    )
    return vault


def _shared(vault: Vault, tmp_path: Path) -> tuple[Path, Any]:
    chat = android_zip(tmp_path)
    plan = planned(chat, ["Chris Sample"])
    message_log.prepare(vault, plan, 3)
    message_log.save(vault, plan)
    return chat, write_share(vault, choose(vault, None, None, None), tmp_path / "s.share", "Sam")


def test_a_share_carries_each_entrys_messages_and_their_original_file(
    vault: Vault, advocate_diary: Vault, tmp_path: Path
) -> None:
    chat, sent = _shared(vault, tmp_path)
    report = import_share(advocate_diary, sent.path, sent.passphrase)
    assert len(report.added) == 2 and report.messages == 7
    sender_logs = message_log.logged_for(vault.conn, [i.id for i in vault.incidents()])
    first, second = advocate_diary.incidents()
    got = message_log.logged_for(advocate_diary.conn, [first.id, second.id])
    sent_texts = sorted(e.item.text for v in sender_logs.values() for e in v)
    assert sorted(e.item.text for v in got.values() for e in v) == sent_texts
    assert [e.item.where for e in got[first.id]] == [
        e.item.where for e in sender_logs[vault.incidents()[0].id]
    ]
    (kept,) = {e.source_id for v in got.values() for e in v}
    assert advocate_diary.read_original(kept) == chat.read_bytes()  # byte for byte
    # Received: the entry's words stay the sender's; the revision that logs the messages here
    # is recorded by whoever received them, naming the sender they came from.
    assert second.is_received and second.received_from == "Sam"
    logged_here = [r for r in advocate_diary.history(second.id) if r.event == "attach"][-1]
    assert logged_here.author is Author.VICTIM
    assert logged_here.content["messages"]["received_from"] == "Sam"
    assert advocate_diary.message_log(second.id).count == len(got[second.id])
    assert advocate_diary.check().ok, advocate_diary.check().problems
    again = import_share(advocate_diary, sent.path, sent.passphrase)
    assert again.messages == 0 and advocate_diary.message_log(first.id).count == 5


def _change_a_word(manifest: dict[str, Any]) -> None:
    item = manifest["incidents"][0]["message_log"]["items"][1]
    item["record"]["text"] = "Nothing happened."


def _drop_one(manifest: dict[str, Any]) -> None:
    del manifest["incidents"][0]["message_log"]["items"][0]


@pytest.mark.parametrize("change", [_change_a_word, _drop_one])
def test_a_share_whose_messages_were_changed_is_refused_whole(
    vault: Vault, advocate_diary: Vault, tmp_path: Path, change: Any
) -> None:
    _, sent = _shared(vault, tmp_path)
    changed = _rewrite(sent.path, sent.passphrase, change)
    with pytest.raises(DiaryDamaged, match="not those its history recorded"):
        import_share(advocate_diary, changed, sent.passphrase)
    assert advocate_diary.incidents() == []
    assert advocate_diary.conn.execute("SELECT count(*) FROM logged_items").fetchone() == (0,)
