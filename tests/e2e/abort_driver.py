"""Starts `diary` as the real entry point does, then aborts it: a crash as the app would have one.

`python abort_driver.py [--unhardened]`: diary.__main__.main() runs as for any command, but the
command itself is replaced by a report of the process's state (RLIMIT_CORE, whether the process
is dumpable, what it can still read of /proc/self) on standard output, and then os.abort(), which
dumps core wherever core dumps are allowed. --unhardened is the control: core dumps are left on
(and the soft limit raised as far as allowed), to show that this machine would write a core file.
"""

from __future__ import annotations

import ctypes
import os
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import diary.__main__ as entry
import diary.cli

PR_GET_DUMPABLE = 3


def report_and_abort(argv: object = None) -> int:
    libc = ctypes.CDLL(None)
    print("core-limit", *resource.getrlimit(resource.RLIMIT_CORE))
    print("dumpable", libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
    for name in ("status", "maps", "mountinfo", "fd"):
        path = Path("/proc/self") / name
        try:
            (os.listdir if path.is_dir() else Path.read_bytes)(path)
            print("readable", name)
        except OSError as exc:
            print("unreadable", name, exc.errno)
    sys.stdout.flush()
    os.abort()


if __name__ == "__main__":
    if sys.argv[1:] == ["--unhardened"]:
        entry.forbid_core_dumps = lambda: []
        _, hard = resource.getrlimit(resource.RLIMIT_CORE)
        resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))
    diary.cli.main = report_and_abort  # type: ignore[assignment]
    sys.argv = ["diary", "list"]
    sys.exit(entry.main())
