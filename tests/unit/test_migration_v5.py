"""Schema version 5 (a private note on an entry) applied to a diary made at version 4."""

from __future__ import annotations

from pathlib import Path

import pytest

from diary.domain.case import CaseDetails
from diary.vault import Vault
from diary.vault.keys.keys import FLOOR
from diary.vault.storage import chain, schema
from tests.conftest import PASSPHRASE, make_content
from tests.legacy_store import keep_in_database


def test_version_4_diary_gains_private_notes_and_keeps_its_chain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "old"
    with monkeypatch.context() as patch:
        patch.setattr(schema, "SCHEMA_VERSION", 4)
        keep_in_database(patch)
        vault, _ = Vault.create(folder, PASSPHRASE, CaseDetails("Sam Example", "SE"), kdf=FLOOR)
        number = vault.add_incident(make_content(what="He waited at the gate."))
        assert vault.conn.execute("PRAGMA user_version").fetchone()[0] == 4
        tables = {r[0] for r in vault.conn.execute("SELECT name FROM sqlite_master")}
        assert "entry_private_notes" not in tables
        head = vault.chain_head = chain.verify(vault.conn)
        vault.close()
    with Vault.open(folder, PASSPHRASE) as vault:
        assert vault.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 5
        assert vault.chain_head == head
        assert vault.incident(number).content.text == "He waited at the gate."
        assert vault.private_note(number) is None
        vault.set_private_note(number, "Safe to call after 6pm.")
        note = vault.private_note(number)
        assert note is not None and note.text == "Safe to call after 6pm."
        report = vault.check()
        assert report.ok, report.problems
