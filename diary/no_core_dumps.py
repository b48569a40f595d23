"""Keep a crash from writing the diary's memory to disk: the first thing `diary` does.

A core dump holds everything the process had in memory: entry text, pictures, and the raw data
key that opens the diary. The person may share the computer with the one they fear, so a crash
must not leave that in a file. Each step below is best effort: a call that this system lacks is
skipped, and start-up never fails because of it.

- Linux: RLIMIT_CORE is set to 0 (soft and hard, so nothing started later can raise it), and
  prctl(PR_SET_DUMPABLE, 0) stops the kernel writing a core at all, even through a core_pattern
  pipe such as systemd-coredump or apport, which ignore RLIMIT_CORE. Not dumpable also means that
  other programs of the same user can no longer attach a debugger or read /proc/PID/mem or
  /proc/PID/environ; the process still reads its own /proc/self files.
- macOS: RLIMIT_CORE is set to 0. The system's crash reporter still writes a crash report
  (~/Library/Logs/DiagnosticReports): a stack trace and registers, not the memory holding text.
- Windows: SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX) keeps the "stopped
  working" dialog away, and with it Windows Error Reporting's report and memory dump for this
  process, in the usual configuration. It does not cover a LocalDumps policy an administrator has
  set in the registry (which writes a dump for every crashing program), a debugger set as the
  system's post-mortem debugger (AeDebug), or a dump taken on purpose with Task Manager. Not
  excluding the app in WER's own settings is deliberate: that would write its name in the
  registry.

Nothing here stops a hibernation file or swap from holding memory; a full-disk encryption is the
answer to those, and the README says so.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3
SEM_FAILCRITICALERRORS = 0x0001
SEM_NOGPFAULTERRORBOX = 0x0002


def _no_core_limit() -> bool:
    try:
        import resource
    except ImportError:  # Windows
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (OSError, ValueError):
        return False
    return True


def _libc() -> ctypes.CDLL | None:
    """The C library's functions, on Linux (the program's own symbols: Python is linked with
    it, so nothing is searched for on disk, as ctypes.util.find_library would with ldconfig)."""
    if not sys.platform.startswith("linux"):
        return None
    with contextlib.suppress(OSError):
        return ctypes.CDLL(None, use_errno=True)
    return None


def _not_dumpable() -> bool:
    libc = _libc()
    prctl = getattr(libc, "prctl", None)
    if prctl is None:
        return False
    return bool(prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0)


def _no_error_reporting() -> bool:
    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return False
    kernel32 = windll.kernel32
    # Added to the mode already set, so that a flag set by the system or Python is kept.
    wanted = SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX
    kernel32.SetErrorMode(kernel32.GetErrorMode() | wanted)
    return True


def forbid_core_dumps() -> list[str]:
    """Do every step this system allows; return the names of those that took effect."""
    done: list[str] = []
    steps = [("RLIMIT_CORE=0", _no_core_limit)]
    if sys.platform.startswith("linux"):
        steps.append(("PR_SET_DUMPABLE=0", _not_dumpable))
    if sys.platform == "win32":
        steps.append(("SEM_NOGPFAULTERRORBOX", _no_error_reporting))
    for name, step in steps:
        try:
            if step():
                done.append(name)
        except Exception:  # noqa: BLE001, S112 - never a reason not to start
            continue
    return done
