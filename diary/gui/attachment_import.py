"""Storing an entry's new files in the vault, one after another, in a worker.

The vault's connection is used from the worker while this runs; the editor is disabled and a
lock or quick exit waits for the file being stored, so only one thread uses it at a time.
Cancelling stops between files; the files not yet stored stay in the encrypted draft.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from diary.domain.errors import DiaryError
from diary.domain.incident import Source
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
    outcome = ImportOutcome()
    for n, item in enumerate(items):
        if cancelled():
            break
        source = Source.from_dict(item.source)
        try:
            if item.data is not None:
                vault.attach_bytes(incident_id, item.filename, item.data, source)
            elif item.path is not None:
                vault.attach_file(incident_id, item.path, source)
        except DiaryError as exc:
            outcome.problems.append(f"{item.filename}: {exc.message}")
        except OSError as exc:
            outcome.problems.append(f"{item.filename} could not be read ({exc.strerror}).")
        outcome.handled = n + 1
        progress(int(100 * (n + 1) / len(items)))
    return outcome
