"""What the diary holds that a pack leaves out, and the originals that carry a location.

Whatever is handed to police is likely disclosable to the defence (DOMAIN.md), so a person may
rightly keep some things back: private notes, the impact on their life, entries not relevant
to this report, and original photos that carry the position of a refuge. What they must never
be left with is an officer finding out later that something existed. So the pack says, for the
officer, what exists and was left out (never what it says), and what was done with originals
that carry location data: included as they are, or left out of the bundle. That choice is the
person's, made before the export; an export that finds such originals with no choice made
stops and says so, rather than choosing either way for them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from diary.domain.errors import InvalidInput
from diary.domain.incident import Attachment, Incident
from diary.vault.entries.incidents import attachment
from diary.vault.messages import message_log

from .location_data import CHECKED_TYPES, LocatedOriginal, Location, location_in
from .zip_location import ZIP_TYPE, zip_location

if TYPE_CHECKING:
    from diary.vault import Vault

    from .pack import PackIncident, PackOptions

# The fields that record impact: how it felt, and its effect on day-to-day life.
IMPACT_FIELDS = ("feelings", "impact", "effects")


class LocatedChoice(StrEnum):
    INCLUDE = "include"  # the originals go into the bundle byte for byte, location and all
    LEAVE_OUT = "leave-out"  # those originals stay out of the bundle (the PDF has none)


@dataclass(frozen=True)
class Disclosure:
    """For the pack's own list of what it leaves out, and for VERIFY.txt."""

    private_notes: tuple[int, ...] = ()  # chosen entries that have a private note (ids)
    impact_left_out: bool = False  # some chosen entry recorded impact, and it was left out
    not_chosen: int = 0  # live entries in the diary that are not in this pack
    located: tuple[LocatedOriginal, ...] = ()  # originals with (or maybe with) a position
    located_choice: LocatedChoice | None = None  # what the person chose for those
    unchecked_files: int = 0  # exhibits of kinds not checked for location (videos, ...)
    # Files removed from chosen entries (entry id, file name): not exhibits, kept in the diary.
    files_removed: tuple[tuple[int, str], ...] = ()

    @property
    def left_out_originals(self) -> frozenset[int]:
        """Attachment ids whose originals stay out of the bundle."""
        if self.located_choice is LocatedChoice.LEAVE_OUT:
            return frozenset(o.attachment_id for o in self.located)
        return frozenset()


def has_impact(content_fields: object) -> bool:
    return any(getattr(content_fields, name) for name in IMPACT_FIELDS)


def _holds_impact(value: object, depth: int = 0) -> bool:
    if depth > 20:
        return True  # too deep to look through: withheld rather than risk showing it
    if isinstance(value, str):
        if not value.startswith("{"):
            return False
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            return False
    if isinstance(value, dict):
        if any(value.get(name) for name in IMPACT_FIELDS):
            return True
        return any(_holds_impact(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return any(_holds_impact(v, depth + 1) for v in value)
    return False


def revision_holds_impact(content: str) -> bool:
    """Whether a revision's hashed content records impact anywhere in it (an entry's fields, a
    proposed change, or the sender's revisions a share carries). With impact left out such a
    revision goes into entries.json by hash only: its hash cannot then be worked out again."""
    return _holds_impact(content)


def without_impact(incident: Incident) -> Incident:
    """The incident as the pack shows it when the person leaves impact out: none of it."""
    return replace(
        incident, content=incident.content.with_changes(feelings="", impact="", effects=())
    )


def located_originals(vault: Vault, attachments: list[Attachment]) -> list[LocatedOriginal]:
    """The attachments whose original files carry, or may carry, a position (for a zip, such
    as a chat exported with its media: the pictures inside it)."""
    found = []
    for a in attachments:
        if a.media_type == ZIP_TYPE:
            with vault.open_original(a.id) as fp:
                inside = zip_location(fp)
            if inside.location is not Location.NONE:
                found.append(LocatedOriginal(a.id, a.filename, inside.location, inside.members))
            continue
        if a.media_type not in CHECKED_TYPES:
            continue
        location = location_in(vault.iter_original(a.id), a.media_type)
        if location is not Location.NONE:
            found.append(LocatedOriginal(a.id, a.filename, location))
    return found


def with_message_sources(
    vault: Vault, attachments: list[Attachment], ids: list[int]
) -> list[Attachment]:
    """The attachments, and the original files the entries' messages and calls were logged
    from (the pack produces each as an exhibit, even when the entry it is attached to is not
    chosen)."""
    have = {a.id for a in attachments}
    extra = [i for i in message_log.source_ids(vault.conn, ids) if i not in have]
    return attachments + [attachment(vault.conn, i) for i in extra]


def located_refusal(located: list[LocatedOriginal], marks: dict[int, str]) -> InvalidInput:
    """Why an export with located originals and no choice made stops, and what to choose."""
    named = ", ".join(f"{marks.get(o.attachment_id, 'an exhibit')} ({o.filename})" for o in located)
    count = len(located)
    return InvalidInput(
        f"{count} original file{'s' if count != 1 else ''} may show where "
        f"{'they were' if count != 1 else 'it was'} taken (location data, GPS): {named}. "
        "Choose what goes in the bundle: "
        "'--located-originals include' keeps them exactly as they are, location and all; "
        "'--located-originals leave-out' leaves them out of the bundle (the PDF's pictures "
        "carry no location data either way). Nothing was written."
    )


def read_disclosure(
    vault: Vault, options: PackOptions, incidents: list[Incident], *, require_choice: bool
) -> Disclosure:
    """What this pack, built from incidents with these options, leaves out (read before any
    exhibit mark is given, so an export that stops here gives none)."""
    ids = [i.id for i in incidents]
    attachments = with_message_sources(vault, [a for i in incidents for a in i.attachments], ids)
    located = located_originals(vault, attachments)
    choice = LocatedChoice(options.located_originals) if options.located_originals else None
    if located and choice is None and require_choice:
        marks = vault.provisional_exhibit_marks([a.id for a in attachments]) if attachments else {}
        raise located_refusal(located, marks)
    return Disclosure(
        private_notes=tuple(sorted(vault.ids_with_private_notes(ids))),
        impact_left_out=not options.include_impact
        and any(has_impact(i.content) for i in incidents),
        not_chosen=max(vault.live_incident_count() - len(incidents), 0),
        located=tuple(located),
        located_choice=choice if located else None,
        unchecked_files=sum(
            1 for a in attachments if a.media_type not in (*CHECKED_TYPES, ZIP_TYPE)
        ),
        files_removed=tuple((f.incident_id, f.filename) for f in vault.removed_files(ids)),
    )


def left_out_record(
    disclosure: Disclosure, items: list[PackIncident], marks: dict[int, str]
) -> dict[str, Any]:
    """The same list for entries.json: what exists and is not in this pack (never its text)."""
    references = {item.incident.id: item.reference for item in items}
    record: dict[str, Any] = {}
    if disclosure.private_notes:
        record["private_notes_on"] = [references[i] for i in disclosure.private_notes]
    if disclosure.impact_left_out:
        record["impact_fields"] = list(IMPACT_FIELDS)
    if disclosure.not_chosen:
        record["entries_not_chosen"] = disclosure.not_chosen
    if disclosure.files_removed:
        record["files_removed_from"] = [
            references.get(i, f"entry {i}") for i, _ in disclosure.files_removed
        ]
    if disclosure.located:
        choice = disclosure.located_choice
        record["originals_with_location_data"] = {
            "exhibits": [marks.get(o.attachment_id, "") for o in disclosure.located],
            "originals_in_bundle": choice is LocatedChoice.INCLUDE,
        }
    return record
