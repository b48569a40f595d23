"""Attachments: original files kept byte for byte in the encrypted file store, hashed at import.

Each file is encrypted into the store (storage/file_store.py) as it is read and made durable;
then one transaction records it, the row and the 'attach' revision, together or not at all (a
file no row refers to is removed at the next open). The SHA-256 is taken over exactly the bytes
stored, as they are read. Attachments kept before version 8 may still have their bytes in the
database (as chunks) until they are moved out; reading serves both.
"""

from __future__ import annotations

import hashlib
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
from typing import BinaryIO, cast

from diary.domain.errors import AttachmentTooLarge, DiaryError, InvalidInput, NotFound
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

from ..attachments import derived_files, derived_forms, previews, stored_files
from ..entries.incidents import _uid_of, attachment
from ..storage import chain, file_store
from ..storage.database import Connection, transaction
from ..storage.file_store import StoredFile

CHUNK_BYTES = 1024 * 1024
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


class _ChunkReader(io.RawIOBase):
    """A read-only file over an attachment's stored pieces (or, for one not yet moved out of
    the database, its chunks), for previews of large files."""

    def __init__(self, conn: Connection, attachment_id: int, stored: StoredFile | None) -> None:
        self._conn = conn
        self._id = attachment_id
        self._stored = stored
        self._piece: tuple[int, bytes] = (-1, b"")
        if stored is not None:
            self._count = stored.pieces
            self._size = stored.stored_size - file_store.HEADER_BYTES
            self._size -= stored.pieces * file_store.TAG_BYTES
        else:
            self._count = conn.execute(
                "SELECT count(*) FROM attachment_chunks WHERE attachment_id = ?", (attachment_id,)
            ).fetchone()[0]
            self._size = self._count and (
                (self._count - 1) * CHUNK_BYTES
                + conn.execute(
                    "SELECT length(data) FROM attachment_chunks"
                    " WHERE attachment_id = ? AND idx = ?",
                    (attachment_id, self._count - 1),
                ).fetchone()[0]
            )
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def _chunk(self, idx: int) -> bytes:
        if self._piece[0] == idx:
            return self._piece[1]
        if self._stored is not None:
            folder = stored_files.store_of(self._conn).folder
            chunk = file_store.read_piece(folder, self._stored, idx, f"attachment {self._id}")
        else:
            (chunk,) = self._conn.execute(
                "SELECT data FROM attachment_chunks WHERE attachment_id = ? AND idx = ?",
                (self._id, idx),
            ).fetchone()
        self._piece = (idx, bytes(chunk))
        return self._piece[1]

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._pos >= self._size:
            return 0
        idx, offset = divmod(self._pos, CHUNK_BYTES)
        piece = self._chunk(idx)[offset : offset + len(buffer)]
        buffer[: len(piece)] = piece
        self._pos += len(piece)
        return len(piece)


def open_original(conn: Connection, attachment_id: int) -> BinaryIO:
    """The original bytes of an attachment as a read-only file object (nothing on disk)."""
    name = _name(conn, attachment_id)
    stored = stored_files.stored_file(conn, attachment_id, name)
    reader = io.BufferedReader(_ChunkReader(conn, attachment_id, stored), buffer_size=CHUNK_BYTES)
    return cast(BinaryIO, reader)


def iter_original(conn: Connection, attachment_id: int) -> Iterator[bytes]:
    """The original bytes of an attachment, chunk by chunk, in order, each checked as read."""
    name = _name(conn, attachment_id)
    stored = stored_files.stored_file(conn, attachment_id, name)
    if stored is not None:
        yield from stored_files.read(conn, stored, name)
        return
    cur = conn.execute(
        "SELECT data FROM attachment_chunks WHERE attachment_id = ? ORDER BY idx", (attachment_id,)
    )
    for (chunk,) in cur:
        yield bytes(chunk)


def _name(conn: Connection, attachment_id: int) -> str:
    row = conn.execute("SELECT filename FROM attachments WHERE id = ?", (attachment_id,)).fetchone()
    if row is None:
        raise NotFound(f"There is no attachment {attachment_id} in this diary.")
    return str(row[0])


def read_original(conn: Connection, attachment_id: int) -> bytes:
    return b"".join(iter_original(conn, attachment_id))


def thumbnail(conn: Connection, attachment_id: int) -> bytes | None:
    row = _require(conn, attachment_id)
    return bytes(row[0]) if row[0] is not None else None


def _require(conn: Connection, attachment_id: int) -> tuple[bytes | None]:
    row = conn.execute(
        "SELECT thumbnail FROM attachments WHERE id = ?", (attachment_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"There is no attachment {attachment_id} in this diary.")
    return (row[0],)


def hash_problems(conn: Connection) -> list[str]:
    """Attachments whose stored bytes no longer match the SHA-256 taken at import."""
    problems = []
    for attachment_id, expected, size, name in conn.execute(
        "SELECT id, sha256, size, filename FROM attachments ORDER BY id"
    ).fetchall():
        digest = hashlib.sha256()
        total = 0
        try:
            for chunk in iter_original(conn, attachment_id):
                digest.update(chunk)
                total += len(chunk)
        except DiaryError as exc:
            problems.append(f"attachment {attachment_id} ({name}): {exc.message}")
            continue
        if digest.hexdigest() != expected or total != size:
            problems.append(f"attachment {attachment_id} ({name}) does not match its hash")
    return problems


def _next_marks(
    conn: Connection, attachment_ids: list[int], initials: str
) -> tuple[dict[int, str], list[tuple[int, int, str]]]:
    """The marks these attachments have, and the (id, number, mark) each unmarked one would get."""
    existing = dict(conn.execute("SELECT attachment_id, mark FROM exhibit_marks").fetchall())
    (top,) = conn.execute("SELECT coalesce(max(number), 0) FROM exhibit_marks").fetchone()
    new: list[tuple[int, int, str]] = []
    for attachment_id in attachment_ids:
        if attachment_id in existing:
            continue
        _require(conn, attachment_id)
        top += 1
        existing[attachment_id] = f"{initials}/{top}"
        new.append((attachment_id, top, existing[attachment_id]))
    return {i: existing[i] for i in attachment_ids}, new


def provisional_exhibit_marks(
    conn: Connection, attachment_ids: list[int], initials: str
) -> dict[int, str]:
    """The marks the next export would give, without giving them (for a preview)."""
    return _next_marks(conn, attachment_ids, initials)[0]


def stored_exhibit_marks(
    conn: Connection, attachment_ids: list[int], initials: str
) -> dict[int, str]:
    """The marks these attachments were given before, for a diary that cannot be written to
    (read-only media): one that has none yet cannot be given one, since marks never change."""
    marks, new = _next_marks(conn, attachment_ids, initials)
    if new:
        raise DiaryError(
            f"{len(new)} of the attachments chosen have never been in an evidence pack, so they "
            "have no exhibit mark yet, and a mark can only be given where the diary's folder can "
            "be written to (marks never change once given). Export from a copy of the folder "
            "somewhere you can write to, or leave those entries out. Nothing was written."
        )
    return marks


def assign_exhibit_marks(
    conn: Connection, attachment_ids: list[int], initials: str, now: datetime
) -> dict[int, str]:
    """Give each attachment without a mark the next number; marks once given never change."""
    with transaction(conn):
        marks, new = _next_marks(conn, attachment_ids, initials)
        conn.executemany(
            "INSERT INTO exhibit_marks (attachment_id, number, mark, assigned_at)"
            " VALUES (?, ?, ?, ?)",
            [(i, number, mark, utc_stamp(now)) for i, number, mark in new],
        )
    return marks
