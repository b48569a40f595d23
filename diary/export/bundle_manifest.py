"""A bundle's manifest.json, read from bytes that may come from anyone.

`diary verify` uses every field of the manifest, so each is checked here for its type and size
before anything relies on it: a damaged or hostile manifest (not JSON, nested a million deep,
a size that is a string, a field missing, a key given twice) becomes one plain reason, never an
exception from deep inside the checking.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass
from typing import Any

from .bundle import FORMAT, MANIFEST_VERSION

VERSION = MANIFEST_VERSION  # the newest this verify can check
MAX_FILES = 100_000
MAX_NAME = 1024  # characters in one listed name; real ones are under 100
MAX_FIELD = 128  # characters in a stamp or a fingerprint


class ManifestError(ValueError):
    """The manifest cannot be used; the message says why, in words for the person checking."""


@dataclass(frozen=True)
class ListedFile:
    sha256: str  # lower-case hex
    size: int


@dataclass(frozen=True)
class BundleManifest:
    produced_at: str
    pdf: str
    content_fingerprint: str  # as the manifest claims it; verify works out its own
    signing_key_fingerprint: str  # likewise
    files: dict[str, ListedFile]
    version: int = VERSION


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Two "files" (or two entries for one name) would be read differently by different tools.
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ManifestError("it gives the same field twice")
    return dict(pairs)


def _is_sha256(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(c in string.hexdigits for c in value)


def _text(manifest: dict[str, Any], field: str) -> str:
    value = manifest.get(field)
    if not isinstance(value, str) or not value or len(value) > MAX_FIELD:
        raise ManifestError(f"its {field!r} is missing or not a short text")
    return value


def _listed_file(name: str, meta: object) -> ListedFile:
    if not name or len(name) > MAX_NAME:
        raise ManifestError("it lists a file with an empty or overlong name")
    if not isinstance(meta, dict):
        raise ManifestError(f"its entry for {name} is not a hash and a size")
    digest, size = meta.get("sha256"), meta.get("size")
    if not _is_sha256(digest):
        raise ManifestError(f"its SHA-256 for {name} is missing or not 64 hex digits")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise ManifestError(f"its size for {name} is missing or not a whole number of bytes")
    assert isinstance(digest, str)
    return ListedFile(digest.lower(), size)


def _parse(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=_no_repeated_keys)
    except UnicodeDecodeError:
        raise ManifestError("it is not UTF-8 text") from None
    except RecursionError:
        raise ManifestError("it is nested too deeply to be a manifest") from None
    except ManifestError:
        raise
    except ValueError:  # not JSON, or a number too long to read
        raise ManifestError("it is not valid JSON") from None


def read_manifest(data: bytes) -> BundleManifest:
    """The manifest in data, or ManifestError saying what is wrong with it."""
    manifest = _parse(data)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ManifestError("it is not an Evidence Diary bundle manifest")
    version = manifest.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ManifestError("its version is missing or not a number")
    if version > VERSION:
        raise ManifestError(
            f"it is version {version}, made by a newer Evidence Diary: update it to check this"
        )
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise ManifestError("it has no list of files")
    if len(files) > MAX_FILES:
        raise ManifestError(f"it lists too many files ({len(files):,})")
    listed = {name: _listed_file(name, meta) for name, meta in files.items()}
    pdf = manifest.get("pdf")
    if not isinstance(pdf, str) or pdf not in listed:
        raise ManifestError("it does not name the PDF among its files")
    content = manifest.get("content_fingerprint")
    if not _is_sha256(content):
        raise ManifestError("its 'content_fingerprint' is missing or not 64 hex digits")
    assert isinstance(content, str)
    return BundleManifest(
        produced_at=_text(manifest, "produced_at"),
        pdf=pdf,
        content_fingerprint=content.lower(),
        signing_key_fingerprint=_text(manifest, "signing_key_fingerprint"),
        files=listed,
        version=version,
    )
