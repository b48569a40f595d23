"""Attachment files in the encrypted store (storage/file_store.py), as the database records them.

The database holds each file's id and its key wrapped under the diary's current key; the store
holds only ciphertext. A change of secrets wraps every file key under the next key first (in
next_key, while the database is still under the old one), then re-encrypts the database, then
makes the new wrapping the one in force (settle()), so that at every moment the key in force
opens every file. Files are never rewritten.
"""

from __future__ import annotations

from collections.abc import Iterator

from diary.domain.errors import DiaryError

from ..storage import file_store
from ..storage.database import Connection, transaction
from ..storage.file_store import FileStore, FileWriter, StoredFile


def store_of(conn: Connection) -> FileStore:
    store = getattr(conn, "files", None)
    if store is None:
        raise DiaryError("The diary's files cannot be reached from this connection.")
    return store  # type: ignore[no-any-return]


def writer(conn: Connection) -> FileWriter:
    """A new file in the connection's store, for an attachment about to be recorded."""
    return FileWriter(store_of(conn).folder)


def record(conn: Connection, attachment_id: int, stored: StoredFile) -> None:
    """Refer to a file just written (inside the transaction that keeps the attachment)."""
    wrapped = file_store.wrap(store_of(conn).wrapping, stored.file_id, stored.key)
    conn.execute(
        "INSERT INTO stored_files (attachment_id, file_id, wrapped_key, pieces, stored_size)"
        " VALUES (?, ?, ?, ?, ?)",
        (attachment_id, stored.file_id, wrapped, stored.pieces, stored.stored_size),
    )


def stored_file(conn: Connection, attachment_id: int, name: str) -> StoredFile | None:
    """The attachment's file with its key unwrapped; None for one still held in the database
    (a diary kept before version 8 whose files have not all been moved out yet)."""
    row = conn.execute(
        "SELECT file_id, wrapped_key, next_key, pieces, stored_size FROM stored_files"
        " WHERE attachment_id = ?",
        (attachment_id,),
    ).fetchone()
    if row is None:
        return None
    file_id, wrapped, following, pieces, size = row
    wrapping = store_of(conn).wrapping
    key = file_store.unwrap(wrapping, file_id, wrapped) or file_store.unwrap(
        wrapping, file_id, following
    )
    if key is None:
        raise file_store.damaged(name, "has a key that does not open with the diary's key")
    return StoredFile(str(file_id), key, int(pieces), int(size))


def read(conn: Connection, stored: StoredFile, name: str) -> Iterator[bytes]:
    return file_store.iter_pieces(store_of(conn).folder, stored, name)


# Both hold files of the store under wrapped keys: originals, and the forms derived from them
# (derived_files.py). A change of secrets, a backup and a restore treat them alike.
KEYED_TABLES = ("stored_files", "derived_files")


def prepare_change(conn: Connection, next_wrapping: bytes) -> None:
    """Wrap every file key under the next key too (inside the caller's transaction)."""
    wrapping = store_of(conn).wrapping
    for table in KEYED_TABLES:
        rows = conn.execute(
            f"SELECT attachment_id, file_id, wrapped_key, next_key FROM {table}"
        ).fetchall()
        updates = []
        for attachment_id, file_id, wrapped, following in rows:
            # (following: left by a change the open could not settle, a full disk say)
            key = file_store.unwrap(wrapping, file_id, wrapped) or file_store.unwrap(
                wrapping, file_id, following
            )
            if key is None:
                raise file_store.damaged(
                    f"attachment {attachment_id}",
                    "has a key that does not open with the diary's key",
                )
            updates.append((file_store.wrap(next_wrapping, file_id, key), attachment_id))
        conn.executemany(f"UPDATE {table} SET next_key = ? WHERE attachment_id = ?", updates)


def settle(conn: Connection) -> None:
    """After a change of secrets (finished or stopped part way): keep, for each file, the
    wrapping the key in force opens, and forget the other one."""
    wrapping = store_of(conn).wrapping
    for table in KEYED_TABLES:
        rows = conn.execute(
            f"SELECT attachment_id, file_id, next_key FROM {table} WHERE next_key IS NOT NULL"
        ).fetchall()
        if not rows:
            continue
        promote = [(a,) for a, f, n in rows if file_store.unwrap(wrapping, f, n) is not None]
        with transaction(conn):
            conn.executemany(
                f"UPDATE {table} SET wrapped_key = next_key, next_key = NULL"
                " WHERE attachment_id = ?",
                promote,
            )
            conn.execute(f"UPDATE {table} SET next_key = NULL WHERE next_key IS NOT NULL")


def forget_next_wrapping(conn: Connection) -> None:
    """Drop the wrappings under a next key that never came into force."""
    for table in KEYED_TABLES:
        conn.execute(f"UPDATE {table} SET next_key = NULL WHERE next_key IS NOT NULL")


def move_out(conn: Connection) -> int:
    """Move the bytes of attachments kept inside the database (before version 8) out into the
    store, one attachment at a time: its file is written and made durable, then one transaction
    records it and deletes its chunks. Stopped anywhere, the database still holds every byte
    of every attachment it does not refer to a finished file for. Returns how many moved."""
    waiting = conn.execute(
        "SELECT a.id FROM attachments a WHERE NOT EXISTS"
        " (SELECT 1 FROM stored_files s WHERE s.attachment_id = a.id) AND EXISTS"
        " (SELECT 1 FROM attachment_chunks c WHERE c.attachment_id = a.id) ORDER BY a.id"
    ).fetchall()
    for (attachment_id,) in waiting:
        new = writer(conn)
        try:
            for (chunk,) in conn.execute(
                "SELECT data FROM attachment_chunks WHERE attachment_id = ? ORDER BY idx",
                (attachment_id,),
            ):
                new.write(bytes(chunk))
            stored = new.finish()
            with transaction(conn):
                record(conn, attachment_id, stored)
                conn.execute(
                    "DELETE FROM attachment_chunks WHERE attachment_id = ?", (attachment_id,)
                )
        except BaseException:
            new.abort()
            raise
    if waiting:
        _give_back_space(conn)
    return len(waiting)


def _give_back_space(conn: Connection) -> None:
    """The pages the chunks filled are free now; the database shrinks back to its entries, so
    that a change of secrets (which re-encrypts every page) costs what the entries do."""
    (free,) = conn.execute("PRAGMA freelist_count").fetchone()
    (total,) = conn.execute("PRAGMA page_count").fetchone()
    if free * 4 > total:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def sweep(conn: Connection) -> list[str]:
    """Remove files no row refers to (an import that never committed, a form made again)."""
    referred = {
        str(row[0])
        for table in KEYED_TABLES
        for row in conn.execute(f"SELECT file_id FROM {table}")
    }
    return file_store.sweep(store_of(conn).folder, referred)


def described(conn: Connection) -> Iterator[tuple[StoredFile, str, int, str]]:
    """Every file the database refers to (originals, then derived forms), with its key, SHA-256,
    size and name, in file order."""
    yield from described_originals(conn)
    yield from described_derived(conn)


def described_originals(conn: Connection) -> Iterator[tuple[StoredFile, str, int, str]]:
    """The originals' files, as described() gives them."""
    rows = conn.execute(
        "SELECT a.id, a.sha256, a.size, a.filename FROM stored_files s"
        " JOIN attachments a ON a.id = s.attachment_id ORDER BY s.file_id"
    ).fetchall()
    for attachment_id, sha, size, name in rows:
        stored = stored_file(conn, attachment_id, name)
        assert stored is not None
        yield stored, str(sha), int(size), str(name)


def described_derived(conn: Connection) -> Iterator[tuple[StoredFile, str, int, str]]:
    """The derived forms' files (derived_files.py), as described() gives them."""
    wrapping = store_of(conn).wrapping
    for file_id, wrapped, following, pieces, stored_size, sha, size, name in conn.execute(
        "SELECT d.file_id, d.wrapped_key, d.next_key, d.pieces, d.stored_size, d.sha256, d.size,"
        " a.filename FROM derived_files d JOIN attachments a ON a.id = d.attachment_id"
        " ORDER BY d.file_id"
    ).fetchall():
        label = f"the view made of {name}"
        key = file_store.unwrap(wrapping, file_id, wrapped) or file_store.unwrap(
            wrapping, file_id, following
        )
        if key is None:
            raise file_store.damaged(label, "has a key that does not open with the diary's key")
        yield (
            StoredFile(str(file_id), key, int(pieces), int(stored_size)),
            str(sha),
            int(size),
            label,
        )


def referred_files(conn: Connection) -> list[tuple[str, int]]:
    """(file id, size on disk) of every file the database refers to."""
    return [
        (str(f), int(s))
        for table in KEYED_TABLES
        for f, s in conn.execute(f"SELECT file_id, stored_size FROM {table} ORDER BY file_id")
    ]
