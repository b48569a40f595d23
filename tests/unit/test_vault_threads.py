"""A diary unlocked on one thread can be locked on another and opened again (the window's shape)."""

from __future__ import annotations

import threading
from pathlib import Path

from diary.vault import Vault
from tests.conftest import PASSPHRASE


def test_open_in_worker_close_on_main_then_reopen(vault: Vault, diary_dir: Path) -> None:
    vault.close()
    opened: list[Vault] = []
    worker = threading.Thread(target=lambda: opened.append(Vault.open(diary_dir, PASSPHRASE)))
    worker.start()
    worker.join()
    opened[0].close()
    with Vault.open(diary_dir, PASSPHRASE) as again:
        assert again.case.initials == "SE"
