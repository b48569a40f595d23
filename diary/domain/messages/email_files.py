"""E-mail: one message saved as .eml, or a mailbox of them (.mbox, as Thunderbird, Apple Mail
and Google Takeout write it). Each gives From, To, Date, Subject, Message-ID and its text.

A mailbox is read a line at a time and split at its 'From ' lines (one that follows a blank
line, or starts the file), so a mailbox of any size is read in the memory of one message; a
message larger than MAX_MESSAGE_BYTES (a video attached) is read only that far, which holds its
text, and the whole file is kept as the original.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import email.utils
from collections.abc import Iterator
from datetime import UTC
from email.parser import BytesFeedParser
from html.parser import HTMLParser
from typing import BinaryIO

from .lines import shown
from .log import Item, Kind, Notes, Unread, Where

MAX_MESSAGE_BYTES = 8 * 1024 * 1024
_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote", "table"}


class _HtmlText(HTMLParser):
    """The words of an HTML e-mail, without its markup (nothing is fetched or run)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    reader = _HtmlText()
    reader.feed(html)
    reader.close()
    lines = [" ".join(line.split()) for line in "".join(reader.parts).split("\n")]
    return "\n".join(line for line in lines if line)


def _plain(value: object) -> tuple[str, bool]:
    """A header or body as text, and whether some of it could not be read (bytes in no
    declared character set come back from the email package as lone surrogates)."""
    text = str(value or "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace"), True
    return text, False


def _body(message: email.message.EmailMessage) -> tuple[str, bool]:
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except (LookupError, ValueError, TypeError):
        part = None
    if part is None:
        return "", False
    try:
        content = part.get_content()
        unreadable = False
    except (LookupError, UnicodeError, ValueError, TypeError, AssertionError):
        payload = part.get_payload(decode=True)
        raw = payload if isinstance(payload, bytes) else b""
        content, unreadable = raw.decode("utf-8", "replace"), True
    if not isinstance(content, str):
        return "", False
    text, broken = _plain(content)
    if part.get_content_type() == "text/html":
        text = html_text(text)
    return text.replace("\r\n", "\n").strip("\n"), unreadable or broken


def _item(raw: bytes, where: Where, notes: Notes) -> Iterator[Item | Unread]:
    parser = BytesFeedParser(policy=email.policy.default)
    parser.feed(raw)
    message = parser.close()
    assert isinstance(message, email.message.EmailMessage)
    sender, bad_from = _plain(message.get("From", ""))
    when, _ = _plain(message.get("Date", ""))
    ref, _ = _plain(message.get("Message-ID", ""))
    where = Where(where.line, where.end_line, where.member, ref.strip())
    if not sender.strip() and not when.strip():
        yield Unread(
            where,
            shown(raw[:200].decode("utf-8", "replace")),
            "not an e-mail: it has neither a From nor a Date line",
        )
        return
    try:
        instant = email.utils.parsedate_to_datetime(when)
    except (TypeError, ValueError, IndexError):
        yield Unread(
            where,
            shown(f"Date: {when}"),
            "the e-mail's date cannot be read, so it cannot be placed in time",
        )
        return
    if instant.tzinfo is None:  # '-0000': the sender's program gave no zone; read as UTC
        instant = instant.replace(tzinfo=UTC)
        notes.lines.append(f"{where.text()}: the date gives no time zone; read as UTC.")
    text, unreadable = _body(message)
    recipients, _ = _plain(", ".join(str(v) for v in message.get_all("To", []) or []))
    subject, _ = _plain(message.get("Subject", ""))
    _, address = email.utils.parseaddr(sender)
    key = address.lower() or sender.strip()
    yield Item(
        Kind.MESSAGE,
        instant.astimezone(UTC),
        when.strip(),
        sender.strip(),
        key,
        where,
        text,
        recipients=recipients,
        subject=subject,
    )
    if unreadable or bad_from:
        yield Unread(
            where,
            shown(subject),
            "part of this e-mail is in a character set that "
            "could not be read; those characters are shown as \ufffd",
        )


def _limited(lines: list[bytes], notes: Notes, where: Where) -> bytes:
    raw = b"".join(lines)
    if len(raw) > MAX_MESSAGE_BYTES:
        notes.lines.append(
            f"{where.text()}: larger than {MAX_MESSAGE_BYTES // 2**20} MB; only its first part "
            "(which holds its text) was read. The whole file is kept as the original."
        )
        raw = raw[:MAX_MESSAGE_BYTES]
    return raw


def read_eml(stream: BinaryIO, notes: Notes, member: str = "") -> Iterator[Item | Unread]:
    lines: list[bytes] = []
    size = 0
    count = 0
    for line in stream:
        count += 1
        if size <= MAX_MESSAGE_BYTES:
            lines.append(line)
            size += len(line)
    where = Where(1, count, member)
    yield from _item(_limited(lines, notes, where), where, notes)


def read_mbox(stream: BinaryIO, notes: Notes, member: str = "") -> Iterator[Item | Unread]:
    lines: list[bytes] = []
    size = 0
    number = 0
    start = 0
    count = 0
    blank = True

    def finish() -> Iterator[Item | Unread]:
        where = Where(start, number - 1 if number > start else start, f"message {count}")
        yield from _item(_limited(lines, notes, where), where, notes)

    for line in stream:
        number += 1
        if line.startswith(b"From ") and blank:
            if count:
                yield from finish()
            count += 1
            start, lines, size = number, [], 0
        elif not count:
            if line.strip():
                yield Unread(
                    Where(number, member=member),
                    shown(line.decode("utf-8", "replace").rstrip()),
                    "comes before the first 'From ' line of the mailbox",
                )
        elif size <= MAX_MESSAGE_BYTES:
            # mboxrd: a '>From ' in a message was written for a 'From ' of the message itself.
            if line.startswith(b">") and line.lstrip(b">").startswith(b"From "):
                line = line[1:]
            lines.append(line)
            size += len(line)
        blank = line in (b"\n", b"\r\n")
    number += 1
    if count:
        yield from finish()
