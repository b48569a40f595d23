"""What the person was told by others: their words, but not what they saw or heard themselves.

A statement is the witness's own first-hand account. What someone else saw and told them is
that other person's evidence (they may be asked for a statement of their own), and at most
hearsay in the person's. So these entries are kept out of the statement and set out here, in
the third person, each naming who told them, as the person recorded it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Paragraph

from diary.domain.voices import Voice, told_phrase, voice_of

from ..pack import EvidencePack, PackIncident
from ..story import Joined, Part, each
from ..styles import HEADING, NOTE
from ..text import para
from .third_person import entry_block


def told_items(pack: EvidencePack) -> list[PackIncident]:
    return [item for item in pack.incidents if voice_of(item.incident) is Voice.TOLD]


def _intro(pack: EvidencePack, items: list[PackIncident]) -> list[Any]:
    person = pack.statement_name
    count = "this entry" if len(items) == 1 else f"these {len(items)} entries"
    return [
        Paragraph(f"What {person} was told by others", HEADING),
        para(
            f"In {count} {person} records something they did not see or hear themselves but "
            "were told of, naming who told them where they gave a name. The words are "
            f"{person}'s account of what they were told (hearsay): not part of the statement "
            f"of {person}. Whoever told them may be able to give their own account.",
            NOTE,
        ),
    ]


def told_entry(pack: EvidencePack, item: PackIncident) -> list[Any]:
    told = told_phrase(item.incident.content)
    heading = f"{item.reference}. {pack.statement_name} was {told}"
    return entry_block(item, heading, f"{pack.statement_name}\u2019s", pack.zone)


def told_section(pack: EvidencePack) -> Sequence[Part]:
    """The section's parts; none when nothing told is in the pack."""
    items = told_items(pack)
    if not items:
        return []
    return Joined([lambda: _intro(pack, items)], each(items, lambda item: told_entry(pack, item)))
