"""Where the shipped `resources/` folder is, for a checkout, the wheel and the frozen app."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_root() -> Path:
    """The top-level `resources/` folder: in the frozen app, beside the source, or installed."""
    frozen = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's one-folder and one-file builds
    if frozen:
        return Path(frozen) / "resources"
    # A source checkout (or an editable install) has it beside the `diary` package; a wheel
    # installs it inside the package, as `diary.bundled` (see pyproject.toml).
    beside = Path(__file__).resolve().parent.parent / "resources"
    if (beside / "fonts").is_dir():
        return beside
    from importlib.resources import files

    return Path(str(files("diary.bundled"))).resolve()


def resource_path(*parts: str) -> Path:
    """The path of a shipped file, e.g. resource_path("fonts", "DejaVuSans.ttf")."""
    return resources_root().joinpath(*parts)
