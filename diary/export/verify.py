"""Checking a bundle with neither the diary nor its passphrase: every file against the signed
manifest, the signature against the public key carried in the bundle.

A bundle may come from anywhere, so the zip is read defensively: names that climb out of the
folder or are absolute are refused, every file is read as a stream with a size limit (a zip bomb
stops at the size its manifest states), and nothing is ever extracted to disk.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .bundle import FORMAT, MANIFEST, PUBLIC_KEY, SIGNATURE
from .signing import fingerprint

MAX_MEMBERS = 100_000
MAX_SMALL_FILE = 64 * 1024 * 1024  # manifest, signature, key
_CHUNK = 1024 * 1024


@dataclass
class VerifyReport:
    """What `diary verify` found. ok is true only when nothing at all is wrong."""

    files_checked: int = 0
    problems: list[str] = field(default_factory=list)
    key_fingerprint: str = ""
    content_fingerprint: str = ""
    produced_at: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        bool(name)
        and not name.startswith(("/", "\\"))
        and "\\" not in name
        and ":" not in name
        and ".." not in path.parts
        and "\x00" not in name
    )


def _hash_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> tuple[str, int]:
    """SHA-256 and size of a member, reading at most limit + 1 bytes."""
    digest = hashlib.sha256()
    size = 0
    with archive.open(info) as fp:
        while chunk := fp.read(min(_CHUNK, limit + 1 - size)):
            digest.update(chunk)
            size += len(chunk)
            if size > limit:
                break
    return digest.hexdigest(), size


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    with archive.open(info) as fp:
        data = fp.read(MAX_SMALL_FILE + 1)
    if len(data) > MAX_SMALL_FILE:
        raise ValueError(f"{name} is too large")
    return data


def _public_key(text: str) -> bytes:
    for line in text.splitlines():
        kind, _, value = line.partition(" ")
        if kind == "ed25519":
            return base64.b64decode(value.strip(), validate=True)
    raise ValueError("no ed25519 key")


def _check_signature(archive: zipfile.ZipFile, report: VerifyReport) -> dict[str, Any] | None:
    try:
        manifest_bytes = _read_small(archive, MANIFEST)
        manifest = json.loads(manifest_bytes)
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ValueError("not a bundle manifest")
    except (KeyError, ValueError, UnicodeDecodeError):
        report.problems.append(f"{MANIFEST}: missing or unreadable, so nothing can be checked")
        return None
    try:
        public_key = _public_key(_read_small(archive, PUBLIC_KEY).decode("ascii"))
        signature = base64.b64decode(_read_small(archive, SIGNATURE).strip(), validate=True)
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, manifest_bytes)
        report.key_fingerprint = fingerprint(public_key)
        if manifest.get("signing_key_fingerprint") != report.key_fingerprint:
            report.problems.append(f"{PUBLIC_KEY}: not the key named in the manifest")
    except (KeyError, ValueError, UnicodeDecodeError, binascii.Error):
        report.problems.append(f"{SIGNATURE}: missing or unreadable signature or public key")
    except InvalidSignature:
        report.problems.append(f"{SIGNATURE}: the signature does not match {MANIFEST}")
    return manifest


def _check_files(archive: zipfile.ZipFile, manifest: dict[str, Any], report: VerifyReport) -> None:
    files = manifest.get("files")
    if not isinstance(files, dict):
        report.problems.append(f"{MANIFEST}: has no list of files")
        return
    members = {info.filename: info for info in archive.infolist() if not info.is_dir()}
    for name, meta in sorted(files.items()):
        info = members.get(name)
        if info is None:
            report.problems.append(f"{name}: missing")
            continue
        expected_size = int(meta.get("size", 0)) if isinstance(meta, dict) else 0
        try:
            digest, size = _hash_member(archive, info, expected_size)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
            report.problems.append(f"{name}: damaged (its bytes in the zip do not read back)")
            continue
        report.files_checked += 1
        if size != expected_size or not isinstance(meta, dict) or digest != meta.get("sha256"):
            report.problems.append(f"{name}: changed (does not match its SHA-256 in the manifest)")
    for name in sorted(set(members) - set(files) - {MANIFEST, SIGNATURE}):
        report.problems.append(f"{name}: extra file, not in the manifest")


def verify_bundle(path: Path) -> VerifyReport:
    """Check the bundle at path; the report lists every file that is changed, missing or extra."""
    report = VerifyReport()
    try:
        with zipfile.ZipFile(path) as archive:
            names = [info.filename for info in archive.infolist()]
            if len(names) > MAX_MEMBERS:
                report.problems.append(f"the bundle holds too many files ({len(names):,})")
                return report
            unsafe = sorted({n for n in names if not _safe_member(n)})
            report.problems += [f"{n!r}: unsafe file name (refused)" for n in unsafe]
            duplicates = sorted(n for n, count in Counter(names).items() if count > 1)
            report.problems += [f"{n}: appears more than once" for n in duplicates]
            manifest = _check_signature(archive, report)
            if manifest is None:
                return report
            report.content_fingerprint = str(manifest.get("content_fingerprint", ""))
            report.produced_at = str(manifest.get("produced_at", ""))
            _check_files(archive, manifest, report)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        report.problems.append(f"the file is not a readable zip bundle ({exc})")
    except (zlib.error, NotImplementedError, OSError) as exc:
        report.problems.append(f"the bundle is damaged or unreadable ({exc})")
    return report
