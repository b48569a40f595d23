"""Running the real `diary` command in a child process, as a person or a script would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PASSPHRASE = "correct horse battery staple"
WORKTREE = Path(__file__).resolve().parents[2]


def diary_env(**extra: str) -> dict[str, str]:
    """The environment for a child `diary`: fast key derivation, this checkout's code."""
    env = dict(os.environ)
    env["EVIDENCE_DIARY_KDF_SECONDS"] = "0"
    env["PYTHONPATH"] = str(WORKTREE)
    env.update(extra)
    return env


def run_diary(
    *args: str | Path,
    stdin: str | bytes = PASSPHRASE + "\n",
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """`diary ARGS` with stdin fed in; output decoded leniently so odd bytes hide no failure."""
    data = stdin.encode("utf-8", "surrogateescape") if isinstance(stdin, str) else stdin
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "diary",
            *[os.fsencode(a) if isinstance(a, str) else a for a in args],
        ],
        input=data,
        capture_output=True,
        env=env or diary_env(),
        timeout=timeout,
    )
    return subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", "surrogateescape"),
        done.stderr.decode("utf-8", "surrogateescape"),
    )


def init_diary(folder: Path, env: dict[str, str] | None = None) -> str:
    """A new diary in folder through `diary init`; returns the recovery key it printed."""
    done = run_diary(
        "init", "--diary", folder, "--name", "Sam Example", "--initials", "SE", env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def add_incident(
    folder: Path, what: str, *extra: str | Path, env: dict[str, str] | None = None
) -> int:
    """`diary add` with a fixed time and place; returns the id it printed."""
    done = run_diary(
        "add",
        "--diary",
        folder,
        "--when",
        "2024-06-03T18:30",
        "--tz",
        "Europe/London",
        "--where",
        "Outside my work",
        "--what",
        what,
        *extra,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip())
