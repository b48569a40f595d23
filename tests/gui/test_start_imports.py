"""The window paints its first screen before SQLCipher, cryptography, reportlab or the media
readers are loaded: they come in when a diary is unlocked, exported or shown."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def test_starting_the_window_loads_none_of_the_heavy_libraries() -> None:
    code = (
        "import json, sys\n"
        "import diary.gui.app\n"
        "heavy = ['sqlcipher3', 'reportlab', 'av', 'pi_heif', 'pypdfium2', 'cryptography']\n"
        "print(json.dumps([m for m in heavy if m in sys.modules]))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
