"""The bundle: a zip beside the PDF holding everything needed to check the pack independently.

<name>.pdf            the pack itself
exhibits/SE-3_x.png   each original file, byte for byte, named by its exhibit mark
entries.json          the original UTF-8 text of every entry in the pack, and its history
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

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from diary.domain.times import utc_stamp

from .layout import Cancelled
from .left_out import verify_note
from .pack import EvidencePack, Exhibit, safe_name
from .signing import fingerprint, key_fingerprint, public_bytes

FORMAT = "evidence-diary-bundle"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PUBLIC_KEY = "public-key.txt"
SUMS = "SHA256SUMS"
VERIFY_NOTE = "VERIFY.txt"
_CHUNK = 1024 * 1024
_TEXT_SUFFIXES = (".json", ".txt", "SUMS")

# Officers read this first. It names no signing key fingerprint on purpose: whoever changed the
# bundle could have written their own key's there, so the one to check against comes from the
# person by a second channel.
VERIFY_TEXT = """\
How to check this bundle
========================

This bundle was produced by Evidence Diary on {produced}. It holds the evidence pack (the PDF),
the original files of every exhibit exactly as they were imported, and the original text of every
entry in the pack (entries.json).

First, ask the person for their signing key fingerprint
--------------------------------------------------------

When the bundle is handed over, take the diary's signing key fingerprint from the person by a
second channel: they read it out to you from their diary (it is in Settings, and shown after each
export), or text it to you from their own phone. Write it down. It is 32 letters and digits in
8 groups of 4, for example 1A2B 3C4D 5E6F 7A8B 9C0D 1E2F 3A4B 5C6D.

Do not take it from this bundle or from the PDF. Anyone who changed a file could sign the bundle
again with a key of their own and put that key's fingerprint everywhere in it; only the one the
person gives you shows that the bundle came from their diary.

1. The full check, with Evidence Diary (no diary and no passphrase needed):

       diary verify bundle.zip --key "FINGERPRINT"

   This checks every file against manifest.json, checks the signature in manifest.sig, and checks
   that the key that made the signature is the one whose fingerprint the person gave you. It says
   "intact" and exits with 0 only if all of these hold. Without --key it can show only that the
   bundle agrees with itself.

2. The files alone, with any computer and no special software:

   Linux, macOS or Git Bash on Windows:

       unzip bundle.zip -d bundle && cd bundle && sha256sum -c SHA256SUMS

   Every line should end in "OK". (On macOS without sha256sum: shasum -a 256 -c SHA256SUMS.)

   Windows (right-click the zip, Extract All, then open a Command Prompt in that folder), one
   file at a time:

       certutil -hashfile FILE SHA256

   or in PowerShell:

       Get-FileHash FILE -Algorithm SHA256

   Each should print the same SHA-256 as the line for that FILE in SHA256SUMS (capital or small
   letters, and spaces, do not matter).

   These show only that the files match SHA256SUMS, which whoever changed a file could rewrite
   too; they check neither the signature nor the key. Use them beside step 1, not instead of it.

Bundle fingerprint: {content_fingerprint}

The bundle fingerprint is printed on the cover of the PDF: it is the SHA-256 of the SHA256SUMS
lines for entries.json and the exhibits, and `diary verify` works it out afresh from the files.
The signature shows the bundle is unchanged since the diary that holds the key produced it; it
cannot show who typed the entries. Each exhibit's SHA-256 was taken when it was imported into the
diary: it proves the file is unchanged since then, not before.
"""


def _file_hash(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fp:
        while chunk := fp.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


class _Writer:
    """Adds files to the zip while keeping each one's hash and size for the manifest."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.files: dict[str, dict[str, Any]] = {}

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
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
        self.writer = _Writer(self.archive)

    def add_exhibit(self, exhibit: Exhibit, data: bytes) -> None:
        """An exhibit's original, as Exhibit.read() gave it: checked against the SHA-256 taken
        at import as it was read, so that hash is the one listed."""
        if exhibit.attachment.id in self.pack.disclosure.left_out_originals:
            return  # left out for its location data, as the person chose (left_out.py)
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
        writer.add_bytes("entries.json", pack.entries_json)
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
            (
                VERIFY_TEXT.format(
                    produced=utc_stamp(pack.produced_at),
                    content_fingerprint=pack.content_fingerprint,
                )
                + verify_note(pack)
            ).encode("utf-8"),
        )

    def finish(self, pdf_path: Path, pdf_name: str) -> dict[str, Any]:
        """Add the PDF, SHA256SUMS, the manifest and its signature; close the zip."""
        writer = self.writer
        with pdf_path.open("rb") as pdf:
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
            "version": 1,
            "produced_at": utc_stamp(self.pack.produced_at),
            "pdf": pdf_name,
            "content_fingerprint": self.pack.content_fingerprint,
            "signing_key_fingerprint": key_fingerprint(self.key),
            "files": writer.files,
        }
        manifest_bytes = json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8")
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
