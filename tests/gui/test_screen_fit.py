"""Every page and dialog fits a small laptop's screen and a larger one at 150 % text: the window
with its title bar inside the room the taskbar leaves, every button on the screen.

Each screen is its own child process (a screen's size and scale are fixed when Qt starts), run
by screen_fit_probe.py on Qt's offscreen platform configured with that one screen.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

import diary.gui

PROBE = Path(__file__).with_name("screen_fit_probe.py")
TASKBAR = 48  # what a taskbar takes from the bottom of the screen

SCREENS = {
    "1024x600": (1024, 600, "1"),
    "1366x768 at 150 %": (1366, 768, "1.5"),
}


def every_dialog_class() -> set[str]:
    """Every dialog the window can open, found by importing every module of diary/gui (and
    its subpackages)."""
    for module in pkgutil.walk_packages(diary.gui.__path__, "diary.gui."):
        importlib.import_module(module.name)
    found: set[str] = set()
    todo = list(QDialog.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("diary.gui.") and cls.__name__ != "StepDialog":
            found.add(cls.__name__)
    return found


@pytest.mark.parametrize("screen", SCREENS)
def test_every_window_and_dialog_fits_the_screen(screen: str, tmp_path: Path) -> None:
    width, height, scale = SCREENS[screen]
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "laptop",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height - TASKBAR,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        QT_SCALE_FACTOR=scale,
        XDG_DATA_HOME=str(tmp_path / "xdg"),
    )
    env.pop("EVIDENCE_DIARY_FOLDER", None)
    done = subprocess.run(
        [sys.executable, str(PROBE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["problems"] == []
    # A new dialog must be added to the probe, or this fails: none goes unmeasured.
    assert set(found["opened"]) == every_dialog_class()
