"""The bundle: a zip beside the PDF holding everything needed to check the pack independently.

<name>.pdf            the pack itself
exhibits/SE-3_x.png   each original file, byte for byte, named by its exhibit mark
entries.json          the UTF-8 text of every entry in the pack, every revision of each exactly
                      as hashed, and every revision hash in the diary (the chain)
public-key.txt        the diary's Ed25519 public key and its fingerprint
VERIFY.txt            how to check the bundle
SHA256SUMS            the files above, for `sha256sum -c`
manifest.json         SHA-256 and size of every file above, and the fingerprints
manifest.sig          Ed25519 signature of manifest.json by the diary's key (base64)
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from diary.domain.errors import DiaryError
from diary.domain.times import utc_stamp

from .layout import Cancelled
from .pack import EvidencePack, Exhibit, safe_name
from .signing import fingerprint, key_fingerprint, public_bytes
from .verify_note import verify_text

FORMAT = "evidence-diary-bundle"
# 2: entries.json holds every revision of its entries and the diary's chain (verify checks it).
MANIFEST_VERSION = 2
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PUBLIC_KEY = "public-key.txt"
SUMS = "SHA256SUMS"
VERIFY_NOTE = "VERIFY.txt"
_CHUNK = 1024 * 1024
_TEXT_SUFFIXES = (".json", ".txt", "SUMS")


def _file_hash(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fp:
        while chunk := fp.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


class _Writer:
    """Adds files to the zip while keeping each one's hash and size for the manifest. Every file
    is dated with the time the bundle was produced, as a zip dates files: a wall-clock time,
    here in the pack's zone (VERIFY.txt says which)."""

    def __init__(
        self, archive: zipfile.ZipFile, dated: tuple[int, int, int, int, int, int]
    ) -> None:
        self.archive = archive
        self.dated = dated
        self.files: dict[str, dict[str, Any]] = {}

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.dated)
        # Pictures and PDFs are compressed already; text shrinks well.
        info.compress_type = (
            zipfile.ZIP_DEFLATED if name.endswith(_TEXT_SUFFIXES) else zipfile.ZIP_STORED
        )
        info.external_attr = 0o644 << 16
        return info

    def add_bytes(
        self, name: str, data: bytes, record: bool = True, sha256: str | None = None
    ) -> None:
        """Add a file; sha256, when given, is its hash already checked against these bytes."""
        self.archive.writestr(self._info(name), data)
        if record:
            digest = sha256 or hashlib.sha256(data).hexdigest()
            self.files[name] = {"sha256": digest, "size": len(data)}

    def add_stream(self, name: str, chunks: Iterator[bytes]) -> None:
        digest = hashlib.sha256()
        size = 0
        with self.archive.open(self._info(name), "w", force_zip64=True) as out:
            for chunk in chunks:
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        self.files[name] = {"sha256": digest.hexdigest(), "size": size}


def zip_time(pack: EvidencePack) -> tuple[int, int, int, int, int, int]:
    """The time the bundle was produced, as the wall-clock time a zip gives its files, in the
    pack's zone (VERIFY.txt names it); never before 1980, which a zip cannot say."""
    local = pack.produced_at.astimezone(ZoneInfo(pack.zone))
    return max(
        (local.year, local.month, local.day, local.hour, local.minute, local.second),
        (1980, 1, 1, 0, 0, 0),
    )


def _read_chunks(fp: BinaryIO) -> Iterator[bytes]:
    while chunk := fp.read(_CHUNK):
        yield chunk


def sums_text(files: dict[str, dict[str, Any]]) -> str:
    return "".join(f"{meta['sha256']}  {name}\n" for name, meta in files.items())


class BundleWriter:
    """Writes the bundle while the PDF is made. Each picture's original, read once for the PDF,
    is added as it is read (add_exhibit); the other exhibits and the texts follow
    (add_contents); finish() adds the PDF and the signed manifest, which covers the PDF's hash.
    """

    def __init__(self, pack: EvidencePack, key: Ed25519PrivateKey, target: BinaryIO) -> None:
        self.pack = pack
        self.key = key
        self.archive = zipfile.ZipFile(target, "w", allowZip64=True)
        self.writer = _Writer(self.archive, zip_time(pack))
        # The zip lists the exhibits in the order of their marks (AD/2 before AD/10), as the PDF
        # shows them: a picture's original arrives as its page is made, and any exhibit before
        # it that is not a picture is put in first.
        self._position = {e.attachment.id: n for n, e in enumerate(pack.bundled_exhibits)}
        self._next = 0

    def _add_before(self, exhibit: Exhibit) -> None:
        """The exhibits before this one not in the zip yet, each read a chunk at a time."""
        position = self._position.get(exhibit.attachment.id, -1)
        exhibits = self.pack.bundled_exhibits
        while self._next < position:
            earlier = exhibits[self._next]
            name = f"exhibits/{earlier.file_name}"
            if name not in self.writer.files:
                self.writer.add_stream(name, earlier.chunks())  # checked against its SHA-256
            self._next += 1
        self._next = max(self._next, position + 1)

    def add_exhibit(self, exhibit: Exhibit, data: bytes) -> None:
        """An exhibit's original, as Exhibit.read() gave it: checked against the SHA-256 taken
        at import as it was read, so that hash is the one listed."""
        if exhibit.attachment.id in self.pack.disclosure.left_out_originals:
            return  # left out for its location data, as the person chose (left_out.py)
        self._add_before(exhibit)
        self.writer.add_bytes(
            f"exhibits/{exhibit.file_name}", data, sha256=exhibit.attachment.sha256
        )

    def add_contents(
        self,
        progress: Callable[[float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        """The exhibits not added yet (read a chunk at a time), entries.json, the key, VERIFY."""
        writer, pack = self.writer, self.pack
        exhibits = pack.bundled_exhibits
        for index, exhibit in enumerate(exhibits):
            if cancelled is not None and cancelled():
                raise Cancelled()
            name = f"exhibits/{exhibit.file_name}"
            if name not in writer.files:
                writer.add_stream(name, exhibit.chunks())  # checked against its SHA-256
            if progress is not None:
                progress((index + 1) / max(len(exhibits), 1))
        writer.add_stream("entries.json", pack.entries_chunks())
        if writer.files["entries.json"]["sha256"] != pack.entries_sha256:
            raise DiaryError(
                "The entries changed while the pack was being made, so it was not finished. "
                "Make it again."
            )
        public_key = public_bytes(self.key.public_key())
        writer.add_bytes(
            PUBLIC_KEY,
            (
                f"ed25519 {base64.b64encode(public_key).decode('ascii')}\n"
                f"fingerprint {fingerprint(public_key)}\n"
            ).encode("ascii"),
        )
        writer.add_bytes(
            VERIFY_NOTE,
            verify_text(pack).encode("utf-8"),
        )

    def finish(self, pdf: BinaryIO, pdf_name: str) -> dict[str, Any]:
        """Add the PDF (read from pdf, an open file, to its end), SHA256SUMS, the manifest and
        its signature; close the zip."""
        writer = self.writer
        writer.add_stream(pdf_name, _read_chunks(pdf))
        # Listed in the pack's order: the PDF, the exhibits by mark, then the texts.
        order = [pdf_name, *(f"exhibits/{e.file_name}" for e in self.pack.bundled_exhibits)]
        writer.files = {
            **{name: writer.files[name] for name in order},
            **{name: meta for name, meta in writer.files.items() if name not in order},
        }
        writer.add_bytes(SUMS, sums_text(writer.files).encode("utf-8"))
        manifest = {
            "format": FORMAT,
            "version": MANIFEST_VERSION,
            "produced_at": utc_stamp(self.pack.produced_at),
            "pdf": pdf_name,
            "content_fingerprint": self.pack.content_fingerprint,
            "signing_key_fingerprint": key_fingerprint(self.key),
            "files": writer.files,
        }
        # Fields in alphabetical order as before; the files in the pack's order (the PDF, the
        # exhibits by mark, AD/2 before AD/10, then the texts), which a sorted list would lose.
        ordered = {name: manifest[name] for name in sorted(manifest)}
        manifest_bytes = json.dumps(ordered, indent=2).encode("utf-8")
        writer.add_bytes(MANIFEST, manifest_bytes, record=False)
        writer.add_bytes(
            SIGNATURE, base64.b64encode(self.key.sign(manifest_bytes)) + b"\n", record=False
        )
        self.archive.close()
        return manifest

    def abandon(self) -> None:
        """Close the zip, finished or not (the caller removes an unfinished file). A failure
        here (the disk that stopped the export is still full) must not hide the first one."""
        with contextlib.suppress(OSError):
            self.archive.close()


def pdf_name_for(pdf_path: Path) -> str:
    return safe_name(pdf_path.name) or "evidence-pack.pdf"
