"""Runs a `diary` command and kills it with SIGKILL at a named step: a crash or kill -9 exactly
where a test wants it, without any hook in the app itself.

    python kill_driver.py STEP [--named-partials] -- DIARY ARGS...

STEP names a function of the app; the process kills itself just before it runs (`before:`) or
just after it returns (`after:`). --named-partials turns off unnamed writing (output_file.py), as
on systems or file systems without O_TMPFILE. Standard input goes to the command as usual.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

STEPS = {
    # Both files written in full, neither given its name yet.
    "export-written": ("before", "diary.export.export_pack", "_finish_all"),
    # The encrypted copy and the container written, the container not yet read back.
    "backup-written": ("before", "diary.vault.backups.backup", "_check_written"),
    # The restored database written and checked in the new folder, no key file yet.
    "restore-database": ("after", "diary.vault.backups.restore", "_checked_database"),
    # The key file written too: the folder looks like a diary, not yet checked.
    "restore-keys": ("after", "diary.vault.backups.restore", "write_atomically"),
    # Restored with the recovery key, before the new passphrase is set.
    "restore-new-passphrase": ("before", "diary.vault.vault", "Vault.change_passphrase"),
    # Upgrading a diary from before version 8: one attachment's file written and made durable,
    # the transaction that refers to it (and deletes its chunks) not yet run.
    "move-out-file-written": ("after", "diary.vault.storage.file_store", "FileWriter.finish"),
    # Every attachment moved out and committed; the database not yet shrunk.
    "move-out-recorded": ("before", "diary.vault.attachments.stored_files", "_give_back_space"),
}


def _killing(when: str, original: Callable[..., Any]) -> Callable[..., Any]:
    def step(*args: Any, **kwargs: Any) -> Any:
        if when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        result = original(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
        return result

    return step


def main() -> int:
    step, *rest = sys.argv[1:]
    split = rest.index("--")
    options, command = rest[:split], rest[split + 1 :]
    when, module_name, name = STEPS[step]
    owner: Any = importlib.import_module(module_name)
    *path, attribute = name.split(".")
    for part in path:
        owner = getattr(owner, part)
    setattr(owner, attribute, _killing(when, getattr(owner, attribute)))
    if "--named-partials" in options:
        importlib.import_module("diary.export.output_file").UNNAMED_WRITING = False
    import diary.__main__ as entry

    sys.argv = ["diary", *command]
    return entry.main()


if __name__ == "__main__":
    sys.exit(main())
