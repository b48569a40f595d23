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
its thumbnail and upright JPEG instead of a view (photo_apart.py); a PDF's first pages are
drawn by it too (`diary --read-media application/pdf`, pdf_apart.py).

If the child dies, takes longer than READ_SECONDS, or answers with anything but a well-formed
view, the file gets a view that says so, and the original is kept all the same. A child that
could not be started at all (the program file missing, the computer short of memory), or that
was stopped from outside (Halt: the window's diary was locked), says nothing about the file: its
view says so for now, and is never stored (derived_forms.DerivedForm.lasting), so the file is
read again the next time. The answer is read as data, never as code (JSON, checked field by
field): a child that a hostile file had taken over could say no more than a view can.

The pipe, in the child's terms: the parent first writes the file's size (8 bytes); the child
then asks for bytes with b"R" + offset (8 bytes) + count (4 bytes) and is sent a length (4 bytes)
and that many bytes, or finishes with b"V" + a length (4 bytes) and the view's JSON.
"""

from __future__ import annotations

import base64
import contextlib
import enum
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
NOT_STARTED = (
    "This file could not be read just now: the app could not start the separate reader it "
    "uses for it (the computer may be short of memory). The original is kept, unchanged."
)
HALTED = "Reading this file was stopped before it finished; the original is kept, unchanged."
# Problems that say nothing about the file itself: a view or form with one is never stored.
PASSING_PROBLEMS = (NOT_STARTED, HALTED)


class Unread(enum.Enum):
    """Why a child gave no answer."""

    STOPPED = "stopped"  # it died, or said something outside the protocol
    RAN_OUT = "ran out"  # it took longer than allowed, and was killed
    NOT_STARTED = "not started"  # it could not be started
    HALTED = "halted"  # it was stopped from outside (Halt.stop)


class Halt:
    """A way to stop a reading from another thread (the window does, when the diary is locked):
    the child under way is killed at once, and no child is started after."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._children: set[subprocess.Popen[bytes]] = set()
        self._halted = False

    @property
    def halted(self) -> bool:
        return self._halted

    def stop(self) -> None:
        with self._guard:
            self._halted = True
            children = list(self._children)
        for child in children:
            child.kill()  # one that has ended already is left alone

    def watch(self, child: subprocess.Popen[bytes]) -> bool:
        """Start watching child; False (and child killed) when already halted."""
        with self._guard:
            if not self._halted:
                self._children.add(child)
                return True
        child.kill()
        return False

    def forget(self, child: subprocess.Popen[bytes]) -> None:
        with self._guard:
            self._children.discard(child)


def _command(media_type: str) -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, "--read-media", media_type]
    return [sys.executable, "-m", "diary", "--read-media", media_type]


def read_apart(data: bytes | BinaryIO, media_type: str, halt: Halt | None = None) -> FileView:
    """The view of a video or a recording (media_view.media_view), read by a child process from
    data (bytes, or a seekable file object over them); halt can stop it from another thread."""
    kind = "video" if media_type.startswith("video/") else "audio"
    found, unread = ask_apart(data, media_type, READ_SECONDS, halt)
    if unread is not None:
        return FileView(kind, problem=problem_of(unread, STOPPED))
    try:
        return view_from(found)
    except (ValueError, TypeError, KeyError):
        return FileView(kind, problem=STOPPED)


def problem_of(unread: Unread, stopped: str) -> str:
    """What to say of a file whose child gave no answer (stopped: when it died)."""
    return {
        Unread.STOPPED: stopped,
        Unread.RAN_OUT: TOO_LONG,
        Unread.NOT_STARTED: NOT_STARTED,
        Unread.HALTED: HALTED,
    }[unread]


def _spawn(command: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # a decoder's messages can quote the file's own text
    )


def ask_apart(
    data: bytes | BinaryIO, media_type: str, seconds: float, halt: Halt | None = None
) -> tuple[Any, Unread | None]:
    """What a child reading data as media_type answers, as parsed JSON not yet checked, and
    None; or None and why it gave no answer."""
    if halt is not None and halt.halted:
        return None, Unread.HALTED
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    size = source.seek(0, io.SEEK_END)
    try:
        child = _spawn(_command(media_type))
    except OSError:  # nothing was learnt of the file: not a reason to give up on it for good
        return None, Unread.NOT_STARTED
    if halt is not None and not halt.watch(child):
        child.wait()
        return None, Unread.HALTED
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
        if halt is not None:
            halt.forget(child)
    if answer is None:
        if halt is not None and halt.halted:
            return None, Unread.HALTED
        return None, Unread.RAN_OUT if ran_out.is_set() else Unread.STOPPED
    try:
        return json.loads(answer), None
    except ValueError:
        return None, Unread.STOPPED


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
    if found["problem"] in PASSING_PROBLEMS:
        raise ValueError("a problem only this process describes")
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
    """The child: read the parent's file and send its view, a HEIC photo's thumbnail and
    upright JPEG (photo_apart.py), or a PDF's first pages (pdf_apart.py)
    (`diary --read-media TYPE`)."""
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
    elif media_type == "application/pdf":
        from .pdf_apart import pdf_answer

        answer = pdf_answer(source)  # type: ignore[arg-type]
    else:
        from .media_view import media_view

        answer = _as_json(media_view(source, media_type))  # type: ignore[arg-type]
    asks.write(b"V" + _LENGTH.pack(len(answer)) + answer)
    asks.flush()
    return 0
