"""Importing a spreadsheet diary (CSV): time and memory beside floors measured in the same run.

    python benchmarks/csv_import.py [--rows 50000]

Writes a CSV of ROWS rows with realistic text in a scratch folder (deleted at the end), then
prints each figure beside its floor and the ratio:

- reading and checking every row (csv_import.plan_file) vs the csv module alone reading the same
  file, with no checks (target <= 30x: every date, time and field is parsed and checked; measured
  about 19x, 1.4 s for 50,000 rows);
- memory while reading: tracemalloc's peak beyond what the finished plan holds, against the
  file's size (target < 0.05x: the file is read a row at a time, never held whole), for ROWS and
  a quarter of ROWS (the same, flat: it does not grow with the rows);
- saving every entry in one transaction (transcription.save_new_transcribed) vs the same rows,
  formatted beforehand, written with executemany into the same tables of a second diary with the
  same key and pragmas (target <= 2x: the entries are also checked and formatted);
- the whole `diary import-csv` in a child process, wall clock (no floor: it includes the
  passphrase's key derivation at its floor, the reading, the saving and printing every row).

cipher_memory_security is process-wide once on, and both sides of the saving ratio run with it
on, in this process. It is what bounds the saving: every allocation SQLite makes outside its small
lookaside buffer is mlock()ed and munlock()ed (strace counted about 65 of each per entry, 1.3
million syscalls for 10,000 entries), so the floor itself is seconds per ten thousand entries.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from diary.domain.case import CaseDetails
from diary.domain.csv_import import open_checked, plan_file
from diary.domain.incident import canonical_json
from diary.domain.times import utc_now, utc_stamp
from diary.vault import Vault
from diary.vault.entries.transcription import save_new_transcribed
from diary.vault.keys import keys
from diary.vault.storage import chain
from diary.vault.storage.database import transaction

PASSPHRASE = "benchmark passphrase, not a secret"
ZONE = "Europe/London"
TODAY = date(2025, 1, 1)
_TEXT = (
    "he she was outside waiting again my house work car followed me along the road phone "
    "message called texted stood at gate bus stop shouted said would not leave shop window "
    "parked across street saw him friend told police scared could sleep night late"
)
WORDS = _TEXT.split()


def write_csv(path: Path, rows: int) -> None:
    rng = random.Random(20240603)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Date", "Time", "Location", "What happened", "Witnesses", "Evidence"])
        for n in range(rows):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 90))).capitalize()
            writer.writerow(
                [
                    f"{1 + n % 28:02d}/{1 + (n // 28) % 12:02d}/{2015 + (n // 336) % 9}",
                    f"{n % 24:02d}:{n % 60:02d}",
                    f"Outside number {n % 200}",
                    text + ".",
                    "Anna; Ben" if n % 3 == 0 else "",
                    "photo" if n % 5 == 0 else "",
                ]
            )


def timed(fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def report(name: str, value: float, floor: float | None, target: str, unit: str = "s") -> None:
    ratio = f"{value / floor:6.2f}x" if floor else "       "
    floor_text = f"{floor:9.3f} {unit}" if floor is not None else " " * 11
    print(f"{name:<42} {value:9.3f} {unit}   floor {floor_text}  {ratio}   target {target}")


def read_memory(path: Path) -> tuple[float, int]:
    """(peak beyond what the plan holds, in bytes as a fraction of the file, plan's rows)."""
    tracemalloc.start()
    with open_checked(path) as fp:
        result = plan_file(fp, {}, ZONE, TODAY)
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return (peak - held) / path.stat().st_size, len(result.entries)


def bare_save(vault: Vault, rows: list[tuple[tuple[object, ...], tuple[object, ...]]]) -> None:
    """The floor: the same rows, already formatted, into the same tables in one transaction."""
    conn = vault.conn
    with transaction(conn):
        (next_id,) = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM incidents").fetchone()
        revisions = chain.Appender(conn)
        for start in range(0, len(rows), 500):
            batch = rows[start : start + 500]
            ids = range(next_id + start, next_id + start + len(batch))
            conn.executemany(
                "INSERT INTO incidents (id, uid, occurred_utc, author, recorded_at, updated_at,"
                " revisions, deleted, content, last_author) VALUES (?,?,?,?,?,?,1,0,?,?)",
                [(i, *row) for i, (row, _) in zip(ids, batch, strict=True)],
            )
            conn.executemany(
                "INSERT INTO incident_fts (rowid, location, body, words, people, impact, refs)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(i, *fts) for i, (_, fts) in zip(ids, batch, strict=True)],
            )
            for i, (row, _) in zip(ids, batch, strict=True):
                revisions.add(i, str(row[0]), "create", "victim", str(row[3]), str(row[6]))
            revisions.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load} at the start")
    os.environ["EVIDENCE_DIARY_KDF_SECONDS"] = "0"
    with tempfile.TemporaryDirectory(prefix="diary-bench-") as scratch:
        path = Path(scratch) / "diary.csv"
        write_csv(path, args.rows)
        quarter = Path(scratch) / "quarter.csv"
        write_csv(quarter, args.rows // 4)
        print(f"CSV: {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB")

        def csv_alone() -> int:
            with path.open(newline="", encoding="utf-8") as text:
                return sum(1 for _ in csv.reader(text))

        _, floor = timed(csv_alone)

        def read_and_check():  # type: ignore[no-untyped-def]
            with open_checked(path) as fp:
                return plan_file(fp, {}, ZONE, TODAY)

        result, reading = timed(read_and_check)
        assert not result.problems, result.problems[:3]
        report("read and check every row", reading, floor, "<= 30x")
        whole, rows = read_memory(path)
        part, part_rows = read_memory(quarter)
        report(f"memory beyond the plan, {rows:,} rows", whole, 1.0, "< 0.05x", "x file")
        report(f"memory beyond the plan, {part_rows:,} rows", part, 1.0, "< 0.05x", "x file")

        entries = [content for _, content in result.entries]
        case = CaseDetails(name="Sam Example", initials="SE")
        vault, _ = Vault.create(Path(scratch) / "a", PASSPHRASE, case, kdf=keys.FLOOR)
        floor_vault, _ = Vault.create(Path(scratch) / "b", PASSPHRASE, case, kdf=keys.FLOOR)
        stamp = utc_stamp(utc_now())
        formatted = []
        for content in entries:
            body = canonical_json(content.to_dict()).decode()
            row = (uuid.uuid4().hex, utc_stamp(content.occurred.instant), "victim", stamp)
            formatted.append(
                ((*row, stamp, body, "victim"), tuple(content.searchable_text().values()))
            )
        _, saving_floor = timed(lambda: bare_save(floor_vault, formatted))
        done, saving = timed(lambda: save_new_transcribed(vault, entries))
        assert len(done.added) == len(entries)
        report("save every entry in one transaction", saving, saving_floor, "<= 2x")
        vault.close()
        floor_vault.close()

        folder = Path(scratch) / "c"
        environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
        diary = [sys.executable, "-m", "diary"]
        subprocess.run(
            [*diary, "init", "--diary", str(folder), "--name", "Sam", "--initials", "SE"],
            input=PASSPHRASE + "\n",
            capture_output=True,
            text=True,
            env=environment,
            check=True,
        )
        command = [*diary, "import-csv", "--diary", str(folder), str(path), "--tz", ZONE]
        child, whole_command = timed(
            lambda: subprocess.run(
                command, input=PASSPHRASE + "\n", capture_output=True, text=True, env=environment
            )
        )
        assert child.returncode == 0, child.stderr[-500:]
        report("diary import-csv, the whole command", whole_command, None, "seconds")


if __name__ == "__main__":
    main()
