"""The wheel a packager builds: every module and every shipped file inside the `diary` package,
nothing else put in site-packages, and the fonts found from an installed copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_wheel_holds_the_whole_app_inside_its_own_package(tmp_path: Path) -> None:
    # A copy of the source, so that building leaves nothing in the checkout.
    source = tmp_path / "source"
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("diary", "resources"):
        shutil.copytree(ROOT / name, source / name, ignore=skip)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    _run(
        sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
        "-w", str(tmp_path / "dist"), str(source), cwd=tmp_path,
    )  # fmt: skip
    [wheel] = (tmp_path / "dist").glob("evidence_diary-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    # Only the app's own package: no generic top-level `resources` beside other projects' code.
    assert {name.split("/")[0] for name in names} == {
        "diary",
        wheel.name.split("-py")[0] + ".dist-info",
    } or {
        name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")
    } == {"diary"}
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "diary").rglob("*.py")}
    assert modules <= names, sorted(modules - names)
    shipped = {
        "diary/bundled/" + p.relative_to(ROOT / "resources").as_posix()
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert shipped <= names, sorted(shipped - names)

    # Installed on its own, away from the checkout, it still finds its fonts.
    target = tmp_path / "installed"
    _run(
        sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
        str(wheel), cwd=tmp_path,
    )  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(target)}
    found = _run(
        sys.executable,
        "-c",
        "from diary.resources import resource_path; print(resource_path('fonts', 'DejaVuSans.ttf'))",
        cwd=tmp_path,
        env=env,
    ).strip()
    assert Path(found).is_file() and Path(found).is_relative_to(target)
