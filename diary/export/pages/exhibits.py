"""The exhibits: each with its mark, what it is, its incident, times, file details and SHA-256,
and the picture itself shown large and lossless. Files that are not pictures are listed by hash."""

from __future__ import annotations

from functools import partial
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
from ..image_flowable import Pictures
from ..pack import EvidencePack, Exhibit, PackIncident
from ..row import Row, Rows
from ..story import Part
from ..styles import FRAME_WIDTH, HEADING, LABEL, MONO_SMALL, PAGE_HEIGHT, SMALL, SUBHEADING
from ..text import para

IMAGE_HEIGHT = PAGE_HEIGHT * 0.6


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
            para(f"{item.source}, {day_text(item.incident.content.occurred)}", SMALL),
        ),
        ("Original file name", para(summary(a.filename, 300), SMALL)),
        ("Type and size", para(f"{a.media_type}, {size_text(a.size)}", SMALL)),
        ("Imported into the diary", para(stamp(a.imported_at), SMALL)),
        ("SHA-256 (at import)", para(a.sha256, MONO_SMALL)),
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


# Said of an original the person chose to leave out of the bundle for its location data.
LEFT_OUT = (
    "The original file is not in the bundle: it carries location data, and the person chose to "
    "leave it out (see 'What this pack leaves out'). It is kept unchanged in the diary."
)


def exhibit_block(
    exhibit: Exhibit,
    item: PackIncident,
    pictures: Pictures,
    first: bool = False,
    in_bundle: bool = True,
) -> list[Any]:
    """An exhibit's heading, details and picture. A picture starts a page of its own, except the
    first, which follows the section heading on its page."""
    picture = pictures.picture(exhibit, IMAGE_HEIGHT)
    heading = Paragraph(f"Exhibit {exhibit.mark}", SUBHEADING)
    if picture is None:
        shown = (
            "Not a picture; kept unchanged in the bundle's exhibits folder."
            if in_bundle
            else f"Not shown here. {LEFT_OUT}"
        )
        return [CondPageBreak(60 * mm), heading, details(exhibit, item, shown), Spacer(1, 5 * mm)]
    shown = (
        "Picture below, without loss of detail; image metadata such as location and "
        "comments is not copied into this PDF. "
        + ("The original file is in the bundle." if in_bundle else LEFT_OUT)
    )
    return [
        *([] if first else [PageBreakIfNotEmpty()]),
        heading,
        details(exhibit, item, shown),
        Spacer(1, 3 * mm),
        picture,
    ]


def exhibits(pack: EvidencePack, pictures: Pictures) -> list[Part]:
    """The exhibits section, one part to an exhibit; none when the pack has no exhibits."""
    blocks = [
        (exhibit, item) for item in pack.incidents + pack.received for exhibit in item.exhibits
    ]
    if not blocks:
        return []
    left_out = pack.disclosure.left_out_originals
    return [
        lambda: [Paragraph("Exhibits", HEADING)],
        *(
            partial(
                exhibit_block,
                exhibit,
                item,
                pictures,
                index == 0,
                exhibit.attachment.id not in left_out,
            )
            for index, (exhibit, item) in enumerate(blocks)
        ),
    ]
