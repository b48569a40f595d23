"""Vault performance beside floors measured in the same run: unlock, list, search, import.

    python benchmarks/vault.py [--incidents 10000] [--screenshots 100] [--kdf-seconds 1.0]

Builds a diary of synthetic incidents with realistic text lengths in a scratch folder (deleted
at the end), then prints each figure beside its floor and the ratio:

- unlock: the Argon2id derivation with the calibrated settings vs a bare Argon2id call with the
  same settings, and the open beyond the derivation (target <= 150 ms);
- listing every incident (Vault.incidents) vs a bare `SELECT * FROM incidents` on a second
  connection with the same key and pragmas (target <= 2x);
- one search for a word in about 1% of entries (target <= 20 ms);
- importing one-megabyte PNG screenshots, thumbnails included, vs SHA-256 plus one BLOB insert
  per file in its own transaction with the same pragmas (target <= 2x).

cipher_memory_security is process-wide once on, so both sides of every ratio run with it on.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlcipher3
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from diary.domain.case import CaseDetails
from diary.domain.incident import IncidentContent, NewFile, Source
from diary.domain.times import parse_moment
from diary.vault import Vault
from diary.vault.keys import keys

PASSPHRASE = "benchmark passphrase, not a secret"
RARE_WORD = "zebracrossing"
_WORD_TEXT = (
    "he she was outside waiting again my house work car followed me along the road phone "
    "message called texted stood at gate bus stop shouted said would not leave shop window "
    "parked across street saw him her friend told police scared could sleep night late "
    "early walked past twice watching school children door knocked left note flowers "
    "threatening"
)
WORDS = _WORD_TEXT.split()
BEHAVIOURS = ["following", "loitering", "contact", "threats", "watching"]


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _content(rng: random.Random, n: int) -> IncidentContent:
    day = 1 + n % 28
    month = 1 + (n // 28) % 12
    year = 2020 + n // (28 * 12)
    text = " ".join(_sentence(rng, rng.randint(8, 25)) for _ in range(rng.randint(2, 12)))
    if n % 100 == 0:
        text += f" He drove over the {RARE_WORD} twice."
    fields: dict[str, object] = {}
    if rng.random() < 0.5:
        fields["words"] = _sentence(rng, rng.randint(4, 15))
    if rng.random() < 0.4:
        fields["impact"] = _sentence(rng, rng.randint(6, 30))
    if rng.random() < 0.3:
        fields["fear"] = _sentence(rng, rng.randint(4, 12))
    return IncidentContent(
        occurred=parse_moment(f"{year}-{month:02d}-{day:02d}T{n % 24:02d}:15", "Europe/London"),
        location=_sentence(rng, rng.randint(2, 6)),
        text=text,
        behaviours=tuple(rng.sample(BEHAVIOURS, rng.randint(0, 2))),
        **fields,  # type: ignore[arg-type]
    )


def _raw_connection(path: Path, raw_key: bytes) -> sqlcipher3.Connection:
    """A bare connection with the same key and pragmas the vault asserts."""
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{raw_key.hex()}'\"")
    conn.execute("PRAGMA cipher_memory_security = ON")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA secure_delete = ON")
    return conn


def _screenshot(seed: int) -> bytes:
    """A PNG screenshot of about 1 MB: flat panels and text-like noise, as real ones are."""
    rng = random.Random(seed)
    image = Image.new("RGB", (1280, 800), (245, 245, 245))
    draw = ImageDraw.Draw(image)
    for row in range(12):
        y = 20 + row * 64
        draw.rectangle((40, y, 1240, y + 52), fill=(255, 255, 255), outline=(220, 220, 220))
    noise = Image.effect_noise((1200, 340), 90 + seed % 7).convert("RGB")
    image.paste(noise, (40, 20 + rng.randint(0, 400)))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def report(name: str, value: float, floor: float | None, target: str) -> None:
    ratio = f"{value / floor:5.2f}x" if floor else "     "
    floor_text = f"{floor * 1000:9.1f} ms" if floor is not None else " " * 12
    print(f"{name:<34} {value * 1000:9.1f} ms   floor {floor_text}   {ratio}   target {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--screenshots", type=int, default=100)
    parser.add_argument("--kdf-seconds", type=float, default=1.0)
    args = parser.parse_args()
    rng = random.Random(20240603)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    # Figures move with whatever else the machine is doing; say what that was.
    print(f"{os.cpu_count()} CPUs, load average {load} at the start")

    with tempfile.TemporaryDirectory(prefix="diary-bench-") as scratch:
        folder = Path(scratch) / "diary"
        params = keys.calibrate(args.kdf_seconds)
        started = time.perf_counter()
        vault, _ = Vault.create(
            folder, PASSPHRASE, CaseDetails(name="Sam Example", initials="SE"), kdf=params
        )
        # Building only: one fsync per entry would make a 10,000-entry build take minutes.
        vault.conn.execute("PRAGMA synchronous = OFF")
        for n in range(args.incidents):
            vault.add_incident(_content(rng, n))
        vault.conn.execute("PRAGMA synchronous = FULL")
        vault.close()
        db_size = (folder / "diary.db").stat().st_size
        print(
            f"diary: {args.incidents:,} incidents, {db_size / 1e6:.1f} MB, built in "
            f"{time.perf_counter() - started:.1f} s; Argon2id m={params.memory_kib // 1024} MiB "
            f"t={params.iterations} p={params.lanes}"
        )

        keyfile = keys.read_key_files(folder)[0][0][1]

        def bare_argon2id() -> None:
            Argon2id(
                salt=keyfile.salt,
                length=32,
                iterations=params.iterations,
                lanes=params.lanes,
                memory_cost=params.memory_kib,
            ).derive(PASSPHRASE.encode())

        # Vault.open's own derivation is timed where it happens, so the open beyond it is
        # measured directly rather than as a difference of two noisy figures.
        derivations: list[float] = []
        real_derive = keys.derive_argon2

        def timed_derive(secret: bytes, salt: bytes, kdf: keys.KdfParams) -> bytes:
            started = time.perf_counter()
            try:
                return real_derive(secret, salt, kdf)
            finally:
                derivations.append(time.perf_counter() - started)

        keys.derive_argon2 = timed_derive  # type: ignore[assignment]
        bare_argon2id()  # the first derivation also pays for mapping its memory
        bare_times, kdf_times, beyond_times = [], [], []
        for _ in range(3):  # interleaved, so a busy moment on the machine hits both
            bare_times.append(_median(bare_argon2id, 1))
            started = time.perf_counter()
            opened = Vault.open(folder, PASSPHRASE)
            total = time.perf_counter() - started
            opened.close()  # closing (a checkpoint) is not part of unlocking
            kdf_times.append(derivations[-1])
            beyond_times.append(total - derivations[-1])
        keys.derive_argon2 = real_derive
        report(
            "unlock: key derivation",
            statistics.median(kdf_times),
            statistics.median(bare_times),
            "= Argon2id",
        )
        report("unlock: open beyond derivation", statistics.median(beyond_times), None, "<= 150 ms")

        vault = Vault.open(folder, PASSPHRASE)
        raw_key = keys.derive_database_key(vault._data_key)
        bare = _raw_connection(folder / "diary.db", raw_key)
        try:
            listing_floor = _median(lambda: bare.execute("SELECT * FROM incidents").fetchall(), 5)
            listed: list[int] = []
            listing = _median(lambda: listed.append(len(vault.incidents())), 5)
            assert listed[-1] == args.incidents
            report(f"list {args.incidents:,} incidents", listing, listing_floor, "<= 2x")

            hits: list[int] = []
            search = _median(lambda: hits.append(len(vault.search(RARE_WORD))), 9)
            report(f"search ({hits[-1]} of {args.incidents:,} match)", search, None, "<= 20 ms")
        finally:
            bare.close()

        shots = [_screenshot(seed) for seed in range(min(args.screenshots, 10))]
        files = [shots[i % len(shots)] for i in range(args.screenshots)]
        mean = sum(len(f) for f in files) / len(files)
        floor_conn = _raw_connection(Path(scratch) / "floor.db", os.urandom(32))
        floor_conn.execute("CREATE TABLE files (sha256 TEXT, data BLOB)")

        def floor_import() -> None:
            for data in files:
                digest = hashlib.sha256(data).hexdigest()
                floor_conn.execute("BEGIN IMMEDIATE")
                floor_conn.execute("INSERT INTO files VALUES (?, ?)", (digest, data))
                floor_conn.execute("COMMIT")

        def vault_import() -> None:
            # A batch, as screenshots usually arrive (dropped or chosen together): previews of
            # the next files are made while earlier ones are written.
            batch = [
                (1 + i % 50, f"screenshot-{i}.png", data, Source()) for i, data in enumerate(files)
            ]
            for attachment in vault.attach_many(batch):
                assert attachment.has_thumbnail

        picked = Path(scratch) / "picked"
        picked.mkdir()
        paths = []
        for i, data in enumerate(files):
            paths.append(picked / f"screenshot-{i}.png")
            paths[-1].write_bytes(data)

        def floor_from_files() -> None:
            for path in paths:
                data = path.read_bytes()
                digest = hashlib.sha256(data).hexdigest()
                floor_conn.execute("BEGIN IMMEDIATE")
                floor_conn.execute("INSERT INTO files VALUES (?, ?)", (digest, data))
                floor_conn.execute("COMMIT")

        def vault_from_files() -> None:
            # Files chosen or dropped in the window, or given to `diary attach`: read from disk.
            chosen = [NewFile.from_path(1 + i % 50, path) for i, path in enumerate(paths)]
            for attachment in vault.attach_each(chosen):
                assert not isinstance(attachment, Exception) and attachment.has_thumbnail

        import_floor = _median(floor_import, 1)
        imported = _median(vault_import, 1)
        files_floor = _median(floor_from_files, 1)
        from_files = _median(vault_from_files, 1)
        floor_conn.close()
        vault.close()
        report(f"import {len(files)} PNGs of {mean / 1e6:.2f} MB", imported, import_floor, "<= 2x")
        report(f"import {len(files)} PNG files from disk", from_files, files_floor, "<= 2x")


if __name__ == "__main__":
    main()
