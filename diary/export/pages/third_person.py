"""Entries that are not the person's first-hand account, told in the third person.

What an advocate wrote, what the person was told by someone else, and what arrived in a share
are all someone's words, but never the person's statement. Their sections show the details
under labels that speak of no one in the first person ("What was feared", "What was done"), so
nothing in them reads as the person's own "I". The entry's heading says whose words they are.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer

from diary.domain.behaviours import CHANNELS, EFFECTS, REPORTED
from diary.domain.marks import natural_key
from diary.domain.voices import knowledge_text

from ..describe import behaviour_names
from ..pack import PackIncident
from ..pack_times import recorded, when
from ..styles import BODY, SMALL, SUBHEADING
from ..text import lead_list, para, paragraphs


def third_person_details(item: PackIncident) -> list[tuple[str, str]]:
    c = item.incident.content
    details = [
        ("Exact words used:", f"\u201c{c.words}\u201d" if c.words.strip() else ""),
        ("Who, and how they looked:", c.suspect),
        ("Vehicle:", c.vehicle),
        ("How well they were seen:", c.visibility),
        ("Witnesses:", "; ".join([*c.witnesses, *(w.line for w in c.witness_details)])),
        ("Others involved:", c.others_involved),
        (
            "Fear of violence:",
            "" if c.feared_violence is None else ("yes" if c.feared_violence else "no"),
        ),
        ("What was feared:", c.fear),
        ("How it felt:", c.feelings),
        ("Effect on day-to-day life:", c.impact),
        ("Effects:", "; ".join(EFFECTS.get(e, e) for e in c.effects)),
        ("What was done:", c.actions),
        ("Reported:", REPORTED.get(c.reported, c.reported) if c.reported else ""),
        ("Police reference:", c.police_ref),
        ("Officer:", c.officer),
        ("CCTV, doorbell or dashcam:", c.cctv),
        ("Exhibits with it:", ", ".join(sorted((e.mark for e in item.exhibits), key=natural_key))),
    ]
    return [(label, value) for label, value in details if value.strip()]


def facts(item: PackIncident, zone: str) -> list[tuple[str, str]]:
    """When, where, what kind, and when the entry was written and by this diary's clock, every
    time with its zone (pack_times)."""
    incident = item.incident
    c = incident.content
    found = [("When it happened:", when(c))]
    found += [("Where:", c.location), ("Behaviours:", behaviour_names(c))]
    if c.channel:
        found.append(("How:", CHANNELS.get(c.channel, c.channel)))
    written = recorded(incident.recorded_at, zone)
    if incident.revisions > 1:
        written += f"; last changed {recorded(incident.updated_at, zone)}"
    found += [("Written in the diary:", written), ("How it is known:", knowledge_text(c))]
    return [(label, value) for label, value in found if value.strip()]


def entry_block(item: PackIncident, heading: str, words_of: str, zone: str) -> list[Any]:
    """An entry under a heading naming whose it is, its facts, then the account as written
    ('What happened, in {words_of} words:') and the other details in the third person."""
    story: list[Any] = [
        CondPageBreak(40 * mm),  # a heading is never left alone at the foot of a page
        para(heading, SUBHEADING),
        *lead_list(facts(item, zone), SMALL),
        Spacer(1, 4),
        para("", BODY, f"What happened, in {words_of} words:"),
        *paragraphs(item.incident.content.text, BODY),
    ]
    details = third_person_details(item)
    if details:
        story += lead_list(details, BODY)
    return story
