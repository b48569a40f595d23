"""The exhibits: each with its mark, what it is, its incident, times, file details and SHA-256,
and the picture itself shown large and lossless. Files that are not pictures are listed by hash."""

from __future__ import annotations

from datetime import timedelta
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

from ..describe import exhibit_kind, size_text, summary
from ..image_flowable import Pictures
from ..pack import EvidencePack, Exhibit, PackIncident
from ..pack_times import exif_time, recorded, shown_time
from ..row import Row, Rows
from ..story import Part
from ..styles import FRAME_WIDTH, HEADING, LABEL, MONO_SMALL, PAGE_HEIGHT, SMALL, SUBHEADING
from ..text import para

IMAGE_HEIGHT = PAGE_HEIGHT * 0.6


SOURCE_TIMES = ("Captured (as recorded)", "Time shown on screen")
# A file's own capture date this many days after the incident (or any day before it) is noted.
NOTE_AFTER_DAYS = 2


def capture_note(exhibit: Exhibit, item: PackIncident) -> str:
    """A plain note when the file's own capture date (EXIF) is well after or before the
    incident: something for the officer to ask about, not a finding."""
    _, captured = exif_time(exhibit.attachment.exif_captured_at)
    if captured is None:
        return ""
    content = item.incident.content
    first = content.occurred.local.date()
    last = (content.until or content.occurred).local.date()
    day = captured.date()
    if day - last > timedelta(days=NOTE_AFTER_DAYS):
        gap, side = (day - last).days, "after"
    elif first - day > timedelta(days=1):
        gap, side = (first - day).days, "before"
    else:
        return ""
    return (
        f"For the officer to note: the file records that it was made on {day.day} "
        f"{day:%b %Y}, {gap:,} days {side} the incident ({day_text(content.occurred)}). Pictures "
        "and screenshots are often made later than what they show, and a device's clock can be "
        "wrong; when and how this one was made may be worth asking."
    )


def details(exhibit: Exhibit, item: PackIncident, shown: str, zone: str) -> Rows:
    a = exhibit.attachment
    s = a.source
    rows: list[tuple[str, Any]] = [
        (
            "What it is",
            para(exhibit_kind(a).removeprefix("a ").removeprefix("an ").capitalize(), SMALL),
        ),
        ("Entry", para(f"{item.source}, {day_text(item.incident.content.occurred)}", SMALL)),
        ("Original file name", para(summary(a.filename, 300), SMALL)),
        ("Type and size", para(f"{a.media_type}, {size_text(a.size)}", SMALL)),
        ("Imported into the diary", para(recorded(a.imported_at, zone), SMALL)),
        ("SHA-256 (at import)", para(a.sha256, MONO_SMALL)),
        ("Shown here", para(shown, SMALL)),
    ]
    exif = exif_time(a.exif_captured_at)[0] if a.exif_captured_at.strip() else ""
    # Where it came from, labelled as the window labels it; its times in the pack's one form.
    optional = [("Captured (from the file)", exif)] + [
        (label, shown_time(value, zone) if label in SOURCE_TIMES else value)
        for label, value in source_details(s)
    ]
    rows[4:4] = [
        (label, para(summary(value, 600), SMALL)) for label, value in optional if value.strip()
    ]
    notes = [capture_note(exhibit, item)]
    if a.type_mismatch:
        notes.append(
            f"The file's name suggests {a.claimed_type}, but its contents are {a.media_type}."
        )
    rows += [("Note", para(note, SMALL)) for note in notes if note]
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
    zone: str,
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
        block = details(exhibit, item, shown, zone)
        return [CondPageBreak(60 * mm), heading, block, Spacer(1, 5 * mm)]
    shown = (
        "Picture below, without loss of detail; image metadata such as location and "
        "comments is not copied into this PDF. "
        + ("The original file is in the bundle." if in_bundle else LEFT_OUT)
    )
    return [
        *([] if first else [PageBreakIfNotEmpty()]),
        heading,
        details(exhibit, item, shown, zone),
        Spacer(1, 3 * mm),
        picture,
    ]


def exhibits(pack: EvidencePack, pictures: Pictures) -> list[Part]:
    """The exhibits section in the order of their marks, one part to an exhibit; none when the
    pack has no exhibits."""
    if not pack.exhibits:
        return []
    entries = {item.incident.id: item for item in pack.incidents + pack.received}
    left_out = pack.disclosure.left_out_originals
    return [
        lambda: [Paragraph("Exhibits", HEADING)],
        *(
            partial(
                exhibit_block,
                exhibit,
                entries[exhibit.incident_id],
                pictures,
                pack.zone,
                index == 0,
                exhibit.attachment.id not in left_out,
            )
            for index, exhibit in enumerate(pack.exhibits)
        ),
    ]
