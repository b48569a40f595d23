"""How long a verified backup (and a restore) takes, beside a plain copy of the same diary.

    python benchmarks/backup.py [--incidents 10000] [--attachments-mb 0] [--rolling 15]

Builds a diary of synthetic incidents (and attachments, in the encrypted file store) in a
scratch folder (deleted at the end), then times:

- `write_backup`: every page of the diary's database checked under the key (its HMAC) and its
  length, the hash chain walked from its checkpoint, the database packed as it is with the key
  file, fsync, the file read back and its hash checked; the attachment files carried inside,
  each checked;
- the floor: copying the diary (diary.db and its files/) to new files and fsyncing them (what
  any backup must at least do);
- the automatic backups, whose files are shared in the backup folder: the first (every file
  copied and checked; target <= 5x the floor), then one after a new entry (target <= 5x a
  copy of what changed: the database, as no file is new), then --rolling of them, each after
  one more entry, and the disk all of them use beside the diary's own size;
- `restore_with_passphrase` from the newest automatic backup into a new folder, including
  its own full check (target <= 8x the floor; Argon2id at the floor settings, as in tests,
  timed on its own too and printed beside it: in use it is calibrated to about 1 s).

Peak resident memory (VmHWM) is printed at the end; run at two sizes to see it stay flat.
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
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("EVIDENCE_DIARY_KDF_SECONDS", "0")

from diary.domain.case import CaseDetails
from diary.domain.incident import Author, IncidentContent
from diary.domain.times import parse_moment
from diary.vault import Vault
from diary.vault.backups.auto_backup import BACKUPS_FOLDER, auto_backup
from diary.vault.backups.backup import write_backup
from diary.vault.backups.restore import restore_with_passphrase
from diary.vault.entries.transcription import save_transcribed
from diary.vault.keys.keys import FLOOR, passphrase_key
from diary.vault.storage.database import DB_FILE
from diary.vault.storage.file_store import FILES_FOLDER

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


def _plain_copy_of_diary(folder: Path, target: Path) -> None:
    """Copy diary.db and every file of the store, fsyncing each (then remove the copies)."""
    target.mkdir()
    _plain_copy(folder / DB_FILE, target / DB_FILE)
    files = folder / FILES_FOLDER
    for path in sorted(files.iterdir()) if files.exists() else []:
        _plain_copy(path, target / path.name)
    target.rmdir()


def one_file_floor(folder: Path, scratch: Path, repeat: int) -> float:
    """Copying one file as large as the diary (its database and files end to end) + fsync: the
    floor as it was when the attachments were inside the database."""
    whole = scratch / "one-file.bin"
    with whole.open("wb") as out:
        for path in [folder / DB_FILE, *sorted((folder / FILES_FOLDER).glob("*"))]:
            with path.open("rb") as fp:
                shutil.copyfileobj(fp, out, 1024 * 1024)
    try:
        return min(
            _timed_once(lambda: _plain_copy(whole, scratch / "c.bin")) for _ in range(repeat)
        )
    finally:
        whole.unlink()


def _timed_once(fn: object) -> float:
    started = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - started


def _disk_used(folder: Path) -> int:
    return sum(p.stat().st_blocks * 512 for p in folder.rglob("*") if p.is_file())


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--attachments-mb", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rolling", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(5)
    with tempfile.TemporaryDirectory(prefix="diary-bench-") as scratch_name:
        scratch = Path(scratch_name)
        folder = scratch / "diary"
        vault, _ = Vault.create(folder, PASSPHRASE, CaseDetails("Bench Mark", "BM"), kdf=FLOOR)
        started = time.perf_counter()
        save_transcribed(vault, [_content(rng, n) for n in range(args.incidents)], Author.VICTIM)
        first = vault.incidents()[0].id
        for n in range(args.attachments_mb):
            vault.attach_bytes(first, f"recording-{n}.bin", os.urandom(1024 * 1024))
        # Closed and opened again, as a person's diary is from one day to the next: a session
        # that opened cleanly leaves the chain's checkpoint when it closes, and later backups
        # walk the record of changes from it, as an open does.
        for _ in range(2):
            vault.close()
            vault = Vault.open(folder, PASSPHRASE)
        vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db = folder / DB_FILE
        diary_size = _disk_used(folder)
        print(
            f"diary: {args.incidents:,} incidents, {args.attachments_mb} MB of attachments, "
            f"{db.stat().st_size / 1e6:.1f} MB database, {diary_size / 1e6:.0f} MB in all, "
            f"built in {time.perf_counter() - started:.1f} s"
        )
        copies = iter(range(1000))
        floor = _timed(
            lambda: _plain_copy_of_diary(folder, scratch / f"copy{next(copies)}"), args.repeat
        )
        db_floor = _timed(lambda: _plain_copy(db, scratch / "plain-copy.db"), args.repeat)
        one_file = one_file_floor(folder, scratch, args.repeat)
        counter = iter(range(1000))

        def backup() -> None:
            write_backup(vault, scratch / f"b{next(counter)}.backup")

        backup_time = _timed(backup, args.repeat)
        for n in range(args.repeat):
            (scratch / f"b{n}.backup").unlink()
        when = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)
        started = time.perf_counter()
        auto_backup(vault, when)
        first_auto = time.perf_counter() - started
        later = []
        # One a week for seven weeks, then several in the last: as many as the rolling set
        # keeps (the last 7 and the newest of each of 8 weeks).
        times = [when + timedelta(weeks=n) for n in range(7)]
        times += [when + timedelta(weeks=7, hours=h) for h in range(args.rolling - 7)]
        for n, moment in enumerate(times[1:], start=1):
            vault.add_incident(_content(rng, n))
            started = time.perf_counter()
            report = auto_backup(vault, moment)
            later.append(time.perf_counter() - started)
            assert report.ok, report.problems
        backups = scratch / "diary" / BACKUPS_FOLDER
        newest = sorted(backups.glob("diary-*.backup"))[-1]
        rolling_disk = _disk_used(backups)
        kept = len(list(backups.glob("diary-*.backup")))
        vault.close()
        print(f"plain copy of the diary + fsync (floor):  {floor * 1000:8.0f} ms")
        print(f"plain copy of diary.db + fsync:           {db_floor * 1000:8.0f} ms")
        print(
            f"one file the diary's size, copy + fsync:  {one_file * 1000:8.0f} ms"
            "   (the floor when attachments were inside the database)"
        )
        print(
            f"verified backup to one file (write_backup): {backup_time * 1000:6.0f} ms"
            f"   {backup_time / floor:5.1f}x the floor"
        )
        print(
            f"first automatic backup, files shared:     {first_auto * 1000:8.0f} ms"
            f"   {first_auto / floor:5.1f}x the floor (target <= 5x); "
            f"{first_auto / one_file:.1f}x the one-file copy"
        )
        typical = statistics.median(later)
        print(
            f"later automatic backup after one entry:   {typical * 1000:8.0f} ms"
            f"   {typical / db_floor:5.1f}x a copy of what changed (the database; target <= 5x)"
        )
        print(
            f"disk used by the {kept} rolling backups kept of {len(times)} made: "
            f"{rolling_disk / 1e6:8.0f} MB   ({rolling_disk / diary_size:.2f}x the diary's "
            f"{diary_size / 1e6:.0f} MB)"
        )
        restores = iter(range(1000))

        def restore() -> None:
            restore_with_passphrase(newest, scratch / f"r{next(restores)}", PASSPHRASE)

        restore_time = _timed(restore, args.repeat)
        kdf = _timed(lambda: passphrase_key(PASSPHRASE, FLOOR), args.repeat)
        print(
            f"restore + full check:                     {restore_time * 1000:8.0f} ms"
            f"   {restore_time / floor:5.1f}x the floor (target <= 8x); "
            f"{restore_time / one_file:.1f}x the one-file copy"
        )
        print(
            f"  of which key derivation (floor settings): {kdf * 1000:6.0f} ms;"
            f" beyond it {(restore_time - kdf) / floor:.1f}x the floor"
        )
        print(f"peak resident memory: {_peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
