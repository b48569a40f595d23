"""The PDF's outline (bookmarks) and the links from each exhibit mark to its exhibit's page.

An officer working through a long pack jumps from "exhibit AD/3" in the statement or the
chronology to the exhibit itself and back, and a screen reader lists the sections. A flowable
that starts a section, an entry's row or an exhibit carries its `outlines` (key, title, level);
the document bookmarks the page it is drawn on (layout.PackDocument). Marks in text are found as
the text is drawn (plain_text.py, bidi_text.py) and linked to the exhibit's bookmark.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .story import Part

# Marks look like "AD/3"; a word is checked against the pack's own marks before it is linked.
_MARK = re.compile(r"[^\s,.;:()\[\]]+/\d+")


@dataclass(frozen=True)
class Outline:
    key: str  # the PDF destination's name
    title: str
    level: int = 0


def exhibit_key(mark: str) -> str:
    return f"exhibit-{mark}"


def _skips(flowable: Any) -> bool:
    """Page breaks and template switches: nothing is drawn where they stand."""
    name = type(flowable).__name__
    return "PageBreak" in name or name in {"NextPageTemplate", "Spacer"}


def mark_first(flowables: list[Any], outline: Outline) -> list[Any]:
    """flowables, the first that draws anything carrying outline (with any it carries)."""
    for flowable in flowables:
        if not _skips(flowable):
            if outline.title == "":
                # A section is named by the heading it starts with (a table's is on the page).
                heading = flowable.getPlainText() if hasattr(flowable, "getPlainText") else ""
                outline = Outline(outline.key, heading or outline.key, outline.level)
            outlines = [*getattr(flowable, "outlines", []), outline]
            # A section's bookmark comes before its first entry's.
            flowable.outlines = sorted(outlines, key=lambda o: o.level)
            break
    return flowables


def outlined(part: Part, outline: Outline) -> Part:
    """part, its first drawn flowable bookmarked when the layout reaches it. An outline with no
    title takes the text of the heading the part starts with."""
    return lambda: mark_first(part(), outline)


def link_marks(canvas: Any, piece: str, x: float, y: float, size: float, width_of: Any) -> None:
    """Link each of the pack's exhibit marks in piece (drawn from x on baseline y) to the
    exhibit's page. width_of(text) is the drawn width of a prefix of piece."""
    marks: set[str] | None = getattr(canvas, "exhibit_marks", None)
    if not marks or "/" not in piece:
        return
    for found in _MARK.finditer(piece):
        mark = found.group(0)
        if mark not in marks:
            continue
        left = x + width_of(piece[: found.start()])
        right = x + width_of(piece[: found.end()])
        canvas.linkRect(
            "",
            exhibit_key(mark),
            (left, y - 0.25 * size, right, y + 0.85 * size),
            relative=1,
            thickness=0,
        )


def set_marks(canvas: Any, marks: Iterable[str]) -> None:
    """The exhibit marks whose pages the document bookmarks, for text drawn on canvas to link."""
    canvas.exhibit_marks = set(marks)
