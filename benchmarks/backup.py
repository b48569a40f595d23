"""How long a verified backup (and a restore) takes, beside a plain copy of the same database.

    python benchmarks/backup.py [--incidents 10000] [--attachments-mb 0]

Builds a diary of synthetic incidents in a scratch folder (deleted at the end), then times:

- `write_backup`: the online snapshot under the same key, opening the copy, cipher and SQLite
  integrity checks, the hash chain walk, counts, packing with the key file, fsync, reading the
  file back and checking its hashes;
- the floor: copying diary.db to a new file and fsyncing it (what any backup must at least do);
- `restore_with_passphrase` into a new folder, including its own full check (Argon2id at the
  floor settings, as in tests).

cipher_memory_security is process-wide once on; both sides run in this one process.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("EVIDENCE_DIARY_KDF_SECONDS", "0")

from diary.domain.case import CaseDetails
from diary.domain.incident import Author, IncidentContent
from diary.domain.times import parse_moment
from diary.vault import Vault
from diary.vault.backups.backup import write_backup
from diary.vault.backups.restore import restore_with_passphrase
from diary.vault.entries.transcription import save_transcribed
from diary.vault.keys.keys import FLOOR
from diary.vault.storage.database import DB_FILE

PASSPHRASE = "benchmark passphrase, not a secret"
_WORD_TEXT = (
    "he she was outside waiting again my house work car followed me along the road phone "
    "message called texted stood at gate bus stop shouted said would not leave shop window "
    "parked across street saw him friend told police scared could sleep night late"
)
WORDS = _WORD_TEXT.split()


def _content(rng: random.Random, n: int) -> IncidentContent:
    day = 1 + n % 28
    return IncidentContent(
        occurred=parse_moment(f"2024-{1 + n % 12:02d}-{day:02d}T{n % 24:02d}:15", "Europe/London")
        if n % 24 not in (1,)
        else parse_moment(f"2024-{1 + n % 12:02d}-{day:02d}", "Europe/London"),
        location=" ".join(rng.choices(WORDS, k=3)),
        text=" ".join(rng.choices(WORDS, k=rng.randint(40, 250))),
        impact=" ".join(rng.choices(WORDS, k=20)),
        behaviours=("following",) if n % 3 else ("contact", "threats"),
    )


def _timed(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _plain_copy(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
    with target.open("rb+") as fp:
        os.fsync(fp.fileno())
    target.unlink()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--attachments-mb", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(5)
    with tempfile.TemporaryDirectory(prefix="diary-bench-") as scratch_name:
        scratch = Path(scratch_name)
        vault, _ = Vault.create(
            scratch / "diary", PASSPHRASE, CaseDetails("Bench Mark", "BM"), kdf=FLOOR
        )
        started = time.perf_counter()
        save_transcribed(vault, [_content(rng, n) for n in range(args.incidents)], Author.VICTIM)
        first = vault.incidents()[0].id
        for n in range(args.attachments_mb):
            vault.attach_bytes(first, f"recording-{n}.bin", os.urandom(1024 * 1024))
        vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db = scratch / "diary" / DB_FILE
        print(
            f"diary: {args.incidents:,} incidents, {args.attachments_mb} MB of attachments, "
            f"{db.stat().st_size / 1e6:.1f} MB database, built in "
            f"{time.perf_counter() - started:.1f} s"
        )
        floor = _timed(lambda: _plain_copy(db, scratch / "plain-copy.db"), args.repeat)
        counter = iter(range(1000))

        def backup() -> None:
            write_backup(vault, scratch / f"b{next(counter)}.backup")

        backup_time = _timed(backup, args.repeat)
        vault.close()
        restores = iter(range(1000))

        def restore() -> None:
            restore_with_passphrase(
                scratch / "b0.backup", scratch / f"r{next(restores)}", PASSPHRASE
            )

        restore_time = _timed(restore, args.repeat)
        print(f"plain copy of diary.db + fsync (floor): {floor * 1000:8.0f} ms")
        print(
            f"verified backup (write_backup):         {backup_time * 1000:8.0f} ms"
            f"   {backup_time / floor:5.1f}x the floor"
        )
        print(
            f"restore + full check:                   {restore_time * 1000:8.0f} ms"
            f"   {restore_time / floor:5.1f}x the floor"
        )


if __name__ == "__main__":
    main()
