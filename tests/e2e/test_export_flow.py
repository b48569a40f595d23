"""The export as a whole: private notes stay out, progress is reported, the demo diary works."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from diary.cli import main
from diary.export.export_pack import write_pack
from diary.export.pack import PackOptions, build_pack
from diary.export.signing import diary_signing_key
from diary.vault import Vault
from tests.conftest import make_content
from tests.export_support import export, page_texts, png_bytes


def test_private_notes_never_reach_the_pdf_or_the_bundle(vault: Vault, tmp_path: Path) -> None:
    secret = "Refuge address 12 Hidden Lane"
    vault.add_private_note(secret)
    vault.add_incident(make_content(what="He phoned twelve times."))
    _, result = export(vault, tmp_path)
    assert secret not in "\n".join(page_texts(result.pdf))
    with zipfile.ZipFile(result.bundle) as archive:  # type: ignore[arg-type]
        for name in archive.namelist():
            assert secret.encode() not in archive.read(name), name


def test_progress_rises_to_done(vault: Vault, tmp_path: Path) -> None:
    for day in range(1, 10):
        incident = vault.add_incident(make_content(when=f"2024-04-{day:02d}T10:00"))
        vault.attach_bytes(incident, f"s{day}.png", png_bytes(seed=day))
    pack = build_pack(vault, PackOptions())
    seen: list[tuple[str, float]] = []
    write_pack(
        pack,
        diary_signing_key(vault),
        tmp_path / "p.pdf",
        tmp_path / "p.zip",
        lambda step, fraction: seen.append((step, fraction)),
    )
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert {"pdf", "bundle", "done"} <= {step for step, _ in seen}
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["p.pdf", "p.zip"]


def test_demo_diary_exports_a_full_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    passphrase = "demo passphrase for testing"
    monkeypatch.setattr(sys, "stdin", io.StringIO(passphrase + "\n"))
    assert main(["demo", str(tmp_path / "demo")]) == 0
    assert "40 fictional incidents" in capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.StringIO(passphrase + "\n"))
    assert (
        main(
            [
                "export",
                "--diary",
                str(tmp_path / "demo"),
                "--pdf",
                str(tmp_path / "d.pdf"),
                "--bundle",
                str(tmp_path / "d.zip"),
            ]
        )
        == 0
    )
    texts = page_texts(tmp_path / "d.pdf")
    assert "prepared by Alex Demo (fictional) to assist police" in " ".join(texts[0].split())
    assert sum("Exhibit AD/" in t for t in texts) >= 10
    assert main(["verify", str(tmp_path / "d.zip")]) == 0
