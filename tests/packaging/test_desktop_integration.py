"""Linux desktop integration: menu entries, AppStream metainfo and icons are valid and complete."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


@pytest.mark.parametrize(
    "name", ["org.evidencediary.Diary.desktop", "org.evidencediary.Diary.notes.desktop"]
)
def test_desktop_entries_validate(name: str) -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate (desktop-file-utils) is not installed")
    result = subprocess.run([tool, str(LINUX / name)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout


def test_metainfo_validates() -> None:
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli (appstream) is not installed")
    result = subprocess.run(
        [tool, "validate", "--no-net", str(LINUX / "org.evidencediary.Diary.metainfo.xml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_discreet_entry_shows_nothing_but_notes() -> None:
    lines = (LINUX / "org.evidencediary.Diary.notes.desktop").read_text().splitlines()
    entry = dict(line.split("=", 1) for line in lines if "=" in line)
    assert entry["Name"] == "Notes"
    shown = " ".join(entry.get(k, "") for k in ("Name", "GenericName", "Comment", "Keywords"))
    for word in ("evidence", "stalk", "harass", "police", "diary"):
        assert word not in shown.lower()
    assert entry["Icon"].endswith(".notes")


@pytest.mark.parametrize("stem", ["evidence-diary", "notes"])
def test_icons_come_in_every_size_desktops_expect(stem: str) -> None:
    assert (ICONS / f"{stem}.svg").read_text().startswith("<svg")
    for size in SIZES:
        with Image.open(ICONS / f"{stem}-{size}.png") as image:
            assert image.size == (size, size)
            assert image.mode == "RGBA"
