"""The cover: what this document is (and is not), whose it is, what it covers, how to check it."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from diary.domain.wording import day_text

from ..describe import stamp, summary
from ..pack import EvidencePack
from ..styles import FRAME_WIDTH, LABEL, MONO_SMALL, NOTE, RULE, SMALL, TITLE
from ..text import para

NOT_S9 = (
    "This is <b>not</b> a witness statement under section 9 of the Criminal Justice Act 1967 "
    "unless and until the person named signs and adopts it, usually when an officer takes the "
    "statement. It is a chronology and draft statement, prepared from a diary written at the "
    "time, to help police see the whole course of conduct rather than single incidents."
)

CONTENTS = (
    "1. The pattern, on one page &nbsp; 2. Chronology &nbsp; 3. Draft statement (MG11 layout) "
    "&nbsp; 4. Impact (if included) &nbsp; 5. Entries received from others (if any) &nbsp; "
    "6. Exhibits &nbsp; 7. Exhibit schedule and audit trail"
)


def cover(pack: EvidencePack) -> list[Any]:
    incidents = pack.incidents
    first, last = incidents[0].incident.content.occurred, incidents[-1].incident.content.occurred
    case = pack.case
    rows: list[tuple[str, str, bool]] = [
        ("Period covered", f"{day_text(first)} to {day_text(last)}", False),
        ("Incidents", str(len(incidents)), False),
        (
            "Entries received from others",
            f"{len(pack.received)} (the senders' accounts, listed on their own; not part of the "
            "statement)"
            if pack.received
            else "",
            False,
        ),
        ("Exhibits", str(len(pack.exhibits)), False),
        ("Produced", stamp(pack.produced_at), False),
        ("Suspect", case.suspect_names, True),
        ("Suspect's details", case.suspect_details, True),
        ("Relationship to the suspect", case.relationship, True),
        ("Police force", case.police_force, True),
        ("Officer", case.officer, True),
        ("Crime or incident references", case.crime_refs, True),
        ("Orders in force", case.orders, True),
        (
            "Bundle fingerprint (SHA-256 of entries.json and exhibits)",
            pack.content_fingerprint,
            False,
        ),
        ("Signing key fingerprint", pack.signing_key_fingerprint, False),
        ("Revision chain head", pack.chain_head, False),
    ]
    hexes = {pack.content_fingerprint, pack.chain_head}
    table_rows = [
        [
            Paragraph(label, LABEL),
            para(summary(value, 600), SMALL)
            if user
            else Paragraph(value, MONO_SMALL if value in hexes else SMALL),
        ]
        for label, value, user in rows
        if value
    ]
    details = Table(table_rows, colWidths=[58 * mm, FRAME_WIDTH - 58 * mm])
    details.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return [
        Spacer(1, 18 * mm),
        Paragraph("Chronology and draft statement", TITLE),
        para(f"prepared by {summary(pack.statement_name, 200)} to assist police", TITLE),
        Spacer(1, 4 * mm),
        Paragraph(NOT_S9, NOTE),
        Spacer(1, 4 * mm),
        details,
        Spacer(1, 8 * mm),
        Paragraph("Contents", LABEL),
        Paragraph(CONTENTS, SMALL),
        Spacer(1, 4 * mm),
        Paragraph(
            "The bundle beside this PDF holds the original files, the original text of every "
            "entry (entries.json) and a signed list of hashes. Its VERIFY.txt says how to check "
            "that nothing has been changed since it was produced.",
            SMALL,
        ),
    ]
