"""Schema version 6 (messages and calls logged from export files) applied to a version-5 diary."""

from __future__ import annotations

from pathlib import Path

import pytest

from diary.domain.case import CaseDetails
from diary.vault import Vault
from diary.vault.keys.keys import FLOOR
from diary.vault.messages import message_log
from diary.vault.storage import schema
from tests.conftest import PASSPHRASE, make_content
from tests.legacy_store import keep_in_database
from tests.messages_support import fixture, planned


def test_version_5_diary_opens_keeps_its_entries_and_takes_messages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "diary"
    with monkeypatch.context() as patch:
        patch.setattr(schema, "SCHEMA_VERSION", 5)
        keep_in_database(patch)
        vault, _ = Vault.create(folder, PASSPHRASE, CaseDetails("Sam Example", "SE"), kdf=FLOOR)
        first = vault.add_incident(make_content(what="Before the upgrade."))
        note = vault.attach_bytes(first, "note.txt", b"kept byte for byte")
        head = vault.check().chain_head
        assert vault.conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'logged_items'"
        ).fetchone() == (0,)
        assert vault.conn.execute("PRAGMA user_version").fetchone()[0] == 5
        vault.set_private_note(first, "Safe to call after 6pm.")
        vault.close()

    with Vault.open(folder, PASSPHRASE) as vault:
        assert vault.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 6
        kept = vault.private_note(first)
        assert kept is not None and kept.text == "Safe to call after 6pm."
        assert vault.chain_head == head
        assert vault.read_original(note.id) == b"kept byte for byte"
        plan = planned(fixture("whatsapp_android.txt"), ["Chris Sample"])
        message_log.prepare(vault, plan, 3)
        done = message_log.save(vault, plan)
        assert done.logged == 7
        report = vault.check()
        assert report.ok, report.problems
