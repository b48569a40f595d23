"""The exhibits: each with its mark, what it is, its incident, times, file details and SHA-256,
and the picture itself shown large and lossless (a very wide or tall one in parts). Videos,
recordings, e-mails and PDFs are shown as the file views describe them (exhibit_views.py); other
files are listed by hash."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreakIfNotEmpty,
    Paragraph,
    Spacer,
)

from diary.domain.wording import day_text, source_details

from ..describe import exhibit_kind, size_text, summary
from ..image_data import PdfImage
from ..image_flowable import Pictures
from ..pack import EvidencePack, Exhibit, PackIncident
from ..pack_times import exif_time, recorded, shown_time
from ..picture_parts import PicturePart
from ..row import Row, Rows
from ..story import Part
from ..styles import FRAME_WIDTH, HEADING, LABEL, MONO_SMALL, PAGE_HEIGHT, SMALL, SUBHEADING
from ..text import para
from .exhibit_views import shown_text, view_flowables

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


def picture_shown(image: PdfImage, parts: list[PicturePart], kept: str) -> str:
    """The 'Shown here' line for a picture: how it was placed, and where its original is."""
    if image.converted:
        width, height = image.upright_size
        how = (
            "Picture below, converted for this PDF (a HEIC photo cannot be placed in a PDF as "
            f"it is) to a JPEG of {width} \u00d7 {height} pixels at high quality"
        )
    elif image.orientation != 1:
        how = (
            "Picture below, without loss of detail, turned upright as the file records the "
            "camera was held (the file's own picture data, turned on the page, not re-encoded)"
        )
    else:
        how = "Picture below, without loss of detail"
    if len(parts) > 1:
        shape = "wide" if parts[0].across else "tall"
        how += f", in {len(parts)} parts so that it can be read (it is very {shape})"
    return (
        f"{how}; image metadata such as location and comments is not copied into this PDF. {kept}"
    )


def exhibit_block(
    exhibit: Exhibit,
    item: PackIncident,
    pictures: Pictures,
    zone: str,
    first: bool = False,
    in_bundle: bool = True,
) -> list[Any]:
    """An exhibit's heading, details and picture (or the view of its file: a video's frames, an
    e-mail's headers). A picture starts a page of its own, except the first, which follows the
    section heading on its page."""
    heading = Paragraph(f"Exhibit {exhibit.mark}", SUBHEADING)
    kept = "The original file is in the bundle." if in_bundle else LEFT_OUT
    placed = pictures.picture(exhibit, IMAGE_HEIGHT)
    if placed is not None:
        image, parts = placed
        flow: list[Any] = [
            *([] if first else [PageBreakIfNotEmpty()]),
            heading,
            details(exhibit, item, picture_shown(image, [p for p, _ in parts], kept), zone),
            Spacer(1, 3 * mm),
        ]
        if len(parts) == 1:
            return [*flow, parts[0][1]]
        for part, flowable in parts:
            flow.append(KeepTogether([Paragraph(part.label, SMALL), flowable, Spacer(1, 3 * mm)]))
        return flow
    view = pictures.view(exhibit)
    if view is not None:
        shown = shown_text(view, kept)
        # Frames and pages take room: they start a page. A recording or an e-mail need not.
        roomy = view.kind in ("video", "pdf") and (view.poster or view.stills)
        return [
            *([] if first else [PageBreakIfNotEmpty() if roomy else CondPageBreak(90 * mm)]),
            heading,
            details(exhibit, item, shown, zone),
            *view_flowables(view, exhibit.attachment, item.incident.content, pictures),
        ]
    # A HEIC photo that could not be shown says why (it stopped its reader, say).
    note = pictures.note(exhibit)
    if not note and exhibit.attachment.media_type == "image/heic":
        note = exhibit.attachment.preview_problem
    if note:
        shown = f"{note} {kept}"
    elif in_bundle:
        shown = "Not a picture; kept unchanged in the bundle's exhibits folder."
    else:
        shown = f"Not shown here. {LEFT_OUT}"
    block = details(exhibit, item, shown, zone)
    return [CondPageBreak(60 * mm), heading, block, Spacer(1, 5 * mm)]


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
