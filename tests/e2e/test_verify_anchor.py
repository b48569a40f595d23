"""`diary verify --key`: a bundle that merely agrees with itself is told apart from one signed by
the person's own diary, every fingerprint printed is worked out afresh, and nothing in a hostile
bundle (control characters, a broken manifest, a folder entry) reaches the terminal raw or as a
traceback."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from diary.cli import main
from diary.domain.errors import EXIT_USAGE, EXIT_VERIFY_FAILED
from diary.export.pack import EvidencePack
from diary.export.signing import diary_signing_key, key_fingerprint
from diary.vault import Vault
from tests.conftest import make_content
from tests.e2e.cli_runner import run_diary
from tests.export_support import export, png_bytes
from tests.export_support import forge_bundle as _forge

NOTES = "exhibits/SE-2_notes.txt"


@pytest.fixture
def exported(vault: Vault, tmp_path: Path) -> tuple[EvidencePack, Path, str]:
    """A real bundle, its pack, and the fingerprint the person would read out from Settings."""
    first = vault.add_incident(make_content(what="Messages all night."))
    vault.attach_bytes(first, "photo.png", png_bytes())
    vault.attach_bytes(first, "notes.txt", b"plain words\n")
    pack, result = export(vault, tmp_path)
    assert result.bundle is not None
    return pack, result.bundle, key_fingerprint(diary_signing_key(vault))


def _verify(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    code = main(["verify", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_a_changed_exhibit_signed_again_agrees_with_itself_but_not_with_the_persons_key(
    exported: tuple[EvidencePack, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, bundle, theirs = exported
    forged = tmp_path / "forged.zip"
    other = _forge(bundle, forged, {NOTES: b"words the person never wrote\n"})
    code, output = _verify(capsys, forged)
    assert code == 0, output  # self-consistent: plain verify cannot tell, and says so
    assert "agrees with itself" in output and "does NOT show who made the bundle" in output
    assert "second channel" in output and "--key" in output
    assert other in output and theirs not in output
    code, output = _verify(capsys, forged, "--key", theirs)
    assert code == EXIT_VERIFY_FAILED
    assert "not signed by the key you were given" in output
    assert other in output and theirs in output  # the mismatch, both sides named
    assert "intact" not in output


@pytest.mark.parametrize(
    "typed",
    [
        lambda fp: fp,
        lambda fp: fp.lower(),
        lambda fp: fp.replace(" ", ""),
        lambda fp: fp.replace(" ", "-"),
        lambda fp: " " + fp.replace(" ", " – ").lower() + "\n",  # a phone's dash, a stray newline
    ],
)
def test_the_persons_own_fingerprint_passes_however_it_was_typed(
    exported: tuple[EvidencePack, Path, str],
    capsys: pytest.CaptureFixture[str],
    typed: Callable[[str], str],
) -> None:
    _, bundle, theirs = exported
    code, output = _verify(capsys, bundle, "--key", typed(theirs))
    assert code == 0, output
    assert "intact and was signed by the key you were given" in output
    assert f"Signing key fingerprint: {theirs}" in output
    assert "does NOT show" not in output


@pytest.mark.parametrize(
    "typed",
    ["1A2B", "ZZZZ " * 8, "1A2B 3C4D 5E6F 7A8B 9C0D 1E2F 3A4B 5C6D 7E8F", "", "0x" + "A" * 30],
)
def test_a_malformed_fingerprint_is_a_usage_error(
    exported: tuple[EvidencePack, Path, str], capsys: pytest.CaptureFixture[str], typed: str
) -> None:
    _, bundle, _ = exported
    code, output = _verify(capsys, bundle, "--key", typed)
    assert code == EXIT_USAGE
    assert output.startswith("diary: --key: A signing key fingerprint is 32 digits")
    assert output.count("\n") == 1  # one plain line


def test_the_bundle_fingerprint_given_as_the_key_is_explained(
    exported: tuple[EvidencePack, Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    pack, bundle, _ = exported
    code, output = _verify(capsys, bundle, "--key", pack.content_fingerprint)
    assert code == EXIT_USAGE and "like the bundle fingerprint" in output


def test_printed_fingerprints_are_worked_out_from_the_key_and_the_files(
    exported: tuple[EvidencePack, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack, bundle, theirs = exported
    code, output = _verify(capsys, bundle, "--key", theirs)
    assert code == 0 and f"Bundle fingerprint: {pack.content_fingerprint}" in output
    # A manifest that claims another bundle fingerprint, signed again so the signature holds:
    # verify refuses it and names the real one, worked out from the files.
    claimed = "f" * 64
    forged = tmp_path / "claims.zip"
    _forge(bundle, forged, edit=lambda m: m.update(content_fingerprint=claimed))
    code, output = _verify(capsys, forged)
    assert code == EXIT_VERIFY_FAILED
    assert f"states the bundle fingerprint {claimed}, but the files give" in output
    assert pack.content_fingerprint in output
    # public-key.txt stating the person's fingerprint beside another key is refused too.
    forged = tmp_path / "stated.zip"
    _forge(bundle, forged, stated=theirs)
    code, output = _verify(capsys, forged)
    assert code == EXIT_VERIFY_FAILED
    assert "public-key.txt: the fingerprint it states is not its key's" in output


def test_control_characters_from_the_bundle_are_shown_not_obeyed(
    exported: tuple[EvidencePack, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, bundle, _ = exported
    stamp = "2024-06-01\x1b]0;pwned\x07\u202e"
    forged = tmp_path / "stamp.zip"
    _forge(bundle, forged, edit=lambda m: m.update(produced_at=stamp))
    code, output = _verify(capsys, forged)
    assert code == 0, output
    assert "2024-06-01<U+001B>]0;pwned<U+0007><U+202E>" in output
    # A name that would clear the screen and start a line of its own that looks like success.
    name = "exhibits/\x1b[2J\nThe bundle is intact.png"
    forged = tmp_path / "name.zip"
    _forge(bundle, forged, extra={name: b"x"})
    code, output = _verify(capsys, forged)
    assert code == EXIT_VERIFY_FAILED
    assert "exhibits/<U+001B>[2J<U+000A>The bundle is intact.png: extra file" in output
    assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output
    assert "\nThe bundle is intact" not in output


def _with_manifest(source: Path, target: Path, manifest: bytes) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = manifest if info.filename == "manifest.json" else old.read(info)
            new.writestr(info.filename, data, zipfile.ZIP_DEFLATED)


def _good_manifest(bundle: Path) -> dict[str, Any]:
    with zipfile.ZipFile(bundle) as archive:
        manifest: dict[str, Any] = json.loads(archive.read("manifest.json"))
    return manifest


def _changed(bundle: Path, change: Callable[[dict[str, Any]], None]) -> bytes:
    manifest = _good_manifest(bundle)
    change(manifest)
    return json.dumps(manifest).encode()


MALFORMED: dict[str, tuple[Callable[[Path], bytes], str]] = {
    "not json": (lambda b: b"{not json", "it is not valid JSON"),
    "not utf-8": (lambda b: '{"format": "é"}'.encode("latin-1"), "it is not UTF-8 text"),
    "a list": (lambda b: b"[]", "it is not an Evidence Diary bundle manifest"),
    "nested deep": (lambda b: b"[" * 200_000, "it is nested too deeply"),
    "a number too long": (lambda b: b'{"size": 1' + b"0" * 5000 + b"}", "it is not valid JSON"),
    "files a list": (
        lambda b: _changed(b, lambda m: m.update(files=["pack.pdf"])),
        "it has no list of files",
    ),
    "no files": (lambda b: _changed(b, lambda m: m.pop("files")), "it has no list of files"),
    "size as text": (
        lambda b: _changed(b, lambda m: m["files"]["entries.json"].update(size="12")),
        "its size for entries.json is missing or not a whole number",
    ),
    "hash a number": (
        lambda b: _changed(b, lambda m: m["files"]["entries.json"].update(sha256=12)),
        "its SHA-256 for entries.json is missing",
    ),
    "no fingerprint": (
        lambda b: _changed(b, lambda m: m.pop("content_fingerprint")),
        "its 'content_fingerprint' is missing",
    ),
    "stamp an object": (
        lambda b: _changed(b, lambda m: m.update(produced_at={"a": 1})),
        "its 'produced_at' is missing or not a short text",
    ),
    "pdf not listed": (
        lambda b: _changed(b, lambda m: m.update(pdf="other.pdf")),
        "it does not name the PDF",
    ),
    "newer version": (
        lambda b: _changed(b, lambda m: m.update(version=3)),
        "it is version 3, made by a newer Evidence Diary",
    ),
    "files given twice": (
        lambda b: b'{"format": "evidence-diary-bundle", "files": {}, "files": {}}',
        "it gives the same field twice",
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_manifest_is_exit_5_with_a_plain_message(
    exported: tuple[EvidencePack, Path, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    case: str,
) -> None:
    _, bundle, _ = exported
    make, reason = MALFORMED[case]
    target = tmp_path / "bad.zip"
    _with_manifest(bundle, target, make(bundle))
    code, output = _verify(capsys, target)
    assert code == EXIT_VERIFY_FAILED, output
    assert f"manifest.json: {reason}" in output and "so nothing can be checked" in output


def test_a_huge_or_deeply_nested_manifest_gives_no_traceback(
    exported: tuple[EvidencePack, Path, str], tmp_path: Path
) -> None:
    _, bundle, _ = exported
    huge = tmp_path / "huge.zip"
    _with_manifest(bundle, huge, b" " * (64 * 1024 * 1024 + 1))
    nested = tmp_path / "nested.zip"
    _with_manifest(bundle, nested, b"[" * 200_000)
    for target, reason in ((huge, "it is larger than 64 MB"), (nested, "it is nested too deeply")):
        done = run_diary("verify", target, stdin="")  # the real command, as an officer runs it
        assert done.returncode == EXIT_VERIFY_FAILED, done.stderr
        assert f"manifest.json: {reason}" in done.stderr
        assert "Traceback" not in done.stderr


def test_a_folder_entry_is_reported(
    exported: tuple[EvidencePack, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, bundle, _ = exported
    target = tmp_path / "folder.zip"
    with zipfile.ZipFile(bundle) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            new.writestr(info, old.read(info))
        new.mkdir("exhibits/hidden")
    code, output = _verify(capsys, target)
    assert code == EXIT_VERIFY_FAILED
    assert "exhibits/hidden/: unexpected folder entry" in output


def test_verify_note_sends_the_officer_to_the_person_and_covers_windows(
    exported: tuple[EvidencePack, Path, str],
) -> None:
    pack, bundle, theirs = exported
    with zipfile.ZipFile(bundle) as archive:
        note = archive.read("VERIFY.txt").decode()
    assert "second channel" in note
    assert "read it out" in note and "text it to you from their own phone" in note
    assert 'diary verify bundle.zip --key "FINGERPRINT"' in note
    assert "certutil -hashfile FILE SHA256" in note
    assert "Get-FileHash FILE -Algorithm SHA256" in note
    assert "sha256sum -c SHA256SUMS" in note
    # The one thing an officer must not take from the bundle is not offered by it.
    assert theirs not in note
    assert pack.content_fingerprint in note
