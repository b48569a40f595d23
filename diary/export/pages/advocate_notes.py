"""Entries written by an advocate: the advocate's record, in the advocate's words, by name.

An advocate may write in a client's diary (or keep it for them). What they write is theirs: it
is never part of the person's statement, and it is headed with the advocate's name, as
recorded with the words when they were written. The person can make such an entry their own
only by writing it again themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Paragraph

from diary.domain.voices import Voice, advocate_name, voice_of

from ..pack import EvidencePack, PackIncident
from ..story import Joined, Part, each
from ..styles import HEADING, NOTE
from ..text import para
from .third_person import entry_block


def advocate_items(pack: EvidencePack) -> list[PackIncident]:
    return [item for item in pack.incidents if voice_of(item.incident) is Voice.ADVOCATE]


def _names(pack: EvidencePack, items: list[PackIncident]) -> list[str]:
    found = (advocate_name(i.incident.content, pack.case.advocate) for i in items)
    return list(dict.fromkeys(found))


def _intro(pack: EvidencePack, items: list[PackIncident]) -> list[Any]:
    names = _names(pack, items)
    who = names[0] if len(names) == 1 else "advocates (each entry names who)"
    person = pack.statement_name
    one = len(items) == 1
    count = "This entry was" if one else f"These {len(items)} entries were"
    it, its = ("It is", "it") if one else ("They are", "them")
    return [
        Paragraph("Notes written by an advocate", HEADING),
        para(
            f"{count} written in the diary by {who}, not by {person}. {it} the advocate's "
            f"record, in the advocate's words: not part of the statement of {person}, who has "
            f"not made {its} their own. {'It says' if one else 'Each says'} whether the "
            "advocate saw or heard what it records, or was told of it, and by whom.",
            NOTE,
        ),
    ]


def advocate_entry(pack: EvidencePack, item: PackIncident) -> list[Any]:
    name = advocate_name(item.incident.content, pack.case.advocate)
    return entry_block(
        item, f"{item.reference}. Written by {name} (advocate)", "the advocate\u2019s", pack.zone
    )


def advocate_section(pack: EvidencePack) -> Sequence[Part]:
    """The section's parts; none when no advocate's entry is in the pack."""
    items = advocate_items(pack)
    if not items:
        return []
    return Joined(
        [lambda: _intro(pack, items)], each(items, lambda item: advocate_entry(pack, item))
    )
