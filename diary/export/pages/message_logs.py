"""The message logs: for each exported file produced as an exhibit, every message and call of
the pack's entries logged from it, in time order, with its time, who sent it, its words exactly
as the file has them (or the call's kind and length), the entry it belongs to, and where in the
file it is, so anyone holding the original can find each one.

Long messages run over several rows (a row never splits across pages); everything is user text
and goes through text.para, escaped, in fonts that have its characters.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reportlab.lib.units import mm

from diary.domain.messages.local_time import LocalTime
from diary.domain.messages.log import FORMAT_NAMES
from diary.domain.messages.log_lines import when_text, words

from ..describe import summary
from ..layout import TableSection
from ..message_pack import LogLine, MessageLog
from ..navigation import Outline, outlined
from ..pack import EvidencePack
from ..row import Row
from ..story import Part, each
from ..styles import CELL, FRAME_WIDTH, MONO_CELL, SMALL, SUBHEADING
from ..text import para

WIDTHS = (25 * mm, 30 * mm, 0.0, 10 * mm, 22 * mm)
SECTION = TableSection(
    "message-log",
    "Message logs: each message and call as the exported file holds it",
    ("Time", "From", "Words, or the call", "No.", "In the file"),
    tuple(w or FRAME_WIDTH - sum(WIDTHS) for w in WIDTHS),
)
PIECE_CHARS = 900
PIECE_LINES = 18


def pieces(text: str) -> list[str]:
    """Text cut into pieces short enough for one row each: at line ends, then at spaces."""
    out: list[str] = []
    lines: list[str] = []
    size = 0
    for line in text.split("\n"):
        while len(line) > PIECE_CHARS:
            cut = line.rfind(" ", 0, PIECE_CHARS)
            cut = cut if cut > PIECE_CHARS // 2 else PIECE_CHARS
            if lines:
                out.append("\n".join(lines))
                lines, size = [], 0
            out.append(line[:cut])
            line = line[cut:].lstrip(" ")
        if lines and (size + len(line) > PIECE_CHARS or len(lines) >= PIECE_LINES):
            out.append("\n".join(lines))
            lines, size = [], 0
        lines.append(line)
        size += len(line) + 1
    if lines:
        out.append("\n".join(lines))
    return out or [""]


def _rows(line: LogLine, local: LocalTime, member: str) -> list[Any]:
    item = line.item
    when = when_text(item, local)
    sender = item.sender or item.sender_key
    # The file inside a zip is named once, above the log; a mailbox's message number is not.
    where = item.where
    place = (replace(where, member="") if where.member == member else where).text()
    rows = []
    for index, piece in enumerate(pieces(words(item))):
        first = index == 0
        rows.append(
            Row(
                [
                    para(when if first else "", CELL),
                    para(summary(sender, 120) if first else "", CELL),
                    para(piece if first else f"(continued) {piece}", CELL),
                    para(str(line.number) if first else "", CELL),
                    para(summary(place, 80) if first else "", MONO_CELL),
                ],
                SECTION.widths,
            )
        )
    return rows


def _heading(log: MessageLog) -> list[Any]:
    source, exhibit = log.source, log.exhibit
    details = source.details
    kind = next((n for f, n in FORMAT_NAMES.items() if f.value == source.format), source.format)
    inside = f", the file {source.member!r} inside it" if source.member else ""
    sha = exhibit.attachment.sha256
    lines = (
        f"The exported file: {kind}, {exhibit.attachment.filename!r}{inside}. "
        f"SHA-256 at import {sha}. Times shown in {source.zone}. Messages and calls in the "
        f"file: {details.get('items_in_file', '?')}; logged from it for the entries in this "
        f"pack: {len(log.lines)}."
    )
    return [
        para(f"Exhibit {exhibit.mark}", SUBHEADING),
        para(lines, SMALL),
    ]


def message_logs(pack: EvidencePack) -> list[Part]:
    """The section, one part to a log's heading and one to each of its lines; none when the
    pack holds no logged messages or calls."""
    parts: list[Part] = []
    for log in pack.message_logs.logs:
        if not log.lines:
            continue
        local = LocalTime(log.source.zone)
        # In the outline under the section: the exhibit's own page is bookmarked with the rest.
        mark = log.exhibit.mark
        outline = Outline(f"message-log-{mark}", f"Message log, exhibit {mark}", 1)
        parts.append(outlined(lambda log=log: _heading(log), outline))  # type: ignore[misc]
        parts += each(
            log.lines,
            lambda line, local=local, member=log.source.member: _rows(line, local, member),  # type: ignore[misc]
        )
    return parts
