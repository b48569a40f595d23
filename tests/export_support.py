"""Shared by the export tests: write a pack from an open vault and read its PDF back."""

from __future__ import annotations

import io
import random
import subprocess
import unicodedata
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from diary.export.export_pack import ExportResult, write_pack
from diary.export.pack import EvidencePack, PackOptions, build_pack
from diary.export.signing import diary_signing_key
from diary.vault import Vault


def export(
    vault: Vault, folder: Path, name: str = "pack", **options: object
) -> tuple[EvidencePack, ExportResult]:
    pack = build_pack(vault, PackOptions(**options))  # type: ignore[arg-type]
    result = write_pack(
        pack, diary_signing_key(vault), folder / f"{name}.pdf", folder / f"{name}.zip"
    )
    return pack, result


def page_texts(pdf: Path) -> list[str]:
    """Each page's text as poppler's pdftotext reads it (it follows form XObjects, which carry
    the statement's page count)."""
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True
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
