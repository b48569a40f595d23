"""kill -9 during an automatic backup, whose files are shared in the backup folder: the backups
made before still restore, nothing half-copied is ever taken for a file, and the next round
clears what was left and makes a good backup."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from diary.vault import Vault
from diary.vault.backups.auto_backup import BACKUPS_FOLDER, auto_backup, backups_in
from diary.vault.backups.restore import restore_with_passphrase
from diary.vault.storage.file_store import FILES_FOLDER
from tests.conftest import make_content
from tests.e2e.cli_runner import PASSPHRASE, diary_env, init_diary

ROOT = Path(__file__).resolve().parents[2]
FIRST = os.urandom(2 * 1024 * 1024 + 1)
LATER = os.urandom(3 * 1024 * 1024 + 2)
# Where the child kills itself: (module, function, before or after it runs).
STEPS = {
    "file-half-copied": ("diary.vault.storage.file_store", "place", "during"),
    "file-copied": ("diary.vault.storage.file_store", "place", "after"),
    "container-written": ("diary.vault.backups.backup", "_check_written", "before"),
}

_CHILD = """
import importlib, os, signal, sys
from datetime import datetime, UTC
sys.path.insert(0, {root!r})
from diary.vault import Vault
from diary.vault.backups.auto_backup import auto_backup
module = importlib.import_module({module!r})
original = getattr(module, {name!r})
def step(*args, **kwargs):
    if {when!r} == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    if {when!r} == "during":
        target, file_id, data = args
        def dying():  # the header and a first piece written, then killed mid-file
            yield next(data)
            yield next(data)
            os.kill(os.getpid(), signal.SIGKILL)
        original(target, file_id, dying())
    result = original(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)
    return result
setattr(module, {name!r}, step)
vault = Vault.open(__import__("pathlib").Path({folder!r}), {passphrase!r})
auto_backup(vault, datetime(2024, 6, 4, 9, 0, tzinfo=UTC))
"""


def _restores(backup: Path, target: Path) -> dict[str, bytes]:
    assert restore_with_passphrase(backup, target, PASSPHRASE).ok
    with Vault.open(target, PASSPHRASE) as restored:
        return {
            a.filename: restored.read_original(a.id)
            for incident in restored.incidents()
            for a in incident.attachments
        }


@pytest.mark.slow
@pytest.mark.parametrize("step", list(STEPS))
def test_an_automatic_backup_killed_part_way(tmp_path: Path, step: str) -> None:
    folder = tmp_path / "diary"
    init_diary(folder)
    with Vault.open(folder, PASSPHRASE) as vault:
        first = vault.add_incident(make_content())
        vault.attach_bytes(first, "first.m4a", FIRST)
        auto_backup(vault, datetime(2024, 6, 3, 9, 0, tzinfo=UTC))
        vault.attach_bytes(first, "later.m4a", LATER)
    module, name, when = STEPS[step]
    child = textwrap.dedent(_CHILD).format(
        root=str(ROOT),
        module=module,
        name=name,
        when=when,
        folder=str(folder),
        passphrase=PASSPHRASE,
    )
    done = subprocess.run([sys.executable, "-c", child], env=diary_env(), capture_output=True)
    assert done.returncode == -signal.SIGKILL, done.stderr
    backups = folder / BACKUPS_FOLDER
    left = sorted(p.name for p in (backups / FILES_FOLDER).iterdir())
    partial = [name for name in left if name.endswith(".partial")]
    assert len(left) == 2 and len(partial) == (1 if step == "file-half-copied" else 0)
    (earlier,) = [path for _, path in backups_in(backups)]
    assert _restores(earlier, tmp_path / "earlier") == {"first.m4a": FIRST}
    with Vault.open(folder, PASSPHRASE) as vault:
        report = auto_backup(vault, datetime(2024, 6, 5, 9, 0, tzinfo=UTC))
        assert report.ok, report.problems
    assert not [p for p in (backups / FILES_FOLDER).iterdir() if p.name.endswith(".partial")]
    newest = [path for _, path in backups_in(backups)][-1]
    assert _restores(newest, tmp_path / "newest") == {"first.m4a": FIRST, "later.m4a": LATER}
