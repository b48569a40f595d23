"""Building the evidence pack: build_pack reads it from an open vault on the calling thread.

Which entries a choice takes in (and which deleted ones it lists), how many versions each has
(the versions themselves are read again when written: pack_history.py), the exhibits' marks, and
entries.json's hash are read here into an EvidencePack
(evidence_pack.py, where the snapshot and its parts are described). Those types are importable
from here too.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from diary.domain.errors import InvalidInput, NotFound
from diary.domain.incident import Incident
from diary.domain.times import utc_now
from diary.vault import Vault
from diary.vault.sharing.received_history import received_details

from .chain_listing import ChainListing
from .disclosure import left_out_record, read_disclosure, revision_holds_impact, without_impact
from .entries_json import EntriesHeader, entries_chunks
from .entries_messages import logged_records
from .evidence_pack import (
    AuditEvent,
    DeletedEntry,
    EvidencePack,
    Exhibit,
    PackIncident,
    PackOptions,
    Selection,
    content_lines,
    safe_name,
)
from .message_pack import with_message_logs
from .pack_history import History, HistoryReader
from .pack_times import pack_zone
from .signing import diary_signing_key, key_fingerprint


def _matches(incident: Incident, options: PackOptions) -> bool:
    day = incident.content.occurred.local.date()
    if (options.start and day < options.start) or (options.end and day > options.end):
        return False
    return not options.behaviours or bool(
        set(options.behaviours) & set(incident.content.behaviours)
    )


def chosen_by_dates_and_kinds(incident: Incident, options: PackOptions) -> bool:
    """Whether the dates and behaviours chosen take this entry in (before any is left out)."""
    return _matches(incident, options)


def _selected(vault: Vault, options: PackOptions) -> list[Incident]:
    found = vault.incidents(start=options.start, end=options.end, ids=list(options.ids) or None)
    if options.ids:
        # An entry asked for by number and missing is a mistake to say, not to skip silently:
        # the pack would look complete without it.
        missing = sorted(set(options.ids) - {i.id for i in vault.incidents(ids=list(options.ids))})
        if missing:
            raise NotFound(
                f"There is no entry {', '.join(map(str, missing))} in this diary (it may have "
                "been deleted); nothing was written. 'diary list' shows the entries."
            )
    chosen = [i for i in found if _matches(i, options)]
    if options.left_out:
        missing = sorted(set(options.left_out) - {i.id for i in chosen})
        if missing:
            raise NotFound(
                f"Entry {', '.join(map(str, missing))} is not among those chosen for this pack, "
                "so it cannot be left out of it; nothing was written. 'diary list' shows the "
                "entries."
            )
        chosen = [i for i in chosen if i.id not in set(options.left_out)]
    return chosen


def _deleted(vault: Vault, options: PackOptions) -> tuple[DeletedEntry, ...]:
    """The deleted entries a pack of this choice lists: those the choice would have taken in
    (by dates and behaviours, as they stood when deleted). Entries chosen by number are the
    ones asked for, so no other is listed beside them."""
    if options.ids:
        return ()
    gone = [i for i in vault.deleted_incidents() if _matches(i, options)]
    if not gone:
        return ()
    histories = vault.histories([i.id for i in gone], with_content=False)
    entries = []
    for incident in gone:
        deletion = next(r for r in reversed(histories[incident.id]) if r.event == "delete")
        entries.append(
            DeletedEntry(
                incident.id,
                incident.content.occurred,
                incident.recorded_at,
                deletion.recorded_at,
                deletion.author,
                incident.uid,
                str(deletion.content.get("reason") or ""),
            )
        )
    return tuple(entries)


def build_pack(vault: Vault, options: PackOptions, *, assign_marks: bool = True) -> EvidencePack:
    """Read everything the pack needs from the open vault. Gives new exhibits their marks.

    With assign_marks=False (a preview) the marks are the ones the next export would give,
    and nothing is stored: only a pack really written out gives marks for good.
    """
    incidents = _selected(vault, options)
    if not incidents:
        raise InvalidInput("No entries match what was chosen, so there is nothing to export.")
    if all(i.is_received for i in incidents):
        raise InvalidInput(
            "Every entry chosen was received from someone else, so there is no account of your "
            "own to make a statement from. If one of them is your own account, adopt it first "
            "('diary adopt N', or 'Adopt as my own account' in the window); or choose entries "
            "you wrote."
        )
    disclosure = read_disclosure(vault, options, incidents, require_choice=assign_marks)
    if not options.include_impact:  # left out everywhere: the PDF, entries.json, every section
        incidents = [without_impact(i) for i in incidents]
    case = vault.case
    attachment_ids = [a.id for i in incidents for a in i.attachments]
    mark = vault.assign_exhibit_marks if assign_marks else vault.provisional_exhibit_marks
    marks = mark(attachment_ids) if attachment_ids else {}
    # Counted as the statement counts them: the person's own entries, not those received.
    selection = Selection(
        vault.entry_count(),
        sum(1 for i in incidents if not i.is_received),
        options.start,
        options.end,
        options.behaviours,
        options.ids,
        tuple(sorted(set(options.left_out))),
    )
    deleted = _deleted(vault, options)
    listing = ChainListing(vault.chain_listing())  # held packed: 48 bytes a revision
    files = vault.exhibit_files()
    try:
        # Every version exactly as hashed: the bundle carries them so that anyone can check them.
        # They are read again as each section reaches them (pack_history.py), not held.
        order = [i.id for i in incidents if not i.is_received]
        order += [i.id for i in incidents if i.is_received]
        reader = HistoryReader(files.recorded_links, order)
        histories = {}
        impact_held = False
        for incident_id, events in reader.histories():
            histories[incident_id] = History(reader, incident_id, events)
            if not options.include_impact and not impact_held:
                # An earlier version may record impact though the entry now does not.
                impact_held = any(revision_holds_impact(h.link.content) for h in events)
        if impact_held and not disclosure.impact_left_out:
            disclosure = replace(disclosure, impact_left_out=True)
        own: list[PackIncident] = []
        received: list[PackIncident] = []
        for incident in incidents:
            details = received_details(vault.conn, incident.id) if incident.is_received else None
            into = received if incident.is_received else own
            into.append(
                PackIncident(
                    len(into) + 1 if incident.is_received else incident.id,
                    incident,
                    tuple(
                        Exhibit(marks[a.id], a, incident.id, files) for a in incident.attachments
                    ),
                    histories[incident.id],
                    details,
                )
            )
        statement_name = options.statement_name.strip() or case.name
        produced_at = utc_now()
        key = diary_signing_key(vault)
        zone = pack_zone(i.content for i in incidents)
        header = EntriesHeader(
            case,
            statement_name,
            selection,
            deleted,
            listing,
            zone,
            produced_at,
            left_out_record(disclosure, own + received, marks),
            impact_left_out=not options.include_impact,
        )
        items = (*own, *received)
        logged = logged_records(vault.conn, [i.id for i in incidents])
        digest = hashlib.sha256()
        for chunk in entries_chunks(header, items, logged):
            digest.update(chunk)
        pack = EvidencePack(
            case=case,
            statement_name=statement_name,
            occupation=options.occupation.strip() or case.occupation,
            options=options,
            incidents=tuple(own),
            received=tuple(received),
            selection=selection,
            deleted=deleted,
            chain=listing,
            zone=zone,
            produced_at=produced_at,
            signing_key_fingerprint=key_fingerprint(key),
            entries_header=header,
            entries_items=items,
            entries_logged=logged,
            entries_sha256=digest.hexdigest(),
            files=files,
            disclosure=disclosure,
            discreet=vault.setting("discreet", "0") == "1",
        )
        return with_message_logs(vault, pack, assign_marks)
    except BaseException:
        files.close()
        raise


__all__ = [
    "AuditEvent",
    "DeletedEntry",
    "EvidencePack",
    "Exhibit",
    "PackIncident",
    "PackOptions",
    "Selection",
    "build_pack",
    "chosen_by_dates_and_kinds",
    "content_lines",
    "safe_name",
]
