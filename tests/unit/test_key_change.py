"""Secrets that really change: after any change, nothing old opens the diary.

Tried as someone who once knew the passphrase (or saw the recovery key) would: with the old
passphrase, the old recovery key, an old copy of the key file put back, and the key file taken
from a backup the app made before the change.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from diary.domain.errors import DiaryDamaged, InvalidInput, WrongPassphrase
from diary.vault import Vault
from diary.vault.backups import backup_file
from diary.vault.backups.auto_backup import (
    BACKUPS_FOLDER,
    auto_backup,
    backups_in,
    set_second_folder,
)
from diary.vault.backups.restore import restore_with_passphrase
from diary.vault.keys import keys
from diary.vault.keys.key_change import SIGNING_KEY_SETTING, KeyChange
from tests.conftest import PASSPHRASE, make_content

NEW = "a completely new passphrase"


Change = Callable[[Vault, str], tuple[KeyChange, str, Vault]]


def _passwd(vault: Vault, _recovery: str) -> tuple[KeyChange, str, Vault]:
    return vault.change_passphrase(NEW), NEW, vault


def _new_recovery_key(vault: Vault, _recovery: str) -> tuple[KeyChange, str, Vault]:
    return vault.new_recovery_key(), PASSPHRASE, vault


def _recover(vault: Vault, recovery: str) -> tuple[KeyChange, str, Vault]:
    """The forgotten-passphrase path: opened with the recovery key, a new passphrase set."""
    vault.close()
    reopened = Vault.open_with_recovery(vault.folder, recovery)
    return reopened.change_passphrase(NEW), NEW, reopened


CHANGES: dict[str, Change] = {
    "passphrase changed": _passwd,
    "new recovery key": _new_recovery_key,
    "recovered with the recovery key": _recover,
}


@pytest.mark.parametrize("kind", CHANGES)
def test_nothing_old_opens_the_diary_after_a_change(
    kind: str, new_vault: tuple[Vault, str], diary_dir: Path, tmp_path: Path
) -> None:
    vault, old_recovery = new_vault
    vault.add_incident(make_content(what="Written before the change."))
    second_place = tmp_path / "usb-stick"
    second_place.mkdir()
    set_second_folder(vault, second_place)
    assert auto_backup(vault).ok
    old_backups = [p for _, p in backups_in(diary_dir / BACKUPS_FOLDER)] + [
        p for _, p in backups_in(second_place)
    ]
    old_backup_copy = tmp_path / "old.backup"
    shutil.copyfile(old_backups[0], old_backup_copy)  # one kept elsewhere, by hand
    old_key_file = (diary_dir / "keys.json").read_bytes()
    old_signing_key = vault.setting(SIGNING_KEY_SETTING)

    change, passphrase, vault = CHANGES[kind](vault, old_recovery)
    vault.add_incident(make_content(what="Written after the change."))
    assert vault.setting(SIGNING_KEY_SETTING) not in ("", old_signing_key)
    vault.close()

    assert change.recovery_key != old_recovery
    # The app's own backups, in both places, were replaced by one under the new key.
    assert set(change.removed) >= set(old_backups)
    for folder in (diary_dir / BACKUPS_FOLDER, second_place):
        found = [p for _, p in backups_in(folder)]
        assert len(found) == 1
        assert backup_file.read_keys(found[0]) == (diary_dir / "keys.json").read_bytes()
    assert "still opens with the passphrase or recovery key of its day" in (
        change.backups_message()
    )

    attempts: list[Callable[[], Vault]] = [
        lambda: Vault.open_with_recovery(diary_dir, old_recovery),
    ]
    if passphrase != PASSPHRASE:
        attempts.append(lambda: Vault.open(diary_dir, PASSPHRASE))
    for attempt in attempts:
        with pytest.raises(WrongPassphrase):
            attempt()
    # An old key file put back (from an old copy, or taken out of the old backup): the old
    # secrets unwrap it, but it is known as retired and opens nothing.
    current = (diary_dir / "keys.json").read_bytes()
    for planted in (old_key_file, backup_file.read_keys(old_backup_copy)):
        for name in ("keys.json", "keys.json.prev"):
            (diary_dir / name).write_bytes(planted)
        with pytest.raises(WrongPassphrase):
            Vault.open(diary_dir, PASSPHRASE)
        with pytest.raises(WrongPassphrase):
            Vault.open_with_recovery(diary_dir, old_recovery)
    for name in ("keys.json", "keys.json.prev"):
        (diary_dir / name).write_bytes(current)

    with Vault.open(diary_dir, passphrase) as reopened:
        assert len(reopened.incidents()) == 2
        assert reopened.check().ok
    Vault.open_with_recovery(diary_dir, change.recovery_key).close()
    # What an old backup kept elsewhere still reveals: the diary as it was, with the old
    # passphrase — as the message says.
    restore_with_passphrase(old_backup_copy, tmp_path / "restored", PASSPHRASE)
    with Vault.open(tmp_path / "restored", PASSPHRASE) as old_copy:
        assert [i.content.text for i in old_copy.incidents()] == ["Written before the change."]


def test_an_unplugged_second_place_is_named_and_its_backups_go_when_it_is_back(
    new_vault: tuple[Vault, str], diary_dir: Path, tmp_path: Path
) -> None:
    vault, _ = new_vault
    stick = tmp_path / "stick"
    stick.mkdir()
    set_second_folder(vault, stick)
    assert auto_backup(vault).ok
    unplugged = tmp_path / "stick-away"
    stick.rename(unplugged)
    change = vault.change_passphrase(NEW)
    assert any(str(stick) in problem and "plugged in" in problem for problem in change.unreachable)
    assert f"Not replaced: The second backup place {stick}" in change.backups_message()
    unplugged.rename(stick)
    (old,) = [p for _, p in backups_in(stick)]
    time.sleep(1.1)  # backups are named by the second
    report = auto_backup(vault)
    assert old in report.removed and not old.exists()
    assert len(backups_in(stick)) == 1
    vault.close()


def test_a_change_stopped_before_the_database_was_re_encrypted_keeps_the_old_secrets(
    new_vault: tuple[Vault, str], diary_dir: Path
) -> None:
    vault, recovery = new_vault
    vault.add_incident(make_content(what="must survive"))
    vault.close()
    # As a crash leaves it right after writing the new key file: the database is unchanged.
    data_key = b"\x01" * 32
    keyfile, _ = keys.key_file_for(data_key, keys.passphrase_key(NEW, keys.FLOOR))
    (diary_dir / keys.NEXT_FILE).write_bytes(keyfile.to_json())
    with pytest.raises(WrongPassphrase):
        Vault.open(diary_dir, NEW)  # unwraps keys.json.next, which opens nothing
    with Vault.open(diary_dir, PASSPHRASE) as reopened:
        assert reopened.incidents()[0].content.text == "must survive"
    assert not (diary_dir / keys.NEXT_FILE).exists()
    Vault.open_with_recovery(diary_dir, recovery).close()


def test_a_new_recovery_key_needs_the_passphrase_to_have_opened_the_diary(
    new_vault: tuple[Vault, str], diary_dir: Path
) -> None:
    vault, recovery = new_vault
    vault.close()
    with (
        Vault.open_with_recovery(diary_dir, recovery) as reopened,
        pytest.raises(InvalidInput, match="Choose a new passphrase first"),
    ):
        reopened.new_recovery_key()


def test_passphrase_opens_tells_the_current_passphrase_from_any_other(vault: Vault) -> None:
    assert vault.passphrase_opens(PASSPHRASE)
    assert not vault.passphrase_opens(PASSPHRASE + " ")
    vault.change_passphrase(NEW)
    assert vault.passphrase_opens(NEW) and not vault.passphrase_opens(PASSPHRASE)


@pytest.mark.parametrize(
    ("memory_kib", "iterations"),
    [(4 * 1024 * 1024, 3), (1024 * 1024, 64), (2 * 1024 * 1024, 3), (1024 * 1024, 9)],
)
def test_a_key_file_asking_for_absurd_work_is_refused_at_once(
    new_vault: tuple[Vault, str], diary_dir: Path, memory_kib: int, iterations: int
) -> None:
    new_vault[0].close()
    for name in ("keys.json", "keys.json.prev"):
        data = json.loads((diary_dir / name).read_text())
        data["passphrase"].update(memory_kib=memory_kib, iterations=iterations)
        (diary_dir / name).write_text(json.dumps(data))
    started = time.monotonic()
    with pytest.raises(DiaryDamaged):
        Vault.open(diary_dir, PASSPHRASE)
    assert time.monotonic() - started < 2


def test_calibration_stays_inside_the_bounds_it_is_held_to() -> None:
    for seconds in (0.0, 1.0, 30.0):
        params = keys.calibrate(seconds)
        assert params.check() == params
        assert params.memory_kib * params.iterations <= keys.MAX_WORK_KIB
