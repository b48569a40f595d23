"""Schema version 4 (nothing received speaks as the person) applied to a diary made at version 3.

Version 3 stored an entry received in a share under the author its file claimed (often
'victim'), with the times the file gave, and let a received version replace the person's own.
The upgrade keeps every revision and hash, and makes what was received the sender's again.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diary.domain.case import CaseDetails
from diary.domain.incident import Author, canonical_json
from diary.domain.times import parse_utc_stamp, utc_now, utc_stamp
from diary.vault import Vault
from diary.vault.entries import incidents
from diary.vault.keys.keys import FLOOR
from diary.vault.sharing.adoption import adopt
from diary.vault.storage import chain, schema
from diary.vault.storage.database import transaction
from tests.conftest import PASSPHRASE, make_content
from tests.legacy_store import keep_in_database

RECEIVED_AT = "2024-07-01T09:00:00Z"  # this diary's clock, when version 3 received the share
CLAIMED = "2031-01-01T00:00:00Z"  # what the share's file said


def _v3_create(vault: Vault, uid: str, text: str) -> int:
    """An entry of the person's own, as version-3 code wrote it."""
    content = make_content(what=text)
    body = canonical_json(content.to_dict()).decode()
    stamp = "2024-06-04T08:00:00Z"
    conn = vault.conn
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO incidents (uid, occurred_utc, author, recorded_at, updated_at,"
            " revisions, deleted, content, last_author) VALUES (?, ?, 'victim', ?, ?, 1, 0, ?,"
            " 'victim')",
            (uid, utc_stamp(content.occurred.instant), stamp, stamp, body),
        )
        incident_id = int(cur.lastrowid)
        incidents._index(conn, incident_id, content)
        chain.append(conn, incident_id, uid, "create", "victim", stamp, body)
    return incident_id


def _v3_receive(vault: Vault, uid: str, text: str, share_id: str) -> int:
    """An entry received in a share as version-3 code stored it: under the author and times
    the share claimed, replacing the entry with that uid if there was one."""
    content = make_content(what=text)
    body = canonical_json(content.to_dict()).decode()
    foreign = {
        "seq": 7,
        "event": "edit",
        "author": "victim",
        "recorded_at": CLAIMED,
        "content": body,
        "prev_hash": "f" * 64,
    }
    foreign["hash"] = chain.revision_hash(
        foreign["prev_hash"], 7, uid, "edit", "victim", CLAIMED, body
    )
    event = {
        "share_id": share_id,
        "shared_by": "Mallory",
        "shared_at": CLAIMED,
        "source_chain_head": "e" * 64,
        "received_at": RECEIVED_AT,
        "foreign_head": foreign["hash"],
        "current": content.to_dict(),
        "revisions": [foreign],
        "attachments": [],
    }
    conn = vault.conn
    with transaction(conn):
        conn.execute(
            "INSERT INTO shares_received VALUES (?, 'Mallory', ?, ?, ?, 1)",
            (share_id, CLAIMED, RECEIVED_AT, "e" * 64),
        )
        row = conn.execute("SELECT id FROM incidents WHERE uid = ?", (uid,)).fetchone()
        if row is None:
            cur = conn.execute(
                "INSERT INTO incidents (uid, occurred_utc, author, recorded_at, updated_at,"
                " revisions, deleted, content) VALUES (?, ?, 'victim', ?, ?, 1, 0, ?)",
                (uid, utc_stamp(content.occurred.instant), CLAIMED, CLAIMED, body),
            )
            incident_id = int(cur.lastrowid)
        else:
            incident_id = int(row[0])
            conn.execute(
                "UPDATE incidents SET updated_at = ?, content = ? WHERE id = ?",
                (CLAIMED, body, incident_id),
            )
        incidents._index(conn, incident_id, content)
        chain.append(
            conn,
            incident_id,
            uid,
            "import",
            "victim",
            RECEIVED_AT,
            canonical_json(event).decode(),
        )
        conn.execute(
            "INSERT INTO imported_incidents VALUES (?, ?, ?)",
            (incident_id, share_id, foreign["hash"]),
        )
        conn.execute("UPDATE incidents SET last_author = 'victim' WHERE id = ?", (incident_id,))
    return incident_id


def _version_3_diary(folder: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as patch:
        patch.setattr(schema, "SCHEMA_VERSION", 3)
        keep_in_database(patch)
        vault, _ = Vault.create(folder, PASSPHRASE, CaseDetails("Sam Example", "SE"), kdf=FLOOR)
        _v3_create(vault, "a" * 32, "My own account.")
        _v3_create(vault, "b" * 32, "My words, overwritten by a share.")
        _v3_receive(vault, "b" * 32, "Words put in my mouth.", "1" * 32)
        _v3_receive(vault, "c" * 32, "A new entry from the share.", "2" * 32)
        assert vault.conn.execute("PRAGMA user_version").fetchone()[0] == 3
        with pytest.raises(Exception, match="CHECK constraint"):
            vault.conn.execute(
                "INSERT INTO revisions VALUES (99, 1, 'x', 'adopt', 'victim', 't', '{}', 'p', 'h')"
            )
        head = vault.chain_head = chain.verify(vault.conn)
        vault.close()
    return head


def test_version_3_diary_gives_received_words_back_to_their_sender(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = _version_3_diary(tmp_path / "old", monkeypatch)
    with Vault.open(tmp_path / "old", PASSPHRASE) as vault:
        conn = vault.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 4
        assert vault.chain_head == head
        report = vault.check()
        assert report.ok, report.problems
        assert (report.incidents, report.revisions) == (3, 4)

        own, overwritten, new = (vault.incident(n) for n in (1, 2, 3))
        assert (own.author, own.last_changed_by, own.received_from) == (
            Author.VICTIM,
            Author.VICTIM,
            None,
        )
        assert not own.is_received
        # Written by the person, its words replaced by a share's: the words are Mallory's.
        assert overwritten.author is Author.VICTIM and overwritten.is_received
        assert overwritten.received_from == "Mallory"
        assert overwritten.updated_at == parse_utc_stamp(RECEIVED_AT)
        # Arrived in the share: Mallory's, at the time this diary received it, not 2031.
        assert (new.author, new.last_changed_by, new.received_from) == (
            Author.SENDER,
            Author.SENDER,
            "Mallory",
        )
        assert new.recorded_at == new.updated_at == parse_utc_stamp(RECEIVED_AT)
        # The sender's revision is shown as Mallory's, its claims kept as claims.
        foreign, imported = vault.history(3)
        assert (foreign.author, foreign.received_from) == (Author.SENDER, "Mallory")
        assert (foreign.claimed_author, foreign.claimed_at) == ("victim", CLAIMED)
        assert imported.author is Author.SENDER

        # The rebuilt tables take the new kinds of revision and stay append-only.
        adopt(conn, 3, utc_now())
        assert vault.incident(3).last_changed_by is Author.VICTIM
        assert [r.event for r in vault.history(3)][-1] == "adopt"
        assert (
            json.loads(
                conn.execute("SELECT content FROM revisions ORDER BY seq DESC LIMIT 1").fetchone()[
                    0
                ]
            )["received_from"]
            == "Mallory"
        )
        with pytest.raises(Exception, match="append-only"):
            conn.execute("DELETE FROM revisions")
        assert vault.check().ok, vault.check().problems
