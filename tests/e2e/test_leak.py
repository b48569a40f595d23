"""Nothing a person writes reaches the disk in readable form, and no deleted file is left open.

A whole session (init, add with a canary in the text, the place, an attached photo's EXIF and
its file name, search, passphrase change, check) runs through the real command line with HOME,
TMPDIR and every XDG folder inside one test root. Afterwards the canary, in UTF-8 and UTF-16,
must be in no file under that root. Where the test can loop-mount a small ext4 image as the root,
the raw bytes of the image are scanned too after unmounting, which also finds the blocks of files
that were written and deleted (SQLite's temporary files, for instance).

The photo itself lives outside the root: the person's own file is theirs, not the app's footprint.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from .cli_runner import PASSPHRASE, diary_env, run_diary
from .holder import HeldDiary

NEW_PASSPHRASE = "another long passphrase for the diary"


def _encodings(canary: str) -> list[bytes]:
    return [canary.encode("utf-8"), canary.encode("utf-16-le"), canary.encode("utf-16-be")]


def _photo(folder: Path, canary: str) -> Path:
    """A JPEG with the canary in its EXIF description and user comment and in its name."""
    image = Image.effect_noise((320, 240), 60).convert("RGB")
    exif = Image.Exif()
    exif[0x010E] = f"Description {canary}"  # ImageDescription
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[0x9286] = b"ASCII\x00\x00\x00" + f"Comment {canary}".encode()  # UserComment
    exif_ifd[0x9003] = "2024:06:03 18:29:00"  # DateTimeOriginal
    path = folder / f"photo-{canary}.jpg"
    image.save(path, "JPEG", exif=exif)
    raw = path.read_bytes()
    assert all(form in raw for form in _encodings(canary)[:1])
    return path


def _session_env(root: Path) -> dict[str, str]:
    folders = {
        "HOME": "home",
        "TMPDIR": "tmp",
        "XDG_DATA_HOME": "data",
        "XDG_CONFIG_HOME": "config",
        "XDG_CACHE_HOME": "cache",
        "XDG_STATE_HOME": "state",
        "XDG_RUNTIME_DIR": "runtime",
    }
    env = diary_env()
    for name, sub in folders.items():
        (root / sub).mkdir(mode=0o700, exist_ok=True)
        env[name] = str(root / sub)
    return env


def _scan_files(root: Path, canary: str) -> list[str]:
    found = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            found += [f"{path} ({form!r})" for form in _encodings(canary) if form in data]
        if canary in path.name:
            found.append(f"{path} (its name)")
    return found


def _deleted_but_open(pid: int) -> list[str]:
    """Files a process still holds open (or mapped) after they were deleted."""
    held = []
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.endswith("(deleted)"):
            held.append(target)
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        if line.endswith("(deleted)") and "/memfd:" not in line:
            held.append(line)
    return held


@pytest.fixture
def ext4_root(tmp_path: Path) -> Iterator[tuple[Path, Path | None]]:
    """The test root: a freshly made ext4 image mounted by loop when possible, else a folder."""
    root = tmp_path / "root"
    root.mkdir()
    image = tmp_path / "disk.img"
    mounted = False
    if os.geteuid() == 0 and shutil.which("mkfs.ext4"):
        with image.open("wb") as out:
            out.truncate(32 * 1024 * 1024)
        made = subprocess.run(["mkfs.ext4", "-q", "-F", str(image)], capture_output=True)
        if made.returncode == 0:
            mounted = (
                subprocess.run(
                    ["mount", "-o", "loop", str(image), str(root)], capture_output=True
                ).returncode
                == 0
            )
    try:
        yield root, image if mounted else None
    finally:
        if mounted and os.path.ismount(root):
            subprocess.run(["umount", str(root)], check=True)


def test_session_leaves_no_readable_trace_and_no_deleted_file_open(
    ext4_root: tuple[Path, Path | None], tmp_path: Path
) -> None:
    root, image = ext4_root
    outside = tmp_path / "outside"
    outside.mkdir()
    canary = "canary" + uuid.uuid4().hex[:12]  # lower case: search indexes hold words in lower case
    env = _session_env(root)
    photo = _photo(outside, canary)
    # A control: a file written to disk and deleted, which the raw scan must still find.
    control = "control" + uuid.uuid4().hex[:12]
    if image is not None:
        scratch = root / "tmp" / "scratch"
        with scratch.open("wb") as out:
            out.write(control.encode() * 64)
            out.flush()
            os.fsync(out.fileno())
        scratch.unlink()

    def diary(*args: str | Path, stdin: str = PASSPHRASE + "\n") -> str:
        done = run_diary(*args, stdin=stdin, env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout

    diary("init", "--name", "Sam Example", "--initials", "SE")
    incident_id = diary(
        "add",
        "--when",
        "2024-06-03T18:30",
        "--tz",
        "Europe/London",
        "--where",
        f"Outside {canary} house",
        "--what",
        f"He left a note saying {canary}.",
        "--attach",
        photo,
    ).strip()
    assert [r["id"] for r in json.loads(diary("search", canary, "--json"))] == [int(incident_id)]
    shown = diary("show", incident_id)
    assert f"Outside {canary} house" in shown and photo.name in shown
    diary("passwd", stdin=f"{PASSPHRASE}\n{NEW_PASSPHRASE}\n")
    assert "The diary is intact: 1 incidents" in diary("check", stdin=NEW_PASSPHRASE + "\n")

    # The diary held open, as the window holds it: nothing deleted may stay open behind it.
    folder = next(root.rglob("keys.json")).parent
    assert str(folder).startswith(env["XDG_DATA_HOME"])  # the default place, under the root
    held = HeldDiary(folder, env=env, passphrase=NEW_PASSPHRASE)
    try:
        second = held.ask(f"add Another note saying {canary} again")
        held.ask(f"attach {second} {photo}")
        assert held.ask(f"search {canary}").split() == [incident_id, second]
        assert _deleted_but_open(held.pid) == []
    finally:
        assert held.close() == 0

    assert _scan_files(root, canary) == []
    if image is not None:
        subprocess.run(["umount", str(root)], check=True)
        raw = image.read_bytes()
        assert control.encode() in raw  # deleted files' bytes are visible to this scan
        assert [form for form in _encodings(canary) if form in raw] == []
