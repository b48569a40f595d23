"""Schema version 2 (received shares) applied to a diary made at version 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from diary.domain.case import CaseDetails
from diary.domain.incident import Author, canonical_json
from diary.domain.times import utc_stamp
from diary.vault import Vault
from diary.vault.entries import incidents
from diary.vault.keys.keys import FLOOR
from diary.vault.sharing.share import choose, write_share
from diary.vault.sharing.share_import import import_share
from diary.vault.storage import chain, schema
from diary.vault.storage.database import transaction
from tests.conftest import PASSPHRASE, make_content
from tests.legacy_store import keep_in_database


def _v1_save(vault: Vault, uid: str, text: str, author: Author, event: str) -> None:
    """An incident written as version-1 code wrote it (no last_author column yet)."""
    content = make_content(what=text)
    body = canonical_json(content.to_dict()).decode()
    stamp = "2024-06-04T08:00:00Z"
    conn = vault.conn
    with transaction(conn):
        if event == "create":
            conn.execute(
                "INSERT INTO incidents (uid, occurred_utc, author, recorded_at, updated_at,"
                " revisions, deleted, content) VALUES (?, ?, ?, ?, ?, 1, 0, ?)",
                (uid, utc_stamp(content.occurred.instant), author.value, stamp, stamp, body),
            )
        else:
            conn.execute(
                "UPDATE incidents SET revisions = revisions + 1, content = ? WHERE uid = ?",
                (body, uid),
            )
        (incident_id,) = conn.execute("SELECT id FROM incidents WHERE uid = ?", (uid,)).fetchone()
        incidents._index(conn, incident_id, content)
        chain.append(conn, incident_id, uid, event, author.value, stamp, body)


def _version_1_diary(folder: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A diary with entries in the version-1 schema, as version-1 code left it."""
    with monkeypatch.context() as patch:
        patch.setattr(schema, "SCHEMA_VERSION", 1)
        keep_in_database(patch)
        vault, _ = Vault.create(folder, PASSPHRASE, CaseDetails("Sam Example", "SE"), kdf=FLOOR)
        _v1_save(vault, "a" * 32, "Before the upgrade.", Author.VICTIM, "create")
        _v1_save(vault, "a" * 32, "Before the upgrade, noted.", Author.ADVOCATE, "edit")
        vault.attach_bytes(1, "note.txt", b"kept byte for byte")
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
        upgraded = vault.incident(1)
        assert upgraded.content.text == "Before the upgrade, noted."
        assert (upgraded.author, upgraded.last_changed_by) == (Author.VICTIM, Author.ADVOCATE)
        assert vault.read_original(upgraded.attachments[0].id) == b"kept byte for byte"
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
