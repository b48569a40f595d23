"""The exhibits: each with its mark, what it is, its incident, times, file details and SHA-256,
and the picture itself shown large and lossless. Files that are not pictures are listed by hash."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    PageBreakIfNotEmpty,
    Paragraph,
    Spacer,
)

from diary.domain.wording import day_text, source_details

from ..describe import exhibit_kind, size_text, stamp, summary
from ..image_data import NotAnImage, PdfImage, pdf_image
from ..image_flowable import ExhibitImage
from ..pack import EvidencePack, Exhibit, PackIncident
from ..row import Row, Rows
from ..styles import FRAME_WIDTH, LABEL, MONO_CELL, PAGE_HEIGHT, SMALL, SUBHEADING
from ..text import para

IMAGE_HEIGHT = PAGE_HEIGHT * 0.6


def _loader(exhibit: Exhibit) -> tuple[PdfImage, Callable[[], PdfImage]] | None:
    """The exhibit's PDF image data and a way to make it again when the PDF is written (so the
    encoded bytes are held only while written), or None when it is not a picture."""
    a = exhibit.attachment
    if not a.media_type.startswith("image/") or not a.has_thumbnail:
        return None
    try:
        first = pdf_image(exhibit.data, a.media_type)
    except NotAnImage:
        return None
    if first.filter == "FlateDecode" and first.decode_parms is None:
        return first, lambda: first  # decoded from pixels: keep it rather than decode again
    data, media = exhibit.data, a.media_type
    return first, lambda: pdf_image(data, media)


def details(exhibit: Exhibit, item: PackIncident, shown: str) -> Rows:
    a = exhibit.attachment
    s = a.source
    rows: list[tuple[str, Any]] = [
        (
            "What it is",
            para(exhibit_kind(a).removeprefix("a ").removeprefix("an ").capitalize(), SMALL),
        ),
        (
            "Incident",
            para(f"No. {item.number}, {day_text(item.incident.content.occurred)}", SMALL),
        ),
        ("Original file name", para(summary(a.filename, 300), SMALL)),
        ("Type and size", para(f"{a.media_type}, {size_text(a.size)}", SMALL)),
        ("Imported into the diary", para(stamp(a.imported_at), SMALL)),
        ("SHA-256 (at import)", para(a.sha256, MONO_CELL)),
        ("Shown here", para(shown, SMALL)),
    ]
    optional = [("Captured (from the file)", a.exif_captured_at), *source_details(s)]
    rows[4:4] = [
        (label, para(summary(value, 600), SMALL)) for label, value in optional if value.strip()
    ]
    if a.type_mismatch:
        rows.append(
            (
                "Note",
                para(
                    f"The file's name suggests {a.claimed_type}, but its "
                    f"contents are {a.media_type}.",
                    SMALL,
                ),
            )
        )
    widths = (44 * mm, FRAME_WIDTH - 44 * mm)
    return Rows([Row([para(label, LABEL), value], widths, boxed=False) for label, value in rows])


def exhibit_block(exhibit: Exhibit, item: PackIncident) -> list[Any]:
    loaded = _loader(exhibit)
    heading = Paragraph(f"Exhibit {exhibit.mark}", SUBHEADING)
    if loaded is None:
        shown = "Not a picture; kept unchanged in the bundle's exhibits folder."
        return [CondPageBreak(60 * mm), heading, details(exhibit, item, shown), Spacer(1, 5 * mm)]
    shown = (
        "Picture below, without loss of detail; image metadata such as location and "
        "comments is not copied into this PDF. The original file is in the bundle."
    )
    return [
        PageBreakIfNotEmpty(),  # each picture starts a page of its own
        heading,
        details(exhibit, item, shown),
        Spacer(1, 3 * mm),
        ExhibitImage(f"exhibit{exhibit.attachment.id}", loaded[1], loaded[0], IMAGE_HEIGHT),
    ]


def exhibits(pack: EvidencePack) -> list[Any]:
    story: list[Any] = []
    for item in pack.incidents:
        for exhibit in item.exhibits:
            story += exhibit_block(exhibit, item)
    if story and isinstance(story[0], PageBreakIfNotEmpty):
        story = story[1:]  # the first picture follows the section heading on its page
    return story
