"""What an exhibit page shows of a file that is not a picture (file_views/): its facts (a
recording's duration, an e-mail's headers, a PDF's page count), a video's first frame and a
strip of frames with their times, a PDF's first pages, an e-mail's text, and for a recording
the words the person typed as they heard them, labelled as theirs."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from diary.domain.incident import Attachment, IncidentContent

from ..file_views import FileView
from ..image_flowable import Pictures
from ..row import Row, Rows
from ..styles import FRAME_WIDTH, LABEL, PAGE_HEIGHT, SMALL, SUBHEADING
from ..text import para, paragraphs

POSTER_HEIGHT = PAGE_HEIGHT * 0.22
FRAME_HEIGHT = PAGE_HEIGHT * 0.12
STRIP_COLUMNS = 3
PAGE_STILL_HEIGHT = PAGE_HEIGHT * 0.55
TRANSCRIPT_HEADING = "Transcript (typed by the person)"


def shown_text(view: FileView, in_bundle: str) -> str:
    """The 'Shown here' line for a file with a view."""
    if view.problem and not (view.facts or view.poster or view.stills or view.text):
        return f"Nothing read from the file: the note below says why. {in_bundle}"
    what = {
        "video": "Its duration, its first frame and frames taken evenly through it, below",
        "audio": "Its duration below (a recording cannot be played on paper)",
        "email": "Its headers and text below, read from the file",
        "pdf": "Its first pages below, drawn from the file",
    }[view.kind]
    return f"{what}. {in_bundle}"


def _facts(view: FileView) -> Rows:
    widths = (44 * mm, FRAME_WIDTH - 44 * mm)
    return Rows(
        [
            Row([para(label, LABEL), para(value, SMALL)], widths, boxed=False)
            for label, value in view.facts
        ]
    )


def _strip(view: FileView, key: str, pictures: Pictures) -> Table | None:
    cell_width = FRAME_WIDTH / STRIP_COLUMNS
    cells: list[Any] = []
    for index, still in enumerate(view.stills):
        image = pictures.still(f"{key}-{index}", still, FRAME_HEIGHT)
        if image is not None:
            cells.append([image, Paragraph(still.caption, SMALL)])
    if not cells:
        return None
    rows = [cells[i : i + STRIP_COLUMNS] for i in range(0, len(cells), STRIP_COLUMNS)]
    rows[-1] += [""] * (STRIP_COLUMNS - len(rows[-1]))
    table = Table(rows, colWidths=[cell_width] * STRIP_COLUMNS)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def view_flowables(
    view: FileView, attachment: Attachment, content: IncidentContent, pictures: Pictures
) -> list[Any]:
    """Everything below an exhibit's details for a file with a view."""
    key = f"exhibit{attachment.id}"
    flow: list[Any] = [Spacer(1, 2 * mm)]
    if view.facts:
        flow.append(_facts(view))
    if view.problem:
        flow.append(para(view.problem, SMALL))
    if view.poster is not None:
        poster = pictures.still(f"{key}-poster", view.poster, POSTER_HEIGHT)
        if poster is not None:
            flow += [
                Spacer(1, 2 * mm),
                KeepTogether([poster, Paragraph(view.poster.caption, SMALL)]),
            ]
    if view.kind == "video" and view.stills:
        strip = _strip(view, key, pictures)
        if strip is not None:
            flow += [
                Spacer(1, 2 * mm),
                KeepTogether([Paragraph(view.stills_heading, LABEL), strip]),
            ]
    if view.kind == "pdf" and view.stills:
        flow += [Spacer(1, 2 * mm), Paragraph(view.stills_heading, LABEL)]
        for index, still in enumerate(view.stills):
            page = pictures.still(f"{key}-page{index}", still, PAGE_STILL_HEIGHT)
            if page is not None:
                flow.append(
                    KeepTogether([Paragraph(still.caption, SMALL), page, Spacer(1, 3 * mm)])
                )
    if view.text:
        flow += [Spacer(1, 2 * mm), Paragraph(view.text_heading, LABEL)]
        flow += paragraphs(view.text, SMALL)
    if view.kind in ("audio", "video"):
        words = content.transcript_of(attachment.sha256)
        flow += [Spacer(1, 2 * mm), Paragraph(TRANSCRIPT_HEADING, SUBHEADING)]
        flow += (
            paragraphs(words, SMALL)
            if words.strip()
            else [para("None has been typed for this recording.", SMALL)]
        )
    return flow
