"""Schedules, after the chronology and before the statement: the witnesses each entry names,
the suspect's identifiers with the entries that show each, and the S-DASH screening questions
with the entries that bear on each (material for the officer's own risk assessment)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from diary.domain.schedules import identifiers, sdash, witnesses

from ..describe import entry_numbers, summary
from ..pack import EvidencePack
from ..pack_entries import pack_entries
from ..story import Part
from ..styles import (
    BODY,
    CELL,
    CELL_BOLD,
    FRAME_WIDTH,
    HEADING,
    SMALL,
    SUBHEADING,
    grid_table,
)
from ..text import para

TITLE = "Schedules: witnesses, the suspect's identifiers, S-DASH material"
SDASH_HEADING = "S-DASH stalking screening questions: material for the officer's own assessment"


def _head(*labels: str) -> list[Any]:
    return [Paragraph(label, CELL_BOLD) for label in labels]


def _numbers(numbers: tuple[int, ...]) -> str:
    return entry_numbers(numbers) if numbers else "none in this pack"


def witness_schedule(pack: EvidencePack) -> list[Any]:
    found = witnesses(pack_entries(pack))
    story: list[Any] = [Paragraph("Witnesses", SUBHEADING)]
    if not found:
        return [*story, Paragraph("No entry in this pack names a witness.", BODY)]
    rows = [_head("Entry", "Witness", "What they saw or heard", "How they know", "Contact")]
    for w in found:
        how = {True: "saw or heard it", False: "was told of it", None: "not recorded"}
        rows.append(
            [
                Paragraph(str(w.number), CELL),
                para(summary(w.name, 200), CELL),
                para(summary(w.saw, 400), CELL) if w.saw else Paragraph("not recorded", CELL),
                Paragraph(how[w.first_hand], CELL),
                para(summary(w.contact, 200), CELL) if w.contact else Paragraph("not given", CELL),
            ]
        )
    widths = [14 * mm, 36 * mm, FRAME_WIDTH - 14 * mm - 36 * mm - 26 * mm - 30 * mm, 26 * mm]
    return [
        *story,
        Paragraph(
            "Each witness as the entry names them. A contact is given only where the person "
            "chose to include it.",
            SMALL,
        ),
        grid_table(rows, [*widths, 30 * mm], repeat_header=True),
    ]


def identifier_schedule(pack: EvidencePack) -> list[Any]:
    found = identifiers(pack.case, pack_entries(pack))
    story: list[Any] = [Spacer(1, 4 * mm), Paragraph("The suspect's identifiers", SUBHEADING)]
    given = [
        (label, text)
        for label, text in (
            ("Names and aliases:", pack.case.suspect_names),
            ("Addresses, numbers, handles, vehicles:", pack.case.suspect_details),
        )
        if text.strip()
    ]
    story += [para(summary(text, 1500), BODY, label) for label, text in given]
    if not found:
        return [
            *story,
            Paragraph(
                "No phone number, registration, handle or web address was "
                "found in the case details or the entries.",
                BODY,
            ),
        ]
    rows = [_head("Kind", "Identifier", "Where given", "Entries that show it")]
    for ident in found:
        rows.append(
            [
                Paragraph(ident.kind, CELL),
                para(summary(ident.value, 200), CELL),
                Paragraph(
                    "case details"
                    if ident.in_case_details
                    else "entries only (not checked as the suspect's)",
                    CELL,
                ),
                Paragraph(_numbers(ident.numbers), CELL),
            ]
        )
    rest = FRAME_WIDTH - 34 * mm - 60 * mm - 40 * mm
    return [
        *story,
        Paragraph(
            "UK phone numbers, registrations, @handles and web addresses as written in the case "
            "details and in the entries (with the web addresses recorded on exhibits).",
            SMALL,
        ),
        grid_table(rows, [34 * mm, 60 * mm, 40 * mm, rest], repeat_header=True),
    ]


def sdash_schedule(pack: EvidencePack) -> list[Any]:
    rows = [_head("", "Question", "Entries that bear on it", "What those entries record")]
    for q in sdash(pack_entries(pack)):
        rows.append(
            [
                Paragraph(str(q.number), CELL),
                Paragraph(q.text, CELL),
                Paragraph(_numbers(q.numbers), CELL),
                Paragraph(q.why or "", CELL),
            ]
        )
    return [
        Spacer(1, 4 * mm),
        Paragraph(SDASH_HEADING, SUBHEADING),
        Paragraph(
            "This is not a risk assessment and answers none of the questions. For each of the "
            "eleven S-DASH questions (2009) it lists the entries whose recorded details bear on "
            "it, for the officer to read when making their own assessment. An entry not listed "
            "may still bear on a question; the person should be asked each one.",
            BODY,
        ),
        grid_table(rows, [8 * mm, 70 * mm, 40 * mm, FRAME_WIDTH - 118 * mm], repeat_header=True),
    ]


def schedules_section(pack: EvidencePack) -> list[Part]:
    return [
        lambda: [Paragraph(TITLE, HEADING), *witness_schedule(pack)],
        lambda: identifier_schedule(pack),
        lambda: sdash_schedule(pack),
    ]
