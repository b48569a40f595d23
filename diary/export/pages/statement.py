"""The draft statement in MG11 layout: the header block, the declaration carrying the real page
count, and numbered paragraphs in time order in the person's own words, producing each exhibit
by its mark. Page furniture (signature lines, Page X of Y) is drawn by layout.py."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from ..describe import exhibit_kind, summary
from ..pack import EvidencePack, PackIncident
from ..pack_claims import edited_note, written_cell
from ..pack_times import when_in_words
from ..plain_text import SLOT_MARK, PlainText, words_of
from ..story import Part, each
from ..styles import BODY, FRAME_WIDTH, LABEL, RULE, STATEMENT, STATEMENT_NOTE
from ..styles import STATEMENT_DETAILS as DETAILS
from ..text import para, paragraphs

PAGES_FORM = "statement-pages"
DECLARATION = (
    "This statement (consisting of {pages} page(s) each signed by me) is true to the best of my "
    "knowledge and belief and I make it knowing that, if it is tendered in evidence, I shall be "
    "liable to prosecution if I have wilfully stated in it anything which I know to be false, "
    "or do not believe to be true."
)


def declaration() -> PlainText:
    """The MG11 declaration; its page count is a form filled in once the statement is laid out."""
    slot = SLOT_MARK + PAGES_FORM
    text = DECLARATION.format(pages=slot)
    width = stringWidth("000", BODY.fontName, BODY.fontSize)
    return PlainText(words_of([(BODY.fontName, text)]), BODY, slot_width=width)


def _header(pack: EvidencePack) -> list[Any]:
    age = pack.case.age.strip() or "Over 18"
    rows = [
        [Paragraph("Statement of:", LABEL), para(summary(pack.statement_name, 300), BODY)],
        [Paragraph("Age if under 18:", LABEL), para(summary(age, 100), BODY)],
        [Paragraph("Occupation:", LABEL), para(summary(pack.occupation, 300), BODY)],
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
    case = pack.case
    lines = [
        label + " ".join(value.split())
        for value, label in (
            (case.suspect_names, "This statement is about: "),
            (case.relationship, "How I know them: "),
            (case.orders, "Orders in force: "),
        )
        if value.strip()
    ]
    return paragraphs("\n".join(lines), DETAILS) if lines else []


def _produce(item: PackIncident) -> str:
    sentences = [f"I produce {exhibit_kind(e.attachment)} marked {e.mark}." for e in item.exhibits]
    return " ".join(sentences)


def entry_note(item: PackIncident, zone: str) -> str:
    """The app's note under each part, never in the person's voice: which diary entry it is,
    when that was first written (or copied, and from what), and whether it was edited."""
    written = written_cell(item, zone)  # 'Written 21:40 BST, 15 minutes after'
    lead = f"Diary entry {item.number}, {written[0].lower()}{written[1:]}."
    return " ".join(filter(None, [lead, edited_note(item)]))


def incident_paragraphs(item: PackIncident, zone: str) -> list[Any]:
    """One numbered part of the statement (numbered as the entry is in the diary): the app's
    lead-in, then the person's own words, then the details they gave, one to a line, the
    exhibits produced, and the app's note of when the entry was written."""
    c = item.incident.content
    # "On Sunday 26 May 2024 at 23:25 BST — Outside the library: ..." (a dash, not brackets:
    # the place is the person's own words and may hold brackets of its own).
    result = paragraphs(
        f"{when_in_words(c)} \u2014 {c.location}: {c.text}", STATEMENT, f"{item.number}."
    )
    violence = "I feared that violence would be used against me." if c.feared_violence else ""
    extras = [
        (f"\u201c{c.words}\u201d" if c.words.strip() else "", "The words used were: "),
        (c.suspect, "The person: "),
        (c.vehicle, "Vehicle: "),
        (c.visibility, "How well I could see: "),
        ("; ".join(c.witnesses), "Witnesses: "),
        (c.others_involved, "Others involved: "),
        (violence, ""),  # s.4 of the 1997 Act turns on this; always said when it is so
        (c.fear, "What I feared: "),
        (c.feelings, "How I felt: "),
        (c.impact, "How it affected my day-to-day life: "),
        (c.actions, "What I did: "),
        (c.cctv, "CCTV, doorbell or dashcam: "),
    ]
    lines = [label + text for text, label in extras if text.strip()]
    if c.police_ref.strip() or c.officer.strip():
        reported = "I reported this to the police"
        reported += " (reference " + c.police_ref + ")" if c.police_ref.strip() else ""
        reported += ", officer " + c.officer if c.officer.strip() else ""
        lines.append(reported + ".")
    if item.exhibits:
        lines.append(_produce(item))
    if lines:
        result += paragraphs("\n".join(lines), DETAILS)
    result.append(para(entry_note(item, zone), STATEMENT_NOTE))
    return result


def statement(pack: EvidencePack) -> list[Part]:
    """The statement part. Its page count is drawn from forms defined after it (layout.py)."""
    return [
        lambda: _header(pack) + _about(pack),
        *each(pack.incidents, lambda item: incident_paragraphs(item, pack.zone)),
    ]
