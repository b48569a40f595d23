"""An e-mail file (.eml): the headers police need for their enquiries (From, To, Cc, Date,
Subject, Message-ID) and its text, read with the standard library's email package.

The text is the plain part when there is one; otherwise the HTML part with its markup taken out
(scripts, styles and images are never run or fetched: the markup is only read as text).
"""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser

from .view import FileView

HEADERS = ("From", "To", "Cc", "Date", "Subject", "Message-ID")
# Past this the text is cut, with a note: the whole of it is in the original file.
MAX_TEXT_CHARS = 20_000
_BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table"}


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "title"):
            self._hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
            self._hidden = max(self._hidden - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The words of an HTML document, one paragraph to a line."""
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


def _header(message: EmailMessage, name: str) -> str:
    try:
        values = message.get_all(name) or []
        return "; ".join(" ".join(str(v).split()) for v in values)
    except (ValueError, TypeError, IndexError, LookupError):
        raw = message.get_all(name, failobj=[]) or []
        return "; ".join(" ".join(str(v).split()) for v in raw)


def _body(message: EmailMessage) -> tuple[str, str]:
    """(text, how it was found)."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return "", ""
    content = part.get_content()
    if not isinstance(content, str):
        return "", ""
    if part.get_content_subtype() == "html":
        return html_text(
            content
        ), "Text (from the e-mail's HTML part, with its formatting taken out)"
    return content.strip(), "Text (the e-mail's plain-text part)"


def _attached(message: EmailMessage) -> str:
    names = []
    for part in message.iter_attachments():
        name = part.get_filename() or part.get_content_type()
        payload = part.get_payload(decode=True)
        size = len(payload) if isinstance(payload, bytes) else 0
        names.append(f"{' '.join(str(name).split())} ({size:,} bytes)")
    return "; ".join(names)


def email_view(data: bytes) -> FileView:
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
        assert isinstance(message, EmailMessage)
        facts = [(name, _header(message, name)) for name in HEADERS]
        facts = [(name, value) for name, value in facts if value]
        if not facts:
            return FileView("email", problem="No e-mail headers were found in this file.")
        text, heading = _body(message)
        attached = _attached(message)
    except Exception:  # noqa: BLE001 - a malformed message gets a plain note, never a crash
        return FileView(
            "email",
            problem="The e-mail could not be read (it may be damaged); the original is kept.",
        )
    if attached:
        facts.append(("Files attached to it", attached))
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS].rstrip() + "\n[\u2026 the rest is in the original file]"
    return FileView("email", tuple(facts), text=text, text_heading=heading)
