"""import-messages: messages and calls from a chat export, a text or call log, or e-mail,
counted and quoted from the file itself, previewed first, saved together or not at all."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from diary.domain.errors import EXIT_USAGE, InvalidInput
from diary.domain.incident import Author
from diary.domain.messages.options import (
    DateOrder,
    DatesUnclear,
    ReadOptions,
    RepeatedHour,
    RepeatedHourUnclear,
)
from diary.domain.messages.proposals import DEFAULT_QUOTES, Grouping, ImportPlan, plan
from diary.domain.messages.quoting import LANGUAGES
from diary.domain.messages.reading import identify
from diary.domain.messages.survey import Survey, survey
from diary.domain.times import system_zone, zone_named
from diary.vault.messages import message_log

from .common import add_diary_option, open_vault
from .message_view import (
    plan_record,
    plan_text,
    saved_record,
    saved_text,
    survey_record,
    survey_text,
)

NEW = -1  # --merge KEY=new: a new entry, whatever the import would suggest


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "import-messages",
        help="import messages and calls (WhatsApp, SMS Backup & Restore, e-mail, Telegram); "
        "try --dry-run first",
        description="Reads a WhatsApp 'Export chat' (.txt or .zip), an SMS Backup & Restore "
        "sms.xml or calls.xml, an e-mail (.eml) or mailbox (.mbox), or Telegram Desktop's "
        "result.json. Without --from-sender it lists who sent what. See docs/cli.md.",
    )
    add_diary_option(p)
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="show what would be imported; save none")
    p.add_argument(
        "--tz", metavar="ZONE", help="time zone of the file's times (default: this computer's)"
    )
    p.add_argument(
        "--from-sender",
        action="append",
        default=[],
        metavar="NAME",
        help="a sender or number who is the suspect, or acts for them (repeat for more)",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output (docs/cli.md)")
    p.add_argument(
        "--dates",
        choices=[o.value for o in DateOrder],
        help="when the file cannot tell: is 03/06 the 3rd of June (day-first) or the 6th of "
        "March (month-first)?",
    )
    p.add_argument(
        "--repeated-hour",
        choices=[o.value for o in RepeatedHour],
        help="messages in the hour the clocks went back that the file's order does not place: "
        "the first time round or the second",
    )
    p.add_argument(
        "--per",
        choices=[g.value for g in Grouping],
        default=Grouping.DAY.value,
        help="one proposed entry per day (default) or per burst",
    )
    p.add_argument(
        "--gap",
        type=int,
        default=60,
        metavar="MINUTES",
        help="with --per burst: a gap longer than this starts a new entry (default 60)",
    )
    p.add_argument(
        "--quote",
        type=int,
        default=DEFAULT_QUOTES,
        metavar="N",
        help="quote the N lines of each entry most likely to be threats, in their exact words "
        f"(default {DEFAULT_QUOTES}; 0 for none; threatening words are looked for in "
        f"{LANGUAGES} only)",
    )
    p.add_argument(
        "--merge",
        action="append",
        default=[],
        metavar="KEY=ENTRY",
        help="add the proposal KEY (its day, as listed) to entry ENTRY instead of a new one "
        "(repeat)",
    )
    p.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="KEY",
        help="leave out the proposal KEY (repeat)",
    )
    p.add_argument("--author", choices=[a.value for a in Author], default=Author.VICTIM.value)
    p.set_defaults(run=run_import_messages)


def _survey(args: argparse.Namespace) -> Survey:
    zone = args.tz or system_zone()
    zone_named(zone)
    options = ReadOptions(
        zone,
        DateOrder(args.dates) if args.dates else None,
        RepeatedHour(args.repeated_hour) if args.repeated_hour else None,
    )
    source = identify(Path(args.file))
    try:
        return survey(source, options)
    except DatesUnclear as exc:
        raise InvalidInput(f"{exc.message} Give --dates day-first or --dates month-first.") from exc
    except RepeatedHourUnclear as exc:
        raise InvalidInput(
            f"{exc.message} Give --repeated-hour first or --repeated-hour second."
        ) from exc


def _chosen(result: Survey, wanted: list[str]) -> list[str]:
    keys: list[str] = []
    listed = ", ".join(repr(s.name) for s in result.ranked_senders()[:12])
    for name in wanted:
        found = result.match(name)
        if not found:
            raise InvalidInput(
                f"No sender or number in the file is {name!r}. The file's senders are: {listed}."
            )
        if len({s.name.casefold() for s in found}) > 1:
            names = ", ".join(repr(s.name) for s in found[:8])
            raise InvalidInput(
                f"{name!r} could mean several senders ({names}); give the whole name or number."
            )
        keys += [s.key for s in found if s.key not in keys]
    return keys


def _apply_choices(result: ImportPlan, args: argparse.Namespace) -> None:
    keys = {p.key: p for p in result.proposals}
    for key in args.skip:
        if key not in keys:
            raise InvalidInput(f"--skip {key!r}: no proposed entry has that key (see --dry-run).")
        keys[key].chosen = False
    for pair in args.merge:
        key, sep, entry = pair.rpartition("=")
        entry = entry.strip().lower()
        if not sep or key not in keys or not (entry.isdigit() or entry == "new"):
            raise InvalidInput(
                f"--merge {pair!r} should be KEY=ENTRY (or KEY=new), with a key listed by "
                "--dry-run (e.g. 2024-06-03=12)."
            )
        keys[key].into = NEW if entry == "new" else int(entry)


def _write_json(record: dict[str, Any]) -> None:
    json.dump(record, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def run_import_messages(args: argparse.Namespace) -> int:
    if args.gap < 1 or args.quote < 0:
        raise InvalidInput("--gap must be at least 1 minute and --quote at least 0.")
    result = _survey(args)
    record: dict[str, Any] = survey_record(result)
    if not args.from_sender:
        if args.json:
            _write_json({**record, "plan": None, "saved": None})
        else:
            sys.stdout.write(survey_text(result))
            sys.stdout.write(
                "Say who is the suspect (or acts for them) with --from-sender NAME (repeat for "
                "more); nothing was saved.\n"
            )
        return 0 if args.dry_run else EXIT_USAGE
    keys = _chosen(result, args.from_sender)
    proposed = plan(result, keys, Grouping(args.per), timedelta(minutes=args.gap), args.quote)
    _apply_choices(proposed, args)
    if args.dry_run or not proposed.proposals:
        if args.json:
            _write_json({**record, "plan": plan_record(proposed), "saved": None})
        else:
            sys.stdout.write(survey_text(result) + plan_text(proposed))
            sys.stdout.write(
                "Nothing was saved (--dry-run).\n" if args.dry_run else "Nothing to save.\n"
            )
        return 0
    with open_vault(args) as vault:
        said = {p.key: p.into for p in proposed.proposals if p.into is not None}
        message_log.prepare(vault, proposed, args.quote)
        for p in proposed.proposals:  # what the person said wins over the suggestions
            if p.key in said:
                p.into = None if said[p.key] == NEW else said[p.key]
        done = message_log.save(vault, proposed, Author(args.author))
    if args.json:
        _write_json({**record, "plan": plan_record(proposed), "saved": saved_record(done)})
    else:
        sys.stdout.write(survey_text(result) + plan_text(proposed) + saved_text(done))
    return 0
