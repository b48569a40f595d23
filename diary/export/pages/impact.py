"""Impact, grouped under the headings a Victim Personal Statement uses. Included only when the
person chooses; it records effects in their words and holds no view on sentence. Only the
person's own entries are drawn on: an advocate's notes are not the person's words."""

from __future__ import annotations

from collections.abc import Callable
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


def _feelings(item: PackIncident) -> str:
    return item.incident.content.feelings if item.incident.content.feelings.strip() else ""


def _ticked(effects: tuple[str, ...]) -> Callable[[PackIncident], str]:
    def said(item: PackIncident) -> str:
        ticked = [EFFECTS[e] for e in item.incident.content.effects if e in effects]
        return "; ".join(ticked) + "." if ticked else ""

    return said


def _own_words(item: PackIncident) -> str:
    words = item.incident.content.impact
    return words if words.strip() else ""


def impact(pack: EvidencePack) -> list[Part]:
    """The impact section in parts, each made as the layout reaches it ([]: nothing to show)."""
    # The effects the person ticked go under the VPS headings they belong to. What they wrote
    # about day-to-day life may touch several headings at once, so it is kept whole, by incident,
    # under a heading of its own rather than filed under one of them. Each heading keeps only
    # which entries it shows; their words are taken as each chunk is laid out.
    own = own_words_items(pack)
    kinds = [
        (heading, _ticked(effects) if effects else _feelings) for heading, effects in VPS_HEADINGS
    ]
    kinds.append(("Day-to-day life, in my own words", _own_words))
    sections = [(heading, said, [i for i in own if said(i)]) for heading, said in kinds]
    if not any(shown for _, _, shown in sections):
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
    for heading, said, shown in sections:
        for start in range(0, len(shown), _CHUNK):
            parts.append(
                partial(_chunk, heading if start == 0 else "", shown[start : start + _CHUNK], said)
            )
    return parts


def _chunk(
    heading: str, items: list[PackIncident], said: Callable[[PackIncident], str]
) -> list[Any]:
    story: list[Any] = [Paragraph(heading, SUBHEADING)] if heading else []
    return [*story, *lead_list([(_lead(item), said(item)) for item in items], BODY)]
