"""The pack's own entries as the domain's rules for orders, act-now items and schedules read
them (domain/finds.Entry): number, content and the source details of their exhibits."""

from __future__ import annotations

from diary.domain.finds import Entry

from .pack import EvidencePack


def pack_entries(pack: EvidencePack) -> list[Entry]:
    """The person's own entries in the pack, in time order (entries received from others are
    someone else's account and are not read for these)."""
    return [
        Entry(
            item.number,
            item.incident.content,
            tuple((e.mark, e.attachment.source) for e in item.exhibits),
        )
        for item in pack.incidents
    ]
