"""The diary the window is working on: which folder, and the open vault while unlocked.

The session is the one owner of the open `Vault`. Pages ask it for the vault and listen for
`unlocked` and `locked`; on lock every page drops what it shows, so decrypted data leaves the
models and widgets as the database closes. Settings are read from the encrypted database.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from diary.domain.errors import DiaryError

from ..worker import Worker
from .lock_backup import back_up_and_close, take_backup_problem

if TYPE_CHECKING:
    from diary.vault import Vault

DEFAULT_IDLE_MINUTES = 5
DISCREET_NAME = "Notes"
APP_NAME = "Evidence Diary"
# The menu entries in packaging/linux, whose names and icons the task bar shows.
DIARY_DESKTOP_ENTRY = "org.evidencediary.Diary"
NOTES_DESKTOP_ENTRY = "org.evidencediary.Diary.notes"
# "1" while the window has the diary open; still "1" at the next unlock means the app was
# stopped (a crash, a power cut, a kill) without locking. Kept inside the encrypted database.
IN_USE_SETTING = "window.in_use"


class DiarySession(QObject):
    unlocked = Signal()  # the vault is open; pages may read it
    locked = Signal()  # the vault has closed; pages have dropped their data
    settings_changed = Signal()  # idle timeout, discreet mode or initials changed
    backup_started = Signal()  # locked; the automatic backup is being made
    backup_finished = Signal()  # the backup is done (or could not be made); the vault is closed
    backed_up = Signal()  # a verified backup was made while the diary is open (Back up now)
    damage_found = Signal(str)  # what the whole-chain walk after unlock found, to show

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self._vault: Vault | None = None
        # Remembered in memory only, so the locked window keeps the name chosen while open.
        self.discreet = True
        self._backup: Worker | None = None
        # Why the last automatic backup failed, if it could not be noted in the diary itself.
        self.backup_problem: str | None = None
        # Set whenever no automatic backup holds the diary: an unlock waits on it, in its worker.
        self._backup_done = threading.Event()
        self._backup_done.set()
        # The window was stopped without locking the last time this diary was open in it.
        self.ended_unexpectedly = False
        # The walk of the whole hash chain after unlock (an unlock walks only what is new).
        self._chain_walk: Worker | None = None

    @property
    def vault(self) -> Vault:
        if self._vault is None:
            raise DiaryError("The diary is locked.")
        return self._vault

    @property
    def is_open(self) -> bool:
        return self._vault is not None

    @property
    def backing_up(self) -> bool:
        return self._backup is not None

    def open(self, vault: Vault) -> None:
        self._vault = vault
        self.folder = vault.folder
        self.discreet = self.setting_discreet()
        self.backup_problem = take_backup_problem(vault) or self.backup_problem
        self.ended_unexpectedly = vault.setting(IN_USE_SETTING) == "1"
        with contextlib.suppress(DiaryError):  # a full disk: nothing to remember it by
            vault.set_setting(IN_USE_SETTING, "1")
        self.unlocked.emit()
        self._walk_chain(vault)

    def _walk_chain(self, vault: Vault) -> None:
        """Walk the whole chain in a worker with its own connection; a break is shown as an
        open would have shown it (chain_checkpoint.py says why an unlock does not)."""
        walk = Worker(vault.chain_walk())
        walk.signals.finished.connect(lambda problems: self._chain_walked(vault, problems))
        walk.signals.failed.connect(lambda error: self._chain_walked(vault, [error.message]))
        self._chain_walk = walk
        walk.start()

    def _chain_walked(self, vault: Vault, problems: list[str]) -> None:
        self._chain_walk = None
        if problems and self._vault is vault:  # still the diary it walked
            vault.found_damage()
            self.damage_found.emit(" ".join(problems))

    def lock(self, *, back_up: bool = False) -> None:
        """Close the database and tell every page to forget what it showed.

        With back_up, the automatic backup is made first, in a worker: the window stays free,
        and nothing in it can reach the vault, which is no longer the session's.
        """
        if self._vault is None:
            return
        vault, self._vault = self._vault, None
        if self._chain_walk is not None:  # its answer would be for a diary no longer open
            self._chain_walk.cancel()
        # Pages drop their data first, while nothing can read the vault any more.
        self.locked.emit()
        with contextlib.suppress(DiaryError):
            vault.set_setting(IN_USE_SETTING, "0")
        if not back_up:
            vault.close()
            return
        self._backup_done.clear()
        self._backup = Worker(self._back_up_and_close, vault)
        self._backup.signals.finished.connect(self._backed_up)
        self._backup.signals.failed.connect(self._backed_up)
        self.backup_started.emit()
        self._backup.start()

    def _back_up_and_close(self, vault: Vault) -> None:
        """In the worker: back up, close, and let a waiting unlock go ahead at once."""
        try:
            problem = back_up_and_close(vault)
            if problem:
                self.backup_problem = problem
        finally:
            self._backup_done.set()

    def wait_for_backup(self) -> None:
        """Block until no automatic backup holds the diary (called from an unlock's worker)."""
        self._backup_done.wait()

    def _backed_up(self, result: object = None) -> None:
        self._backup = None
        if isinstance(result, DiaryError):  # closing the vault itself failed
            self.backup_problem = result.message
        self.backup_finished.emit()

    def take_backup_problem(self) -> str | None:
        """The reason the last automatic backup failed, once; None if it went well."""
        problem, self.backup_problem = self.backup_problem, None
        return problem

    # ----- settings (inside the encrypted database) ---------------------------------------------

    def idle_minutes(self) -> int:
        try:
            minutes = int(self.vault.setting("idle_minutes", str(DEFAULT_IDLE_MINUTES)))
        except ValueError:
            return DEFAULT_IDLE_MINUTES
        return max(1, min(minutes, 240))

    def setting_discreet(self) -> bool:
        return self.vault.setting("discreet", "0") == "1"

    def save_settings(self, *, idle_minutes: int, discreet: bool) -> None:
        self.vault.set_setting("idle_minutes", str(idle_minutes))
        self.vault.set_setting("discreet", "1" if discreet else "0")
        self.discreet = discreet
        self.settings_changed.emit()

    def display_name(self) -> str:
        # The locked window never says what it is; only an open, non-discreet diary does.
        return APP_NAME if self.is_open and not self.discreet else DISCREET_NAME
