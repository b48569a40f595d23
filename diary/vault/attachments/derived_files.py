"""Derived forms (derived_forms.py) kept in the encrypted file store beside their originals.

A form's pictures are one file in `files/`, sealed like an original (its own key, wrapped under
the diary's key, re-wrapped by a change of secrets, carried by backups and restored with them:
stored_files.py treats both tables alike). Its row in `derived_files` holds the description, the
SHA-256 and size of the stored bytes, and the SHA-256 of the original it was made from. A form is
used only when that SHA-256 is the attachment's, its file passes every tag and its own SHA-256;
otherwise it is left aside (the pack and the window make the view again in memory from the
original) and `diary check` reports it.
"""

from __future__ import annotations

import hashlib
import time

from diary.domain.errors import DiaryError

from ..storage import file_store
from ..storage.database import Connection, transaction
from ..storage.file_store import StoredFile
from . import stored_files
from .derived_forms import DerivedForm, derivable, from_stored, make, to_stored
from .media_apart import PASSING_PROBLEMS
from .originals import open_original
from .photo_apart import read_photo

# How long an open may spend making the forms of files kept before version 10; the rest are
# made at the following opens (and until then made in memory whenever they are shown). Every
# open pays it, the command line's too, so it is a few seconds: a dozen iPhone photos, or
# fifty short videos.
MAKE_AT_OPEN_SECONDS = 5.0


def record(conn: Connection, attachment_id: int, source_sha256: str, form: DerivedForm) -> None:
    """Store a form for the attachment whose original has source_sha256 (inside the caller's
    transaction; the file is durable before the row is written). A form that is not lasting
    (its reader could not be started) is not stored: it is made again the next time."""
    if not form.lasting:
        return
    description, payload = to_stored(form)
    new = stored_files.writer(conn)
    try:
        new.write(payload)
        stored = new.finish()
        wrapped = file_store.wrap(stored_files.store_of(conn).wrapping, stored.file_id, stored.key)
        conn.execute(
            "INSERT OR REPLACE INTO derived_files (attachment_id, source_sha256, description,"
            " sha256, size, file_id, wrapped_key, pieces, stored_size)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                attachment_id,
                source_sha256,
                description,
                hashlib.sha256(payload).hexdigest(),
                len(payload),
                stored.file_id,
                wrapped,
                stored.pieces,
                stored.stored_size,
            ),
        )
    except BaseException:
        new.abort()
        raise


def _checked(conn: Connection, attachment_id: int) -> DerivedForm | str | None:
    """The attachment's form, or why it cannot be used (str), or None when it has none."""
    row = conn.execute(
        "SELECT d.source_sha256, d.description, d.sha256, d.size, d.file_id, d.wrapped_key,"
        " d.next_key, d.pieces, d.stored_size, a.sha256 FROM derived_files d"
        " JOIN attachments a ON a.id = d.attachment_id WHERE d.attachment_id = ?",
        (attachment_id,),
    ).fetchone()
    if row is None:
        return None
    source, description, sha, size, file_id, wrapped, following, pieces, stored_size, kept = row
    if source != kept:
        return "was made from a different file than the one kept"
    wrapping = stored_files.store_of(conn).wrapping
    key = file_store.unwrap(wrapping, file_id, wrapped) or file_store.unwrap(
        wrapping, file_id, following
    )
    if key is None:
        return "has a key that does not open with the diary's key"
    stored = StoredFile(str(file_id), key, int(pieces), int(stored_size))
    try:
        payload = b"".join(
            file_store.iter_pieces(stored_files.store_of(conn).folder, stored, "derived form")
        )
    except DiaryError:
        return "is missing or fails its check in the diary's files folder"
    if len(payload) != size or hashlib.sha256(payload).hexdigest() != sha:
        return "does not match the SHA-256 taken when it was made"
    try:
        return from_stored(str(description), payload)
    except ValueError:
        return "cannot be read"


def load(conn: Connection, attachment_id: int) -> DerivedForm | None:
    """The attachment's stored form, checked; None when it has none or it cannot be used."""
    found = _checked(conn, attachment_id)
    return found if isinstance(found, DerivedForm) else None


def problems(conn: Connection) -> list[str]:
    """Derived forms that would not be used (for `diary check`): each is read through."""
    found = []
    for attachment_id, name in conn.execute(
        "SELECT d.attachment_id, a.filename FROM derived_files d"
        " JOIN attachments a ON a.id = d.attachment_id ORDER BY d.attachment_id"
    ).fetchall():
        why = _checked(conn, attachment_id)
        if isinstance(why, str):
            found.append(
                f"attachment {attachment_id} ({name}): the view made of it for packs {why}; it "
                "is not used (the view is made again from the original, which is unaffected)"
            )
    return found


def drop_unusable(conn: Connection) -> list[str]:
    """Forget the forms that would not be used (damaged, missing, or made from another file) and
    return the names of the files they were made of. A form is a convenience: it is made again
    from its original at the next open, and a backup must neither carry a form it cannot check
    nor fail for one."""
    rows = conn.execute(
        "SELECT d.attachment_id, a.filename FROM derived_files d"
        " JOIN attachments a ON a.id = d.attachment_id ORDER BY d.attachment_id"
    ).fetchall()
    gone = [
        (attachment_id, name)
        for attachment_id, name in rows
        if isinstance(_checked(conn, attachment_id), str)
    ]
    if gone:
        with transaction(conn):
            conn.executemany(
                "DELETE FROM derived_files WHERE attachment_id = ?", [(a,) for a, _ in gone]
            )
    return [str(name) for _, name in gone]


def make_missing(conn: Connection, seconds: float | None = None) -> int:
    """Make the forms of files kept before there were any (a diary from before version 10, or a
    PDF kept before its pages were drawn apart), or whose reader could not be started when they
    were kept, one transaction each, for at most
    about the given time (MAKE_AT_OPEN_SECONDS unless given); returns how many were made. A
    HEIC photo kept without its reader gets its thumbnail then too."""
    seconds = MAKE_AT_OPEN_SECONDS if seconds is None else seconds
    waiting = conn.execute(
        "SELECT a.id, a.sha256, a.media_type, a.size, a.preview_problem FROM attachments a"
        " WHERE a.sha256 != ''"
        " AND NOT EXISTS (SELECT 1 FROM derived_files d WHERE d.attachment_id = a.id)"
        " AND (a.media_type = 'image/heic' OR a.media_type LIKE 'video/%'"
        " OR a.media_type LIKE 'audio/%' OR a.media_type = 'application/pdf') ORDER BY a.id"
    ).fetchall()
    until = time.monotonic() + seconds
    made = 0
    for attachment_id, sha, media_type, size, preview_problem in waiting:
        if time.monotonic() > until:
            break
        if not derivable(media_type, size):
            continue
        preview = None
        try:
            with open_original(conn, attachment_id) as fp:
                if media_type == "image/heic" and preview_problem in PASSING_PROBLEMS:
                    preview, form = read_photo(fp)  # both from one decoding, apart
                else:
                    form = make(fp, media_type)
        except DiaryError:
            continue  # a damaged original: `diary check` reports it; nothing is made from it
        if not form.lasting:
            continue  # its reader could not be started: tried again at the next open
        with transaction(conn):
            record(conn, attachment_id, str(sha), form)
            if preview is not None:
                conn.execute(
                    "UPDATE attachments SET thumbnail = ?, exif_captured_at = ?,"
                    " preview_problem = ? WHERE id = ?",
                    (preview.thumbnail, preview.exif_captured_at, preview.problem, attachment_id),
                )
        made += 1
    return made
