"""Plain words for times, behaviours and exhibits, shared by the pack's pages."""

from __future__ import annotations

from datetime import datetime

from diary.domain.behaviours import CHANNELS, short_behaviour
from diary.domain.incident import Attachment, IncidentContent
from diary.domain.messages.log import exported_file_kind
from diary.domain.times import Moment, Precision


def when_in_words(moment: Moment) -> str:
    """For the statement: 'On Monday 3 June 2024 at about 18:30'."""
    local = moment.local
    day = f"{local:%A} {local.day} {local:%B %Y}"
    if moment.precision is Precision.DATE_ONLY:
        return f"On {day}"
    about = "about " if moment.precision is Precision.APPROXIMATE else ""
    return f"On {day} at {about}{local:%H:%M}"


def stamp(dt: datetime) -> str:
    """A recorded time, always in UTC so that it can be compared with the audit trail."""
    from datetime import UTC

    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def behaviour_names(content: IncidentContent) -> str:
    return ", ".join(short_behaviour(b) for b in content.behaviours)


def channel_name(content: IncidentContent) -> str:
    return CHANNELS.get(content.channel or "", "")


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
