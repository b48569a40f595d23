"""Damaged, emptied, truncated or rolled-back diary files: plain messages, files left as found.

Each case starts from a copy of one diary made through the vault, changes its files the way a
failing disk, a careless copy or a tamperer would, then runs the real `diary` command.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path

import pytest

from diary.domain.case import CaseDetails
from diary.domain.errors import DiaryDamaged, DiaryError
from diary.domain.incident import IncidentContent
from diary.domain.times import parse_moment
from diary.vault import Vault
from diary.vault.keys.keys import FLOOR

from .cli_runner import PASSPHRASE, run_diary

NEW_PASSPHRASE = "a different long passphrase"
PAGE = 4096  # SQLCipher 4's page size


def _content(n: int) -> IncidentContent:
    return IncidentContent(
        occurred=parse_moment("2024-06-03T18:30", "Europe/London"),
        location=f"Outside my work ({n})",
        text=f"Entry {n}. He was waiting by the gate again and followed me to the bus. " * 12,
    )


def _add(folder: Path, first: int, count: int) -> None:
    with Vault.open(folder, PASSPHRASE) as vault:
        for n in range(first, first + count):
            vault.add_incident(_content(n))


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed diary with 30 entries and an attachment, whose passphrase is PASSPHRASE."""
    folder = tmp_path_factory.mktemp("original") / "diary"
    vault, _ = Vault.create(
        folder, PASSPHRASE, CaseDetails(name="Sam Example", initials="SE"), kdf=FLOOR
    )
    with vault:
        for n in range(1, 31):
            vault.add_incident(_content(n))
        vault.attach_bytes(1, "recording.bin", bytes(range(256)) * 2000)
    return folder


@pytest.fixture
def diary(original: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "diary"
    shutil.copytree(original, folder)
    return folder


def _fingerprint(folder: Path) -> dict[str, str]:
    """Every file in the diary's folder and below (the lock file aside), and the SHA-256 of its
    bytes (the attachment files in the store included)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "diary.lock"
    }


def _one_plain_line(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr


# ----- damage inside diary.db -----


@pytest.mark.parametrize(
    "where",
    ["salt", "first page", "second page", "middle", "last page"],
)
def test_flipped_byte_is_damage_and_the_file_is_left_untouched(diary: Path, where: str) -> None:
    db = diary / "diary.db"
    data = bytearray(db.read_bytes())
    offset = {
        "salt": 5,
        "first page": 300,
        "second page": PAGE + 1000,
        "middle": (len(data) // PAGE // 2) * PAGE + 2000,
        "last page": len(data) - 100,
    }[where]
    data[offset] ^= 0x04
    db.write_bytes(bytes(data))
    before = _fingerprint(diary)

    done = run_diary("check", "--diary", diary)

    assert done.returncode == 4, done
    assert "damaged" in done.stderr
    assert "Traceback" not in done.stderr
    assert _fingerprint(diary) == before


def test_flipped_byte_in_the_header_stops_every_command_with_exit_4(diary: Path) -> None:
    db = diary / "diary.db"
    data = bytearray(db.read_bytes())
    data[5] ^= 0x01
    db.write_bytes(bytes(data))
    before = _fingerprint(diary)

    done = run_diary("list", "--diary", diary)

    assert done.returncode == 4
    assert "damaged" in done.stderr
    _one_plain_line(done.stderr)
    assert _fingerprint(diary) == before


def test_truncated_on_a_page_boundary_is_found_by_check(diary: Path) -> None:
    db = diary / "diary.db"
    data = db.read_bytes()
    assert len(data) % PAGE == 0 and len(data) > 4 * PAGE
    db.write_bytes(data[: len(data) - 2 * PAGE])
    before = _fingerprint(diary)

    done = run_diary("check", "--diary", diary)

    assert done.returncode == 4, done
    assert "damaged" in done.stderr
    assert _fingerprint(diary) == before


# ----- diary.db empty or missing -----


def test_empty_database_is_reported_and_not_replaced(diary: Path) -> None:
    db = diary / "diary.db"
    db.write_bytes(b"")
    inode = db.stat().st_ino
    names = {p.name for p in diary.iterdir()}

    for command in ("list", "add"):
        args = (
            ["--when", "2024-06-03T18:30", "--where", "x", "--what", "y"]
            if command == "add"
            else []
        )
        done = run_diary(command, "--diary", diary, *args)
        assert done.returncode == 4, done
        assert "empty" in done.stderr
        _one_plain_line(done.stderr)

    assert db.stat().st_size == 0
    assert db.stat().st_ino == inode
    assert {p.name for p in diary.iterdir()} == names


def test_missing_database_is_reported_and_nothing_is_created(diary: Path) -> None:
    (diary / "diary.db").unlink()
    names = {p.name for p in diary.iterdir()}

    done = run_diary(
        "add", "--diary", diary, "--when", "2024-06-03T18:30", "--where", "x", "--what", "y"
    )

    assert done.returncode == 4, done
    assert "missing" in done.stderr
    _one_plain_line(done.stderr)
    assert not (diary / "diary.db").exists()
    assert {p.name for p in diary.iterdir()} == names


# ----- keys.json -----


def _damage_keys_json(folder: Path) -> None:
    path = folder / "keys.json"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] = ord("#")
    path.write_bytes(bytes(data))


def test_damaged_key_file_is_put_back_from_its_spare_copy_with_a_warning(diary: Path) -> None:
    with Vault.open(diary, PASSPHRASE) as vault:
        vault.change_passphrase(NEW_PASSPHRASE)
    good = (diary / "keys.json").read_bytes()
    assert (diary / "keys.json.prev").read_bytes() == good  # a spare, not an older copy
    _damage_keys_json(diary)

    # The spare opens with the passphrase in force, never with the one before the change.
    done = run_diary("list", "--diary", diary, stdin=PASSPHRASE + "\n")
    assert done.returncode == 3
    _one_plain_line(done.stderr)
    done = run_diary("list", "--diary", diary, stdin=NEW_PASSPHRASE + "\n")
    assert done.returncode == 0, done.stderr
    assert "Entry 30." in done.stdout
    assert "warning" in done.stderr and "put back from its spare copy" in done.stderr
    assert (diary / "keys.json").read_bytes() == good


def test_changing_passphrase_over_a_damaged_key_file_works_from_the_spare(diary: Path) -> None:
    _damage_keys_json(diary)
    done = run_diary(
        "passwd", "--diary", diary, stdin=f"{PASSPHRASE}\nthird passphrase of the day\n"
    )
    assert done.returncode == 0, done.stderr
    assert (diary / "keys.json.prev").read_bytes() == (diary / "keys.json").read_bytes()
    assert (
        run_diary("list", "--diary", diary, stdin="third passphrase of the day\n").returncode == 0
    )
    assert run_diary("list", "--diary", diary).returncode == 3


def test_damaged_key_file_without_a_spare_copy_is_a_clear_message(diary: Path) -> None:
    (diary / "keys.json.prev").unlink()
    _damage_keys_json(diary)
    before = _fingerprint(diary)

    done = run_diary("list", "--diary", diary)

    assert done.returncode == 4
    assert "key file" in done.stderr and "damaged" in done.stderr
    _one_plain_line(done.stderr)
    assert _fingerprint(diary) == before


def _absurd_kdf(folder: Path, name: str = "keys.json") -> None:
    path = folder / name
    data = json.loads(path.read_bytes())
    data["passphrase"]["memory_kib"] = 2**40
    data["passphrase"]["iterations"] = 10**9
    path.write_text(json.dumps(data))


def test_absurd_key_derivation_settings_are_refused_at_once(diary: Path) -> None:
    _absurd_kdf(diary)
    _absurd_kdf(diary, "keys.json.prev")

    started = time.perf_counter()
    with pytest.raises(DiaryDamaged, match="key file"):
        Vault.open(diary, PASSPHRASE)
    assert time.perf_counter() - started < 0.5  # derivation as asked would take days

    done = run_diary("list", "--diary", diary, timeout=20)
    assert done.returncode == 4
    assert "damaged" in done.stderr
    _one_plain_line(done.stderr)


def test_absurd_settings_in_key_file_are_put_right_from_the_spare(diary: Path) -> None:
    good = (diary / "keys.json").read_bytes()
    _absurd_kdf(diary)

    done = run_diary("list", "--diary", diary, stdin=PASSPHRASE + "\n", timeout=20)

    assert done.returncode == 0, done.stderr
    assert "spare copy" in done.stderr
    assert (diary / "keys.json").read_bytes() == good


# ----- putting back an older copy -----


def _state(folder: Path) -> tuple[list[tuple[int, str, int]], str]:
    with Vault.open(folder, PASSPHRASE) as vault:
        rows = [(i.id, i.content.text, i.revisions) for i in vault.incidents()]
        return rows, vault.chain_head


def test_whole_file_rollback_is_not_caught_but_shows_in_the_chain_head(diary: Path) -> None:
    """An older diary.db put back whole is a consistent older diary: neither SQLCipher nor the
    chain can know newer entries existed. What changes is the chain head `diary check` prints,
    which is how a copy of the head kept elsewhere (an exported pack) reveals the rollback."""
    older = (diary / "diary.db").read_bytes()
    _add(diary, 31, 10)
    head_after = run_diary("check", "--diary", diary).stdout.split()[-1]
    (diary / "diary.db").write_bytes(older)

    done = run_diary("check", "--diary", diary)

    assert done.returncode == 0  # not caught by the diary itself
    assert "30 incidents" in done.stdout
    assert done.stdout.split()[-1] != head_after


def test_older_copies_of_single_pages_are_caught_or_change_nothing(diary: Path) -> None:
    """Mixing pages of an older copy into a newer one (each page authenticates on its own) is
    caught by the structure check or the chain, unless the older page means the same thing."""
    older = (diary / "diary.db").read_bytes()
    _add(diary, 31, 10)
    newer = (diary / "diary.db").read_bytes()
    expected = _state(diary)
    changed = [
        p
        for p in range(len(older) // PAGE)
        if older[p * PAGE : (p + 1) * PAGE] != newer[p * PAGE : (p + 1) * PAGE]
    ]
    assert len(changed) > 3

    caught = 0
    for page in changed:
        mixed = bytearray(newer)
        mixed[page * PAGE : (page + 1) * PAGE] = older[page * PAGE : (page + 1) * PAGE]
        (diary / "diary.db").write_bytes(bytes(mixed))
        try:
            with Vault.open(diary, PASSPHRASE) as vault:
                problems = vault.check().problems
        except DiaryError:
            problems = ["refused at open"]
        if problems:
            caught += 1
        else:
            assert _state(diary) == expected, (
                f"page {page} put back unnoticed and changed the diary"
            )
    assert caught >= len(changed) // 2
