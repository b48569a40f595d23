"""Schema version 8: attachment bytes move out of the database into the encrypted file store.

A row of stored_files says where an attachment's bytes are (storage/file_store.py): the file's
random id, its key wrapped under the diary's current key (and, while a change of secrets is
under way, under the next one too), how many pieces it has and its size on disk. The row is
fixed once written, apart from the wrapped key. The chunks of an attachment kept before may be
deleted from the database only once its file is recorded here: stored_files.move_out() writes
each file, makes it durable, then records it and deletes the chunks in one transaction.
"""

from __future__ import annotations

STORED_FILES_V8 = """
CREATE TABLE stored_files (
    attachment_id INTEGER PRIMARY KEY REFERENCES attachments(id),
    file_id       TEXT NOT NULL UNIQUE,
    wrapped_key   BLOB NOT NULL,
    next_key      BLOB,
    pieces        INTEGER NOT NULL,
    stored_size   INTEGER NOT NULL
);
CREATE TRIGGER stored_files_no_delete BEFORE DELETE ON stored_files
BEGIN SELECT RAISE(ABORT, 'evidence is never deleted'); END;
CREATE TRIGGER stored_files_fixed BEFORE UPDATE ON stored_files
WHEN NEW.file_id != OLD.file_id OR NEW.pieces != OLD.pieces
    OR NEW.stored_size != OLD.stored_size OR NEW.attachment_id != OLD.attachment_id
BEGIN SELECT RAISE(ABORT, 'evidence is never changed'); END;

DROP TRIGGER chunks_no_delete;
CREATE TRIGGER chunks_no_delete BEFORE DELETE ON attachment_chunks
WHEN NOT EXISTS (SELECT 1 FROM stored_files WHERE attachment_id = OLD.attachment_id)
BEGIN SELECT RAISE(ABORT, 'evidence is never deleted'); END;
"""

# Version 10: what the pack and the window show of a video, a recording or a HEIC photo, made
# once when the file is kept (derived_forms.py) and stored encrypted in the file store like an
# original (derived_files.py). A row names the original's SHA-256 it was made from; a form whose
# original does not match it is not used. Forms are conveniences, not evidence: one may be made
# again, so the rows may change and go.
DERIVED_FILES_V10 = """
CREATE TABLE derived_files (
    attachment_id INTEGER PRIMARY KEY REFERENCES attachments(id),
    source_sha256 TEXT NOT NULL,
    description   TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    size          INTEGER NOT NULL,
    file_id       TEXT NOT NULL UNIQUE,
    wrapped_key   BLOB NOT NULL,
    next_key      BLOB,
    pieces        INTEGER NOT NULL,
    stored_size   INTEGER NOT NULL
);
"""
