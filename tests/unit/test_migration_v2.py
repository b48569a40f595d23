"""Schema version 2 (received shares) applied to a diary made at version 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from diary.domain.case import CaseDetails
from diary.vault import Vault, schema
from diary.vault.keys import FLOOR
from diary.vault.share import choose, write_share
from diary.vault.share_import import import_share
from tests.conftest import PASSPHRASE, make_content


def _version_1_diary(folder: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A diary with entries, written by code that knew only schema version 1."""
    with monkeypatch.context() as patch:
        patch.setattr(schema, "SCHEMA_VERSION", 1)
        vault, _ = Vault.create(folder, PASSPHRASE, CaseDetails("Sam Example", "SE"), kdf=FLOOR)
        first = vault.add_incident(make_content(what="Before the upgrade."))
        vault.edit_incident(first, make_content(what="Before the upgrade, corrected."))
        vault.attach_bytes(first, "note.txt", b"kept byte for byte")
        assert vault.conn.execute("PRAGMA user_version").fetchone()[0] == 1
        with pytest.raises(Exception, match="CHECK constraint"):
            vault.conn.execute(
                "INSERT INTO revisions VALUES (99, 1, 'x', 'import', 'victim', 't', '{}', 'p', 'h')"
            )
        head = vault.chain_head = vault.check().chain_head
        vault.close()
    return head


def test_version_1_diary_is_upgraded_with_its_history_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = _version_1_diary(tmp_path / "old", monkeypatch)
    with Vault.open(tmp_path / "old", PASSPHRASE) as vault:
        assert vault.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert vault.chain_head == head
        report = vault.check()
        assert report.ok, report.problems
        assert (report.incidents, report.revisions, report.attachments) == (1, 3, 1)
        assert [r.event for r in vault.history(1)] == ["create", "edit", "attach"]
        # Still append-only after the table was rebuilt.
        with pytest.raises(Exception, match="append-only"):
            vault.conn.execute("DELETE FROM revisions")
        # And the upgraded diary can now receive a share.
        other, _ = Vault.create(tmp_path / "new", PASSPHRASE, CaseDetails("A B", "AB"), kdf=FLOOR)
        other.add_incident(make_content(what="From another diary."))
        sent = write_share(other, choose(other, None, None, None), tmp_path / "s.share", "A B")
        other.close()
        assert len(import_share(vault, sent.path, sent.passphrase).added) == 1
        assert vault.check().ok
