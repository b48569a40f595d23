"""The database schema and its migrations, versioned by PRAGMA user_version.

Each migration takes the database from version N-1 to N inside one transaction. Revisions and
attachment bytes are append-only: triggers refuse any UPDATE or DELETE on them.
"""

from __future__ import annotations

from typing import Any

from ..attachments.stored_files_schema import DERIVED_FILES_V10, STORED_FILES_V8
from ..messages.message_schema import MESSAGES_V6

SCHEMA_VERSION = 11

_V1 = """
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE incidents (
    id            INTEGER PRIMARY KEY,
    uid           TEXT NOT NULL UNIQUE,
    occurred_utc  TEXT NOT NULL,
    author        TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    revisions     INTEGER NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0,
    content       TEXT NOT NULL
);
CREATE INDEX incidents_by_time ON incidents(deleted, occurred_utc);

CREATE TABLE incident_behaviours (
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    kind        TEXT NOT NULL,
    PRIMARY KEY (incident_id, kind)
) WITHOUT ROWID;
CREATE INDEX behaviours_by_kind ON incident_behaviours(kind);

CREATE TABLE revisions (
    seq          INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents(id),
    incident_uid TEXT NOT NULL,
    event        TEXT NOT NULL CHECK (event IN ('create', 'edit', 'attach', 'delete')),
    author       TEXT NOT NULL CHECK (author IN ('victim', 'advocate')),
    recorded_at  TEXT NOT NULL,
    content      TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE
);
CREATE INDEX revisions_by_incident ON revisions(incident_id, seq);

CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;

CREATE TABLE attachments (
    id               INTEGER PRIMARY KEY,
    uid              TEXT NOT NULL UNIQUE,
    incident_id      INTEGER NOT NULL REFERENCES incidents(id),
    sha256           TEXT NOT NULL,
    filename         TEXT NOT NULL,
    size             INTEGER NOT NULL,
    media_type       TEXT NOT NULL,
    claimed_type     TEXT NOT NULL,
    imported_at      TEXT NOT NULL,
    exif_captured_at TEXT NOT NULL DEFAULT '',
    source           TEXT NOT NULL DEFAULT '{}',
    thumbnail        BLOB,
    preview_problem  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attachments_by_incident ON attachments(incident_id);

CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments
BEGIN SELECT RAISE(ABORT, 'evidence is never deleted'); END;
-- The hash and size are filled in once, in the transaction that stores the bytes; never after.
CREATE TRIGGER attachments_fixed BEFORE UPDATE ON attachments
WHEN OLD.sha256 != '' AND (NEW.sha256 != OLD.sha256 OR NEW.size != OLD.size
    OR NEW.filename != OLD.filename OR NEW.incident_id != OLD.incident_id
    OR NEW.uid != OLD.uid)
BEGIN SELECT RAISE(ABORT, 'evidence is never changed'); END;

CREATE TABLE attachment_chunks (
    attachment_id INTEGER NOT NULL REFERENCES attachments(id),
    idx           INTEGER NOT NULL,
    data          BLOB NOT NULL,
    PRIMARY KEY (attachment_id, idx)
) WITHOUT ROWID;

CREATE TRIGGER chunks_no_update BEFORE UPDATE ON attachment_chunks
BEGIN SELECT RAISE(ABORT, 'evidence is never changed'); END;
CREATE TRIGGER chunks_no_delete BEFORE DELETE ON attachment_chunks
BEGIN SELECT RAISE(ABORT, 'evidence is never deleted'); END;

-- Exhibit marks (JS/1, JS/2, ...): once given, never reused or renumbered.
CREATE TABLE exhibit_marks (
    attachment_id INTEGER PRIMARY KEY REFERENCES attachments(id),
    number        INTEGER NOT NULL UNIQUE,
    mark          TEXT NOT NULL UNIQUE,
    assigned_at   TEXT NOT NULL
);
CREATE TRIGGER marks_no_update BEFORE UPDATE ON exhibit_marks
BEGIN SELECT RAISE(ABORT, 'exhibit marks are never changed'); END;
CREATE TRIGGER marks_no_delete BEFORE DELETE ON exhibit_marks
BEGIN SELECT RAISE(ABORT, 'exhibit marks are never changed'); END;

-- Unsaved work from the editor, kept encrypted so a lock or a quick exit loses nothing.
CREATE TABLE drafts (
    key        TEXT PRIMARY KEY,
    content    TEXT NOT NULL,
    saved_at   TEXT NOT NULL
);

-- Private notes (safety plans, wellbeing): never part of any export.
CREATE TABLE private_notes (
    id         INTEGER PRIMARY KEY,
    author     TEXT NOT NULL,
    written_at TEXT NOT NULL,
    text       TEXT NOT NULL
);

CREATE VIRTUAL TABLE incident_fts USING fts5(
    location, body, words, people, impact, refs,
    tokenize = 'unicode61 remove_diacritics 2'
);
"""

# Version 2: entries received in a share. An 'import' revision carries the other diary's
# revisions and head hash verbatim; SQLite cannot change a CHECK constraint in place, so the
# revisions table is rebuilt with the same rows (the hash chain does not depend on rowids).
_V2 = """
DROP TRIGGER revisions_no_update;
DROP TRIGGER revisions_no_delete;
CREATE TABLE revisions_v2 (
    seq          INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents(id),
    incident_uid TEXT NOT NULL,
    event        TEXT NOT NULL
                 CHECK (event IN ('create', 'edit', 'attach', 'delete', 'import')),
    author       TEXT NOT NULL CHECK (author IN ('victim', 'advocate')),
    recorded_at  TEXT NOT NULL,
    content      TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE
);
INSERT INTO revisions_v2 SELECT seq, incident_id, incident_uid, event, author, recorded_at,
    content, prev_hash, hash FROM revisions ORDER BY seq;
DROP TABLE revisions;
ALTER TABLE revisions_v2 RENAME TO revisions;
CREATE INDEX revisions_by_incident ON revisions(incident_id, seq);
CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;

-- Provenance of each share received: who sent it, when, and the head of their record.
CREATE TABLE shares_received (
    share_id          TEXT PRIMARY KEY,
    shared_by         TEXT NOT NULL,
    shared_at         TEXT NOT NULL,
    received_at       TEXT NOT NULL,
    source_chain_head TEXT NOT NULL,
    entries           INTEGER NOT NULL
);
CREATE TABLE imported_incidents (
    incident_id  INTEGER PRIMARY KEY REFERENCES incidents(id),
    share_id     TEXT NOT NULL REFERENCES shares_received(share_id),
    foreign_head TEXT NOT NULL
);

-- Who wrote the words as they stand now (an advocate may edit a victim's entry), kept beside
-- the current state for listing; for version-1 diaries, taken from each latest create or edit.
ALTER TABLE incidents ADD COLUMN last_author TEXT
    CHECK (last_author IS NULL OR last_author IN ('victim', 'advocate'));
UPDATE incidents SET last_author = (
    SELECT r.author FROM revisions r WHERE r.incident_id = incidents.id
    AND r.event IN ('create', 'edit') ORDER BY r.seq DESC LIMIT 1
);
"""

# Version 3: attachment chunks in an ordinary rowid table. WITHOUT ROWID keeps each row inside
# its primary-key b-tree, which SQLite advises against for rows larger than a twentieth of a
# page; with 1 MiB chunks it made storing a screenshot about 1.5 times slower. Same rows, same
# bytes, same append-only triggers.
_V3 = """
DROP TRIGGER chunks_no_update;
DROP TRIGGER chunks_no_delete;
CREATE TABLE attachment_chunks_v3 (
    attachment_id INTEGER NOT NULL REFERENCES attachments(id),
    idx           INTEGER NOT NULL,
    data          BLOB NOT NULL,
    UNIQUE (attachment_id, idx)
);
INSERT INTO attachment_chunks_v3 (attachment_id, idx, data)
    SELECT attachment_id, idx, data FROM attachment_chunks ORDER BY attachment_id, idx;
DROP TABLE attachment_chunks;
ALTER TABLE attachment_chunks_v3 RENAME TO attachment_chunks;
CREATE TRIGGER chunks_no_update BEFORE UPDATE ON attachment_chunks
BEGIN SELECT RAISE(ABORT, 'evidence is never changed'); END;
CREATE TRIGGER chunks_no_delete BEFORE DELETE ON attachment_chunks
BEGIN SELECT RAISE(ABORT, 'evidence is never deleted'); END;
"""

# Version 4: nothing received speaks as the person. What arrives in a share is authored by its
# sender ('sender', named by the share); a change to an entry already here is a 'propose'
# revision and a row in `proposals`, applied only by an 'accept' (or kept by a 'decline'); an
# 'adopt' makes a received account the person's own. The revisions table is rebuilt for the
# wider CHECKs (as in version 2), and so is the last_author column (added, copied, the old one
# dropped). Entries received before: their words become the sender's, `received_from` names
# the sender, and their recorded and updated times are this diary's own (the time they were
# received), not the times the sender's file gave.
_V4 = """
DROP TRIGGER revisions_no_update;
DROP TRIGGER revisions_no_delete;
CREATE TABLE revisions_v4 (
    seq          INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents(id),
    incident_uid TEXT NOT NULL,
    event        TEXT NOT NULL CHECK (event IN ('create', 'edit', 'attach', 'delete', 'import',
                                                'propose', 'accept', 'decline', 'adopt')),
    author       TEXT NOT NULL CHECK (author IN ('victim', 'advocate', 'sender')),
    recorded_at  TEXT NOT NULL,
    content      TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE
);
INSERT INTO revisions_v4 SELECT seq, incident_id, incident_uid, event, author, recorded_at,
    content, prev_hash, hash FROM revisions ORDER BY seq;
DROP TABLE revisions;
ALTER TABLE revisions_v4 RENAME TO revisions;
CREATE INDEX revisions_by_incident ON revisions(incident_id, seq);
CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;

ALTER TABLE incidents ADD COLUMN words_by TEXT
    CHECK (words_by IS NULL OR words_by IN ('victim', 'advocate', 'sender'));
UPDATE incidents SET words_by = last_author;
ALTER TABLE incidents DROP COLUMN last_author;
ALTER TABLE incidents RENAME COLUMN words_by TO last_author;
ALTER TABLE incidents ADD COLUMN received_from TEXT;

UPDATE incidents SET received_from = (
    SELECT coalesce(json_extract(r.content, '$.shared_by'), '') FROM revisions r
    WHERE r.incident_id = incidents.id AND r.event = 'import' ORDER BY r.seq DESC LIMIT 1
) WHERE id IN (SELECT incident_id FROM revisions WHERE event = 'import');
UPDATE incidents SET last_author = 'sender' WHERE (
    SELECT r.event FROM revisions r WHERE r.incident_id = incidents.id
    AND r.event IN ('create', 'edit', 'import') ORDER BY r.seq DESC LIMIT 1
) = 'import';
UPDATE incidents SET author = 'sender' WHERE (
    SELECT r.event FROM revisions r WHERE r.incident_id = incidents.id ORDER BY r.seq LIMIT 1
) = 'import';
UPDATE incidents SET
    recorded_at = (SELECT r.recorded_at FROM revisions r WHERE r.incident_id = incidents.id
                   ORDER BY r.seq LIMIT 1),
    updated_at = (SELECT r.recorded_at FROM revisions r WHERE r.incident_id = incidents.id
                  AND r.event IN ('create', 'edit', 'import', 'delete') ORDER BY r.seq DESC LIMIT 1)
WHERE id IN (SELECT incident_id FROM revisions WHERE event = 'import');

-- Changes to entries already here, received in a share: each kept whole in its 'propose'
-- revision; this table says which are still to be decided, and how each was.
CREATE TABLE proposals (
    id            INTEGER PRIMARY KEY,
    incident_id   INTEGER NOT NULL REFERENCES incidents(id),
    share_id      TEXT NOT NULL REFERENCES shares_received(share_id),
    proposed_seq  INTEGER NOT NULL UNIQUE,
    foreign_head  TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'accepted', 'declined')),
    decided_seq   INTEGER
);
CREATE INDEX proposals_by_incident ON proposals(incident_id);
"""

# Version 5: a private note on an entry (where it is safe to call, what a refuge worker said).
# Kept apart from the entry's content and its hash-chained revisions, because those travel in
# shares and bundles; a private note never leaves the diary. One note to an entry, changed in
# place; an empty note is no row.
_V5 = """
CREATE TABLE entry_private_notes (
    incident_id INTEGER PRIMARY KEY REFERENCES incidents(id),
    text        TEXT NOT NULL CHECK (text != ''),
    author      TEXT NOT NULL CHECK (author IN ('victim', 'advocate')),
    written_at  TEXT NOT NULL
);
"""

# Version 7: a deleted entry can be restored ('restore', which carries the entry as restored,
# like an 'accept'), and a file can be removed from an entry ('detach'). A removed file's bytes
# stay, as every revision does: `removed_at` only keeps it out of the entry as it stands now,
# and once set it never changes. The revisions table is rebuilt for the wider CHECK (as in 4).
_V7 = """
DROP TRIGGER revisions_no_update;
DROP TRIGGER revisions_no_delete;
CREATE TABLE revisions_v7 (
    seq          INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents(id),
    incident_uid TEXT NOT NULL,
    event        TEXT NOT NULL CHECK (event IN ('create', 'edit', 'attach', 'delete', 'import',
                                                'propose', 'accept', 'decline', 'adopt',
                                                'restore', 'detach')),
    author       TEXT NOT NULL CHECK (author IN ('victim', 'advocate', 'sender')),
    recorded_at  TEXT NOT NULL,
    content      TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE
);
INSERT INTO revisions_v7 SELECT seq, incident_id, incident_uid, event, author, recorded_at,
    content, prev_hash, hash FROM revisions ORDER BY seq;
DROP TABLE revisions;
ALTER TABLE revisions_v7 RENAME TO revisions;
CREATE INDEX revisions_by_incident ON revisions(incident_id, seq);
CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;

ALTER TABLE attachments ADD COLUMN removed_at TEXT;
CREATE TRIGGER attachments_removed_fixed BEFORE UPDATE OF removed_at ON attachments
WHEN OLD.removed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a removal is never undone in place'); END;
"""

# Version 9 (timeline and prefix search): the window shows its first screen of the newest
# entries from an index on the time alone (incidents_by_time leads with `deleted`, so a read of
# live and deleted entries newest first sorted the whole table), and the first letters of a
# search read a prefix index instead of merging every word that starts with them. FTS5 cannot
# add a prefix index in place: the table is built again from its own rows (the same text, the
# same rowids), and merged into one segment.
_V9_TIMELINE_AND_PREFIX_SEARCH = """
CREATE INDEX incidents_by_when ON incidents(occurred_utc);
CREATE VIRTUAL TABLE incident_fts_v9 USING fts5(
    location, body, words, people, impact, refs,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);
INSERT INTO incident_fts_v9(rowid, location, body, words, people, impact, refs)
    SELECT rowid, location, body, words, people, impact, refs FROM incident_fts;
INSERT INTO incident_fts_v9(incident_fts_v9) VALUES ('optimize');
DROP TABLE incident_fts;
ALTER TABLE incident_fts_v9 RENAME TO incident_fts;
"""

# Version 11 (a list that reads only what it shows): what one line of a list shows of an entry
# (when, where, what kinds, the start of its text, whose words), kept in an index in time order
# beside who wrote it. A list of every entry then reads that index alone, a few hundred bytes an
# entry, instead of every entry's whole record. The app writes the line with the entry
# (entries/listing.py, line_json); SQLite works it out from the entry for the entries already
# kept, and, by a trigger, for a change of content that leaves the line as it was, so an edit
# never leaves a line behind its entry. (A trigger on every insert would cost a third of the time
# of an import of thousands of entries, even when it does nothing.) A line missing is read from
# the entry itself; `diary check` compares every line with its entry. A text or place longer
# than the line keeps its start (LINE_TEXT_CHARS, LINE_PLACE_CHARS characters) and its length,
# so a reader knows when it has only the start. (SQLite's JSON reading costs over a hundred
# microseconds an entry here: the app writes the line itself, and the line is a column, not
# worked out at each read or check.)
LINE_TEXT_CHARS = 120
LINE_PLACE_CHARS = 100


def line_of(content: str) -> str:
    """The SQL that works out the list line of an entry whose content is `content`."""
    return f"""json_array(
    {content} ->> '$.occurred.instant',
    {content} ->> '$.occurred.offset_minutes',
    {content} ->> '$.occurred.precision',
    substr({content} ->> '$.location', 1, {LINE_PLACE_CHARS}),
    length({content} ->> '$.location'),
    {content} -> '$.behaviours',
    substr({content} ->> '$.text', 1, {LINE_TEXT_CHARS}),
    length({content} ->> '$.text'),
    {content} -> '$.first_hand',
    {content} ->> '$.told_by',
    {content} ->> '$.written_by'
)"""


_V11_LIST_LINES = f"""
ALTER TABLE incidents ADD COLUMN list_line TEXT;
UPDATE incidents SET list_line = {line_of("content")};
CREATE INDEX incidents_listed
    ON incidents(deleted, occurred_utc, id, list_line, author, last_author, received_from);
CREATE TRIGGER incidents_line_changed AFTER UPDATE OF content ON incidents
WHEN NEW.list_line IS OLD.list_line
BEGIN UPDATE incidents SET list_line = {line_of("NEW.content")} WHERE id = NEW.id; END;
"""

# Each migration is one SQL script; migrate() runs it with the version bump in one transaction.
# Version 6: messages and calls logged from an export file (message_schema.py).
# Version 8: attachment bytes in the encrypted file store (stored_files_schema.py); the bytes
# of attachments kept before are moved there after the migration (stored_files.move_out).
# Version 10: derived forms of videos, recordings and HEIC photos (stored_files_schema.py); those
# of files kept before are made after the migration, some at each open (derived_files.py).
MIGRATIONS: dict[int, str] = {
    1: _V1,
    2: _V2,
    3: _V3,
    4: _V4,
    5: _V5,
    6: MESSAGES_V6,
    7: _V7,
    8: STORED_FILES_V8,
    9: _V9_TIMELINE_AND_PREFIX_SEARCH,
    10: DERIVED_FILES_V10,
    11: _V11_LIST_LINES,
}


def migrate(conn: Any) -> int:
    """Bring the database up to SCHEMA_VERSION; return the version it was at."""
    (found,) = conn.execute("PRAGMA user_version").fetchone()
    if found > SCHEMA_VERSION:
        from diary.domain.errors import DiaryError

        raise DiaryError(
            "This diary was last opened by a newer version of the app. Update the app to open it."
        )
    for version in range(found + 1, SCHEMA_VERSION + 1):
        # executescript commits any open transaction first, so the script carries its own.
        script = (
            f"BEGIN IMMEDIATE;\n{MIGRATIONS[version]}\nPRAGMA user_version = {version};\nCOMMIT;"
        )
        try:
            conn.executescript(script)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return int(found)
