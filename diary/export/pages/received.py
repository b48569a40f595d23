"""Entries received from others: what came into the diary in a share and was not adopted.

They are the sender's account, in the sender's words, so they are never part of the person's
first-person statement, chronology or counts. Each is headed with the name its sender typed,
says when this diary received it (its own clock), and gives the times the sender's file claims
as claims. The labels are in the third person: nothing here speaks as the person.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer

from diary.domain.behaviours import CHANNELS
from diary.domain.voices import knowledge_text
from diary.domain.wording import SENDER_NAME_NOTE, received_marker

from ..describe import behaviour_names
from ..pack import EvidencePack, PackIncident
from ..pack_times import claimed, recorded, when
from ..story import Joined, Part, each
from ..styles import BODY, HEADING, NOTE, SMALL, SUBHEADING
from ..text import lead_list, para, paragraphs
from .third_person import third_person_details

SECTION_TITLE = "Entries received from others"


def _intro(pack: EvidencePack) -> list[Any]:
    count = len(pack.received)
    came = (
        "This entry came into the diary in a share file from someone else. It is the sender's "
        "account, in the sender's words"
        if count == 1
        else f"These {count} entries came into the diary in share files from other people. "
        "Each is the sender's account, in the sender's words"
    )
    return [
        Paragraph(SECTION_TITLE, HEADING),
        para(
            f"{came}: not part of the statement of {pack.statement_name}, not counted in the "
            f"pattern and not listed in the chronology. {SENDER_NAME_NOTE} \u2018Received\u2019 "
            "is when this diary stored the entry, by its own clock; the times the sender's file "
            "gives are the sender's claims and could not be checked.",
            NOTE,
        ),
    ]


def _facts(item: PackIncident, zone: str) -> list[tuple[str, str]]:
    c = item.incident.content
    facts = [
        ("When it happened (as the sender gives it):", when(c)),
        ("Where:", c.location),
        ("Behaviours:", behaviour_names(c)),
        ("How it is known (as the sender gives it):", knowledge_text(c)),
    ]
    if c.channel:
        facts.append(("How:", CHANNELS.get(c.channel, c.channel)))
    received = item.received
    if received is not None:
        facts.append(("Received by this diary:", recorded(received.received_at, zone)))
        written = claimed(received.claimed_recorded_at, zone)
        who = f" by \u201c{received.claimed_author}\u201d" if received.claimed_author else ""
        facts.append(("The sender's file says it was written:", f"{written}{who} (not checked)"))
    return [(label, value) for label, value in facts if value.strip()]


def received_entry(item: PackIncident, zone: str) -> list[Any]:
    sender = item.incident.received_from or (item.received.sender if item.received else "")
    story: list[Any] = [
        CondPageBreak(40 * mm),  # a heading is never left alone at the foot of a page
        para(f"{item.reference}. {received_marker(sender)}", SUBHEADING),
        *lead_list(_facts(item, zone), SMALL),
        Spacer(1, 4),
        Paragraph("<b>What happened, in the sender's words:</b>", BODY),
        *paragraphs(item.incident.content.text, BODY),
    ]
    details = third_person_details(item)
    if details:
        story += lead_list(details, BODY)
    return story


def received_section(pack: EvidencePack) -> Sequence[Part]:
    """The section's parts; none when nothing received is in the pack."""
    if not pack.received:
        return []
    return Joined(
        [lambda: _intro(pack)], each(pack.received, partial(received_entry, zone=pack.zone))
    )
