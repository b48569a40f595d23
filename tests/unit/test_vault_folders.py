"""Finding a diary without loading the vault."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from diary.vault import Vault, folders
from diary.vault.keys import keys
from diary.vault.storage import database


def test_file_names_agree_with_the_vault() -> None:
    assert folders.KEYS_FILE_NAME == keys.KEYS_FILE
    assert folders.DB_FILE_NAME == database.DB_FILE


def test_a_created_diary_is_found(vault: Vault, diary_dir: Path, tmp_path: Path) -> None:
    assert folders.is_diary(diary_dir)
    assert not folders.is_diary(tmp_path / "elsewhere")


def test_finding_a_diary_does_not_load_sqlcipher() -> None:
    code = "import sys, diary.vault.folders; print('sqlcipher3' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
