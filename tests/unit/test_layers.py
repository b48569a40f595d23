"""The layers of DESIGN.md: Qt only in gui, reportlab only in export, sqlcipher3 only in vault."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_import_linter_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("import-linter is not installed in this environment")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("diary.domain", ("PySide6", "reportlab", "sqlcipher3")),
        ("diary.vault", ("PySide6", "reportlab")),
        ("diary.cli", ("PySide6",)),
    ],
)
def test_importing_a_layer_loads_nothing_from_the_layers_above(
    package: str, forbidden: tuple[str, ...]
) -> None:
    """Checked at run time as well, in a fresh interpreter: it catches dynamic imports too."""
    code = (
        "import importlib, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(' '.join(sorted({n.split('.')[0] for n in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = set(result.stdout.split())
    assert not loaded & set(forbidden), f"{package} loaded {loaded & set(forbidden)}"
