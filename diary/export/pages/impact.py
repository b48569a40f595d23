"""Impact, grouped under the headings a Victim Personal Statement uses. Included only when the
person chooses; it records effects in their words and holds no view on sentence."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph

from diary.domain.behaviours import EFFECTS

from ..describe import day_text
from ..pack import EvidencePack, PackIncident
from ..styles import BODY, HEADING, SMALL, SUBHEADING
from ..text import paragraphs

VPS_HEADINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Emotional", ()),
    ("Physical and health", ("sleep", "health")),
    ("Safety and routine", ("route", "stayed-in", "security", "accounts")),
    ("Work or school", ("work-school",)),
    ("Financial", ("cost",)),
    ("Family and relationships", ("relationships",)),
)


def _entry(item: PackIncident, text: str) -> list[Any]:
    when = day_text(item.incident.content.occurred)
    return paragraphs(text, BODY, f"Incident {item.number}, {when}.")


def impact(pack: EvidencePack) -> list[Any]:
    story: list[Any] = [
        Paragraph("Impact", HEADING),
        Paragraph(
            "How these incidents affected me, in my own words, grouped as in a Victim "
            "Personal Statement.",
            SMALL,
        ),
    ]
    placed: set[int] = set()
    for heading, effects in VPS_HEADINGS:
        section: list[Any] = []
        for item in pack.incidents:
            c = item.incident.content
            if not effects:
                if c.feelings.strip():
                    section += _entry(item, c.feelings)
                continue
            ticked = [EFFECTS[e] for e in c.effects if e in effects]
            if not ticked:
                continue
            text = "; ".join(ticked) + "."
            if c.impact.strip() and item.number not in placed:
                placed.add(item.number)
                text += "\n" + c.impact
            section += _entry(item, text)
        if section:
            story += [Paragraph(heading, SUBHEADING), *section]
    others = [
        i for i in pack.incidents if i.incident.content.impact.strip() and i.number not in placed
    ]
    if others:
        story.append(Paragraph("Day-to-day life", SUBHEADING))
        for item in others:
            story += _entry(item, item.incident.content.impact)
    return story if len(story) > 2 else []
