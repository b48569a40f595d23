"""Which kind of file this is, and its messages and calls: the one way in for every format.

The kind is told from the bytes (a zip is looked inside), never from the name alone. A file in
none of the shapes read here is refused with its first lines shown, so the person can see what
it is; nothing is read from it.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from diary.domain.errors import InvalidInput
from diary.domain.filetypes import UNKNOWN, detect

from . import email_files, telegram
from .backups import xml_reader
from .lines import shown
from .log import Format, Item, Notes, Unread
from .options import ReadOptions
from .whatsapp import chat

HEAD_BYTES = 64 * 1024
# A chat's text inside a zip may be this large when unpacked (a zip declaring more is refused
# before anything is unpacked: it is not a chat).
MAX_MEMBER_BYTES = 4 * 1024**3
_HEADER_LINE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*:[ \t]")
_MAIL_HEADERS = ("from:", "date:", "subject:", "message-id:", "received:", "return-path:")


@dataclass(frozen=True)
class MessageFile:
    """A file of messages or calls, its kind told from its bytes."""

    path: Path
    format: Format
    member: str = ""  # the file inside a zip that holds the messages
    variant: str = ""  # 'Android' or 'iPhone' for WhatsApp
    size: int = 0
    zip_names: frozenset[str] = field(default_factory=frozenset)  # every file in the zip

    @property
    def name(self) -> str:
        return self.path.name

    @contextlib.contextmanager
    def open(self) -> Iterator[BinaryIO]:
        """The messages' bytes (the chat's text, inside a zip)."""
        if not self.member:
            with self.path.open("rb") as stream:
                yield stream
            return
        with _zip(self.path) as archive, archive.open(self.member) as stream:
            yield stream  # type: ignore[misc]

    def has_media(self, name: str) -> bool:
        """Whether a file a message names is in the export."""
        return bool(self.zip_names) and (
            name in self.zip_names or PurePosixPath(name).name in self.zip_names
        )


@contextlib.contextmanager
def _zip(path: Path) -> Iterator[zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise InvalidInput(
            f"{path.name!r} is a damaged or incomplete zip file: its table of contents, at the "
            "end of the file, is missing or unreadable (it may have been cut short while "
            "copying or downloading). Nothing was read from it. Export the chat again, or "
            "copy the file again."
        ) from exc
    with archive:
        yield archive


def _first_lines(head: bytes, count: int = 5) -> str:
    text = head.decode("utf-8", "replace")
    lines = [line for line in text.splitlines() if line.strip()][:count]
    return "\n".join(f"  {number}: {shown(line)}" for number, line in enumerate(lines, 1))


def _kind(head: bytes, name: str) -> tuple[Format, str] | None:
    """The format the first bytes show, with its variant, or None."""
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    start = text[:4096]
    if start.startswith("<"):
        smses, calls = start.find("<smses"), start.find("<calls")
        if smses >= 0 and (calls < 0 or smses < calls):
            return Format.SMS, ""
        if calls >= 0:
            return Format.CALLS, ""
        return None
    if start.startswith("{"):
        return Format.TELEGRAM, ""
    if start.startswith("From "):
        return Format.MBOX, ""
    lines = [line for line in text.splitlines()[:60] if line.strip()]
    for line in lines[:30]:
        match = chat.HEAD.match(line)
        if match:
            return Format.WHATSAPP, "iPhone" if match["bracket"] else "Android"
    block = []
    for line in text.splitlines()[:80]:
        if not line.strip():
            break
        block.append(line)
    headers = [line.lower() for line in block if _HEADER_LINE.match(line)]
    if headers and sum(line.startswith(_MAIL_HEADERS) for line in headers) >= 2:
        return Format.EMAIL, ""
    return None


_SHAPES = (
    "a WhatsApp chat export (.txt or .zip), an SMS Backup & Restore sms.xml or calls.xml, "
    "an e-mail (.eml) or mailbox (.mbox), or a Telegram Desktop result.json"
)


def _refuse(name: str, head: bytes, why: str = "") -> InvalidInput:
    media_type = detect(head)
    if media_type not in ("text/plain", UNKNOWN):
        why = why or f"It is not text: its bytes are those of {media_type}."
        return InvalidInput(
            f"{name!r} is not a file of messages or calls. {why} This import "
            f"reads {_SHAPES}. Nothing was read from it."
        )
    lines = _first_lines(head)
    return InvalidInput(
        f"{name!r} is in none of the shapes this import reads ({_SHAPES}). "
        + (f"{why} " if why else "")
        + ("Its first lines are:\n" + lines if lines else "It is empty.")
        + "\nNothing was read from it."
    )


def _member(archive: zipfile.ZipFile) -> zipfile.ZipInfo | None:
    files = [i for i in archive.infolist() if not i.is_dir() and "__MACOSX" not in i.filename]

    def rank(info: zipfile.ZipInfo) -> int:
        name = PurePosixPath(info.filename).name.lower()
        if name == "_chat.txt" or name.startswith("whatsapp chat"):
            return 0
        if name == "result.json":
            return 1
        if name.endswith((".txt", ".xml", ".mbox", ".eml", ".json")):
            return 2
        return 9

    ranked = sorted((rank(i), i.filename, i) for i in files)
    return ranked[0][2] if ranked and ranked[0][0] < 9 else None


def identify(path: Path) -> MessageFile:
    """What kind of messages file path is; InvalidInput (with its first lines) if none."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InvalidInput(f"{path.name!r} is not a file; choose the exported file.")
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES)
    except FileNotFoundError as exc:
        raise InvalidInput(f"There is no file {str(path)!r}.") from exc
    except IsADirectoryError as exc:
        raise InvalidInput(f"{path.name!r} is a folder; choose the exported file in it.") from exc
    except PermissionError as exc:
        raise InvalidInput(f"{path.name!r} could not be read (permission denied).") from exc
    if not head:
        raise InvalidInput(f"{path.name!r} is empty (0 bytes); there is nothing in it to read.")
    if head.startswith(b"PK"):
        with _zip(path) as archive:
            info = _member(archive)
            names = frozenset(
                n for i in archive.infolist() for n in (i.filename, PurePosixPath(i.filename).name)
            )
            if info is None:
                listed = ", ".join(sorted(i.filename for i in archive.infolist())[:8])
                raise InvalidInput(
                    f"{path.name!r} is a zip file with no chat, message or call file in it "
                    f"(it holds: {listed or 'nothing'}). This import reads {_SHAPES}."
                )
            if info.file_size > MAX_MEMBER_BYTES:
                raise InvalidInput(
                    f"{info.filename!r} in {path.name!r} would unpack to "
                    f"{info.file_size / 1e9:,.1f} GB, far more than any chat; it was not read."
                )
            try:
                with archive.open(info) as stream:
                    inner = stream.read(HEAD_BYTES)
            except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
                raise InvalidInput(
                    f"{info.filename!r} in {path.name!r} cannot be unpacked ({exc}); the zip "
                    "may be damaged or cut short. Nothing was read from it."
                ) from exc
            kind = _kind(inner, info.filename)
            if kind is None:
                raise _refuse(f"{path.name}: {info.filename}", inner)
            return MessageFile(path, kind[0], info.filename, kind[1], size, names)
    kind = _kind(head, path.name)
    if kind is None:
        raise _refuse(path.name, head)
    return MessageFile(path, kind[0], "", kind[1], size)


def read_items(
    source: MessageFile,
    options: ReadOptions,
    notes: Notes,
    unclear: list[int],
    senders: frozenset[str] | None = None,
) -> Iterator[Item | Unread]:
    """Every item in the file, in its order, and every line or entry not understood. With
    senders, a reader may leave out others' items (the text messages and calls of a backup).

    `unclear` collects the lines of messages at a time that happened twice which the file's
    order could not settle (see clock.settle). A damaged zip is reported as a line not
    understood at the point it stops, after everything before it."""
    member = source.member
    try:
        if source.format is Format.WHATSAPP:
            yield from chat.read(source.open, options, notes, unclear, member, source.has_media)
            return
        with source.open() as stream:
            if source.format in (Format.SMS, Format.CALLS):
                yield from xml_reader.read(stream, notes, member, senders)
            elif source.format is Format.EMAIL:
                yield from email_files.read_eml(stream, notes, member)
            elif source.format is Format.MBOX:
                yield from email_files.read_mbox(stream, notes, member)
            else:
                yield from telegram.read(stream, options, notes, unclear, member, source.has_media)
    except (zipfile.BadZipFile, EOFError) as exc:
        from .log import Where

        yield Unread(
            Where(0, member=member),
            "",
            f"the zip stops here ({exc}): it is damaged "
            "or was cut short; everything before this point was read",
        )
