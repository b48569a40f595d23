"""The frozen one-folder app beside `python -m diary`: size, and start to unlock screen painted.

    python benchmarks/frozen.py [--runs 7] [--dist DIR]

Builds dist/diary with packaging/diary.spec into a scratch folder (unless --dist names an existing
build), makes a small diary so both start on the unlock screen, then starts each program --runs
times with EVIDENCE_DIARY_QUIT_AT_FIRST_PAINT set (the window prints "painted" and quits at its
first paint) and prints the median wall time of each and the ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def time_start(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=60, check=False
    )
    elapsed = time.perf_counter() - started
    if "painted" not in result.stdout:
        raise SystemExit(f"{command[0]} did not paint: {result.stdout!r} {result.stderr[-500:]!r}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--dist", type=Path, help="an existing dist/diary folder")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="frozen-bench-"))
    try:
        dist = args.dist
        if dist is None:
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "PyInstaller",
                    "--noconfirm",
                    "--clean",
                    "--log-level",
                    "WARN",
                    "--distpath",
                    str(scratch / "dist"),
                    "--workpath",
                    str(scratch / "build"),
                    str(ROOT / "packaging" / "diary.spec"),
                ],
                check=True,
                cwd=scratch,
            )
            print(f"build: {time.perf_counter() - started:.0f} s")
            dist = scratch / "dist" / "diary"
        print(f"one-folder size: {folder_size(dist) / 1e6:.0f} MB (target < 200 MB)")
        env = {**os.environ, "EVIDENCE_DIARY_KDF_SECONDS": "0", "QT_QPA_PLATFORM": "offscreen"}
        diary = scratch / "diary"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "diary",
                "init",
                "--diary",
                str(diary),
                "--name",
                "Bench Mark",
                "--initials",
                "BM",
            ],
            input="benchmark passphrase\n",
            capture_output=True,
            text=True,
            env={**env, "PYTHONPATH": str(ROOT)},
            check=True,
        )
        env.update({"EVIDENCE_DIARY_FOLDER": str(diary), "EVIDENCE_DIARY_QUIT_AT_FIRST_PAINT": "1"})
        frozen_cmd = [str(dist / ("diary.exe" if os.name == "nt" else "diary"))]
        python_cmd = [sys.executable, "-m", "diary"]
        frozen, source = [], []
        for _ in range(args.runs):  # interleaved, so load on the machine hits both alike
            frozen.append(time_start(frozen_cmd, env))
            source.append(time_start(python_cmd, {**env, "PYTHONPATH": str(ROOT)}))
        f, s = statistics.median(frozen), statistics.median(source)
        print(
            f"start to unlock screen painted: frozen {f * 1000:.0f} ms, "
            f"python -m diary {s * 1000:.0f} ms, ratio {f / s:.2f}x (median of {args.runs})"
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
