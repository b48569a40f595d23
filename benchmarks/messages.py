"""Benchmark: reading message and call exports, beside reading the file as text and splitting it.

    python benchmarks/messages.py [--messages 200000] [--calls 50000]

Writes a fictional WhatsApp export (Android layout, three senders, some messages over several
lines, emoji and Arabic) and an SMS Backup & Restore calls.xml in a scratch folder (deleted at the
end). For each, in a fresh process so that peak memory is its own:

  floor    the file read whole as UTF-8 text and split into lines
           (path.read_text(encoding="utf-8").splitlines()), nothing more: a text file is read
           when it is decoded, so this is the least any reader of it can do
  bytes    the old floor, for comparison: the bytes read and split (bytes.splitlines), not
           decoded; its ratio is printed too
  read     the file identified and surveyed: every message or call parsed, its time placed in its
           zone, counted by sender and by day (what the window lists after choosing the file)
  preview  the proposals for the busiest sender: their messages grouped per day with counts,
           kinds and first and last times (what the window lists next), from the counts by
           sender and day its reading kept (a chat, and a call log in the app's own layout,
           are read in bulk); a proposal's own messages, their fingerprints and the lines to
           quote are read from the file when it is opened or saved, and each message's or
           call's own time only for the other grouping (bursts): timed after the target's
           figures, for information

Each step runs three times, each in a fresh process; the quickest of each is compared.

Targets: read + preview <= 5x the (text) floor's time, peak memory <= 200 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

_WORD_TEXT = (
    "why are you ignoring me answer your phone I saw you at the station today you can't hide "
    "I know where you work please talk to me you'll regret this sorry I just want to see you"
)
WORDS = _WORD_TEXT.split()
SENDERS = ("Chris Sample", "Sam Example", "Jo Friend")


def write_chat(path: Path, count: int) -> None:
    rng = random.Random(1)
    at = datetime(2023, 1, 1, 8, 0)
    with path.open("w", encoding="utf-8") as out:
        out.write(f"{at:%d/%m/%Y, %H:%M} - Messages and calls are end-to-end encrypted.\n")
        for n in range(count):
            at += timedelta(seconds=rng.randint(5, 600))
            sender = SENDERS[0] if rng.random() < 0.6 else rng.choice(SENDERS[1:])
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 14)))
            if n % 50 == 0:
                text += " 😡🔪"
            if n % 97 == 0:
                text += "\nسأجدك\nand another line"
            if n % 400 == 0:
                text = "<Media omitted>"
            out.write(f"{at:%d/%m/%Y, %H:%M} - {sender}: {text}\n")


def write_calls(path: Path, count: int) -> None:
    rng = random.Random(2)
    at = datetime(2023, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
            f'<calls count="{count}" backup_set="x" backup_date="0" type="full">\n'
        )
        for _ in range(count):
            at += timedelta(seconds=rng.randint(60, 3600))
            number, presentation = rng.choice(
                [("+447700900123", "1"), ("", "2"), ("+447700900555", "1")]
            )
            kind = rng.choice("123356")
            out.write(
                f'  <call number="{number}" duration="{rng.randint(0, 300) if kind in "12" else 0}"'
                f' date="{int(at.timestamp() * 1000)}" type="{kind}" presentation="{presentation}"'
                ' subscription_id="1" post_dial_digits="" subscription_component_name="null"'
                f' readable_date="{at:%d %b %Y %H:%M:%S}" contact_name="(Unknown)" />\n'
            )
        out.write("</calls>\n")


def child(step: str, path: Path) -> dict[str, float]:
    """One step in this (fresh) process: its time, and the process's peak memory after it."""
    from diary.domain.messages.options import ReadOptions, RepeatedHour
    from diary.domain.messages.proposals import Grouping, plan
    from diary.domain.messages.reading import identify
    from diary.domain.messages.survey import survey

    started = time.perf_counter()
    figures: dict[str, float] = {}
    if step == "floor":
        lines = path.read_text(encoding="utf-8").splitlines()
        figures["lines"] = len(lines)
        del lines
        figures["seconds"] = time.perf_counter() - started
    elif step == "bytes":
        lines = path.read_bytes().splitlines()
        figures["lines"] = len(lines)
        del lines
        figures["seconds"] = time.perf_counter() - started
    else:
        # The generated chat's clock never goes back, so the hours the clocks did are asked
        # about; answered here as a person would.
        options = ReadOptions("Europe/London", repeated_hour=RepeatedHour.FIRST)
        found = survey(identify(path), options)
        figures["read"] = time.perf_counter() - started
        figures["items"] = found.items
        busiest = found.ranked_senders()[0].key
        started = time.perf_counter()
        proposed = plan(found, [busiest])
        figures["preview"] = time.perf_counter() - started
        figures["proposals"] = len(proposed.proposals)
        figures["chosen"] = sum(p.count for p in proposed.proposals)
        figures["seconds"] = figures["read"] + figures["preview"]
        figures["peak_mb"] = peak_mb()
        # Not in the target: the other grouping, whose first plan reads each item's time again.
        started = time.perf_counter()
        plan(found, [busiest], Grouping.BURST, timedelta(minutes=30))
        figures["burst"] = time.perf_counter() - started
        figures["burst_peak_mb"] = peak_mb()
        return figures
    figures["peak_mb"] = peak_mb()
    return figures


def peak_mb() -> float:
    """This process's own peak resident memory. VmHWM where there is /proc: ru_maxrss can carry
    over the size of the process that started this one, across fork and exec."""
    try:
        status = Path("/proc/self/status").read_text()
        return (
            next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
            / 1024
        )
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(step: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", step, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def report(name: str, path: Path) -> bool:
    floor = min((run("floor", path) for _ in range(3)), key=lambda f: f["seconds"])
    raw = min((run("bytes", path) for _ in range(3)), key=lambda f: f["seconds"])
    whole = min((run("import", path) for _ in range(3)), key=lambda f: f["seconds"])
    ratio = whole["seconds"] / floor["seconds"]
    raw_ratio = whole["seconds"] / raw["seconds"]
    print(
        f"{name}: {path.stat().st_size / 1e6:.1f} MB, {int(floor['lines']):,} lines, "
        f"{int(whole['items']):,} items\n"
        f"  floor (read the file as text, split):   {floor['seconds'] * 1000:8.0f} ms"
        f"   peak {floor['peak_mb']:.0f} MB\n"
        f"  bytes floor (read the bytes, split):    {raw['seconds'] * 1000:8.0f} ms"
        f"   (read + preview is {raw_ratio:.1f}x this)\n"
        f"  read (parse and count by sender, day):  {whole['read'] * 1000:8.0f} ms\n"
        f"  preview ({int(whole['proposals'])} proposals, {int(whole['chosen']):,} items of "
        f"the busiest sender): {whole['preview'] * 1000:6.0f} ms\n"
        f"  read + preview:                         {whole['seconds'] * 1000:8.0f} ms"
        f"  {ratio:5.1f}x the floor (target <= 5x)   peak {whole['peak_mb']:.0f} MB "
        "(target <= 200 MB)\n"
        f"  then by bursts of 30 minutes (reads each item's time again; no target): "
        f"{whole['burst'] * 1000:.0f} ms, peak {whole['burst_peak_mb']:.0f} MB",
        flush=True,
    )
    return ratio <= 5 and whole["peak_mb"] <= 200


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--calls", type=int, default=50_000)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return
    with tempfile.TemporaryDirectory(prefix="diary-messages-bench-") as scratch_name:
        scratch = Path(scratch_name)
        chat = scratch / "WhatsApp Chat with Chris Sample.txt"
        calls = scratch / "calls.xml"
        write_chat(chat, args.messages)
        write_calls(calls, args.calls)
        met = [
            report(f"WhatsApp export, {args.messages:,} messages", chat),
            report(f"call log, {args.calls:,} calls", calls),
        ]
    print("all targets met" if all(met) else "some targets missed")


if __name__ == "__main__":
    main()
