"""Plain words for behaviours, reports and exhibits, shared by the pack's pages (times are in
pack_times.py)."""

from __future__ import annotations

from collections.abc import Iterable

from diary.domain.behaviours import CHANNELS, REPORTED, short_behaviour
from diary.domain.incident import Attachment, IncidentContent
from diary.domain.messages.log import exported_file_kind


def behaviour_names(content: IncidentContent) -> str:
    return ", ".join(short_behaviour(b) for b in content.behaviours)


def channel_name(content: IncidentContent) -> str:
    return CHANNELS.get(content.channel or "", "")


def reported_text(content: IncidentContent) -> str:
    """How and whether it was reported, as the chronology's last column says it: 'Called 101;
    ref CAD 1001; PC 123 Example'. Empty when nothing was said."""
    parts = [REPORTED.get(content.reported, content.reported) if content.reported else ""]
    parts.append(f"ref {content.police_ref.strip()}" if content.police_ref.strip() else "")
    parts.append(content.officer.strip())
    return "; ".join(p for p in parts if p)


def exhibit_kind(attachment: Attachment) -> str:
    """How the statement speaks of an exhibit: 'a screenshot', 'an audio recording'..."""
    media = attachment.media_type
    if media.startswith("image/"):
        source = attachment.source
        if media == "image/png" or source.platform or source.url or source.profile:
            return "a screenshot"
        return "a photograph"
    if media.startswith("audio/"):
        return "an audio recording"
    if media.startswith("video/"):
        return "a video recording"
    if media == "application/pdf":
        return "a document"
    if media == "message/rfc822":
        return "an e-mail"
    return exported_file_kind(attachment.source.platform) or "a file"


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB ({size:,} bytes)"
    return f"{size / 1024 / 1024:.1f} MB ({size:,} bytes)"


def summary(text: str, limit: int = 280) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "\u2026"


_MOST_RUNS = 40  # in a table row or a page heading, which must fit on a page however long


def entry_numbers(numbers: Iterable[int]) -> str:
    """Entry numbers, runs of three or more as a range ('4–9'); past _MOST_RUNS pieces the
    rest counted (a diary of years can have thousands bearing on one question)."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    pieces: list[tuple[str, int]] = []  # as shown, and how many entries it stands for
    for first, last in runs:
        if last - first >= 2:
            pieces.append((f"{first}–{last}", last - first + 1))
        else:
            pieces += [(str(n), 1) for n in range(first, last + 1)]
    shown = ", ".join(text for text, _ in pieces[:_MOST_RUNS])
    if len(pieces) <= _MOST_RUNS:
        return shown
    left = sum(count for _, count in pieces[_MOST_RUNS:])
    return f"{shown} and {left:,} more (each is in the chronology)"
