"""export, verify and demo: the evidence pack for police, checking a bundle, a diary to try."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from diary.domain.errors import InvalidInput, VerificationFailed
from diary.domain.times import parse_day

if TYPE_CHECKING:
    from diary.export.pack import EvidencePack
    from diary.export.verify import VerifyReport

from .common import (
    add_behaviour_filter,
    add_diary_option,
    diary_folder,
    entry_numbers,
    open_vault,
    read_new_passphrase,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export", help="write the evidence pack (PDF) and the bundle of originals")
    add_diary_option(p)
    p.add_argument("--pdf", required=True, type=Path, metavar="OUT.pdf", help="the PDF to write")
    p.add_argument(
        "--bundle",
        type=Path,
        metavar="OUT.zip",
        help="also write the signed bundle of original files",
    )
    p.add_argument("--from", dest="start", metavar="DATE", help="first day to include")
    p.add_argument("--to", dest="end", metavar="DATE", help="last day to include")
    add_behaviour_filter(p)
    p.add_argument("--ids", metavar="N,N,...", help="only these entries (numbers, comma-separated)")
    p.add_argument(
        "--leave-out",
        metavar="N,N,...",
        help="leave these entries out (a duplicate, one not relevant); the pack says so",
    )
    p.add_argument(
        "--no-impact",
        action="store_true",
        help="leave out how each incident felt and its effect on daily life, everywhere",
    )
    p.add_argument(
        "--vps",
        action="store_true",
        help="add a draft Victim Personal Statement made from the impact notes",
    )
    p.add_argument(
        "--statement-txt",
        type=Path,
        metavar="OUT.txt",
        help="also write the draft statement as plain text, for a force's own template",
    )
    p.add_argument(
        "--statement-docx",
        type=Path,
        metavar="OUT.docx",
        help="also write the draft statement as a Word document, for a force's own template",
    )
    p.add_argument(
        "--located-originals",
        choices=["include", "leave-out"],  # disclosure.LocatedChoice, not imported at start
        help="for original pictures that carry location data (GPS): include them in the "
        "bundle as they are, or leave them out of it (asked for when there are any)",
    )
    p.add_argument(
        "--statement-name",
        metavar="NAME",
        default="",
        help="the name on the statement (default: the diary's)",
    )
    p.add_argument("--occupation", metavar="TEXT", default="", help="occupation on the statement")
    p.add_argument("--quiet", action="store_true", help="do not show progress")
    p.set_defaults(run=run_export)

    v = sub.add_parser("verify", help="check a bundle (needs neither the diary nor a passphrase)")
    v.add_argument("bundle", type=Path, metavar="BUNDLE.zip")
    v.add_argument(
        "--key",
        metavar="FINGERPRINT",
        help="the signing key fingerprint the person gave you themselves (read out, or texted "
        "from their own phone); in quotes if it has spaces",
    )
    v.set_defaults(run=run_verify)

    d = sub.add_parser("demo", help="make a fictional diary to try the app (passphrase asked)")
    d.add_argument("folder", type=Path, metavar="DIR")
    d.set_defaults(run=run_demo)


def _located_lines(pack: EvidencePack) -> list[str]:
    """What became of originals that carry location data, said where the person will see it."""
    from diary.export.disclosure import LocatedChoice

    located = pack.disclosure.located
    if not located:
        return []
    marks = {e.attachment.id: e.mark for e in pack.exhibits}
    named = ", ".join(marks.get(o.attachment_id, "?") for o in located)
    if pack.disclosure.located_choice is LocatedChoice.INCLUDE:
        return [f"In the bundle with their location data, as you chose: {named}."]
    return [f"Left out of the bundle for their location data, as you chose: {named}."]


def run_export(args: argparse.Namespace) -> int:
    from diary.export.export_pack import partial_paths, write_pack
    from diary.export.output_file import partial_path
    from diary.export.pack import PackOptions, build_pack
    from diary.export.signing import diary_signing_key
    from diary.export.statement_files import check_new_file, write_statement_copies

    options = PackOptions(
        start=parse_day(args.start, "--from") if args.start else None,
        end=parse_day(args.end, "--to") if args.end else None,
        behaviours=tuple(args.behaviour or ()),
        ids=entry_numbers(args.ids),
        left_out=entry_numbers(args.leave_out, "--leave-out"),
        include_impact=not args.no_impact,
        statement_name=args.statement_name,
        occupation=args.occupation,
        located_originals=args.located_originals or "",
        vps=args.vps,
    )
    if options.start and options.end and options.end < options.start:
        raise InvalidInput("--to is before --from.")
    if args.vps and args.no_impact:
        raise InvalidInput(
            "--vps is made from the impact notes, which --no-impact leaves out: choose one."
        )
    outputs = [
        (args.pdf, "PDF"),
        (args.bundle, "bundle"),
        (args.statement_txt, "statement text"),
        (args.statement_docx, "statement document"),
    ]
    chosen = [(path, what) for path, what in outputs if path is not None]
    for path, what in chosen:
        check_new_file(path, what)
    if len({path.resolve() for path, _ in chosen}) < len(chosen):
        raise InvalidInput("Each file to write must have a name of its own.")
    shown = [-1]

    def progress(step: str, fraction: float) -> None:
        percent = int(fraction * 100)
        if not args.quiet and sys.stderr.isatty() and percent != shown[0]:
            shown[0] = percent
            sys.stderr.write(f"\rWriting the {step}: {percent}%   ")

    # The diary stays open while the files are written: exhibits are read from it one by one.
    # A diary on read-only media can be exported too (nothing in it changes).
    with open_vault(args, writes=False) as vault, build_pack(vault, options) as pack:
        key = diary_signing_key(vault)
        # The statement's copies are written by way of a .partial file too (statement_files).
        copies_of = [Path(p) for p in (args.statement_txt, args.statement_docx) if p is not None]
        unfinished = partial_paths(args.pdf, args.bundle) + [partial_path(p) for p in copies_of]
        with vault.writing_outside(unfinished):
            result = write_pack(pack, key, args.pdf, args.bundle, progress)
            copies = write_statement_copies(pack, args.statement_txt, args.statement_docx)
    if not args.quiet and sys.stderr.isatty():
        sys.stderr.write("\n")
    received = f"{len(pack.received)} received from others, " if pack.received else ""
    sys.stdout.write(
        f"Wrote {result.pdf} ({result.pages} pages: {len(pack.incidents)} incidents, "
        f"{received}{len(pack.exhibits)} exhibits).\n"
    )
    if result.bundle is not None:
        sys.stdout.write(f"Wrote {result.bundle} ({result.manifest_files} files, signed).\n")
    for copy in copies:
        sys.stdout.write(f"Wrote {copy} (the draft statement, for a force's own template).\n")
    for line in _located_lines(pack):
        sys.stdout.write(line + "\n")
    sys.stdout.write(f"Signing key fingerprint: {result.signing_key_fingerprint}\n")
    return 0


_SECOND_CHANNEL = (
    "Ask the person for their signing key fingerprint by a second channel (read out to you when "
    "they hand the bundle over, or texted from their own phone; never from the bundle or the "
    "PDF, which anyone who changed them could change too), then run:\n"
    '  diary verify {bundle} --key "FINGERPRINT"\n'
)
_KEY_CHANGED = (
    "If the person has changed their passphrase since they made this bundle, their diary "
    "has a new key: ask them for a new export, or for the fingerprint on the day they made it."
)


def _chain_lines(report: VerifyReport) -> str:
    """What the revisions in entries.json showed, with the chain head to compare with the cover."""
    check = report.revisions
    if check is None:
        return (
            "Revisions: this bundle was made before bundles held every revision of their "
            "entries, so there is no chain head to work out.\n"
        )
    if check.complete:
        how = f"all {check.revisions:,} revisions in the diary worked out again from their content"
    else:
        others = check.revisions - check.worked_out
        these = f"{check.worked_out:,} revision{'s' if check.worked_out != 1 else ''}"
        how = (
            f"the {these} of the entries in this bundle worked out again from their content "
            f"and found in place among the diary's {check.revisions:,}; the other {others:,} "
            f"{'is' if others == 1 else 'are'} of entries not in it, listed by hash only"
        )
    if check.by_hash_only:
        n = check.by_hash_only
        how += (
            f"; of the entries in this bundle, {check.worked_out:,} revision"
            f"{'s' if check.worked_out != 1 else ''} checked in full and {n:,} listed by hash "
            f"only (impact left out of the pack: {'its' if n == 1 else 'their'} place in the "
            "chain checked, not their content)"
        )
    return f"Revision chain head: {check.head} ({how})\n"


def run_verify(args: argparse.Namespace) -> int:
    from diary.export.signing import parse_fingerprint
    from diary.export.verify import verify_bundle

    from .text_view import visible

    expected = None
    if args.key is not None:
        try:
            expected = parse_fingerprint(args.key)
        except InvalidInput as exc:
            raise InvalidInput(f"--key: {exc.message}") from None
    if args.bundle.is_dir():
        raise InvalidInput(f"{args.bundle} is a folder; give the bundle's .zip file.")
    if not args.bundle.is_file():
        raise InvalidInput(f"There is no file at {args.bundle}.")
    report = verify_bundle(args.bundle, expected)
    if not report.ok:
        # Every name and text here comes from the bundle: shown, never obeyed by the terminal.
        lines = "\n".join(f"  - {visible(p, one_line=True)}" for p in report.problems)
        count = f"{len(report.problems)} problem{'s' if len(report.problems) != 1 else ''}"
        if report.key_mismatch:
            raise VerificationFailed(
                f"the bundle was not signed by the key you were given ({count}):\n{lines}\n"
                + _KEY_CHANGED
            )
        raise VerificationFailed(f"the bundle failed the check ({count}):\n{lines}")
    produced = visible(report.produced_at, one_line=True)
    if report.anchored:
        sys.stdout.write(
            "The bundle is intact and was signed by the key you were given: "
            f"{report.files_checked} files match its signed manifest.\n"
            f"Signing key fingerprint: {report.key_fingerprint} (matches the one you gave)\n"
            f"Bundle fingerprint: {report.content_fingerprint} (worked out from the files)\n"
            + _chain_lines(report)
            + f"Produced (as the signed manifest states): {produced}\n"
            "A copy of the PDF handed over on its own should show the same bundle fingerprint "
            "and revision chain head on its cover.\n"
        )
        return 0
    bundle = shlex.quote(visible(str(args.bundle), one_line=True))
    sys.stdout.write(
        f"The bundle agrees with itself: {report.files_checked} files match its manifest, "
        "and the manifest is signed by the key inside the bundle.\n"
        f"Signing key fingerprint: {report.key_fingerprint} (worked out from that key)\n"
        f"Bundle fingerprint: {report.content_fingerprint} (worked out from the files)\n"
        + _chain_lines(report)
        + f"Produced (as the signed manifest states): {produced}\n"
        "\n"
        "This does NOT show who made the bundle: anyone could change a file and sign the "
        "bundle again with a key of their own, and it would still agree with itself.\n"
        + _SECOND_CHANNEL.format(bundle=bundle)
    )
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from diary.export.demo import make_demo_diary

    passphrase = read_new_passphrase("Passphrase for the demo diary: ")
    count, recovery = make_demo_diary(
        diary_folder(argparse.Namespace(diary=args.folder)), passphrase
    )
    sys.stdout.write(
        f"Made a demo diary in {args.folder} with {count} fictional incidents.\n"
        f"Its recovery key (fictional data, but keep it if you want to try recovery): {recovery}\n"
    )
    return 0
