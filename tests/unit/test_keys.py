"""The key hierarchy: recovery keys, bounded KDF settings, key-file parsing and NFC passphrases."""

from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path

import pytest

from diary.domain.errors import DiaryDamaged, InvalidInput, WrongPassphrase
from diary.vault import Vault
from diary.vault.keys import keys
from tests.conftest import PASSPHRASE


def test_recovery_keys_are_printable_groups_and_forgive_case_and_spacing() -> None:
    key = keys.new_recovery_key()
    groups = key.split("-")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    assert keys.parse_recovery_key(key.lower().replace("-", " ")) == keys.parse_recovery_key(key)


def test_a_mistyped_recovery_key_is_told_apart_from_a_wrong_one() -> None:
    key = keys.new_recovery_key()
    body = key.replace("-", "")
    swapped = ("1" if body[3] != "1" else "2").join([body[:3], body[4:]])
    with pytest.raises(WrongPassphrase, match="typing mistake"):
        keys.parse_recovery_key(swapped)
    with pytest.raises(WrongPassphrase, match="not a recovery key"):
        keys.parse_recovery_key("hello")


def test_calibration_never_goes_below_the_floor() -> None:
    params = keys.calibrate(0)
    assert params == keys.FLOOR
    assert params.memory_kib == 64 * 1024 and params.iterations == 3 and params.lanes == 4


@pytest.mark.parametrize(
    "params",
    [
        keys.KdfParams(2**40, 3, 4),
        keys.KdfParams(64 * 1024, 10**9, 4),
        keys.KdfParams(64 * 1024, 3, 1000),
        keys.KdfParams(1024, 1, 1),
    ],
)
def test_absurd_or_weak_kdf_settings_are_refused_before_any_work(params: keys.KdfParams) -> None:
    started = time.perf_counter()
    with pytest.raises(DiaryDamaged):
        keys.derive_argon2(b"x", b"0" * 16, params.check())
    assert time.perf_counter() - started < 0.5


def test_short_passphrases_are_refused_with_guidance() -> None:
    with pytest.raises(InvalidInput, match="at least 8"):
        keys.check_new_passphrase("short")


def test_a_passphrase_typed_in_another_normal_form_still_opens(diary_dir: Path) -> None:
    composed = "café crème brûlée"
    vault, _ = Vault.create(diary_dir, composed, _case(), kdf=keys.FLOOR)
    vault.close()
    Vault.open(diary_dir, unicodedata.normalize("NFD", composed)).close()


def test_key_file_holds_nothing_readable(new_vault: tuple[Vault, str], diary_dir: Path) -> None:
    vault, recovery = new_vault
    raw = (diary_dir / "keys.json").read_text()
    assert PASSPHRASE not in raw and recovery not in raw and "Sam" not in raw
    data = json.loads(raw)
    assert data["passphrase"]["memory_kib"] >= 64 * 1024


def test_a_damaged_key_file_without_a_spare_copy_gives_a_clear_message(
    new_vault: tuple[Vault, str], diary_dir: Path
) -> None:
    new_vault[0].close()
    (diary_dir / "keys.json").write_text("{ not json")
    (diary_dir / "keys.json.prev").unlink()
    with pytest.raises(DiaryDamaged, match="keys.json"):
        Vault.open(diary_dir, PASSPHRASE)


def test_a_damaged_key_file_is_put_back_from_its_spare_copy(
    new_vault: tuple[Vault, str], diary_dir: Path
) -> None:
    vault = new_vault[0]
    vault.change_passphrase("a brand new passphrase")
    vault.close()
    # The spare is a copy of the key file in force, never of an earlier one.
    assert (diary_dir / "keys.json.prev").read_bytes() == (diary_dir / "keys.json").read_bytes()
    good = (diary_dir / "keys.json").read_bytes()
    (diary_dir / "keys.json").write_bytes(b"\x00" * 10)
    with pytest.raises(WrongPassphrase):
        Vault.open(diary_dir, PASSPHRASE)  # the old passphrase: not through the spare either
    reopened = Vault.open(diary_dir, "a brand new passphrase")
    assert any("put back from its spare copy" in w for w in reopened.warnings)
    reopened.close()
    assert (diary_dir / "keys.json").read_bytes() == good


def _case():  # type: ignore[no-untyped-def]
    from diary.domain.case import CaseDetails

    return CaseDetails(name="Sam Example", initials="SE")


def test_a_new_recovery_key_opens_the_diary_and_the_old_one_no_longer_does(
    new_vault: tuple[Vault, str], diary_dir: Path
) -> None:
    vault, old = new_vault
    assert vault.recovery_key_confirmed  # made here, as `diary init` makes it: printed once
    new = vault.new_recovery_key().recovery_key
    assert new != old
    assert not vault.recovery_key_confirmed  # until the person says it is written down
    vault.close()
    with pytest.raises(WrongPassphrase):
        Vault.open_with_recovery(diary_dir, old)
    # Not through the spare copy of the key file either, were keys.json damaged.
    (diary_dir / "keys.json").write_bytes(b"\x00")
    with pytest.raises(WrongPassphrase):
        Vault.open_with_recovery(diary_dir, old)
    with Vault.open_with_recovery(diary_dir, new) as reopened:
        assert not reopened.recovery_key_confirmed
        reopened.confirm_recovery_key()
    with Vault.open(diary_dir, PASSPHRASE) as reopened:  # the passphrase is unchanged
        assert reopened.recovery_key_confirmed


def test_a_diary_made_in_the_window_waits_for_its_recovery_key_to_be_confirmed(
    diary_dir: Path,
) -> None:
    vault, _ = Vault.create(
        diary_dir, PASSPHRASE, _case(), kdf=keys.FLOOR, confirm_recovery_key=True
    )
    vault.close()
    with Vault.open(diary_dir, PASSPHRASE) as reopened:  # closed before it was confirmed
        assert not reopened.recovery_key_confirmed
