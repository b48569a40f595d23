"""The cover: what this document is (and is not), whose it is, what it covers, how to check it."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepInFrame, Paragraph, Spacer, Table, TableStyle

from diary.domain.wording import day_text

from ..describe import summary
from ..pack import EvidencePack
from ..pack_claims import selection_sentence, written_summary
from ..pack_times import recorded
from ..styles import FRAME_WIDTH, LABEL, MONO_SMALL, NOTE, RULE, SMALL, TITLE
from ..text import para

NOT_S9 = (
    "This is <b>not</b> a witness statement under section 9 of the Criminal Justice Act 1967 "
    "unless and until the person named signs and adopts it, usually when an officer takes the "
    "statement. It is a chronology and draft statement, prepared from the diary entries "
    "described below, to help police see the whole course of conduct rather than single "
    "incidents."
)

CONTENTS = (
    "1. The pattern, with what to act on now and any orders' possible breaches &nbsp; "
    "2. Chronology &nbsp; 3. Schedules: witnesses, the suspect's identifiers, S-DASH material "
    "&nbsp; 4. Draft statement (MG11 layout) &nbsp; 5. Impact (if included) &nbsp; 6. Entries "
    "received from others (if any) &nbsp; 7. Exhibits &nbsp; 8. Exhibit schedule and audit trail "
    "&nbsp; 9. Appendix: changes (if any entry was changed after it was first written)"
)

BUNDLE_NOTE = (
    "The bundle beside this PDF holds the original files, every version of every entry "
    "(entries.json) and a signed list of hashes. Its VERIFY.txt says how to check that nothing "
    "has been changed since it was produced; diary verify works the revision chain head out "
    "again from the revisions. Every time is given with its zone."
)


def _versions(pack: EvidencePack) -> str:
    """How many recorded revisions the pack's entries have, and how many entries were edited."""
    count, edited = pack.versions, len(pack.edited)
    text = (
        f"{count:,} recorded revision{'s' if count != 1 else ''} of these entries (each writing, "
        "edit and file added), all in the bundle. "
    )
    if not edited:
        return text + "No entry was edited after it was first written."
    which = "entry was" if edited == 1 else "entries were"
    return text + f"{edited:,} {which} edited: see Appendix: changes."


def _chain_label(pack: EvidencePack) -> str:
    count = len(pack.chain)
    return f"Revision chain head (after {count:,} revision{'s' if count != 1 else ''} in the diary)"


def cover(pack: EvidencePack) -> list[Any]:
    incidents = pack.incidents
    first, last = incidents[0].incident.content.occurred, incidents[-1].incident.content.occurred
    case = pack.case
    deleted = len(pack.deleted)
    rows: list[tuple[str, str, bool]] = [
        ("Period covered", f"{day_text(first)} to {day_text(last)}", False),
        ("Entries in this pack", selection_sentence(pack.selection), False),
        (
            "Entries received from others",
            f"{len(pack.received)} (the senders' accounts, listed on their own; not part of the "
            "statement and not counted above)"
            if pack.received
            else "",
            False,
        ),
        ("When they were written", written_summary(pack), False),
        ("Revisions", _versions(pack), False),
        (
            "Deleted entries",
            f"{deleted:,} deleted from the diary, listed in the audit trail" if deleted else "",
            False,
        ),
        ("Exhibits", str(len(pack.exhibits)) if pack.exhibits else "none", False),
        ("Produced", recorded(pack.produced_at, pack.zone), False),
        ("Suspect", case.suspect_names, True),
        ("Suspect's details", case.suspect_details, True),
        ("Relationship to the suspect", case.relationship, True),
        ("Police force", case.police_force, True),
        ("Officer", case.officer, True),
        ("Crime or incident references", case.crime_refs, True),
        ("Orders in force", case.orders_text, True),
        (
            "Bundle fingerprint (SHA-256 of entries.json and exhibits)",
            pack.content_fingerprint,
            False,
        ),
        ("Signing key fingerprint", pack.signing_key_fingerprint, False),
        (_chain_label(pack), pack.chain_head, False),
    ]
    hexes = {pack.content_fingerprint, pack.chain_head}
    table_rows = [
        [
            Paragraph(label, LABEL),
            para(summary(value, 600), SMALL)
            if user
            else para(value, MONO_SMALL if value in hexes else SMALL),
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
    # One page, whatever the case details hold: shrunk to fit rather than run on to a second.
    return [
        KeepInFrame(
            0,
            0,
            [
                Spacer(1, 10 * mm),
                Paragraph("Chronology and draft statement", TITLE),
                para(f"prepared by {summary(pack.statement_name, 200)} to assist police", TITLE),
                Spacer(1, 4 * mm),
                Paragraph(NOT_S9, NOTE),
                Spacer(1, 4 * mm),
                details,
                Spacer(1, 5 * mm),
                Paragraph("Contents", LABEL),
                Paragraph(CONTENTS, SMALL),
                Spacer(1, 4 * mm),
                Paragraph(BUNDLE_NOTE, SMALL),
            ],
            mode="shrink",
        )
    ]
