"""An export holds one exhibit at a time, reads the diary as it was when the pack was read, and
stops cleanly when the diary is locked or an exhibit's stored copy is damaged."""

from __future__ import annotations

import hashlib
import io
import os
import sys
import threading
import tracemalloc
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from diary.cli import main
from diary.domain.errors import EXIT_DAMAGED, DiaryDamaged, DiaryError
from diary.export.export_pack import write_pack
from diary.export.pack import PackOptions, build_pack
from diary.export.signing import diary_signing_key
from diary.vault import Vault
from diary.vault.attachments.exhibit_files import ExhibitFiles
from diary.vault.storage.file_store import FILES_FOLDER
from tests.conftest import PASSPHRASE, make_content
from tests.export_support import export, png_bytes

PICTURES = 12


def _diary_with_large_files(vault: Vault) -> tuple[int, int]:
    """Twelve noise pictures (about 1 MB each, nothing compresses them) and a 16 MB video."""
    total = 0
    for day in range(1, PICTURES + 1):
        incident = vault.add_incident(make_content(when=f"2024-05-{day:02d}T10:00"))
        picture = png_bytes(size=(600, 560), seed=day)
        vault.attach_bytes(incident, f"photo{day}.png", picture)
        total += len(picture)
    video = os.urandom(16 * 1024 * 1024)
    vault.attach_bytes(incident, "doorbell.mp4", video)
    return total, len(video)


def test_an_export_holds_one_exhibit_at_a_time_not_all_of_them(
    vault: Vault, tmp_path: Path
) -> None:
    pictures, video = _diary_with_large_files(vault)
    export(vault, tmp_path, "warm-up")  # fonts and caches loaded once, as in a running app
    tracemalloc.start()
    try:
        pack, result = export(vault, tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.bundle is not None
    assert result.pdf.stat().st_size > pictures  # every picture went into the PDF, losslessly
    with zipfile.ZipFile(result.bundle) as archive:
        sizes = {info.filename: info.file_size for info in archive.infolist()}
    assert sizes[f"exhibits/{pack.exhibits[-1].file_name}"] == video
    # Holding the originals, or the PDF before writing it, would take more than both together.
    # The picture being placed, the next one (read ahead), one piece of the video (sealed and
    # opened: a piece's plaintext is only handed out once its whole tag is checked) and the
    # layout of a few pages are all it needs.
    assert peak < 5 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def test_each_original_is_read_from_the_diary_once_and_nothing_is_left_running(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _diary_with_large_files(vault)
    reads: Counter[int] = Counter()
    chunks = ExhibitFiles.chunks

    def counted(files: ExhibitFiles, attachment_id: int):  # type: ignore[no-untyped-def]
        reads[attachment_id] += 1
        return chunks(files, attachment_id)

    monkeypatch.setattr(ExhibitFiles, "chunks", counted)
    threads = threading.active_count()
    pack, result = export(vault, tmp_path)
    # The PDF's pictures and the bundle's originals come from one read (the next picture is
    # read while this one's page is laid out); the video is streamed into the bundle.
    assert sorted(reads.values()) == [1] * (PICTURES + 1)
    assert threading.active_count() == threads
    assert result.bundle is not None
    with zipfile.ZipFile(result.bundle) as archive:
        for exhibit in pack.exhibits:
            data = archive.read(f"exhibits/{exhibit.file_name}")
            assert hashlib.sha256(data).hexdigest() == exhibit.attachment.sha256


def test_locking_the_diary_during_an_export_stops_it_and_writes_nothing(
    vault: Vault, tmp_path: Path
) -> None:
    _diary_with_large_files(vault)
    key = diary_signing_key(vault)
    pack = build_pack(vault, PackOptions())
    started = threading.Event()

    def progress(step: str, fraction: float) -> None:
        if fraction > 0.3 and not started.is_set():
            started.set()
            vault.close()  # what the window's idle lock does while a worker is exporting

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(DiaryError, match="locked"):
        write_pack(pack, key, out / "p.pdf", out / "p.zip", progress)
    assert list(out.iterdir()) == []


def test_the_pack_reads_exhibits_as_they_were_when_it_was_read(
    vault: Vault, tmp_path: Path
) -> None:
    incident = vault.add_incident(make_content())
    vault.attach_bytes(incident, "first.png", png_bytes(seed=1))
    with build_pack(vault, PackOptions()) as pack:
        # Written meanwhile (in the window, a share imported while the export runs).
        vault.attach_bytes(incident, "later.png", png_bytes(seed=2))
        result = write_pack(pack, diary_signing_key(vault), tmp_path / "p.pdf", tmp_path / "p.zip")
    assert result.bundle is not None
    with zipfile.ZipFile(result.bundle) as archive:
        exhibits = [n for n in archive.namelist() if n.startswith("exhibits/")]
    assert [n.rsplit("_", 1)[-1] for n in exhibits] == ["first.png"]
    assert not pack.files.is_open  # closed with the pack: no second connection left open


def test_an_exhibit_whose_stored_copy_changed_stops_the_export(
    vault: Vault,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    incident = vault.add_incident(make_content())
    attachment = vault.attach_bytes(incident, "photo.png", png_bytes(seed=3))
    # Only someone working on the files directly could do this; the app never rewrites one.
    (file_id,) = vault.conn.execute(
        "SELECT file_id FROM stored_files WHERE attachment_id = ?", (attachment.id,)
    ).fetchone()
    stored = vault.folder / FILES_FOLDER / file_id
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 1
    stored.write_bytes(bytes(data))
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(DiaryDamaged, match="stored copy of photo.png"):
        export(vault, out)
    assert list(out.iterdir()) == []
    # The command says the same, with the exit code for a damaged diary.
    folder = vault.folder
    vault.close()
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSPHRASE + "\n"))
    pdf, bundle = str(out / "p.pdf"), str(out / "p.zip")
    code = main(["export", "--diary", str(folder), "--pdf", pdf, "--bundle", bundle])
    assert code == EXIT_DAMAGED
    assert "stored copy of photo.png" in capsys.readouterr().err
    assert list(out.iterdir()) == []
