"""Ten times the diary: open, list, search, check and the window at 100,000 entries, each beside
a floor measured in the same run.

    python benchmarks/scale.py [--incidents 100000] [--revisions 1000000] [--skip-window]

Builds (once; kept under /tmp/diary-scale-cache for the next run, encrypted as any diary is)
a diary of synthetic entries of realistic length, written in one transaction through the
vault's bulk insert, and a second diary of short entries, each changed until the diary holds
--revisions revisions, for the open. Prints, for each row of issue 17 this script covers:

- open beyond key derivation: the first open (no checkpoint yet: the whole chain) and a later
  one (from the checkpoint), at --incidents and at --revisions revisions (target <= 150 ms);
- `diary list` and `diary search` as whole processes (time and peak memory) beside a process
  that derives the key as every unlock must (Argon2id, with the diary's own settings) and then
  only selects the same rows and prints them (target <= 2x); search beside the query for
  matching ids alone;
- `diary check` beside SQLCipher's own page and structure checks;
- the window: unlock to a painted timeline beyond key derivation (target <= 500 ms), saving
  one entry, and the first letter of a search to the filtered view painted (target <= 50 ms).

Backups and exports are measured elsewhere (benchmarks/backup.py, benchmarks/export.py).
cipher_memory_security is process-wide once on, so floors run with it on as the vault does.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["EVIDENCE_DIARY_KDF_SECONDS"] = "0"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.vault import BEHAVIOURS, PASSPHRASE, _content, _raw_connection
from diary.domain.case import CaseDetails
from diary.domain.incident import Author, IncidentContent
from diary.domain.times import parse_moment, utc_now, utc_stamp
from diary.vault import Vault
from diary.vault.entries import incidents
from diary.vault.keys import keys
from diary.vault.storage import chain
from diary.vault.storage.database import transaction
from diary.vault.storage.schema import SCHEMA_VERSION

CACHE = Path("/tmp/diary-scale-cache")
COMMON_WORD = "was"  # in most entries, as a common word is

# The peak resident memory of a process, reported by the process itself as it ends. (ru_maxrss
# from wait4 is no good here: exec keeps the high-water mark of the process it replaced, and a
# child started from this script's address space starts at this script's size.)
PEAK_REPORTED = """
import atexit, os, runpy, sys
def _peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            os.write(2, f"\\npeak-kb {line.split()[1]}\\n".encode())
atexit.register(_peak)
sys.argv = sys.argv[1:]
if sys.argv[0] == "-c":
    sys.argv = sys.argv[1:]
    exec(compile(sys.argv[0], "<floor>", "exec"), {"__name__": "__main__"})
else:
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
"""

# The least a listing can do, in a process of its own: derive the key from the passphrase as
# every unlock must (Argon2id with the diary's own settings: its time and its memory), open the
# database with the vault's pragmas, select the rows in time order and print each. Only
# sqlcipher3 and cryptography are loaded (the app's own modules are not, so the floor does not
# grow or shrink with them).
SELECT_AND_PRINT = r"""
import sys
import sqlcipher3
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
memory_kib, iterations, lanes = (int(n) for n in sys.argv[3].split(","))
Argon2id(
    salt=bytes(16), length=32, iterations=iterations, lanes=lanes, memory_cost=memory_kib
).derive(sys.argv[4].encode())
conn = sqlcipher3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cipher_log_level = NONE")
conn.execute('PRAGMA key = "x' + "'" + sys.argv[2] + "'" + '"')
conn.execute("PRAGMA cipher_memory_security = ON")
conn.execute("PRAGMA temp_store = MEMORY")
conn.execute("PRAGMA journal_mode = WAL")
write = sys.stdout.write
for row in conn.execute(
    "SELECT id, occurred_utc, content FROM incidents WHERE deleted = 0 ORDER BY occurred_utc, id"
):
    write(f"{row[0]} {row[1]} {row[2][:100]}\n")
"""


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def row(name: str, value: float, floor: float | None, target: str, unit: str = "ms") -> None:
    scale = 1000 if unit == "ms" else 1
    ratio = f"{value / floor:6.2f}x" if floor else "      "
    floor_text = f"{floor * scale:9.1f} {unit}" if floor is not None else " " * (10 + len(unit))
    print(f"{name:<46} {value * scale:9.1f} {unit}  floor {floor_text}  {ratio}  target {target}")


def _build(folder: Path, count: int, make: Callable[[random.Random, int], IncidentContent]) -> None:
    vault, _ = Vault.create(
        folder, PASSPHRASE, CaseDetails(name="Sam Example", initials="SE"), kdf=keys.FLOOR
    )
    rng = random.Random(20240603)
    vault.conn.execute("PRAGMA synchronous = OFF")  # building only
    with transaction(vault.conn):
        incidents.insert_many_in_transaction(
            vault.conn, [make(rng, n) for n in range(count)], Author.VICTIM, utc_now()
        )
    vault.conn.execute("PRAGMA synchronous = FULL")
    vault.found_damage()  # close without a checkpoint: the first open walks the whole chain
    vault.close()


def _long(rng: random.Random, n: int) -> IncidentContent:
    """benchmarks/vault.py's entries, one every eight hours from 1990 on."""
    when = datetime(1990, 1, 1, 9, 15) + timedelta(hours=8 * n)
    return replace(
        _content(rng, n % 20_000), occurred=parse_moment(when.strftime("%Y-%m-%dT%H:%M"), "UTC")
    )


def _short(rng: random.Random, n: int) -> IncidentContent:
    return IncidentContent(
        occurred=parse_moment(f"{2000 + n // 8000}-01-01T{n % 24:02d}:00", "UTC"),
        location=f"Place {n % 40}",
        text=f"Entry {n}: he was outside again.",
        behaviours=(rng.choice(BEHAVIOURS),),
    )


def _add_revisions(folder: Path, total: int) -> None:
    """Change entries (an 'edit' revision of the same content) until total revisions exist."""
    vault = Vault.open(folder, PASSPHRASE)
    conn = vault.conn
    conn.execute("PRAGMA synchronous = OFF")
    rows = conn.execute("SELECT id, uid, content FROM incidents ORDER BY id").fetchall()
    stamp = utc_stamp(utc_now())
    with transaction(conn):
        appender = chain.Appender(conn)
        n = 0
        while appender.seq < total:
            incident_id, uid, content = rows[n % len(rows)]
            appender.add(incident_id, uid, "edit", "victim", stamp, content)
            n += 1
            if n % 50_000 == 0:
                appender.flush()
        appender.flush()
        conn.execute(
            "UPDATE incidents SET revisions ="
            " (SELECT count(*) FROM revisions r WHERE r.incident_id = incidents.id)"
        )
    conn.execute("PRAGMA synchronous = FULL")
    vault.found_damage()
    vault.close()


def cached_diary(name: str, build: Callable[[Path], None]) -> tuple[Path, bool]:
    """The diary built before under /tmp (a fresh copy for this run), or a new one."""
    kept = CACHE / name
    folder = CACHE / f"{name}-run"
    shutil.rmtree(folder, ignore_errors=True)
    built = False
    done = CACHE / f"{name}.built"
    if not done.exists():
        shutil.rmtree(kept, ignore_errors=True)
        CACHE.mkdir(mode=0o700, exist_ok=True)
        started = time.perf_counter()
        build(kept)
        done.touch()
        print(f"built {name} in {time.perf_counter() - started:.0f} s", flush=True)
        built = True
    upgraded = CACHE / f"{name}.schema-{SCHEMA_VERSION}"
    if not upgraded.exists():  # built by an older version: its migrations, once, not timed
        started = time.perf_counter()
        vault = Vault.open(kept, PASSPHRASE)
        vault.found_damage()  # no checkpoint: the first open still walks the whole chain
        vault.close()
        upgraded.touch()
        print(f"{name} brought to schema {SCHEMA_VERSION} in {time.perf_counter() - started:.0f} s")
    shutil.copytree(kept, folder, ignore=shutil.ignore_patterns("diary.lock"))
    return folder, built


def open_beyond_derivation(folder: Path) -> float:
    """One open, less the Argon2id derivation inside it (timed where it happens)."""
    derivations: list[float] = []
    real = keys.derive_argon2

    def timed(secret: bytes, salt: bytes, kdf: keys.KdfParams) -> bytes:
        started = time.perf_counter()
        try:
            return real(secret, salt, kdf)
        finally:
            derivations.append(time.perf_counter() - started)

    keys.derive_argon2 = timed  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        vault = Vault.open(folder, PASSPHRASE)
        total = time.perf_counter() - started
    finally:
        keys.derive_argon2 = real
    vault.close()
    return total - derivations[-1]


def measure_open(folder: Path, what: str) -> None:
    first = open_beyond_derivation(folder)  # no checkpoint yet: the whole chain
    later = statistics.median(open_beyond_derivation(folder) for _ in range(3))
    row(f"open beyond KDF, {what}: first", first, None, "(walks all)")
    row(f"open beyond KDF, {what}: later", later, None, "<= 150 ms")


def run_process(argv: list[str], stdin: str = "") -> tuple[float, float]:
    """Seconds and peak resident megabytes of one process, its output thrown away."""
    started = time.perf_counter()
    proc = subprocess.run(
        [argv[0], "-c", PEAK_REPORTED, *argv[1:]],
        input=stdin.encode(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if proc.returncode:
        raise SystemExit(f"{argv[2:4]} failed: {proc.stderr.decode()}")
    peak_kb = int(proc.stderr.decode().rsplit("peak-kb ", 1)[1].split()[0])
    return elapsed, peak_kb / 1024


def measure_cli(folder: Path, count: int) -> None:
    with Vault.open(folder, PASSPHRASE) as vault:
        raw_key = keys.derive_database_key(vault._data_key)
        conn = vault.conn
        ids_floor = _median(
            lambda: conn.execute(
                "SELECT rowid FROM incident_fts WHERE incident_fts MATCH ?", (f'"{COMMON_WORD}"',)
            ).fetchall(),
            5,
        )
        hits = sum(1 for _ in vault.list_rows(matching=COMMON_WORD))
        found = _median(lambda: sum(1 for _ in vault.list_rows(matching=COMMON_WORD)), 3)
        kdf = vault._keyfile.params
    diary = [sys.executable, "diary"]  # run as a module by PEAK_REPORTED
    settings = f"{kdf.memory_kib},{kdf.iterations},{kdf.lanes}"
    floor = [sys.executable, "-c", SELECT_AND_PRINT, str(folder / "diary.db"), raw_key.hex()]
    floor += [settings, PASSPHRASE]
    secret = PASSPHRASE + "\n"
    kdf_t = _median(lambda: keys.derive_argon2(PASSPHRASE.encode(), bytes(16), kdf), 3)
    floors, lists = [], []
    for _ in range(3):  # in turn, so that a busy moment of the machine falls on both
        floors.append(run_process(floor))
        lists.append(run_process([*diary, "list", "--diary", str(folder)], secret))
    (floor_t, floor_mb), (list_t, list_mb) = min(floors), min(lists)
    search_t, search_mb = run_process(
        [*diary, "search", COMMON_WORD, "--diary", str(folder)], secret
    )
    target = "<= 2x (KDF+select+print)"
    row(f"diary list, {count:,} entries (process)", list_t, floor_t, target, "s")
    row("  the same, each less the key derivation", list_t - kdf_t, floor_t - kdf_t, "", "s")
    row("diary list, peak memory", list_mb, floor_mb, "<= 2x", "MB")
    row(f"diary search '{COMMON_WORD}', {hits:,} hits (process)", search_t, floor_t, "", "s")
    row("diary search, peak memory", search_mb, floor_mb, "", "MB")
    row("search rows read, in process", found, ids_floor, "vs matching ids alone")


def measure_check(folder: Path) -> None:
    with Vault.open(folder, PASSPHRASE) as vault:
        bare = _raw_connection(folder / "diary.db", keys.derive_database_key(vault._data_key))

        def floor() -> None:
            bare.execute("PRAGMA cipher_integrity_check").fetchall()
            bare.execute("PRAGMA integrity_check").fetchall()

        floor_t = _median(floor, 1)
        reports = []
        check_t = _median(lambda: reports.append(vault.check()), 1)
        bare.close()
    assert reports[-1].ok, reports[-1].problems
    row("diary check", check_t, floor_t, "(cipher + integrity check)", "ms")


def measure_window(folder: Path, count: int) -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtTest import QTest

    from benchmarks.gui import locked_and_backed_up
    from diary.gui.app import build_window, make_application
    from diary.vault.entries.timeline import timeline_rows

    app = make_application(sys.argv)

    class PaintProbe(QObject):
        painted_at = 0.0

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.painted_at = time.perf_counter()
            return False

    def wait_for_paint(probe: PaintProbe) -> float:
        probe.painted_at = 0.0
        deadline = time.perf_counter() + 60
        while not probe.painted_at and time.perf_counter() < deadline:
            app.processEvents()
        return probe.painted_at

    with Vault.open(folder, PASSPHRASE) as opened:
        rows_floor = _median(lambda: timeline_rows(opened.conn), 3)
    window = build_window(folder)
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    probe = PaintProbe()
    window.timeline.table.viewport().installEventFilter(probe)
    unlocks, everything = [], []
    for _ in range(3):
        opened = Vault.open(folder, PASSPHRASE)  # key derivation and the chain: not counted
        started = time.perf_counter()
        window.unlock_page.unlocked.emit(opened, False)
        unlocks.append(wait_for_paint(probe) - started)
        while window.timeline.reading:  # the rest of the rows, read in a worker
            app.processEvents()
        wait_for_paint(probe)
        everything.append(time.perf_counter() - started)
        assert window.timeline.model.rowCount() == count
        if len(unlocks) < 3:
            locked_and_backed_up(window)
    row(
        "window: unlock -> painted timeline",
        statistics.median(unlocks),
        None,
        "<= 500 ms beyond KDF",
    )
    row(
        "window: unlock -> every row in the table",
        statistics.median(everything),
        rows_floor,
        "(in the background; floor: reading rows)",
    )

    vault = window.session.vault
    saves = []
    for n in range(5):
        incident_id = 1 + n * 997
        content = vault.incident(incident_id).content
        vault.edit_incident(incident_id, content.with_changes(text=content.text + " Later."))
        started = time.perf_counter()
        window._saved(incident_id)
        saves.append(wait_for_paint(probe) - started)
    row("window: saving one entry -> row shown", statistics.median(saves), None, "no reload")

    search = window.timeline.bar.search
    firsts, others = [], []
    for word in ("school", "parked", "waiting", "early", "told"):
        search.clear()
        wait_for_paint(probe)
        for n, letter in enumerate(word):
            started = time.perf_counter()
            QTest.keyClick(search, letter)
            (others if n else firsts).append(wait_for_paint(probe) - started)
    row(
        "window: first search letter -> filtered view",
        statistics.median(firsts),
        None,
        f"<= 50 ms (worst {max(firsts) * 1000:.0f} ms)",
    )
    row(
        "window: later letters -> filtered view",
        statistics.median(others),
        None,
        f"<= 50 ms (worst {max(others) * 1000:.0f} ms)",
    )
    locked_and_backed_up(window)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--revisions", type=int, default=1_000_000)
    parser.add_argument("--skip-window", action="store_true")
    parser.add_argument("--skip-cli", action="store_true", help="leave out list, search, check")
    args = parser.parse_args()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load} at the start", flush=True)

    big, _ = cached_diary(f"entries-{args.incidents}", lambda f: _build(f, args.incidents, _long))
    size = (big / "diary.db").stat().st_size / 1e6
    print(f"diary: {args.incidents:,} entries, one revision each, {size:.0f} MB")

    def many(folder: Path) -> None:
        _build(folder, max(1, args.revisions // 10), _short)
        _add_revisions(folder, args.revisions)

    revised = None
    if args.revisions:  # 0: leave this diary out (building it takes minutes)
        revised, _ = cached_diary(f"revisions-{args.revisions}", many)
        size = (revised / "diary.db").stat().st_size / 1e6
        print(
            f"diary: {args.revisions // 10:,} entries, {args.revisions:,} revisions, {size:.0f} MB"
        )

    measure_open(big, f"{args.incidents:,} revisions")
    if revised is not None:
        measure_open(revised, f"{args.revisions:,} revisions")
    if not args.skip_cli:
        measure_cli(big, args.incidents)
        measure_check(big)
    if not args.skip_window:
        measure_window(big, args.incidents)
    for name in ("verified backup", "restore with its check", "export"):
        print(f"{name:<46} not measured here (benchmarks/backup.py, benchmarks/export.py)")
    for folder in (big, revised):
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
