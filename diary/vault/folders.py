"""What makes a folder a diary, and where the diary lives by default.

Kept free of heavy imports (no SQLCipher, no cryptography) so the window can decide between
its first-run and unlock screens before the rest of the vault has loaded.
"""

from __future__ import annotations

from pathlib import Path

# The same names as keys.KEYS_FILE and database.DB_FILE (a test keeps them equal).
KEYS_FILE_NAME = "keys.json"
DB_FILE_NAME = "diary.db"
# Present while `diary restore` is making a diary in the folder (restore.py); removed last.
UNFINISHED_RESTORE = "restore-unfinished"


def is_diary(folder: Path) -> bool:
    return (folder / KEYS_FILE_NAME).exists() or (folder / DB_FILE_NAME).exists()


def default_folder() -> Path:
    """The platform's per-user data location for the diary."""
    import platformdirs

    return Path(platformdirs.user_data_dir("evidence-diary", appauthor=False, roaming=False))
