"""Checking a bundle with neither the diary nor its passphrase: every file against the signed
manifest, the signature against the public key carried in the bundle and, when the person gave
the officer their key's fingerprint by a second channel, that key against the fingerprint.

Without that fingerprint a check proves only that the bundle agrees with itself: anyone can
change an exhibit, list its new hash and sign the manifest with a key of their own. So nothing
this module reports is taken from the manifest's word: the key's fingerprint is worked out from
the key the signature was checked with, and the bundle fingerprint from the files' own bytes.

A bundle may come from anywhere, so the zip is read defensively: names that climb out of the
folder or are absolute are refused, every file is read as a stream with a size limit (a zip bomb
stops at the size its manifest states), and nothing is ever extracted to disk. Names and text
from the bundle are reported as they are; whoever prints them makes control characters visible.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from diary.domain.marks import natural_key

from .bundle import MANIFEST, PUBLIC_KEY, SIGNATURE, SUMS, sums_text
from .bundle_manifest import BundleManifest, ManifestError, read_manifest
from .signing import fingerprint, parse_fingerprint
from .verify_revisions import RevisionCheck, check_revisions

MAX_MEMBERS = 100_000
MAX_SMALL_FILE = 64 * 1024 * 1024  # manifest, signature, key, SHA256SUMS
MAX_ENTRIES = 1024 * 1024 * 1024  # entries.json, read whole to check its revisions
# A member that would expand more than this many times, past BOMB_FLOOR bytes, is not read:
# real exhibits are stored as they are, and text compresses perhaps tenfold.
MAX_RATIO = 200
BOMB_FLOOR = 100 * 1024 * 1024
_CHUNK = 1024 * 1024
_CONTENT = "entries.json"
_EXHIBITS = "exhibits/"


@dataclass
class VerifyReport:
    """What `diary verify` found. ok is true only when nothing at all is wrong."""

    files_checked: int = 0
    problems: list[str] = field(default_factory=list)
    # Worked out here, never copied from the manifest: from the public key that the signature
    # was checked with, and from the bytes of entries.json and the exhibits.
    key_fingerprint: str = ""
    content_fingerprint: str = ""
    produced_at: str = ""  # as the signed manifest states it: a claim by the signer
    expected_key: str = ""  # the fingerprint the person gave, when one was given
    key_mismatch: bool = False
    # The revisions in entries.json, worked out again up to the chain head (verify_revisions);
    # None for a bundle made before bundles held them, or when entries.json failed its check.
    revisions: RevisionCheck | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def anchored(self) -> bool:
        """The bundle is signed by the key whose fingerprint the person gave."""
        return self.ok and bool(self.expected_key) and self.key_fingerprint == self.expected_key


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


def _public_key(text: str) -> tuple[bytes, str | None]:
    """The raw key in public-key.txt, and the fingerprint the file states beside it, if any."""
    key, stated = None, None
    for line in text.splitlines():
        kind, _, value = line.partition(" ")
        if kind == "ed25519" and key is None:
            key = base64.b64decode(value.strip(), validate=True)
        elif kind == "fingerprint" and stated is None:
            stated = value.strip()
    if key is None:
        raise ValueError("no ed25519 key")
    return key, stated


def _read_manifest(archive: zipfile.ZipFile) -> tuple[bytes, BundleManifest]:
    try:
        data = _read_small(archive, MANIFEST)
    except KeyError:
        raise ManifestError("it is missing") from None
    except ValueError:
        raise ManifestError(f"it is larger than {MAX_SMALL_FILE // (1024 * 1024)} MB") from None
    return data, read_manifest(data)


def _check_signature(
    archive: zipfile.ZipFile, manifest_bytes: bytes, manifest: BundleManifest, report: VerifyReport
) -> None:
    try:
        public_key, stated = _public_key(_read_small(archive, PUBLIC_KEY).decode("ascii"))
        signature = base64.b64decode(_read_small(archive, SIGNATURE).strip(), validate=True)
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, manifest_bytes)
    except (KeyError, ValueError, UnicodeDecodeError, binascii.Error):
        report.problems.append(f"{SIGNATURE}: missing or unreadable signature or public key")
        return
    except InvalidSignature:
        report.problems.append(f"{SIGNATURE}: the signature does not match {MANIFEST}")
        return
    report.key_fingerprint = fingerprint(public_key)
    if manifest.signing_key_fingerprint != report.key_fingerprint:
        report.problems.append(f"{PUBLIC_KEY}: not the key named in the manifest")
    if stated is not None and stated != report.key_fingerprint:
        report.problems.append(f"{PUBLIC_KEY}: the fingerprint it states is not its key's")


def _check_anchor(report: VerifyReport) -> None:
    """The person's fingerprint, given by a second channel, against the key that signed."""
    if not report.expected_key or not report.key_fingerprint:
        return  # no fingerprint given, or no signature to speak of (already a problem)
    if report.key_fingerprint != report.expected_key:
        report.key_mismatch = True
        report.problems.insert(
            0,
            f"signed by the key {report.key_fingerprint}, not by the key you were given "
            f"({report.expected_key})",
        )


def _check_files(
    archive: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    manifest: BundleManifest,
    report: VerifyReport,
) -> dict[str, str]:
    """Each listed file against its hash and size; returns the SHA-256, worked out from its
    bytes, of every file that matches."""
    good: dict[str, str] = {}
    for name, listed in sorted(manifest.files.items(), key=lambda item: natural_key(item[0])):
        info = members.get(name)
        if info is None:
            report.problems.append(f"{name}: missing")
            continue
        if info.file_size > BOMB_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            report.problems.append(f"{name}: refused (it would expand {info.file_size:,} bytes)")
            continue
        try:
            digest, size = _hash_member(archive, info, listed.size)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
            report.problems.append(f"{name}: damaged (its bytes in the zip do not read back)")
            continue
        report.files_checked += 1
        if size == listed.size and digest == listed.sha256:
            good[name] = digest
        else:
            report.problems.append(f"{name}: changed (does not match its SHA-256 in the manifest)")
    for name in sorted(set(members) - set(manifest.files) - {MANIFEST, SIGNATURE}, key=natural_key):
        report.problems.append(f"{name}: extra file, not in the manifest")
    return good


def _sums_order(
    archive: zipfile.ZipFile, manifest: BundleManifest, good: dict[str, str], report: VerifyReport
) -> list[str]:
    """The names in SHA256SUMS, in its order (the pack's, which the sorted manifest does not
    keep); empty when it cannot be used."""
    if SUMS not in manifest.files:
        report.problems.append(f"{SUMS}: not in the bundle")
        return []
    if SUMS not in good:
        return []  # already reported: changed, missing or damaged
    listed = {name: meta.sha256 for name, meta in manifest.files.items() if name != SUMS}
    try:
        pairs = [line.split("  ", 1) for line in _read_small(archive, SUMS).decode().splitlines()]
        names = [name for _, name in pairs]
        agrees = sorted(names) == sorted(listed) and all(listed[n] == d for d, n in pairs)
    except (ValueError, UnicodeDecodeError):
        agrees = False
    if not agrees:
        report.problems.append(f"{SUMS}: does not agree with {MANIFEST}")
        return []
    return names


def _content_fingerprint(
    archive: zipfile.ZipFile, manifest: BundleManifest, good: dict[str, str], report: VerifyReport
) -> None:
    """The bundle fingerprint on the cover (EvidencePack.content_fingerprint), from the bytes:
    SHA-256 of the `sha256sum` lines of entries.json and then each exhibit."""
    order = _sums_order(archive, manifest, good, report)
    content = [_CONTENT, *(name for name in order if name.startswith(_EXHIBITS))]
    if not order or any(name not in good for name in content):
        return  # a file it depends on is already reported
    lines = sums_text({name: {"sha256": good[name]} for name in content})
    report.content_fingerprint = hashlib.sha256(lines.encode()).hexdigest()
    if manifest.content_fingerprint != report.content_fingerprint:
        report.problems.append(
            f"{MANIFEST}: states the bundle fingerprint {manifest.content_fingerprint}, "
            f"but the files give {report.content_fingerprint}"
        )


def _check_revisions(
    archive: zipfile.ZipFile, manifest: BundleManifest, good: dict[str, str], report: VerifyReport
) -> None:
    """Every revision in entries.json worked out again (bundles from version 2 on)."""
    if manifest.version < 2 or _CONTENT not in good:
        return  # an older bundle holds no revisions; a changed entries.json is reported already
    if manifest.files[_CONTENT].size > MAX_ENTRIES:
        report.problems.append(f"{_CONTENT}: too large to check its revisions here")
        return
    with archive.open(_CONTENT) as fp:
        data = fp.read(MAX_ENTRIES + 1)
    report.revisions = check_revisions(data)
    report.problems += report.revisions.problems


def _members(infos: list[zipfile.ZipInfo], report: VerifyReport) -> dict[str, zipfile.ZipInfo]:
    names = [info.filename for info in infos]
    unsafe = sorted({n for n in names if not _safe_member(n)})
    report.problems += [f"{n}: unsafe file name (refused)" for n in unsafe]
    duplicates = sorted(n for n, count in Counter(names).items() if count > 1)
    report.problems += [f"{n}: appears more than once" for n in duplicates]
    # A bundle holds files only; a folder entry is not something the diary ever writes.
    folders = sorted({n for n in names if n.endswith("/")} - set(unsafe))
    report.problems += [f"{n}: unexpected folder entry, not in the manifest" for n in folders]
    return {info.filename: info for info in infos if not info.filename.endswith("/")}


def verify_bundle(path: Path, expected_key: str | None = None) -> VerifyReport:
    """Check the bundle at path; the report lists every file that is changed, missing or extra.
    With expected_key (a fingerprint the person gave), a bundle signed by any other key fails."""
    report = VerifyReport(expected_key=parse_fingerprint(expected_key) if expected_key else "")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                report.problems.append(f"the bundle holds too many files ({len(infos):,})")
                return report
            members = _members(infos, report)
            try:
                manifest_bytes, manifest = _read_manifest(archive)
            except ManifestError as exc:
                report.problems.append(f"{MANIFEST}: {exc}, so nothing can be checked")
                return report
            _check_signature(archive, manifest_bytes, manifest, report)
            _check_anchor(report)
            report.produced_at = manifest.produced_at
            good = _check_files(archive, members, manifest, report)
            _content_fingerprint(archive, manifest, good, report)
            _check_revisions(archive, manifest, good, report)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        report.problems.append(f"the file is not a readable zip bundle ({exc})")
    except (zlib.error, NotImplementedError, OSError) as exc:
        report.problems.append(f"the bundle is damaged or unreadable ({exc})")
    return report
