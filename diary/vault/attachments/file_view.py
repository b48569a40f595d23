"""The shape of a file's view, shared by the pack's exhibit page and the window's viewer."""

from __future__ import annotations

from dataclasses import dataclass, field

# Larger files are not read into memory for a view: the original is kept all the same.
MAX_VIEWED_BYTES = 512 * 1024 * 1024

_KINDS = ("video/", "audio/", "message/rfc822", "application/pdf")


def viewable(media_type: str, size: int) -> bool:
    """Whether a file of this type and size gets a view (view_file may still find a problem)."""
    return media_type.startswith(_KINDS) and 0 < size <= MAX_VIEWED_BYTES


@dataclass(frozen=True)
class Still:
    """One picture taken from the file: a video frame or a PDF page, with what it is."""

    caption: str  # "Frame at 0:01.5", "Page 1 of 12"
    data: bytes = field(repr=False)  # encoded, upright, no metadata
    media_type: str  # image/jpeg or image/png
    width: int
    height: int


@dataclass(frozen=True)
class FileView:
    """What is shown of a file: facts (label, value), pictures taken from it, and its text."""

    kind: str  # "video", "audio", "email", "pdf"
    facts: tuple[tuple[str, str], ...] = ()
    poster: Still | None = None  # shown large: a video's first frame
    stills: tuple[Still, ...] = ()  # a strip of frames, or the first pages
    stills_heading: str = ""
    text: str = ""  # an e-mail's text
    text_heading: str = ""
    problem: str = ""  # why some or all of it could not be shown, or ''

    def fact(self, label: str) -> str:
        return next((value for key, value in self.facts if key == label), "")


def duration_text(seconds: float) -> str:
    """'4.2 seconds', '2 min 05 s', '1 h 02 min 05 s': plain, and exact to what is shown."""
    if seconds < 60:
        return f"{seconds:.1f} seconds"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min {secs:02d} s"
    return f"{minutes} min {secs:02d} s"


def clock_text(seconds: float) -> str:
    """A time within a recording, as a player shows it: '0:01.5', '1:02:03.0'."""
    minutes, secs = divmod(max(seconds, 0.0), 60)
    hours, minutes = divmod(int(minutes), 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:04.1f}"
    return f"{minutes}:{secs:04.1f}"
