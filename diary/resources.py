"""Where the shipped `resources/` folder is: the one place that knows, wheel or frozen app."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    """The top-level `resources/` folder, installed as the `resources` package beside `diary`."""
    frozen = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's one-folder and one-file builds
    if frozen:
        return Path(frozen) / "resources"
    import resources

    return Path(resources.__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """The path of a shipped file, e.g. resource_path("fonts", "DejaVuSans.ttf")."""
    return resources_root().joinpath(*parts)
