"""Keeping attachments: original files kept byte for byte in the encrypted file store, hashed at
import (reading them back: originals.py; their exhibit marks: exhibit_marks.py).

Each file is encrypted into the store (storage/file_store.py) as it is read and made durable;
then one transaction records it, the row and the 'attach' revision, together or not at all (a
file no row refers to is removed at the next open). The SHA-256 is taken over exactly the bytes
stored, as they are read. Attachments kept before version 8 may still have their bytes in the
database (as chunks) until they are moved out; reading serves both.
"""

from __future__ import annotations

import io
import os
import stat
import uuid
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from diary.domain.errors import AttachmentTooLarge, DiaryError, InvalidInput
from diary.domain.filetypes import claimed, detect
from diary.domain.incident import (
    Attachment,
    Author,
    NewFile,
    Source,
    canonical_json,
    check_text,
)
from diary.domain.times import utc_stamp

from ..attachments import derived_files, derived_forms, photo_apart, previews, stored_files
from ..entries.incidents import _uid_of, attachment
from ..storage import chain
from ..storage.database import Connection, transaction
from .exhibit_marks import (
    assign_exhibit_marks,
    provisional_exhibit_marks,
    stored_exhibit_marks,
)
from .originals import (
    CHUNK_BYTES,
    hash_problems,
    iter_original,
    open_original,
    read_original,
    thumbnail,
)

MAX_ATTACHMENT_BYTES = 1024 * 1024 * 1024  # 1 GiB: a long video, not a disk image
# Files up to this size are read once into memory, so the preview and the stored bytes are
# certainly the same bytes; larger ones are streamed and previewed from the stored chunks.
_IN_MEMORY_BYTES = 64 * 1024 * 1024


def _check_name(filename: str) -> str:
    name = Path(filename).name or "unnamed"
    check_text(name, "file name")
    return name[:255]


def import_file(
    conn: Connection,
    incident_id: int,
    path: Path,
    source: Source,
    author: Author,
    now: datetime,
    *,
    max_bytes: int = MAX_ATTACHMENT_BYTES,
) -> Attachment:
    """Keep the file at path as evidence for the incident."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InvalidInput(f"{path.name!r} is not a file; choose a file to attach.")
        _check_size(path.name, size, max_bytes)
        with path.open("rb") as fp:
            return import_stream(
                conn, incident_id, path.name, fp, source, author, now, max_bytes=max_bytes
            )
    except FileNotFoundError as exc:
        raise InvalidInput(f"There is no file {str(path)!r} to attach.") from exc
    except PermissionError as exc:
        raise InvalidInput(f"{path.name!r} could not be read (permission denied).") from exc
    except IsADirectoryError as exc:
        raise InvalidInput(f"{path.name!r} is a folder; choose a file to attach.") from exc


def check_file(path: Path, max_bytes: int = MAX_ATTACHMENT_BYTES) -> None:
    """Refuse a path that cannot be kept (missing, a folder, empty, too large, unreadable).

    Commands that save an entry and its files together call this for every file first, so a
    refused file leaves nothing half saved.
    """
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InvalidInput(f"{path.name!r} is a folder; choose a file to attach.")
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(f"{path.name!r} is not a file; choose a file to attach.")
        _check_size(path.name, info.st_size, max_bytes)
        with path.open("rb"):
            pass
    except FileNotFoundError as exc:
        raise InvalidInput(f"There is no file {str(path)!r} to attach.") from exc
    except PermissionError as exc:
        raise InvalidInput(f"{path.name!r} could not be read (permission denied).") from exc


def _check_size(name: str, size: int, max_bytes: int) -> None:
    if size == 0:
        raise InvalidInput(f"{name!r} is empty (0 bytes); there is nothing in it to keep.")
    if size > max_bytes:
        raise AttachmentTooLarge(
            f"{name!r} is {size / 1_000_000:,.0f} MB; one attachment can be at most "
            f"{max_bytes / 1_000_000:,.0f} MB. Keep the original somewhere safe and note where."
        )


def import_bytes(
    conn: Connection,
    incident_id: int,
    filename: str,
    data: bytes,
    source: Source,
    author: Author,
    now: datetime,
) -> Attachment:
    """Keep bytes (a pasted screenshot, say) as evidence under the given name."""
    return import_stream(conn, incident_id, filename, io.BytesIO(data), source, author, now)


def import_stream(
    conn: Connection,
    incident_id: int,
    filename: str,
    fp: BinaryIO,
    source: Source,
    author: Author,
    now: datetime,
    *,
    max_bytes: int = MAX_ATTACHMENT_BYTES,
) -> Attachment:
    name = _check_name(filename)
    head = fp.read(CHUNK_BYTES)
    _check_size(name, len(head), max_bytes)
    media_type = detect(head)
    data: bytes | None = None
    with ThreadPoolExecutor(max_workers=1) as worker:
        pending: Future[Made] | None = None
        if len(head) < CHUNK_BYTES or _remaining(fp) <= _IN_MEMORY_BYTES:
            data = head + fp.read()
            _check_size(name, len(data), max_bytes)
            # The thumbnail (and a video's or HEIC photo's derived form) is made while the bytes
            # are encrypted and written: Pillow, FFmpeg and SQLCipher all release the GIL, so
            # the import costs about the larger of the two.
            pending = worker.submit(make_forms, data, media_type)
        return _store(
            conn,
            incident_id,
            name,
            media_type,
            (data, head, fp),
            pending.result if pending is not None else None,
            source,
            author,
            now,
            max_bytes,
        )


@dataclass(frozen=True)
class Made:
    """What is made from a file as it is kept: its thumbnail, and its derived form (None for a
    kind that has none)."""

    preview: previews.Preview
    form: derived_forms.DerivedForm | None

    @property
    def parts(self) -> tuple[previews.Preview, derived_forms.DerivedForm | None]:
        return self.preview, self.form


def make_forms(data: bytes, media_type: str) -> Made:
    """The thumbnail and the derived form of a file held in memory."""
    if media_type == "image/heic" and derived_forms.derivable(media_type, len(data)):
        # Both from one decoding, in a process of its own (libheif is a large C decoder).
        return Made(*photo_apart.read_photo(data))
    preview = previews.make_preview(io.BytesIO(data), media_type)
    form = None
    if derived_forms.derivable(media_type, len(data)):
        form = derived_forms.make(io.BytesIO(data), media_type)
    return Made(preview, form)


# How many files ahead are read and previewed while earlier files are written, and how many
# bytes of them may be held at once.
_LOOKAHEAD = 4
_AHEAD_BYTES = _IN_MEMORY_BYTES


@dataclass
class _Ready:
    """A file checked, read and previewed ahead of its turn (data None: streamed from its path
    on its turn, as it is too large to hold in memory)."""

    name: str
    data: bytes | None = None
    media_type: str = ""
    made: Made | None = None


def _read_ahead(file: NewFile) -> _Ready:
    """Check, read and preview a file (on a pool thread: Pillow and file reads release the
    GIL, so this overlaps the writing of earlier files)."""
    name = _check_name(file.filename)
    data = file.data
    if data is None:
        if file.path is None:
            raise InvalidInput(f"{name!r} has neither contents nor a path; nothing to keep.")
        check_file(file.path)
        try:
            if file.path.stat().st_size > _IN_MEMORY_BYTES:
                return _Ready(name)  # a long video: streamed, never held whole
            data = file.path.read_bytes()
        except OSError as exc:
            raise InvalidInput(
                f"{file.path.name!r} could not be read ({exc.strerror or exc})."
            ) from exc
    _check_size(name, len(data), MAX_ATTACHMENT_BYTES)
    media_type = detect(data[:CHUNK_BYTES])
    return _Ready(name, data, media_type, make_forms(data, media_type))


def _expected_size(file: NewFile) -> int:
    """What reading the file ahead will hold in memory (0 for one streamed on its turn)."""
    if file.data is not None:
        return len(file.data)
    try:
        size = file.path.stat().st_size if file.path is not None else 0
    except OSError:
        return 0
    return size if size <= _IN_MEMORY_BYTES else 0


def import_each(
    conn: Connection,
    files: Sequence[NewFile],
    author: Author,
    clock: Callable[[], datetime],
) -> Generator[Attachment | DiaryError, None, None]:
    """Keep each file in turn, as its own transaction, yielding what was stored, or the plain
    error that refused that file (the others still go in).

    The next few files are read and previewed on two threads while the current one is
    written, so a batch of screenshots (the usual way they arrive) costs about the writing, not
    the reading and decoding. A file too large to hold in memory is streamed from its path on
    its turn. Closing the generator stops between files.
    """
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="attach") as pool:
        ahead: deque[tuple[int, Future[_Ready]]] = deque()
        held = 0  # bytes read ahead and not yet stored
        following = 0  # the next file to read ahead
        try:
            for file in files:
                while following < len(files) and (
                    not ahead or (len(ahead) < _LOOKAHEAD and held < _AHEAD_BYTES)
                ):
                    size = _expected_size(files[following])
                    ahead.append((size, pool.submit(_read_ahead, files[following])))
                    held += size
                    following += 1
                size, reading = ahead.popleft()
                held -= size
                yield _keep(conn, file, reading, author, clock)
        finally:
            for _, reading in ahead:  # stopped early: what was read ahead is dropped
                reading.cancel()


def _keep(
    conn: Connection,
    file: NewFile,
    reading: Future[_Ready],
    author: Author,
    clock: Callable[[], datetime],
) -> Attachment | DiaryError:
    try:
        ready = reading.result()
        if ready.data is None:
            assert file.path is not None
            return import_file(conn, file.incident_id, file.path, file.source, author, clock())
        made = ready.made
        return _store(
            conn,
            file.incident_id,
            ready.name,
            ready.media_type,
            (ready.data, b"", io.BytesIO()),
            (lambda: made) if made is not None else None,
            file.source,
            author,
            clock(),
            MAX_ATTACHMENT_BYTES,
        )
    except DiaryError as exc:
        return exc


def import_many(
    conn: Connection,
    items: list[tuple[int, str, bytes, Source]],
    author: Author,
    now: datetime,
) -> list[Attachment]:
    """Keep many in-memory files ((incident id, name, bytes, source) each) as evidence, or
    none of them if one cannot be kept (checked before any is stored)."""
    files = []
    for incident_id, filename, data, source in items:
        _check_size(_check_name(filename), len(data), MAX_ATTACHMENT_BYTES)
        files.append(NewFile(incident_id, filename, source, data=data))
    stored: list[Attachment] = []
    for result in import_each(conn, files, author, lambda: now):
        if isinstance(result, DiaryError):
            raise result
        stored.append(result)
    return stored


def _store(
    conn: Connection,
    incident_id: int,
    name: str,
    media_type: str,
    content: tuple[bytes | None, bytes, BinaryIO],
    pending: Callable[[], Made] | None,
    source: Source,
    author: Author,
    now: datetime,
    max_bytes: int,
) -> Attachment:
    """One transaction: the row, the chunks, the hash, the thumbnail and the revision.

    content is the whole file when it was read into memory, else its first chunk and the rest.
    """
    with transaction(conn):
        attachment_id = store_in_transaction(
            conn, incident_id, name, media_type, content, pending, source, author, now, max_bytes
        )
    # Only the new one: re-reading every attachment of the incident made each import slower
    # than the last for an incident with hundreds of screenshots.
    return attachment(conn, attachment_id)


def store_in_transaction(
    conn: Connection,
    incident_id: int,
    name: str,
    media_type: str,
    content: tuple[bytes | None, bytes, BinaryIO],
    pending: Callable[[], Made] | None,
    source: Source,
    author: Author,
    now: datetime,
    max_bytes: int = MAX_ATTACHMENT_BYTES,
) -> int:
    """_store inside the caller's transaction (an import that saves a file with the entries it
    belongs to, all or nothing); returns the new attachment's id."""
    data, head, fp = content
    stamp = utc_stamp(now)
    uid = uuid.uuid4().hex
    incident_uid = _uid_of(conn, incident_id)
    cur = conn.execute(
        "INSERT INTO attachments (uid, incident_id, sha256, filename, size, media_type,"
        " claimed_type, imported_at, source) VALUES (?, ?, '', ?, 0, ?, ?, ?, ?)",
        (
            uid,
            incident_id,
            name,
            media_type,
            claimed(name),
            stamp,
            canonical_json(source.to_dict()).decode(),
        ),
    )
    attachment_id = int(cur.lastrowid)
    new = stored_files.writer(conn)
    try:
        chunks = _chunks(data) if data is not None else _stream(head, fp)
        for chunk in chunks:
            if new.size + len(chunk) > max_bytes:
                _check_size(name, new.size + len(chunk), max_bytes)
            new.write(chunk)
        size, sha = new.size, new.sha256.hexdigest()
        stored_files.record(conn, attachment_id, new.finish())
        return _describe(
            conn,
            attachment_id,
            incident_id,
            incident_uid,
            uid,
            name,
            media_type,
            size,
            sha,
            pending,
            source,
            author,
            stamp,
        )
    except BaseException:
        new.abort()
        raise


def _describe(
    conn: Connection,
    attachment_id: int,
    incident_id: int,
    incident_uid: str,
    uid: str,
    name: str,
    media_type: str,
    size: int,
    sha: str,
    pending: Callable[[], Made] | None,
    source: Source,
    author: Author,
    stamp: str,
) -> int:
    """The hash, size and thumbnail of a stored file on its row, its derived form (for a video,
    a recording or a HEIC photo), and its 'attach' revision."""
    if pending is not None:
        preview, form = pending().parts
    elif media_type == "image/heic" and derived_forms.derivable(media_type, size):
        # a photo too large to hold: both from one decoding, apart
        with open_original(conn, attachment_id) as fp:
            preview, form = photo_apart.read_photo(fp)
    else:  # a file too large to hold: made from what was stored
        preview = previews.make_preview(open_original(conn, attachment_id), media_type)
        form = None
        if derived_forms.derivable(media_type, size):
            with open_original(conn, attachment_id) as fp:
                form = derived_forms.make(fp, media_type)
    if form is not None:
        derived_files.record(conn, attachment_id, sha, form)
    conn.execute(
        "UPDATE attachments SET sha256 = ?, size = ?, thumbnail = ?, exif_captured_at = ?,"
        " preview_problem = ? WHERE id = ?",
        (
            sha,
            size,
            preview.thumbnail,
            preview.exif_captured_at,
            preview.problem,
            attachment_id,
        ),
    )
    chain.append(
        conn,
        incident_id,
        incident_uid,
        "attach",
        author.value,
        stamp,
        canonical_json(
            {
                "attachment": uid,
                "sha256": sha,
                "filename": name,
                "size": size,
                "media_type": media_type,
                "source": source.to_dict(),
            }
        ).decode(),
    )
    return attachment_id


def _remaining(fp: BinaryIO) -> int:
    try:
        here = fp.tell()
        end = os.fstat(fp.fileno()).st_size
        return end - here
    except (OSError, AttributeError, io.UnsupportedOperation):
        return 0


def _chunks(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), CHUNK_BYTES):
        yield data[start : start + CHUNK_BYTES]


def _stream(head: bytes, fp: BinaryIO) -> Iterator[bytes]:
    yield head
    while chunk := fp.read(CHUNK_BYTES):
        yield chunk


__all__ = [
    "CHUNK_BYTES",
    "assign_exhibit_marks",
    "hash_problems",
    "iter_original",
    "open_original",
    "provisional_exhibit_marks",
    "read_original",
    "stored_exhibit_marks",
    "thumbnail",
]
