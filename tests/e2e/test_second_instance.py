"""A second copy of the app on the same diary is turned away plainly; the first carries on."""

from __future__ import annotations

from pathlib import Path

import pytest

from diary.domain.errors import DiaryInUse
from diary.vault import Vault

from .cli_runner import PASSPHRASE, init_diary, run_diary
from .holder import HeldDiary


def test_second_process_is_refused_and_first_keeps_working(tmp_path: Path) -> None:
    folder = tmp_path / "diary"
    init_diary(folder)
    held = HeldDiary(folder)
    try:
        first_id = int(held.ask("add Written by the first copy"))
        db_before = (folder / "diary.db").stat().st_size

        for args in (
            (
                "add",
                "--diary",
                folder,
                "--when",
                "2024-06-03T18:30",
                "--tz",
                "Europe/London",
                "--where",
                "Park",
                "--what",
                "Written by the second copy",
            ),
            ("list", "--diary", folder),
            ("check", "--diary", folder),
        ):
            done = run_diary(*args)
            assert done.returncode == 1, done
            assert "already open" in done.stderr
            assert len(done.stderr.strip().splitlines()) == 1
            assert "Traceback" not in done.stderr

        # The first copy still reads and writes, and nothing from the second copy got in.
        second_id = int(held.ask("add Still writing after the other copy was refused"))
        assert second_id == first_id + 1
        assert held.ask("count") == "2"
        assert held.ask("search second") == ""
        assert held.ask("search refused") == str(second_id)
        assert (folder / "diary.db").stat().st_size >= db_before
    finally:
        assert held.close() == 0

    done = run_diary("list", "--diary", folder)
    assert done.returncode == 0, done.stderr
    assert "Written by the first copy" in done.stdout
    assert "Written by the second copy" not in done.stdout


def test_second_open_in_the_same_process_raises_diary_in_use(tmp_path: Path) -> None:
    folder = tmp_path / "diary"
    init_diary(folder)
    held = HeldDiary(folder)
    try:
        with pytest.raises(DiaryInUse, match="already open"):
            Vault.open(folder, PASSPHRASE)
        assert held.ask("add Still fine") == "1"
    finally:
        assert held.close() == 0
    with Vault.open(folder, PASSPHRASE) as vault:
        assert [i.content.text for i in vault.incidents()] == ["Still fine"]
