"""Impact, grouped under the headings a Victim Personal Statement uses. Included only when the
person chooses; it records effects in their words and holds no view on sentence. Only the
person's own entries are drawn on: an advocate's notes are not the person's words."""

from __future__ import annotations

from functools import partial
from typing import Any

from reportlab.platypus import Paragraph

from diary.domain.behaviours import EFFECTS
from diary.domain.voices import Voice, voice_of
from diary.domain.wording import day_text

from ..pack import EvidencePack, PackIncident
from ..story import Part
from ..styles import BODY, HEADING, SMALL, SUBHEADING
from ..text import lead_list

VPS_HEADINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Emotional", ()),
    ("Physical and health", ("sleep", "health")),
    ("Safety and routine", ("route", "stayed-in", "security", "accounts")),
    ("Work or school", ("work-school",)),
    ("Financial", ("cost",)),
    ("Family and relationships", ("relationships",)),
)


def _lead(item: PackIncident) -> str:
    return f"Entry {item.number}, {day_text(item.incident.content.occurred)}."


def own_words_items(pack: EvidencePack) -> list[PackIncident]:
    """The person's own entries, first-hand or told: their words about how it affected them."""
    return [i for i in pack.incidents if voice_of(i.incident) in (Voice.OWN, Voice.TOLD)]


def has_impact(pack: EvidencePack) -> bool:
    """Whether impact() has anything to show: feelings, effects ticked or words on daily life."""
    return any(
        c.feelings.strip() or c.impact.strip() or c.effects
        for c in (item.incident.content for item in own_words_items(pack))
    )


_CHUNK = 50  # entries laid out at a time: a long diary's impact is never held whole


def impact(pack: EvidencePack) -> list[Part]:
    """The impact section in parts, each made as the layout reaches it ([]: nothing to show)."""
    # The effects the person ticked go under the VPS headings they belong to. What they wrote
    # about day-to-day life may touch several headings at once, so it is kept whole, by incident,
    # under a heading of its own rather than filed under one of them.
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    for heading, effects in VPS_HEADINGS:
        section: list[tuple[str, str]] = []
        for item in own_words_items(pack):
            c = item.incident.content
            if not effects:
                if c.feelings.strip():
                    section.append((_lead(item), c.feelings))
                continue
            ticked = [EFFECTS[e] for e in c.effects if e in effects]
            if ticked:
                section.append((_lead(item), "; ".join(ticked) + "."))
        sections.append((heading, section))
    written = [i for i in own_words_items(pack) if i.incident.content.impact.strip()]
    words = [(_lead(i), i.incident.content.impact) for i in written]
    sections.append(("Day-to-day life, in my own words", words))
    if not any(section for _, section in sections):
        return []
    parts: list[Part] = [
        lambda: [
            Paragraph("Impact", HEADING),
            Paragraph(
                "How these incidents affected me, in my own words, grouped as in a Victim "
                "Personal Statement.",
                SMALL,
            ),
        ]
    ]
    for heading, section in sections:
        for start in range(0, len(section), _CHUNK):
            parts.append(
                partial(_chunk, heading if start == 0 else "", section[start : start + _CHUNK])
            )
    return parts


def _chunk(heading: str, items: list[tuple[str, str]]) -> list[Any]:
    story: list[Any] = [Paragraph(heading, SUBHEADING)] if heading else []
    return [*story, *lead_list(items, BODY)]
