"""Schema version 3 (attachment chunks in a rowid table) applied to a diary made at version 2."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from diary.domain.case import CaseDetails
from diary.vault import Vault
from diary.vault.attachments.attachments import CHUNK_BYTES
from diary.vault.keys.keys import FLOOR
from diary.vault.storage import schema
from tests.conftest import PASSPHRASE, make_content


def test_version_2_diary_keeps_every_attachment_byte_through_the_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "diary"
    recording = os.urandom(2 * CHUNK_BYTES + 12345)  # three chunks
    with monkeypatch.context() as patch:
        patch.setattr(schema, "SCHEMA_VERSION", 2)
        vault, _ = Vault.create(folder, PASSPHRASE, CaseDetails("Sam Example", "SE"), kdf=FLOOR)
        first = vault.add_incident(make_content(what="Before the upgrade."))
        note = vault.attach_bytes(first, "note.txt", b"kept byte for byte")
        audio = vault.attach_bytes(first, "voicemail.m4a", recording)
        ddl = vault.conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'attachment_chunks'"
        ).fetchone()[0]
        assert "WITHOUT ROWID" in ddl
        head = vault.chain_head = vault.check().chain_head
        vault.close()

    with Vault.open(folder, PASSPHRASE) as vault:
        conn = vault.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        ddl = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'attachment_chunks'"
        ).fetchone()[0]
        assert "WITHOUT ROWID" not in ddl
        assert vault.chain_head == head
        assert vault.read_original(note.id) == b"kept byte for byte"
        assert vault.read_original(audio.id) == recording
        report = vault.check()
        assert report.ok, report.problems
        # Still append-only after the table was rebuilt.
        with pytest.raises(Exception, match="never deleted"):
            conn.execute("DELETE FROM attachment_chunks")
        with pytest.raises(Exception, match="never changed"):
            conn.execute("UPDATE attachment_chunks SET data = x'00'")
        with pytest.raises(Exception, match="UNIQUE"):
            conn.execute(
                "INSERT INTO attachment_chunks (attachment_id, idx, data) VALUES (?, 0, x'00')",
                (note.id,),
            )
        # New files go into the new table and read back exactly.
        later = vault.attach_bytes(first, "later.bin", recording[:1000])
        assert vault.read_original(later.id) == recording[:1000]
