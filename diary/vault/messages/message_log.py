"""Messages and calls logged from an export file: saved with the entries they belong to in one
transaction, all or nothing, and never twice.

The file is kept as an attachment of the earliest entry the import touches (byte for byte, its
SHA-256 checked against the one taken when it was read: a file changed since is refused). Each
message or call is a logged_items row holding its words and where in the file it came from;
each entry's rows are covered by the hash chain through an 'attach' revision holding their
count and digest, which `diary check` works out again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from diary.domain.errors import InvalidInput
from diary.domain.filetypes import detect
from diary.domain.incident import Author, Incident, Source, canonical_json
from diary.domain.messages.entries import entry_for, merged_into
from diary.domain.messages.local_time import LocalTime
from diary.domain.messages.log import PLATFORMS
from diary.domain.messages.log_digest import records_digest
from diary.domain.messages.log_lines import EntryLog
from diary.domain.messages.proposals import ImportPlan, Proposal, load
from diary.domain.messages.quoting import best_quotes
from diary.domain.messages.stored import LoggedItem, MessageSource, item_from_record, item_record
from diary.domain.times import parse_utc_stamp, utc_now, utc_stamp

from ..attachments.attachments import CHUNK_BYTES, store_in_transaction
from ..entries import incidents
from ..storage import chain
from ..storage.database import Connection, transaction

if TYPE_CHECKING:
    from ..vault import Vault

_BATCH = 500


def _batches(values: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(values), _BATCH):
        yield values[start : start + _BATCH]


def already_logged(conn: Connection, fingerprints: list[str]) -> set[str]:
    """The fingerprints the diary holds already, in entries not withdrawn."""
    found: set[str] = set()
    for batch in _batches(sorted(set(fingerprints))):
        rows = conn.execute(
            "SELECT l.fingerprint FROM logged_items l JOIN incidents i ON i.id = l.incident_id"
            f" WHERE i.deleted = 0 AND l.fingerprint IN ({','.join('?' * len(batch))})",
            batch,
        )
        found.update(row[0] for row in rows)
    return found


def prepare(vault: Vault, plan: ImportPlan, quotes: int) -> dict[date, list[Incident]]:
    """Leave out of the plan what the diary holds already (the file, or an earlier export of the
    same chat, was imported before), and suggest adding each day's messages to an entry that
    already holds messages from the same senders that day. Returns the entries on each day of
    the plan, the ones a proposal can be added to."""
    conn = vault.conn
    # A message logged before has the same instant and sender: only proposals on days the diary
    # holds the chosen senders' messages are read from the file and checked.
    logged_days = _logged_days(conn, list(plan.senders), plan.local)
    checked = [p for p in plan.proposals if _days(p, plan.local) & logged_days]
    load(checked)
    here = already_logged(conn, [e.fingerprint for p in checked for e in p.items])
    for proposal in checked:
        fresh = [e for e in proposal.items if e.fingerprint not in here]
        proposal.already = len(proposal.items) - len(fresh)
        if proposal.already:
            proposal.items = fresh or proposal.items[:0]
            proposal.quotes = best_quotes([e.item for e in fresh], quotes)
    plan.already_here = sum(p.already for p in plan.proposals)
    plan.proposals = [p for p in plan.proposals if p.count]
    if not plan.proposals:
        return {}
    days = [p.day for p in plan.proposals]
    on_day: dict[date, list[Incident]] = {}
    for incident in vault.incidents(start=min(days), end=max(days)):
        on_day.setdefault(incident.content.occurred.local.date(), []).append(incident)
    ids = [i.id for found in on_day.values() for i in found]
    senders: dict[int, set[str]] = {}
    for batch in _batches(ids):
        rows = conn.execute(
            "SELECT DISTINCT incident_id, json_extract(record, '$.sender_key') FROM logged_items"
            f" WHERE incident_id IN ({','.join('?' * len(batch))})",
            batch,
        )
        for incident_id, key in rows:
            senders.setdefault(incident_id, set()).add(str(key))
    for proposal in plan.proposals:
        chosen = proposal.senders
        for incident in on_day.get(proposal.day, []):
            if senders.get(incident.id, set()) & chosen:
                proposal.into = incident.id
                break
    return on_day


def _logged_days(conn: Connection, senders: list[str], local: LocalTime) -> set[date]:
    """The days (in local time) on which the diary holds messages or calls of the senders, in
    entries not withdrawn."""
    found: set[date] = set()
    for batch in _batches(senders):
        rows = conn.execute(
            "SELECT DISTINCT json_extract(l.record, '$.at') FROM logged_items l"
            " JOIN incidents i ON i.id = l.incident_id WHERE i.deleted = 0 AND"
            f" json_extract(l.record, '$.sender_key') IN ({','.join('?' * len(batch))})",
            batch,
        )
        found.update(local.day(parse_utc_stamp(str(row[0]))) for row in rows)
    return found


def _days(proposal: Proposal, local: LocalTime) -> set[date]:
    """The days from a proposal's first item to its last."""
    first, last = local.day(proposal.first), local.day(proposal.last)
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


@dataclass(frozen=True)
class MessagesSaved:
    added: list[int]  # new entries, in time order
    merged: list[int]  # entries already in the diary that messages were added to
    logged: int  # messages and calls logged
    already_here: int  # left out: the diary held them already
    attachment_id: int | None  # the original file, kept (None when nothing was new)


def save(vault: Vault, plan: ImportPlan, author: Author = Author.VICTIM) -> MessagesSaved:
    """Save the chosen proposals: new entries, messages added to the entries chosen, the
    original file and every message's record, in one transaction."""
    conn = vault.conn
    chosen = [p for p in plan.proposals if p.chosen and p.count]
    load(chosen)  # one pass over the file
    here = already_logged(conn, [e.fingerprint for p in chosen for e in p.items])
    for proposal in chosen:  # imported elsewhere since the plan was made
        proposal.items = [e for e in proposal.items if e.fingerprint not in here]
    chosen = [p for p in chosen if p.items]
    left_out = len(here) + plan.already_here
    if not chosen:
        return MessagesSaved([], [], 0, left_out, None)
    chosen.sort(key=lambda p: p.items[0].item.instant)
    source = plan.survey.source
    now = utc_now()
    stamp = utc_stamp(now)
    with transaction(conn):
        owners: list[tuple[Proposal, int]] = []
        for proposal in chosen:
            if proposal.into is not None:
                incidents._uid_of(conn, proposal.into)  # NotFound if withdrawn meanwhile
                owners.append((proposal, proposal.into))
            else:
                content = entry_for(proposal, plan, now.date())
                new_id = incidents.insert_in_transaction(conn, content, author, now)
                owners.append((proposal, new_id))
        names = sorted({e.item.sender for p in chosen for e in p.items if not e.item.sent_by_owner})
        with source.path.open("rb") as stream:
            head = stream.read(CHUNK_BYTES)
            attachment_id = store_in_transaction(
                conn,
                owners[0][1],
                source.name,
                detect(head),
                (None, head, stream),
                None,
                Source(platform=PLATFORMS[source.format], profile=", ".join(names)[:500]),
                author,
                now,
            )
        sha, uid = conn.execute(
            "SELECT sha256, uid FROM attachments WHERE id = ?", (attachment_id,)
        ).fetchone()
        if sha != plan.survey.sha256:
            raise InvalidInput(
                f"{source.name!r} has changed since it was read (its SHA-256 is not the same), "
                "so nothing was saved. Read it again and check what it holds."
            )
        survey = plan.survey
        conn.execute(
            "INSERT INTO message_sources (attachment_id, format, member, zone, imported_at,"
            " details) VALUES (?, ?, ?, ?, ?, ?)",
            (
                attachment_id,
                source.format.value,
                source.member,
                survey.options.zone,
                stamp,
                canonical_json(
                    {
                        "file": source.name,
                        "variant": source.variant,
                        "date_order": survey.options.date_order or "",
                        "repeated_hour": survey.options.repeated_hour or "",
                        "senders": list(plan.senders),
                        "items_in_file": survey.items,
                        "not_understood": survey.unread_count,
                        "grouping": plan.grouping.value,
                    }
                ).decode(),
            ),
        )
        (next_id,) = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM logged_items").fetchone()
        logged = 0
        for proposal, incident_id in owners:
            records = [
                canonical_json(item_record(e.item, survey.options.zone)).decode()
                for e in proposal.items
            ]
            first = next_id
            conn.executemany(
                "INSERT INTO logged_items (id, incident_id, source_id, kind, occurred_utc,"
                " fingerprint, record) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        next_id + n,
                        incident_id,
                        attachment_id,
                        e.item.kind.value,
                        utc_stamp(e.item.instant),
                        e.fingerprint,
                        record,
                    )
                    for n, (e, record) in enumerate(zip(proposal.items, records, strict=True))
                ],
            )
            next_id += len(records)
            logged += len(records)
            body = {
                "messages": {
                    "source": uid,
                    "sha256": sha,
                    "count": len(records),
                    "first_id": first,
                    "last_id": next_id - 1,
                    "digest": records_digest(records),
                }
            }
            chain.append(
                conn,
                incident_id,
                incidents._uid_of(conn, incident_id),
                "attach",
                author.value,
                stamp,
                canonical_json(body).decode(),
            )
            if proposal.into is not None:
                # The entry says what was added to it, as a new version in its history.
                current = incidents.get(conn, incident_id).content
                incidents.update_in_transaction(
                    conn, incident_id, merged_into(current, proposal, plan), author, now
                )
    added = [i for p, i in owners if p.into is None]
    merged = list(dict.fromkeys(i for p, i in owners if p.into is not None))
    return MessagesSaved(added, merged, logged, left_out, attachment_id)


def logged_for(conn: Connection, incident_ids: list[int]) -> dict[int, list[LoggedItem]]:
    """The messages and calls logged for each incident, in time order."""
    found: dict[int, list[LoggedItem]] = {}
    for batch in _batches(list(dict.fromkeys(incident_ids))):
        rows = conn.execute(
            "SELECT id, incident_id, source_id, record FROM logged_items"
            f" WHERE incident_id IN ({','.join('?' * len(batch))}) ORDER BY occurred_utc, id",
            batch,
        )
        for row_id, incident_id, source_id, record in rows:
            data = json.loads(record)
            item = item_from_record(data)
            found.setdefault(incident_id, []).append(
                LoggedItem(row_id, incident_id, source_id, str(data["zone"]), item)
            )
    for items in found.values():
        items.sort(key=lambda logged: (logged.item.instant, logged.id))
    return found


def entry_log(conn: Connection, incident_id: int, first: int | None = None) -> EntryLog:
    """How many messages and calls are logged for an entry, and the first `first` of them in
    time order (all of them when first is None)."""
    (count,) = conn.execute(
        "SELECT count(*) FROM logged_items WHERE incident_id = ?", (incident_id,)
    ).fetchone()
    if not count:
        return EntryLog(0)
    rows = conn.execute(
        "SELECT id, incident_id, source_id, record FROM logged_items WHERE incident_id = ?"
        " ORDER BY occurred_utc, id LIMIT ?",
        (incident_id, -1 if first is None else first),
    )
    items = []
    for row_id, owner, source_id, record in rows:
        data = json.loads(record)
        items.append(
            LoggedItem(row_id, owner, source_id, str(data["zone"]), item_from_record(data))
        )
    return EntryLog(int(count), tuple(items))


def source_ids(conn: Connection, incident_ids: list[int]) -> list[int]:
    """The original files (attachment ids) the entries' messages and calls were logged from."""
    found: set[int] = set()
    for batch in _batches(list(dict.fromkeys(incident_ids))):
        rows = conn.execute(
            "SELECT DISTINCT source_id FROM logged_items"
            f" WHERE incident_id IN ({','.join('?' * len(batch))})",
            batch,
        )
        found.update(row[0] for row in rows)
    return sorted(found)


def sources(conn: Connection, attachment_ids: list[int]) -> dict[int, MessageSource]:
    found: dict[int, MessageSource] = {}
    for batch in _batches(list(dict.fromkeys(attachment_ids))):
        rows = conn.execute(
            "SELECT attachment_id, format, member, zone, imported_at, details FROM message_sources"
            f" WHERE attachment_id IN ({','.join('?' * len(batch))})",
            batch,
        )
        for attachment_id, fmt, member, zone, imported, details in rows:
            found[attachment_id] = MessageSource(
                attachment_id, fmt, member, zone, parse_utc_stamp(imported), json.loads(details)
            )
    return found


def problems(conn: Connection) -> list[str]:
    """Logged messages that no longer match the digest their entry's history recorded, or that
    no history records at all (rows added or changed outside the app)."""
    found: list[str] = []
    covered = 0
    for incident_id, content in conn.execute(
        "SELECT incident_id, content FROM revisions WHERE event = 'attach'"
        " AND content LIKE '{\"messages\":%' ORDER BY seq"
    ).fetchall():
        logged = json.loads(content)["messages"]
        records = [
            row[0]
            for row in conn.execute(
                "SELECT record FROM logged_items WHERE incident_id = ? AND id BETWEEN ? AND ?"
                " ORDER BY id",
                (incident_id, logged["first_id"], logged["last_id"]),
            )
        ]
        covered += len(records)
        if len(records) != logged["count"] or records_digest(records) != logged["digest"]:
            found.append(
                f"the messages logged for incident {incident_id} do not match their history"
            )
    (total,) = conn.execute("SELECT count(*) FROM logged_items").fetchone()
    if total != covered:
        found.append(f"{total - covered} logged message(s) are not in any entry's history")
    return found
