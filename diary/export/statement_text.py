"""The draft statement as words: the same sentences for the PDF, the .txt and the .docx copy.

A witness statement is an account, not a form. Each part begins with the app's lead-in (when,
where) and the person's own account as they wrote it; the other things they recorded follow as
sentences in their own words, joined by a few plain words of the app's where a sentence needs
them ("I felt tired and on edge."). There are no field labels. Fear of violence is said once for
each occasion the person said they feared it, in their words when they gave any. Exhibits are
produced the way officers write it ("..., which I produce as exhibit AD/1"), with how, when and
on what the file was made, from what was recorded with it.

Only the person's own first-hand entries are here (see domain/voices.py); this module is given
them and never decides that. Nothing here imports reportlab.
"""

from __future__ import annotations

from dataclasses import dataclass

from diary.domain.incident import Attachment, IncidentContent

from .describe import exhibit_kind
from .pack import EvidencePack, Exhibit, PackIncident
from .pack_claims import edited_note, written_cell
from .pack_times import exif_time, recorded, shown_time, when_in_words
from .statement_prose import (
    effects_sentences,
    exact_words,
    framed,
    impact_sentence,
    reported_sentence,
    sentence,
    witnesses_sentence,
)

DECLARATION = (
    "This statement (consisting of {pages} page(s) each signed by me) is true to the best of my "
    "knowledge and belief and I make it knowing that, if it is tendered in evidence, I shall be "
    "liable to prosecution if I have wilfully stated in it anything which I know to be false, "
    "or do not believe to be true."
)
DRAFT_NOTE = (
    "DRAFT, NOT SIGNED. Prepared from {name}'s diary to assist police; not a statement taken "
    "by an officer. Only {name}'s own first-hand account is in it: what an advocate wrote, what "
    "{name} was told by others, and entries received from others are in their own sections of "
    "the evidence pack."
)
NONE_OF_THEIR_OWN = (
    "No entry chosen for this pack is {name}'s own first-hand account, so this draft has no "
    "numbered paragraphs. The entries are in the pack's other sections."
)


@dataclass(frozen=True)
class StatementParagraph:
    number: int
    account: str  # the app's lead-in, then the person's account as written (may be long)
    details: str  # everything else they recorded, as sentences ('' when nothing)
    # The app's note after the part, never in the person's voice: 'Diary entry 40, written
    # 21:40 BST, 15 minutes after. Edited once; see Appendix: changes.'
    note: str


@dataclass(frozen=True)
class StatementHeader:
    urn: str  # left blank: the officer fills it in
    name: str
    age: str  # the age given, or "Over 18" when the person said so, else ''
    occupation: str


def header(pack: EvidencePack) -> StatementHeader:
    return StatementHeader("", pack.statement_name, pack.case.age_line, pack.occupation)


def about(pack: EvidencePack) -> str:
    """Before the incidents: who it is about, how the person knows them, any order in force."""
    case = pack.case
    sentences = []
    if case.suspect_names.strip():
        sentences.append(sentence("This statement is about " + _flat(case.suspect_names)))
    if case.relationship.strip():
        sentences.append(framed("They are my {}", case.relationship))
    if case.orders_text.strip():
        sentences.append(sentence("These orders are in force: " + _flat(case.orders_text)))
    return " ".join(sentences)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _made_how(a: Attachment, zone: str) -> str:
    """How, when and on what a file was made, and when it came into the diary."""
    media = a.media_type
    verb = "taken" if media.startswith("image/") else "recorded"
    if not media.startswith(("image/", "audio/", "video/")):
        verb = ""
    source = a.source
    parts = []
    if verb and (source.device.strip() or source.captured_at.strip()):
        made = f"It was {verb}"
        if source.device.strip():
            made += f" on {_flat(source.device)}"
        if source.captured_at.strip():
            made += f" on {shown_time(source.captured_at, zone)}"
        parts.append(made + f" and saved into my diary on {recorded(a.imported_at, zone)}.")
    else:
        parts.append(f"It was saved into my diary on {recorded(a.imported_at, zone)}.")
    if verb and a.exif_captured_at.strip() and not source.captured_at.strip():
        parts.append(
            f"The file itself records that it was {verb} on {exif_time(a.exif_captured_at)[0]}."
        )
    return " ".join(parts)


def produce(exhibit: Exhibit, zone: str) -> str:
    """e.g. 'I have a screenshot from Messaging app, showing the name Chris Sample, with the
    time shown on it as 21:25 16/01/2024, which I produce as exhibit AD/1. It was ...'"""
    a = exhibit.attachment
    source = a.source
    what = exhibit_kind(a)
    if source.platform.strip():
        what += f" from {_flat(source.platform)}"
    if source.profile.strip():
        what += f", showing the name {_flat(source.profile)}"
    if source.url.strip():
        what += f" ({_flat(source.url)})"
    if source.shown_time.strip():
        what += f", with the time shown on it as {shown_time(source.shown_time, zone)}"
    return f"I have {what}, which I produce as exhibit {exhibit.mark}. {_made_how(a, zone)}"


def detail_sentences(c: IncidentContent, include_impact: bool) -> list[str]:
    """What the person recorded beyond their account, as sentences, in the order a statement
    tells it: what was said, who, what could be seen, who else, fear, effects, what was done."""
    said = [
        exact_words(c.words),
        framed("It was {}", c.suspect),
        framed("The vehicle was {}", c.vehicle, lower_first=True),
        framed("I could see them \u2014 {}", c.visibility),
        witnesses_sentence([*c.witnesses, *(w.name for w in c.witness_details if w.first_hand)]),
        framed("It also involved {}", c.others_involved),
    ]
    if c.fear.strip():
        said.append(framed("I feared {}", c.fear, lower_first=True, mine=True))
    elif c.feared_violence:
        said.append("I was afraid they would use violence against me.")
    if include_impact:
        said.append(framed("I felt {}", c.feelings, lower_first=True, mine=True))
        if c.impact.strip():
            said.append(impact_sentence(c.impact))
        else:
            said += effects_sentences(c.effects)
    said += [
        framed("I {}", c.actions, lower_first=True, mine=True, verb_first=True),
        reported_sentence(c),
        framed("I know of cameras nearby \u2014 {}", c.cctv, skip_none=True),
    ]
    return [s for s in said if s]


def entry_note(item: PackIncident, zone: str) -> str:
    """The app's note under each part: which diary entry it is, when that was first written (or
    copied, and from what), and whether it was edited."""
    written = written_cell(item, zone)  # 'Written 21:40 BST, 15 minutes after'
    lead = f"Diary entry {item.number}, {written[0].lower()}{written[1:]}."
    return " ".join(filter(None, [lead, edited_note(item)]))


def paragraph(item: PackIncident, include_impact: bool, zone: str) -> StatementParagraph:
    c = item.incident.content
    # "On Sunday 26 May 2024 at 23:25 BST — Outside the library: ..." (a dash, not brackets:
    # the place is the person's own words and may hold brackets of its own).
    account = f"{when_in_words(c)} \u2014 {c.location}: {c.text}"
    sentences = detail_sentences(c, include_impact)
    sentences += [produce(e, zone) for e in item.exhibits]
    return StatementParagraph(item.number, account, " ".join(sentences), entry_note(item, zone))


def as_text(pack: EvidencePack, items: list[PackIncident]) -> str:
    """The whole draft statement as plain text, for pasting into a force's own template. The
    page count is left to fill in: it depends on the template it goes into."""
    head = header(pack)
    lines = [
        "WITNESS STATEMENT",
        "Criminal Procedure Rules, r 16.2; Criminal Justice Act 1967, s. 9; "
        "Magistrates' Courts Act 1980, s. 5B",
        "",
        DRAFT_NOTE.format(name=pack.statement_name),
        "",
        f"URN: {head.urn or '________________'}",
        f"Statement of: {head.name}",
        f"Age if under 18: {head.age or '________'}",
        f"Occupation: {head.occupation or '________________'}",
        "",
        DECLARATION.format(pages="____"),
        "",
        "Signature: ______________________    Date: ______________",
        "",
    ]
    opening = about(pack)
    if opening:
        lines += [opening, ""]
    if not items:
        lines += [NONE_OF_THEIR_OWN.format(name=pack.statement_name), ""]
    for item in items:
        part = paragraph(item, pack.options.include_impact, pack.zone)
        lines += [f"{part.number}. {part.account.strip()}", ""]
        if part.details:
            lines += [part.details, ""]
        lines += [f"[{part.note}]", ""]
    lines.append("Signature: ______________________    Signature witnessed by: ______________")
    return "\n".join(lines) + "\n"
