"""A draft Victim Personal Statement, from the impact the person recorded, in their words.

A VPS tells the court how the crime has affected the person: emotionally, physically, in their
safety and routine, work, money and family. It is disclosed to the defence, and it gives no
view on sentence. This draft gathers what the person wrote and ticked, dated, under those
headings, for them and the officer to turn into the real one. Only the person's own words are
used: nothing an advocate wrote, nothing received from others.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph

from diary.domain.behaviours import EFFECTS
from diary.domain.wording import day_text

from ..pack import EvidencePack, PackIncident
from ..statement_prose import framed, impact_sentence
from ..styles import BODY, HEADING, NOTE, SUBHEADING
from ..text import para
from .impact import VPS_HEADINGS, own_words_items

TITLE = "Draft Victim Personal Statement"
MAX_DAYS_LISTED = 6


def _days(items: list[PackIncident]) -> str:
    days = [day_text(i.incident.content.occurred) for i in items]
    if len(days) <= MAX_DAYS_LISTED:
        return days[0] if len(days) == 1 else ", ".join(days[:-1]) + " and " + days[-1]
    return f"{len(days)} times, from {days[0]} to {days[-1]}"


def _effect_sentence(effect: str, items: list[PackIncident]) -> str:
    label = EFFECTS[effect]
    after = _days(items)
    lead = "after what happened on" if len(items) <= MAX_DAYS_LISTED else "after what happened"
    if effect in ("health", "cost", "relationships"):
        return f"It {label.lower()} ({lead} {after})."
    return f"I {label.lower()} ({lead} {after})."


def _heading_paragraphs(heading_effects: tuple[str, ...], items: list[PackIncident]) -> list[str]:
    if not heading_effects:  # "Emotional": how each incident made them feel
        return [
            f"On {day_text(i.incident.content.occurred)}: "
            + framed("I felt {}", i.incident.content.feelings, lower_first=True, mine=True)
            for i in items
            if i.incident.content.feelings.strip()
        ]
    said = []
    for effect in heading_effects:
        ticked = [i for i in items if effect in i.incident.content.effects]
        if ticked:
            said.append(_effect_sentence(effect, ticked))
    return said


def vps(pack: EvidencePack) -> list[Any]:
    """The draft VPS's flowables; none when the person recorded no impact."""
    items = own_words_items(pack)
    person = pack.statement_name
    story: list[Any] = [
        Paragraph(TITLE, HEADING),
        para(
            f"A DRAFT, made from what {person} recorded in their diary about how each incident "
            f"affected them, to help {person} and the officer write a Victim Personal "
            "Statement. It is not a signed statement. A Victim Personal Statement is given to "
            "the court and disclosed to the defence. It says how the crime has affected the "
            "person; it gives no view on what sentence should be passed, and nothing here does.",
            NOTE,
        ),
    ]
    before = len(story)
    for heading, effects in VPS_HEADINGS:
        said = _heading_paragraphs(effects, items)
        if said:
            story += [Paragraph(heading, SUBHEADING), *(para(s, BODY) for s in said)]
    written = [i for i in items if i.incident.content.impact.strip()]
    if written:
        story.append(Paragraph("Day-to-day life", SUBHEADING))
        story += [
            para(
                f"On {day_text(i.incident.content.occurred)}: "
                + impact_sentence(i.incident.content.impact),
                BODY,
            )
            for i in written
        ]
    return story if len(story) > before else []
