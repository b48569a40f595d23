"""The draft statement in MG11 layout: the header block as the form has it (URN, name, age only
when given, occupation), the declaration carrying the real page count, and numbered paragraphs
in time order: the person's own first-hand account, in their words, producing each exhibit by
its mark. The words are statement_text.py's, the same as in the .txt and .docx copies; page
furniture (signature lines, Page X of Y) is drawn by layout.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from diary.domain.voices import Voice, voice_of

from ..describe import summary
from ..pack import EvidencePack, PackIncident
from ..plain_text import PlainText
from ..statement_text import DECLARATION, NONE_OF_THEIR_OWN, about, header, paragraph
from ..story import Joined, Part, each
from ..styles import BODY, FRAME_WIDTH, LABEL, NOTE, RULE, STATEMENT, STATEMENT_NOTE
from ..text import para, paragraphs
from ..text_words import SLOT_MARK, words_of

PAGES_FORM = "statement-pages"


def declaration() -> PlainText:
    """The MG11 declaration; its page count is a form filled in once the statement is laid out."""
    slot = SLOT_MARK + PAGES_FORM
    text = DECLARATION.format(pages=slot)
    width = stringWidth("000", BODY.fontName, BODY.fontSize)
    return PlainText(words_of([(BODY.fontName, text)]), BODY, slot_width=width)


def statement_items(pack: EvidencePack) -> list[PackIncident]:
    """The entries the statement is made of: the person's own first-hand accounts only."""
    return [item for item in pack.incidents if voice_of(item.incident) is Voice.OWN]


def _header(pack: EvidencePack) -> list[Any]:
    head = header(pack)
    rows = [
        [Paragraph("URN:", LABEL), para(head.urn, BODY)],
        [Paragraph("Statement of:", LABEL), para(summary(head.name, 300), BODY)],
        [Paragraph("Age if under 18:", LABEL), para(summary(head.age, 100), BODY)],
        [Paragraph("Occupation:", LABEL), para(summary(head.occupation, 300), BODY)],
    ]
    table = Table(rows, colWidths=[38 * mm, FRAME_WIDTH - 38 * mm])
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (1, 0), (1, -1), 0.3, RULE),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return [
        table,
        Spacer(1, 3 * mm),
        declaration(),
        Paragraph(
            "Signature: ..................................&nbsp;&nbsp;&nbsp;&nbsp;"
            "Date: ......................",
            BODY,
        ),
        Spacer(1, 4 * mm),
    ]


def _about(pack: EvidencePack) -> list[Any]:
    """Before the incidents: who the statement is about, how the person knows them, and any
    order in force, as given once in the diary's case details (nothing when none are)."""
    opening = about(pack)
    result = paragraphs(opening, STATEMENT) if opening else []
    if not statement_items(pack):
        result.append(para(NONE_OF_THEIR_OWN.format(name=pack.statement_name), NOTE))
    return result


def incident_paragraphs(item: PackIncident, include_impact: bool, zone: str) -> list[Any]:
    """One numbered part of the statement (numbered as the entry is in the diary): the app's
    lead-in and the person's own account, then what else they recorded, as sentences, the
    exhibits they produce, and the app's note of when the entry was written."""
    part = paragraph(item, include_impact, zone)
    result = paragraphs(part.account, STATEMENT, f"{part.number}.")
    if part.details:
        result += paragraphs(part.details, STATEMENT)
    result.append(para(part.note, STATEMENT_NOTE))
    return result


def statement(pack: EvidencePack) -> Sequence[Part]:
    """The statement part. Its page count is drawn from forms defined after it (layout.py)."""
    include_impact = pack.options.include_impact
    return Joined(
        [lambda: _header(pack) + _about(pack)],
        each(
            statement_items(pack),
            lambda item: incident_paragraphs(item, include_impact, pack.zone),
        ),
    )
