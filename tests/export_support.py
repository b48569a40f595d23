"""Shared by the export tests: write a pack from an open vault and read its PDF back."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import random
import subprocess
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image
from pypdf import PdfReader

from diary.export.export_pack import ExportResult, write_pack
from diary.export.pack import EvidencePack, PackOptions, build_pack
from diary.export.signing import diary_signing_key, fingerprint, public_bytes
from diary.vault import Vault


def export(
    vault: Vault, folder: Path, name: str = "pack", **options: object
) -> tuple[EvidencePack, ExportResult]:
    pack = build_pack(vault, PackOptions(**options))  # type: ignore[arg-type]
    result = write_pack(
        pack, diary_signing_key(vault), folder / f"{name}.pdf", folder / f"{name}.zip"
    )
    return pack, result


def page_texts(pdf: Path, raw: bool = False) -> list[str]:
    """Each page's text as poppler's pdftotext reads it (it follows form XObjects, which carry
    the statement's page count). raw: in the order it is drawn, so that each table cell reads
    whole, as a person reads it, rather than in columns across the page."""
    mode = ["-raw"] if raw else []
    done = subprocess.run(
        ["pdftotext", *mode, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True
    )
    pages = done.stdout.decode("utf-8").split("\f")
    return pages[: len(PdfReader(pdf).pages)]


def normalised(text: str) -> str:
    """Shaped Arabic and Hebrew extract as presentation forms; NFKC turns them back."""
    return unicodedata.normalize("NFKC", text)


def png_bytes(
    size: tuple[int, int] = (64, 48), seed: int = 1, mode: str = "RGB", **save: object
) -> bytes:
    """Noise (the hardest case for any lossy step), the same for the same seed."""
    rng = random.Random(seed)
    bands = len(mode)
    image = Image.frombytes(mode, size, rng.randbytes(size[0] * size[1] * bands))
    out = io.BytesIO()
    image.save(out, "PNG", **save)
    return out.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def forge_bundle(
    source: Path,
    target: Path,
    changes: dict[str, bytes] | None = None,
    edit: Callable[[dict[str, Any]], None] | None = None,
    extra: dict[str, bytes] | None = None,
    stated: str | None = None,
) -> str:
    """What a careful forger does: change files, make every hash, SHA256SUMS and fingerprint
    agree again, and sign with a key of their own (public-key.txt naming it, or stating the
    fingerprint `stated` beside it). Returns that key's fingerprint."""
    key = Ed25519PrivateKey.generate()
    with zipfile.ZipFile(source) as old:
        files = {name: old.read(name) for name in old.namelist()}
    files.update(changes or {})
    manifest = json.loads(files["manifest.json"])
    public = public_bytes(key.public_key())
    files["public-key.txt"] = (
        f"ed25519 {base64.b64encode(public).decode()}\n"
        f"fingerprint {stated or fingerprint(public)}\n"
    ).encode()
    order = [line.split("  ", 1)[1] for line in files["SHA256SUMS"].decode().splitlines()]
    listed = {name: {"sha256": sha(files[name]), "size": len(files[name])} for name in order}
    sums = "".join(f"{listed[name]['sha256']}  {name}\n" for name in order)
    files["SHA256SUMS"] = sums.encode()
    content = ["entries.json", *(n for n in order if n.startswith("exhibits/"))]
    manifest["content_fingerprint"] = sha(
        "".join(f"{listed[n]['sha256']}  {n}\n" for n in content).encode()
    )
    manifest["files"] = {**listed, "SHA256SUMS": {"sha256": sha(sums.encode()), "size": len(sums)}}
    manifest["signing_key_fingerprint"] = fingerprint(public)
    if edit is not None:
        edit(manifest)
    files["manifest.json"] = json.dumps(manifest, indent=2).encode()
    files["manifest.sig"] = base64.b64encode(key.sign(files["manifest.json"])) + b"\n"
    with zipfile.ZipFile(target, "w") as new:
        for name, data in {**files, **(extra or {})}.items():
            new.writestr(name, data)
    return fingerprint(public)
