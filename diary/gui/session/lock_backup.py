"""The automatic backup made as the diary locks or the window closes, then the vault closed.

It runs in a worker after every page has let go of the vault, so the connection is used by one
thread only. It never raises: a backup that cannot be made (a full disk, an unplugged stick)
must not stop the lock, so the reason is kept inside the encrypted diary and shown, once, the
next time it is unlocked.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from diary.domain.errors import DiaryError

if TYPE_CHECKING:
    from diary.vault import Vault

PROBLEM_SETTING = "backup.last_problem"


def back_up_and_close(vault: Vault) -> str | None:
    """Make the rolling backups, note any problem, close the vault; return the problem."""
    problem: str | None = None
    try:
        from diary.vault.backups.auto_backup import auto_backup  # not at start: SQLCipher

        report = auto_backup(vault)
        if report.problems:
            problem = " ".join(report.problems)
        elif not report.made:
            problem = "no backup was written."
    except DiaryError as exc:
        problem = exc.message
    except Exception as exc:  # noqa: BLE001 - the lock must go ahead whatever happened
        problem = f"something went wrong ({type(exc).__name__})."
    # Kept in the diary, so the message survives the app being closed; failing that (the disk
    # is full), the session remembers it for as long as the app runs.
    with contextlib.suppress(Exception):
        vault.set_setting(PROBLEM_SETTING, problem or "")
    vault.close()
    return problem


def take_backup_problem(vault: Vault) -> str | None:
    """The problem noted by the last automatic backup, forgotten once it has been read."""
    problem = vault.setting(PROBLEM_SETTING)
    if not problem:
        return None
    vault.set_setting(PROBLEM_SETTING, "")
    return problem


def problem_message(problem: str) -> str:
    return (
        f"The last automatic backup could not be made: {problem} "
        "Nothing in your diary was lost. You can back up now from Settings."
    )


def backup_status(vault: Vault) -> str:
    """When the last verified backup was made, in local time, as the window shows it."""
    from diary.vault.backups.auto_backup import last_verified_backup

    when = last_verified_backup(vault)
    if when is None:
        return "No verified backup yet: one is made each time the diary is locked or closed."
    return f"Last verified backup: {when.astimezone().strftime('%d %B %Y, %H:%M')}"
