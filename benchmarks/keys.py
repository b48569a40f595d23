"""How long a change of secrets takes, beside a plain copy of the same database.

    python benchmarks/keys.py [--incidents 10000] [--attachments-mb 1000]

A change of passphrase (or a new recovery key) re-encrypts the database under a new data key and
wraps each attachment file's key afresh (the files, in the encrypted file store, are never
rewritten), then replaces the app's own backups with one verified backup under the new key. Each
part is timed beside the floors measured in the same run: copying the diary (diary.db and its
files, as the database alone held before attachments left it) to new files and fsyncing them
(target: the re-encryption <= 3x that copy), and copying diary.db alone; and beside the least
the cryptography itself takes for the database's bytes, also measured in the run.

Peak memory is measured in a child process per size (the database's page cache and SQLCipher's
buffers are outside Python's allocator, so the child reports its peak resident set, VmHWM, taken
before and after the change): it should stay flat as the diary doubles.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("EVIDENCE_DIARY_KDF_SECONDS", "0")

from backup import (  # noqa: E402
    PASSPHRASE,
    _content,
    _plain_copy,
    _plain_copy_of_diary,
    one_file_floor,
)

from diary.domain.case import CaseDetails  # noqa: E402
from diary.domain.incident import Author  # noqa: E402
from diary.vault import Vault  # noqa: E402
from diary.vault.entries.transcription import save_transcribed  # noqa: E402
from diary.vault.keys.keys import FLOOR  # noqa: E402
from diary.vault.storage.database import DB_FILE  # noqa: E402
from diary.vault.storage.file_store import FILES_FOLDER  # noqa: E402

NEW = "a new benchmark passphrase"


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def build(folder: Path, incidents: int, attachments_mb: int) -> None:
    rng = random.Random(5)
    vault, _ = Vault.create(folder, PASSPHRASE, CaseDetails("Bench Mark", "BM"), kdf=FLOOR)
    save_transcribed(vault, [_content(rng, n) for n in range(incidents)], Author.VICTIM)
    first = vault.incidents()[0].id
    for n in range(attachments_mb):
        vault.attach_bytes(first, f"recording-{n}.bin", os.urandom(1024 * 1024))
    vault.close()


def change(folder: Path) -> dict[str, float]:
    """In this process: open, change the passphrase, return the timings and peak memory."""
    vault = Vault.open(folder, PASSPHRASE)
    rss_open = _peak_rss_mb()
    marks: dict[int, float] = {}
    started = time.perf_counter()
    result = vault.change_passphrase(
        NEW, lambda percent: marks.setdefault(percent, time.perf_counter())
    )
    ended = time.perf_counter()
    vault.close()
    return {
        "rekey": marks[70] - started,  # re-encrypted, key file in force
        "backup": ended - marks[70],
        "whole": ended - started,
        "rss_open_mb": rss_open,
        "rss_peak_mb": _peak_rss_mb(),
        "backups": len(result.made),
    }


def measure(incidents: int, attachments_mb: int, scratch: Path) -> dict[str, float]:
    folder = scratch / f"diary-{attachments_mb}"
    started = time.perf_counter()
    build(folder, incidents, attachments_mb)
    built = time.perf_counter() - started
    db = folder / DB_FILE
    floor = min(_timed_copy(db, scratch / "plain-copy.db") for _ in range(3))
    diary_floor = min(_timed_diary_copy(folder, scratch / f"copy{n}") for n in range(3))
    one_file = one_file_floor(folder, scratch, 3)
    child = subprocess.run(
        [sys.executable, __file__, "--change", str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    size_mb = db.stat().st_size / 1e6
    figures.update(floor=floor, size_mb=size_mb, built=built, crypto=crypto_floor(size_mb))
    figures.update(diary_floor=diary_floor, diary_mb=_size(folder) / 1e6, one_file=one_file)
    return figures


def crypto_floor(size_mb: float) -> float:
    """The least any re-encryption of size_mb can take here: SQLCipher decrypts (AES-256-CBC)
    and authenticates (HMAC-SHA512) every page, then encrypts and authenticates it again under
    the new key. Measured on 64 MB with the same primitives, scaled to the database's size."""
    from cryptography.hazmat.primitives import hashes, hmac
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    data, key, iv = os.urandom(64 * 1024 * 1024), os.urandom(32), os.urandom(16)
    started = time.perf_counter()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    sealed = encryptor.update(data) + encryptor.finalize()
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    decryptor.update(sealed)
    decryptor.finalize()
    for _ in range(2):
        mac = hmac.HMAC(os.urandom(64), hashes.SHA512())
        mac.update(data)
        mac.finalize()
    return (time.perf_counter() - started) * size_mb / 64


def _size(folder: Path) -> int:
    return (folder / DB_FILE).stat().st_size + sum(
        p.stat().st_size for p in (folder / FILES_FOLDER).iterdir()
    )


def _timed_diary_copy(folder: Path, target: Path) -> float:
    started = time.perf_counter()
    _plain_copy_of_diary(folder, target)
    return time.perf_counter() - started


def _timed_copy(source: Path, target: Path) -> float:
    started = time.perf_counter()
    _plain_copy(source, target)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--attachments-mb", type=int, default=1000)
    parser.add_argument("--change", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.change:
        print(json.dumps(change(args.change)))
        return
    with tempfile.TemporaryDirectory(prefix="diary-keys-bench-") as scratch_name:
        scratch = Path(scratch_name)
        rows = []
        for size in (args.attachments_mb // 2, args.attachments_mb):
            f = measure(args.incidents, size, scratch)
            rows.append(f)
            print(
                f"{args.incidents:,} incidents, {size} MB of attachments "
                f"({f['size_mb']:.0f} MB database, {f['diary_mb']:.0f} MB in all, built in "
                f"{f['built']:.0f} s):\n"
                f"  plain copy of the diary + fsync (floor): {f['diary_floor']:6.2f} s\n"
                f"  plain copy of diary.db + fsync:          {f['floor']:6.2f} s\n"
                f"  one file the diary's size, copy + fsync: {f['one_file']:6.2f} s "
                "(the floor when attachments were inside the database)\n"
                f"  re-encryption under the new key:         {f['rekey']:7.2f} s"
                f"  {f['rekey'] / f['diary_floor']:5.2f}x the floor (target <= 3x); "
                f"{f['rekey'] / f['one_file']:.2f}x the one-file copy; "
                f"{f['rekey'] / f['floor']:.2f}x the copy of diary.db\n"
                f"  decrypting and encrypting every page, the cryptography alone: "
                f"{f['crypto']:.2f} s ({f['crypto'] / f['floor']:.1f}x the floor); "
                f"the re-encryption is {f['rekey'] / f['crypto']:.2f}x that\n"
                f"  new verified backup, old ones deleted:   {f['backup']:7.2f} s"
                f"  {f['backup'] / f['diary_floor']:5.2f}x the floor\n"
                f"  whole change:                            {f['whole']:7.2f} s"
                f"  {f['whole'] / f['diary_floor']:5.2f}x the floor\n"
                f"  peak resident memory: {f['rss_open_mb']:.0f} MB after opening, "
                f"{f['rss_peak_mb']:.0f} MB after the change",
                flush=True,
            )
        grown = rows[1]["rss_peak_mb"] - rows[0]["rss_peak_mb"]
        print(
            f"doubling the attachments ({rows[0]['size_mb']:.0f} -> {rows[1]['size_mb']:.0f} MB) "
            f"changed the peak memory by {grown:+.0f} MB"
        )


if __name__ == "__main__":
    main()
