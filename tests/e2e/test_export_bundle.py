"""The bundle and `diary verify`: intact bundles pass, any changed, missing or extra file fails
with exit code 5 and is named, hostile zips are refused, and the CLI export writes both files."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from diary.cli import main
from diary.domain.errors import EXIT_FAILURE, EXIT_VERIFY_FAILED
from diary.export.export_pack import ExportCancelled, write_pack
from diary.export.pack import PackOptions, build_pack
from diary.export.signing import SIGNING_KEY_SETTING, diary_signing_key
from diary.vault import Vault
from tests.conftest import PASSPHRASE, make_content
from tests.export_support import export, png_bytes


@pytest.fixture
def bundle(vault: Vault, tmp_path: Path) -> Path:
    first = vault.add_incident(make_content(what="Messages all night. Zażółć"))
    vault.attach_bytes(first, "../../evil name?.png", png_bytes())
    vault.attach_bytes(first, "notes.txt", b"plain words\n")
    _, result = export(vault, tmp_path)
    assert result.bundle is not None
    return result.bundle


def _verify(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["verify", str(path)])
    out = capsys.readouterr()
    return code, out.out + out.err


def _rewrite(
    source: Path, target: Path, change: dict[str, bytes | None], add: dict[str, bytes] | None = None
) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename in change:
                replacement = change[info.filename]
                if replacement is None:
                    continue
                data = replacement
            new.writestr(info.filename, data)
        for name, data in (add or {}).items():
            new.writestr(name, data)


def test_bundle_holds_originals_entries_and_a_signed_manifest(
    bundle: Path, vault: Vault, capsys: pytest.CaptureFixture[str]
) -> None:
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        assert "exhibits/SE-1_evil-name-.png" in names
        assert archive.read("exhibits/SE-2_notes.txt") == b"plain words\n"
        assert archive.read("exhibits/SE-1_evil-name-.png") == png_bytes()
        entries = json.loads(archive.read("entries.json").decode("utf-8"))
        assert entries["incidents"][0]["text"] == "Messages all night. Zażółć"
        sums = archive.read("SHA256SUMS").decode()
        manifest = json.loads(archive.read("manifest.json"))
        assert "sha256sum -c SHA256SUMS" in archive.read("VERIFY.txt").decode()
    assert {"pack.pdf", "entries.json", "public-key.txt", "VERIFY.txt"} <= names
    assert set(manifest["files"]) == names - {"manifest.json", "manifest.sig"}
    for name, meta in manifest["files"].items():
        if name != "SHA256SUMS":
            assert f"{meta['sha256']}  {name}\n" in sums
    # The signing key lives inside the encrypted diary and is the same on every export.
    assert vault.setting(SIGNING_KEY_SETTING)
    code, output = _verify(bundle, capsys)
    assert code == 0, output
    assert "The bundle agrees with itself: 7 files match its manifest" in output


def test_sha256sum_checks_the_unpacked_bundle(bundle: Path, tmp_path: Path) -> None:
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder)
    done = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_changed_byte_in_any_file_fails_verification(
    bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with zipfile.ZipFile(bundle) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    for name, data in contents.items():
        changed = bytearray(data)
        changed[len(changed) // 2] ^= 0x01
        target = tmp_path / "changed.zip"
        _rewrite(bundle, target, {name: bytes(changed)})
        code, output = _verify(target, capsys)
        assert code == EXIT_VERIFY_FAILED, name
        assert name in output, name


def test_a_flipped_byte_in_the_zip_itself_fails(
    bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = bytearray(bundle.read_bytes())
    with zipfile.ZipFile(bundle) as archive:
        info = archive.getinfo("exhibits/SE-1_evil-name-.png")
    raw[info.header_offset + 30 + len(info.filename) + 100] ^= 0xFF
    target = tmp_path / "flipped.zip"
    target.write_bytes(bytes(raw))
    code, output = _verify(target, capsys)
    assert code == EXIT_VERIFY_FAILED and "SE-1_evil-name-.png" in output


def test_missing_and_extra_files_are_each_named(
    bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "edited.zip"
    _rewrite(bundle, target, {"exhibits/SE-2_notes.txt": None}, {"exhibits/SE-9_new.png": b"x"})
    code, output = _verify(target, capsys)
    assert code == EXIT_VERIFY_FAILED
    assert "exhibits/SE-2_notes.txt: missing" in output
    assert "exhibits/SE-9_new.png: extra" in output


def test_a_re_signed_manifest_from_another_key_fails(
    bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with zipfile.ZipFile(bundle) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    manifest["files"]["entries.json"]["sha256"] = "0" * 64
    target = tmp_path / "forged.zip"
    _rewrite(bundle, target, {"manifest.json": json.dumps(manifest).encode()})
    code, output = _verify(target, capsys)
    assert code == EXIT_VERIFY_FAILED and "signature" in output


def test_path_traversal_and_non_zips_are_refused(
    bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "escape.zip"
    _rewrite(bundle, target, {}, {"../../outside.txt": b"x", "/etc/passwd": b"y"})
    code, output = _verify(target, capsys)
    assert code == EXIT_VERIFY_FAILED and "unsafe file name" in output
    assert not (tmp_path.parent / "outside.txt").exists()
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip at all")
    code, output = _verify(junk, capsys)
    assert code == EXIT_VERIFY_FAILED and "not a readable zip" in output


def test_a_zip_bomb_stops_at_the_size_in_the_manifest(
    bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bundle) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename == "exhibits/SE-2_notes.txt":
                new.writestr(info.filename, b"\0" * 50_000_000, zipfile.ZIP_DEFLATED)
            else:
                new.writestr(info, old.read(info))
    code, output = _verify(target, capsys)
    assert code == EXIT_VERIFY_FAILED and "SE-2_notes.txt: changed" in output


def test_cancelling_leaves_no_file(vault: Vault, tmp_path: Path) -> None:
    for day in range(1, 20):
        vault.add_incident(make_content(when=f"2024-01-{day:02d}T10:00"))
    pack = build_pack(vault, PackOptions())
    cancel = threading.Event()
    seen: list[str] = []

    def progress(step: str, fraction: float) -> None:
        seen.append(step)
        if fraction > 0.2:
            cancel.set()

    with pytest.raises(ExportCancelled):
        write_pack(
            pack,
            diary_signing_key(vault),
            tmp_path / "out.pdf",
            tmp_path / "out.zip",
            progress,
            cancel,
        )
    assert "pdf" in seen
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diary"]


def test_export_command_writes_pdf_and_bundle(
    vault: Vault,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    vault.add_incident(make_content(when="2024-01-02T10:00", behaviours=("threats",)))
    vault.add_incident(make_content(when="2024-02-02T10:00", what="Second"))
    folder = vault.folder
    vault.close()
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSPHRASE + "\n"))
    code = main(
        [
            "export",
            "--diary",
            str(folder),
            "--pdf",
            str(tmp_path / "p.pdf"),
            "--bundle",
            str(tmp_path / "p.zip"),
            "--behaviour",
            "threats",
            "--statement-name",
            "S. Example",
            "--occupation",
            "Teacher",
        ]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "1 incidents" in out.out and "Signing key fingerprint" in out.out
    assert main(["verify", str(tmp_path / "p.zip")]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSPHRASE + "\n"))
    code = main(
        ["export", "--diary", str(folder), "--pdf", str(tmp_path / "q.pdf"), "--ids", "one,two"]
    )
    assert code == 2 and "--ids" in capsys.readouterr().err
    assert not (tmp_path / "q.pdf").exists()
    # An entry asked for that is not there is said, not silently left out of the pack.
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSPHRASE + "\n"))
    code = main(
        ["export", "--diary", str(folder), "--pdf", str(tmp_path / "q.pdf"), "--ids", "1,99"]
    )
    assert code == 1 and "no entry 99" in capsys.readouterr().err  # as `show 99`
    assert not (tmp_path / "q.pdf").exists()
    # An earlier pack is never replaced by accident.
    earlier = (tmp_path / "p.pdf").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSPHRASE + "\n"))
    code = main(["export", "--diary", str(folder), "--pdf", str(tmp_path / "p.pdf")])
    assert code == 2 and "already exists" in capsys.readouterr().err
    assert (tmp_path / "p.pdf").read_bytes() == earlier


def test_a_member_that_would_expand_hugely_is_not_read(
    bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bigbomb.zip"
    with zipfile.ZipFile(bundle) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename == "exhibits/SE-2_notes.txt":
                member = zipfile.ZipInfo(info.filename)
                member.compress_type = zipfile.ZIP_DEFLATED
                with new.open(member, "w", force_zip64=True) as out:
                    chunk = b"\0" * (1 << 20)
                    for _ in range(150):
                        out.write(chunk)
            else:
                new.writestr(info, old.read(info))
    code, output = _verify(target, capsys)
    assert code == EXIT_VERIFY_FAILED and "SE-2_notes.txt: refused" in output


def test_a_full_disk_stops_the_export_with_a_plain_message_and_leaves_nothing(
    vault: Vault,
    small_disk: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    incident = vault.add_incident(make_content())
    vault.attach_bytes(incident, "photo.png", png_bytes(size=(600, 560), seed=4))  # about 1 MB
    folder = vault.folder
    vault.close()
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSPHRASE + "\n"))
    pdf, bundle = str(small_disk / "p.pdf"), str(small_disk / "p.zip")
    code = main(["export", "--diary", str(folder), "--pdf", pdf, "--bundle", bundle])
    err = capsys.readouterr().err
    assert code == EXIT_FAILURE
    assert f"not enough space in {small_disk}" in err and "nothing was written" in err
    assert list(small_disk.iterdir()) == []
