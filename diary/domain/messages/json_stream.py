"""A JSON file walked one value at a time, so a chat export of any size is read in the memory of
one message: objects and arrays are entered key by key, element by element, and only the values
the caller asks for are decoded whole (with the json module).

Line numbers are kept, so each message can be found again in the file.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

CHUNK = 1024 * 1024
_SPACE = " \t\r\n"


class JsonProblem(ValueError):
    """The file stops being JSON (or UTF-8) at a line."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class JsonStream:
    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._json = json.JSONDecoder()
        self.buf = ""
        self.pos = 0
        self.line = 1  # the line of self.pos
        self.eof = False
        self._want = CHUNK

    def _more(self) -> bool:
        if self.eof:
            return False
        if self.pos > CHUNK:
            self.buf, self.pos = self.buf[self.pos :], 0
        data = self._stream.read(self._want)
        try:
            self.buf += self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            raise JsonProblem("the file is not UTF-8 text here", self._line_at_end()) from exc
        self.eof = not data
        return True

    def _line_at_end(self) -> int:
        return self.line + self.buf.count("\n", self.pos)

    def _advance(self, to: int) -> None:
        self.line += self.buf.count("\n", self.pos, to)
        self.pos = to

    def peek(self) -> str:
        """The next character that is not white space ('' at the end of the file)."""
        while True:
            at = self.pos
            while at < len(self.buf) and self.buf[at] in _SPACE:
                at += 1
            self._advance(at)
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def expect(self, char: str) -> None:
        found = self.peek()
        if found != char:
            what = repr(found) if found else "the end of the file"
            raise JsonProblem(f"expected {char!r} but found {what}", self.line)
        self._advance(self.pos + 1)

    def value(self) -> Any:
        """The next value, decoded whole."""
        self.peek()
        while True:
            try:
                value, end = self._json.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if self._more():
                    self._want = min(self._want * 2, 64 * CHUNK)
                    continue
                raise JsonProblem(f"not JSON ({exc.msg})", self.line) from exc
            # A number (or true/false/null) may go on in the next piece of the file.
            if end == len(self.buf) and not self.eof and self._more():
                continue
            self._want = CHUNK
            self._advance(end)
            return value

    def members(self) -> Iterator[str]:
        """The keys of the object that starts here; the caller reads or skips each value."""
        self.expect("{")
        if self.peek() == "}":
            self._advance(self.pos + 1)
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise JsonProblem("an object's key is not a string", self.line)
            self.expect(":")
            yield key
            if self.peek() == ",":
                self._advance(self.pos + 1)
                continue
            self.expect("}")
            return

    def elements(self) -> Iterator[int]:
        """The line of each element of the array that starts here; the caller reads each."""
        self.expect("[")
        if self.peek() == "]":
            self._advance(self.pos + 1)
            return
        while True:
            self.peek()
            yield self.line
            if self.peek() == ",":
                self._advance(self.pos + 1)
                continue
            self.expect("]")
            return
