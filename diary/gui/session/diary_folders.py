"""Where diaries live by default. No list of recently opened diaries is ever kept.

A discreet diary lives in a folder with a neutral name, so nothing the app creates on disk says
what it is. At start the window looks in the neutral place first, then the usual one.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from diary.vault.folders import default_folder, is_diary

FOLDER_ENV = "EVIDENCE_DIARY_FOLDER"


def discreet_folder() -> Path:
    return Path(platformdirs.user_data_dir("notes", appauthor=False, roaming=False))


def folder_for_new_diary(discreet: bool) -> Path:
    return discreet_folder() if discreet else default_folder()


def starting_folder() -> Path:
    """The folder to open at start: the one named in the environment, else an existing diary."""
    named = os.environ.get(FOLDER_ENV, "")
    if named:
        return Path(named)
    for folder in (discreet_folder(), default_folder()):
        if is_diary(folder):
            return folder
    return default_folder()
