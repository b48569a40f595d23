"""A video or a recording read in a process of its own, so that a file made to crash its reader
cannot take the app down with it.

FFmpeg (through PyAV) decodes dozens of formats written by anyone, and a file can come from the
person the diary is about. Read in the app's own process, a file that makes a decoder crash
would close the window in the middle of an entry, and do so again at every attempt to show or
export it. Here the reading is done by a child (`diary --read-media TYPE`, the same program),
which is given the file's bytes through a pipe as it asks for them (nothing is written to
disk), and answers with the view as JSON: its facts, and its stills as JPEG bytes. The child
turns off core dumps first, as the app does (diary.no_core_dumps).

A HEIC photo is decoded by the same child (`diary --read-media image/heic`), which answers with
its thumbnail and upright JPEG instead of a view (photo_apart.py).

If the child dies, takes longer than READ_SECONDS, or answers with anything but a well-formed
view, the file gets a view that says so, and the original is kept all the same. The answer is
read as data, never as code (JSON, checked field by field): a child that a hostile file had
taken over could say no more than a view can.

The pipe, in the child's terms: the parent first writes the file's size (8 bytes); the child
then asks for bytes with b"R" + offset (8 bytes) + count (4 bytes) and is sent a length (4 bytes)
and that many bytes, or finishes with b"V" + a length (4 bytes) and the view's JSON.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import struct
import subprocess
import sys
import threading
from typing import IO, Any, BinaryIO

from .file_view import FileView, Still

# Longer than any real file takes (a video's facts and seven frames: about a second); a file
# that keeps the reader busy beyond this is stopped.
READ_SECONDS = 120.0
_ASK = struct.Struct("<QI")  # offset, count
_LENGTH = struct.Struct("<I")
_SIZE = struct.Struct("<Q")
_BLOCK = 256 * 1024  # the child asks for at least this much at a time
MAX_ANSWER = 64 * 1024 * 1024  # a view's JSON: seven JPEGs and a few facts are far less
MAX_STILLS = 16
MAX_EDGE = 10_000
# For tests only: the child crashes (a signal, as a decoder's fault would) or hangs at its start.
TEST_FAULT_ENV = "EVIDENCE_DIARY_TEST_MEDIA_FAULT"

STOPPED = (
    "This file could not be read safely (it may be damaged), so nothing of it is shown here; "
    "the original is kept, unchanged."
)
TOO_LONG = (
    "Reading this file took too long and was stopped (it may be damaged); the original is "
    "kept, unchanged."
)


def _command(media_type: str) -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, "--read-media", media_type]
    return [sys.executable, "-m", "diary", "--read-media", media_type]


def read_apart(data: bytes | BinaryIO, media_type: str) -> FileView:
    """The view of a video or a recording (media_view.media_view), read by a child process from
    data (bytes, or a seekable file object over them)."""
    kind = "video" if media_type.startswith("video/") else "audio"
    found, ran_out = ask_apart(data, media_type, READ_SECONDS)
    if found is None:
        return FileView(kind, problem=TOO_LONG if ran_out else STOPPED)
    try:
        return view_from(found)
    except (ValueError, TypeError, KeyError):
        return FileView(kind, problem=STOPPED)


def ask_apart(data: bytes | BinaryIO, media_type: str, seconds: float) -> tuple[Any, bool]:
    """What a child reading data as media_type answers, as parsed JSON not yet checked, or None
    when it gives no answer; and whether it was stopped for taking longer than seconds."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    size = source.seek(0, io.SEEK_END)
    try:
        child = subprocess.Popen(
            _command(media_type),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # a decoder's messages can quote the file's own text
        )
    except OSError:
        return None, False
    ran_out = threading.Event()

    def stop() -> None:
        ran_out.set()
        child.kill()

    timer = threading.Timer(seconds, stop)
    timer.start()
    try:
        answer = _serve(child, source, size)
    except (OSError, ValueError, struct.error):
        answer = None
    finally:
        timer.cancel()
        child.kill()
        with contextlib.suppress(OSError, ValueError):
            assert child.stdin is not None and child.stdout is not None
            child.stdin.close()
            child.stdout.close()
        child.wait()
    if answer is None:
        return None, ran_out.is_set()
    try:
        return json.loads(answer), False
    except ValueError:
        return None, False


def _serve(child: subprocess.Popen[bytes], source: BinaryIO, size: int) -> bytes | None:
    """Answer the child's asks for bytes until it sends the view (None if it stops first)."""
    assert child.stdin is not None and child.stdout is not None
    to_child, from_child = child.stdin, child.stdout
    to_child.write(_SIZE.pack(size))
    to_child.flush()
    while True:
        what = from_child.read(1)
        if what == b"R":
            offset, count = _ASK.unpack(_exactly(from_child, _ASK.size))
            source.seek(min(offset, size))
            piece = source.read(min(count, 16 * _BLOCK))
            to_child.write(_LENGTH.pack(len(piece)) + piece)
            to_child.flush()
        elif what == b"V":
            (length,) = _LENGTH.unpack(_exactly(from_child, _LENGTH.size))
            if length > MAX_ANSWER:
                return None
            return _exactly(from_child, length)
        else:
            return None  # the child died, or said something that is not in the protocol


def _exactly(stream: IO[bytes], count: int) -> bytes:
    got = stream.read(count)
    if len(got) != count:
        raise ValueError("the child stopped part way")
    return got


def view_from(found: Any) -> FileView:
    """A view from the child's answer, every field checked for its type and bounds."""

    def text(value: Any, most: int = 2000) -> str:
        if not isinstance(value, str) or len(value) > most:
            raise ValueError("not a short text")
        return value

    def still(value: Any) -> Still:
        data = base64.b64decode(text(value["data"], MAX_ANSWER), validate=True)
        width, height = value["width"], value["height"]
        if not all(isinstance(n, int) and 0 < n <= MAX_EDGE for n in (width, height)):
            raise ValueError("not a size")
        if value["media_type"] != "image/jpeg" or not data.startswith(b"\xff\xd8"):
            raise ValueError("not a JPEG")
        return Still(text(value["caption"]), data, "image/jpeg", width, height)

    if not isinstance(found, dict) or found.get("kind") not in ("video", "audio"):
        raise ValueError("not a view")
    facts = found["facts"]
    stills = found["stills"]
    if not isinstance(facts, list) or len(facts) > 20:
        raise ValueError("not facts")
    if not isinstance(stills, list) or len(stills) > MAX_STILLS:
        raise ValueError("not stills")
    poster = found["poster"]
    return FileView(
        found["kind"],
        tuple((text(label, 100), text(value)) for label, value in facts),
        poster=None if poster is None else still(poster),
        stills=tuple(still(s) for s in stills),
        stills_heading=text(found["stills_heading"]),
        problem=text(found["problem"]),
    )


def _as_json(view: FileView) -> bytes:
    def still(s: Still | None) -> dict[str, Any] | None:
        if s is None:
            return None
        encoded = base64.b64encode(s.data).decode("ascii")
        return {
            "caption": s.caption,
            "data": encoded,
            "media_type": s.media_type,
            "width": s.width,
            "height": s.height,
        }

    return json.dumps(
        {
            "kind": view.kind,
            "facts": [list(fact) for fact in view.facts],
            "poster": still(view.poster),
            "stills": [still(s) for s in view.stills],
            "stills_heading": view.stills_heading,
            "problem": view.problem,
        }
    ).encode()


class _Asked(io.RawIOBase):
    """The parent's file, read through the pipe: what PyAV reads and seeks in, in the child."""

    def __init__(self, asks: BinaryIO, answers: BinaryIO) -> None:
        self._asks, self._answers = asks, answers
        self._size = _SIZE.unpack(_exactly(answers, _SIZE.size))[0]
        self._at = 0
        self._kept, self._kept_at = b"", 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._at, io.SEEK_END: self._size}[whence]
        self._at = max(0, base + offset)
        return self._at

    def tell(self) -> int:
        return self._at

    def readinto(self, buffer: Any) -> int:
        wanted = min(len(buffer), max(0, self._size - self._at))
        start = self._at - self._kept_at
        if wanted and not (start >= 0 and start + wanted <= len(self._kept)):
            self._asks.write(b"R" + _ASK.pack(self._at, max(wanted, _BLOCK)))
            self._asks.flush()
            (length,) = _LENGTH.unpack(_exactly(self._answers, _LENGTH.size))
            self._kept, self._kept_at, start = _exactly(self._answers, length), self._at, 0
            wanted = min(wanted, length)
        piece = self._kept[start : start + wanted]
        buffer[: len(piece)] = piece
        self._at += len(piece)
        return len(piece)


def serve(media_type: str) -> int:
    """The child: read the parent's file and send its view, or a HEIC photo's thumbnail and
    upright JPEG (photo_apart.py) (`diary --read-media TYPE`)."""
    # The pipe to the parent is kept on a descriptor of its own; anything a library prints goes
    # nowhere instead of into the answer.
    asks = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, sys.stdout.fileno())
    answers = sys.stdin.buffer
    fault = os.environ.get(TEST_FAULT_ENV, "")
    if fault == "crash":
        import signal

        os.kill(os.getpid(), signal.SIGSEGV)
    if fault == "hang":
        threading.Event().wait()
    source = _Asked(asks, answers)
    if media_type == "image/heic":
        from .photo_apart import photo_answer

        answer = photo_answer(source)  # type: ignore[arg-type]
    else:
        from .media_view import media_view

        answer = _as_json(media_view(source, media_type))  # type: ignore[arg-type]
    asks.write(b"V" + _LENGTH.pack(len(answer)) + answer)
    asks.flush()
    return 0
