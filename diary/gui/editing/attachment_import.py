"""Storing an entry's new files in the vault, one after another, in a worker.

The vault's connection is used from the worker while this runs; the editor is disabled and a
lock or quick exit waits for the file being stored, so only one thread uses it at a time.
Cancelling stops between files; the files not yet stored stay in the encrypted draft.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from diary.domain.errors import DiaryError
from diary.domain.incident import NewFile, Source
from diary.vault import Vault

from .attachment_panel import PendingAttachment


@dataclass
class ImportOutcome:
    handled: int = 0  # how many of the files were dealt with (stored, or refused with a reason)
    problems: list[str] = field(default_factory=list)


def import_files(
    vault: Vault,
    incident_id: int,
    items: list[PendingAttachment],
    progress: Callable[[int], None],
    cancelled: Callable[[], bool],
) -> ImportOutcome:
    """Store the files in order (the next few are read and previewed while each is written);
    a file that cannot be kept is reported and the others still go in."""
    outcome = ImportOutcome()
    if not items or cancelled():
        return outcome
    files = [
        NewFile(incident_id, item.filename, Source.from_dict(item.source), item.data, item.path)
        for item in items
    ]
    results = vault.attach_each(files)
    try:
        for n, result in enumerate(results):
            if isinstance(result, DiaryError):
                outcome.problems.append(f"{items[n].filename}: {result.message}")
            outcome.handled = n + 1
            progress(int(100 * (n + 1) / len(items)))
            if cancelled():
                break
    finally:
        results.close()  # stops between files; waits for previews under way
    return outcome
