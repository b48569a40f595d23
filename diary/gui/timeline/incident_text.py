"""How incidents, times and attachments read on screen: short, plain phrases."""

from __future__ import annotations

from datetime import datetime

from diary.domain.behaviours import short_behaviour
from diary.domain.incident import Author


def stamp_text(instant: datetime) -> str:
    local = instant.astimezone()
    return f"{local.day} {local:%b %Y}, {local:%H:%M}"


def behaviour_names(kinds: tuple[str, ...]) -> str:
    return ", ".join(short_behaviour(k) for k in kinds)


def summary_text(text: str, limit: int = 140) -> str:
    """The first line of an account, cut to limit characters."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def exhibits_text(count: int, marks: str) -> str:
    """Exhibit marks when given, else how many files there are."""
    if not count:
        return ""
    if marks:
        return marks
    return "1 file" if count == 1 else f"{count} files"


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def by_whom(author: Author, kept_by: Author) -> str:
    """Who wrote, as the reader of this diary says it: never "the victim" to the person
    themselves. "you" for whoever keeps the diary; "your client" or "your advocate" otherwise."""
    if author is kept_by:
        return "you"
    return "your client" if author is Author.VICTIM else f"your {author.value}"


def whose(author: Author, kept_by: Author) -> str:
    """ "yours", "your client's" or "your advocate's"."""
    who = by_whom(author, kept_by)
    return "yours" if who == "you" else f"{who}'s"
