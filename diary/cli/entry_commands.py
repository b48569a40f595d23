"""add, edit, attach, list, show, search and behaviours: writing and reading entries."""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from diary.domain.behaviours import BEHAVIOURS, CHANNELS, EFFECTS, REPORTED
from diary.domain.errors import DiaryError, InvalidInput
from diary.domain.incident import (
    DIARY_AUTHORS,
    Author,
    Incident,
    IncidentContent,
    NewFile,
    Source,
)
from diary.domain.messages.log_lines import FIRST_LINES
from diary.domain.messages.stored import item_record
from diary.domain.records import incident_record, revision_record
from diary.domain.times import Moment, Precision, parse_day, parse_moment, utc_stamp
from diary.vault import Vault
from diary.vault.attachments.attachments import check_file
from diary.vault.entries.listing import ListRow
from diary.vault.sharing.proposals import proposals
from diary.vault.sharing.received_history import ReceivedDetails, received_details

from .common import add_behaviour_filter, add_diary_option, entry_number, open_vault
from .text_view import format_incident, format_row

# Optional free-text fields: flag -> IncidentContent field.
_TEXT_FIELDS = {
    "words": "exact words used",
    "impact": "the effect on your day-to-day life",
    "fear": "what you feared",
    "suspect": "who it was, how they looked, anyone acting for them",
    "vehicle": "their vehicle",
    "visibility": "how well you saw them (light, distance, how long)",
    "others_involved": "children or others involved",
    "feelings": "how it made you feel",
    "actions": "what you did",
    "officer": "officer's name and collar number",
    "cctv": "nearby CCTV, doorbell or dashcam",
    "police_ref": "police crime or incident reference",
}


def _fields_options(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument(
        "--when",
        required=required,
        metavar="WHEN",
        help="when it started: 2024-06-03T18:30, 2024-06-03, or with an offset",
    )
    p.add_argument("--until", metavar="WHEN", help="when it ended, if it went on")
    p.add_argument(
        "--approximate", action="store_true", default=None, help="the time is approximate"
    )
    p.add_argument(
        "--exact",
        dest="approximate",
        action="store_false",
        help="the time is exact (to undo --approximate)",
    )
    p.add_argument(
        "--tz", metavar="ZONE", help="time zone, e.g. Europe/London (default: this computer's)"
    )
    p.add_argument("--where", required=required, metavar="TEXT", help="where it happened")
    p.add_argument(
        "--what", required=required, metavar="TEXT", help="what happened, in your own words"
    )
    for name, help_text in _TEXT_FIELDS.items():
        p.add_argument(f"--{name.replace('_', '-')}", dest=name, metavar="TEXT", help=help_text)
    fear = p.add_mutually_exclusive_group()  # both at once is a mistake, not "the last wins"
    fear.add_argument(
        "--feared-violence",
        dest="feared_violence",
        action="store_true",
        default=None,
        help="you feared violence this time",
    )
    fear.add_argument(
        "--no-feared-violence",
        dest="feared_violence",
        action="store_false",
        help="you did not fear violence this time",
    )
    p.add_argument(
        "--behaviour",
        action="append",
        metavar="KIND",
        choices=list(BEHAVIOURS),
        help="a kind of behaviour (repeat for more; see 'diary behaviours')",
    )
    p.add_argument(
        "--channel", metavar="KIND", choices=list(CHANNELS), help="how: " + ", ".join(CHANNELS)
    )
    p.add_argument(
        "--effect",
        action="append",
        metavar="KIND",
        choices=list(EFFECTS),
        help="a day-to-day effect (repeat): " + ", ".join(EFFECTS),
    )
    p.add_argument(
        "--reported",
        metavar="HOW",
        choices=list(REPORTED),
        help="reported to police: " + ", ".join(REPORTED),
    )
    p.add_argument("--witness", action="append", metavar="TEXT", help="a witness (repeat for more)")
    p.add_argument(
        "--attach", action="append", type=Path, metavar="FILE", help="attach a file (repeat)"
    )
    known = p.add_mutually_exclusive_group()
    known.add_argument(
        "--first-hand",
        dest="first_hand",
        action="store_true",
        default=None,
        help="the writer saw or heard it themselves (the default for a new entry)",
    )
    known.add_argument(
        "--told",
        dest="first_hand",
        action="store_false",
        help="the writer did not see or hear it but was told of it (see --told-by)",
    )
    p.add_argument("--told-by", metavar="NAME", help="who told the writer of it (implies --told)")
    p.add_argument(
        "--private-note",
        metavar="TEXT",
        help="a note kept in this diary only, never in an export or share ('' removes it)",
    )
    _author_options(p)


def _author_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--author",
        choices=[a.value for a in DIARY_AUTHORS],
        help="who is writing: the victim or their advocate (default: who keeps the diary, "
        "'diary case --kept-by')",
    )
    p.add_argument(
        "--advocate-name",
        metavar="NAME",
        help="with --author advocate: the advocate's name (default: the case's advocate)",
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("add", help="record a new incident; prints its id")
    add_diary_option(p)
    _fields_options(p, required=True)
    p.set_defaults(run=run_add)

    p = sub.add_parser(
        "edit", help="change an incident; the earlier version is kept in its history"
    )
    add_diary_option(p)
    p.add_argument("id", type=entry_number)
    _fields_options(p, required=False)
    p.set_defaults(run=run_edit)

    p = sub.add_parser(
        "attach", help="attach files (screenshots, photos, recordings) to an incident"
    )
    add_diary_option(p)
    p.add_argument("id", type=entry_number)
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--source-url", default="", metavar="URL", help="where the material was online")
    p.add_argument("--platform", default="", metavar="NAME", help="the site or app, e.g. Instagram")
    p.add_argument("--profile", default="", metavar="NAME", help="the profile name or handle shown")
    p.add_argument("--shown-time", metavar="WHEN", help="the time shown on the post or message")
    p.add_argument(
        "--captured", metavar="WHEN", help="when the screenshot, photo or recording was made"
    )
    p.add_argument(
        "--device",
        default="",
        metavar="TEXT",
        help="what it was taken or recorded on, e.g. 'my phone, a Samsung A52'",
    )
    p.add_argument("--tz", metavar="ZONE", help="time zone of --shown-time and --captured")
    _author_options(p)
    p.set_defaults(run=run_attach)

    p = sub.add_parser("list", help="list incidents in time order")
    add_diary_option(p)
    p.add_argument("--from", dest="start", metavar="DATE", help="from this day (2024-06-01)")
    p.add_argument("--to", dest="end", metavar="DATE", help="up to and including this day")
    add_behaviour_filter(p)
    p.add_argument("--json", action="store_true", help="machine-readable output (docs/cli.md)")
    p.set_defaults(run=run_list)

    p = sub.add_parser("show", help="show one incident in full")
    add_diary_option(p)
    p.add_argument("id", type=entry_number)
    p.add_argument("--json", action="store_true")
    p.add_argument("--history", action="store_true", help="also every earlier version")
    p.add_argument(
        "--messages",
        action="store_true",
        help="every message and call logged for it (otherwise the first few)",
    )
    p.set_defaults(run=run_show)

    p = sub.add_parser("search", help="find incidents containing words")
    add_diary_option(p)
    p.add_argument("query")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_search)

    p = sub.add_parser("behaviours", help="the kinds of behaviour, with what each means")
    p.set_defaults(run=run_behaviours)


def _moment(text: str | None, args: argparse.Namespace, approximate: bool) -> Moment | None:
    if text is None:
        return None
    return parse_moment(text, args.tz, approximate=approximate)


def _changes(args: argparse.Namespace, base: IncidentContent | None) -> dict[str, Any]:
    """The fields given on the command line, as IncidentContent values."""
    changes: dict[str, Any] = {}
    approximate = (
        args.approximate
        if args.approximate is not None
        else base is not None and base.occurred.precision is Precision.APPROXIMATE
    )
    if args.when is not None:
        changes["occurred"] = _moment(args.when, args, approximate)
    elif (
        base is not None
        and args.approximate is not None
        and base.occurred.precision is not Precision.DATE_ONLY
    ):
        precision = Precision.APPROXIMATE if approximate else Precision.EXACT
        changes["occurred"] = replace(base.occurred, precision=precision)
    if args.until is not None:
        changes["until"] = _moment(args.until, args, approximate) if args.until else None
    if args.where is not None:
        changes["location"] = args.where
    if args.what is not None:
        changes["text"] = args.what
    for name in _TEXT_FIELDS:
        value = getattr(args, name)
        if value is not None:
            changes[name] = value
    if (
        args.fear
        and args.feared_violence is None
        and (base is None or base.feared_violence is None)
    ):
        changes["feared_violence"] = True
    if args.feared_violence is not None:
        changes["feared_violence"] = args.feared_violence
    for flag, name in (
        ("behaviour", "behaviours"),
        ("effect", "effects"),
        ("witness", "witnesses"),
    ):
        values = getattr(args, flag)
        if values is not None:
            changes[name] = tuple(values)
    if args.channel is not None:
        changes["channel"] = args.channel
    if args.reported is not None:
        changes["reported"] = args.reported
    if args.told_by is not None:
        if args.first_hand:
            raise InvalidInput("--told-by names who told you, so it cannot go with --first-hand.")
        changes.update(first_hand=False, told_by=args.told_by)
    elif args.first_hand is not None:
        changes["first_hand"] = args.first_hand
        if args.first_hand:
            changes["told_by"] = ""
    return changes


def _writer(args: argparse.Namespace, vault: Vault) -> Author:
    """Who is writing: as --author says, else whoever keeps the diary."""
    author = Author(args.author) if args.author else vault.kept_by
    if args.advocate_name is not None and author is not Author.ADVOCATE:
        raise InvalidInput("--advocate-name is for an advocate's writing: add --author advocate.")
    return author


def _as_written_by(
    args: argparse.Namespace, author: Author, content: IncidentContent
) -> IncidentContent:
    """content with the advocate's name given on the command line (the vault fills in the
    diary's advocate when none is given, and clears it for the person's own words)."""
    name = (args.advocate_name or "") if author is Author.ADVOCATE else ""
    return content.with_changes(written_by=name)


def _warn_unnamed(vault: Vault, incident_id: int, author: Author) -> None:
    if author is Author.ADVOCATE and not vault.incident(incident_id).content.written_by:
        sys.stderr.write(
            "Saved as an advocate's words, but no advocate is named: give --advocate-name, or "
            "set the case's advocate with 'diary case --advocate NAME'.\n"
        )


def _check_files(paths: list[Path] | None) -> None:
    # Every file is checked before anything is saved: an entry must not land without its files.
    for path in paths or []:
        check_file(path)


def run_add(args: argparse.Namespace) -> int:
    changes = _changes(args, None)
    content = IncidentContent(**changes).validate()
    _check_files(args.attach)
    with open_vault(args) as vault:
        author = _writer(args, vault)
        incident_id = vault.add_incident(_as_written_by(args, author, content), author)
        if args.private_note:
            vault.set_private_note(incident_id, args.private_note, author)
        _attach_all(vault, incident_id, args.attach or [], Source(), author)
        _warn_unnamed(vault, incident_id, author)
    print(incident_id)
    return 0


def run_edit(args: argparse.Namespace) -> int:
    _check_files(args.attach)
    with open_vault(args) as vault:
        author = _writer(args, vault)
        current = vault.incident(args.id)
        changes = _changes(args, current.content)
        if changes:
            content = current.content.with_changes(**changes).validate()
            if content != current.content:
                vault.edit_incident(args.id, _as_written_by(args, author, content), author)
                _warn_unnamed(vault, args.id, author)
        elif not args.attach and args.private_note is None:
            raise InvalidInput("Nothing to change: give the fields to change, e.g. --what TEXT.")
        if args.private_note is not None:
            vault.set_private_note(args.id, args.private_note, author)
        _attach_all(vault, args.id, args.attach or [], Source(), author)
    return 0


def _attach_all(
    vault: Vault, incident_id: int, paths: list[Path], source: Source, author: Author
) -> None:
    # The files were all checked before anything was saved; what can still fail here is the
    # diary itself (a full disk), which stops the command with its plain message.
    files = [NewFile.from_path(incident_id, path, source) for path in paths]
    with contextlib.closing(vault.attach_each(files, author)) as stored:
        for attachment in stored:
            if isinstance(attachment, DiaryError):
                raise attachment
            note = " (the file's name says otherwise)" if attachment.type_mismatch else ""
            sys.stderr.write(
                f"Attached {attachment.filename}: {attachment.media_type}{note}, "
                f"{attachment.size:,} bytes, SHA-256 {attachment.sha256}\n"
            )
            if attachment.preview_problem:
                sys.stderr.write(f"  {attachment.preview_problem}\n")


def _time_given(text: str | None, args: argparse.Namespace) -> str:
    if not text:
        return ""
    moment = parse_moment(text, args.tz)
    return moment.iso() if moment.precision.value != "date" else moment.wall


def run_attach(args: argparse.Namespace) -> int:
    source = Source(
        platform=args.platform,
        url=args.source_url,
        profile=args.profile,
        shown_time=_time_given(args.shown_time, args),
        captured_at=_time_given(args.captured, args),
        device=args.device,
    )
    _check_files(args.files)
    with open_vault(args) as vault:
        vault.incident(args.id)
        _attach_all(vault, args.id, args.files, source, _writer(args, vault))
    return 0


def _emit(incidents: list[Incident]) -> None:
    json.dump([incident_record(i) for i in incidents], sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _print_rows(rows: Iterator[ListRow]) -> None:
    """One line an entry, written as each is read (a long diary is never held whole)."""
    write = sys.stdout.write
    printed = False
    lines: list[str] = []
    # A line's objects refer to nothing that refers back to them: each is freed as soon as it is
    # printed, so the collector of reference cycles would only walk them in vain (a tenth of
    # the time of a long list).
    collecting = gc.isenabled()
    gc.disable()
    try:
        for row in rows:
            lines.append(format_row(row))
            if len(lines) == 256:  # written a few at a time: a write a line costs a tenth more
                write("\n".join(lines) + "\n")
                lines.clear()
                printed = True
        if lines:
            write("\n".join(lines) + "\n")
            printed = True
    finally:
        if collecting:
            gc.enable()
    if not printed:
        sys.stderr.write("No incidents found.\n")


def run_list(args: argparse.Namespace) -> int:
    start = parse_day(args.start, "--from") if args.start else None
    end = parse_day(args.end, "--to") if args.end else None
    if start and end and end < start:
        raise InvalidInput("--to is before --from.")
    kinds = frozenset(args.behaviour or ())
    with open_vault(args, writes=False) as vault:
        if not args.json:
            _print_rows(vault.list_rows(start=start, end=end, behaviours=kinds))
            return 0
        found = vault.incidents(start=start, end=end)
    if kinds:  # any of them, as export's --behaviour
        found = [i for i in found if kinds & set(i.content.behaviours)]
    _emit(found)
    return 0


def run_search(args: argparse.Namespace) -> int:
    with open_vault(args, writes=False) as vault:
        if args.json:
            _emit(vault.search(args.query))
        else:
            _print_rows(vault.list_rows(matching=args.query))
    return 0


def _received_record(incident: Incident, received: ReceivedDetails | None) -> dict[str, Any]:
    """show --json: where a received entry came from, this diary's record apart from the
    sender's claims."""
    if received is None:
        return {}
    return {
        "from": received.sender,
        "sender_name_checked": False,
        "words_are_the_senders": incident.is_received,
        "received_at": utc_stamp(received.received_at),
        "claimed_by_sender": {
            "author": received.claimed_author,
            "recorded_at": received.claimed_recorded_at,
            "updated_at": received.claimed_updated_at,
            "shared_at": received.shared_at,
        },
    }


def run_show(args: argparse.Namespace) -> int:
    with open_vault(args, writes=False) as vault:
        incident = vault.incident(args.id)
        history = vault.history(args.id) if args.history else []
        received = received_details(vault.conn, args.id)
        pending = [p.number for p in proposals(vault.conn, incident_id=args.id, pending_only=True)]
        note = vault.private_note(args.id)
        log = vault.message_log(args.id, None if args.messages else FIRST_LINES)
    if args.json:
        record = incident_record(incident)
        record["received"] = _received_record(incident, received) or None
        record["pending_proposals"] = pending
        # Only here: never in list, search, a share or a bundle's entries.json.
        record["private_note"] = (
            {
                "text": note.text,
                "author": note.author.value,
                "written_at": utc_stamp(note.written_at),
                "never_exported": True,
            }
            if note
            else None
        )
        record["message_log"] = (
            {
                "count": log.count,
                "complete": log.complete,
                "items": [item_record(e.item, e.zone) for e in log.items],
            }
            if log.count
            else None
        )
        if args.history:
            record["history"] = [revision_record(r) for r in history]
        json.dump(record, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_incident(incident, history, received, len(pending), note, log))
    return 0


def run_behaviours(args: argparse.Namespace) -> int:
    width = max(len(k) for k in BEHAVIOURS)
    for kind, description in BEHAVIOURS.items():
        sys.stdout.write(f"{kind:<{width}}  {description}\n")
    return 0
