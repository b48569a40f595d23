"""Schema version 6: messages and calls logged from an export file (`diary import-messages`).

The file itself is an attachment, kept byte for byte with its SHA-256 like any other; a row in
message_sources says it is a file of messages (its format, the zone its wall times were read
in). Each message or call logged from it is a row in logged_items: the entry it belongs to, its
fingerprint (the same message in a later export is recognised and not logged twice) and its
record (words, time, sender, and where in the file it came from). Both are append-only, and each
import's rows are covered by the hash chain through the digest in its 'attach' revision.
"""

from __future__ import annotations

MESSAGES_V6 = """
CREATE TABLE message_sources (
    attachment_id INTEGER PRIMARY KEY REFERENCES attachments(id),
    format        TEXT NOT NULL,
    member        TEXT NOT NULL,
    zone          TEXT NOT NULL,
    imported_at   TEXT NOT NULL,
    details       TEXT NOT NULL
);
CREATE TABLE logged_items (
    id            INTEGER PRIMARY KEY,
    incident_id   INTEGER NOT NULL REFERENCES incidents(id),
    source_id     INTEGER NOT NULL REFERENCES message_sources(attachment_id),
    kind          TEXT NOT NULL CHECK (kind IN ('message', 'call')),
    occurred_utc  TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    record        TEXT NOT NULL
);
CREATE INDEX logged_items_by_incident ON logged_items(incident_id, occurred_utc, id);
CREATE INDEX logged_items_by_fingerprint ON logged_items(fingerprint);

CREATE TRIGGER message_sources_no_update BEFORE UPDATE ON message_sources
BEGIN SELECT RAISE(ABORT, 'evidence is never changed'); END;
CREATE TRIGGER message_sources_no_delete BEFORE DELETE ON message_sources
BEGIN SELECT RAISE(ABORT, 'evidence is never deleted'); END;
CREATE TRIGGER logged_items_no_update BEFORE UPDATE ON logged_items
BEGIN SELECT RAISE(ABORT, 'evidence is never changed'); END;
CREATE TRIGGER logged_items_no_delete BEFORE DELETE ON logged_items
BEGIN SELECT RAISE(ABORT, 'evidence is never deleted'); END;
"""
