"""The work the export dialog hands to its worker, and what it says when the work is done.

Rendering a preview and writing the pack (the PDF, the bundle, the statement's copies) run on a
worker thread from the snapshot alone; nothing here touches a widget.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from diary.export.disclosure import LocatedChoice
from diary.export.export_pack import ExportResult, write_pack
from diary.export.pack import EvidencePack
from diary.export.pdf import render_pdf
from diary.export.statement_files import write_statement_copies


def render_preview(
    pack: EvidencePack, progress: Callable[[int], None], cancelled: Callable[[], bool]
) -> bytes:
    out = io.BytesIO()
    with pack:
        render_pdf(pack, out, lambda f: progress(int(f * 100)), cancelled)
    return out.getvalue()


def write_files(
    pack: EvidencePack,
    key: Ed25519PrivateKey,
    pdf: Path,
    bundle: Path | None,
    copies: tuple[Path, Path] | None,
    progress: Callable[[int], None],
    cancel_event: threading.Event,
) -> ExportResult:
    with pack:
        result = write_pack(
            pack, key, pdf, bundle, lambda _step, f: progress(int(f * 100)), cancel_event
        )
        if copies is not None:
            write_statement_copies(pack, *copies)
        return result


def statement_copies(pdf: Path) -> tuple[Path, Path]:
    """Where the statement's .txt and .docx go: beside the PDF, named after it."""
    return (
        pdf.with_name(pdf.stem + "-statement.txt"),
        pdf.with_name(pdf.stem + "-statement.docx"),
    )


def located_text(pack: EvidencePack) -> str:
    """What became of originals that carry location data, to say when the pack is saved."""
    d = pack.disclosure
    if not d.located:
        return ""
    marks = {e.attachment.id: e.mark for e in pack.exhibits}
    named = ", ".join(marks.get(o.attachment_id, "") for o in d.located)
    if d.located_choice is LocatedChoice.INCLUDE:
        return f"In the bundle with their location data, as you chose: {named}. "
    return f"Left out of the bundle for their location data, as you chose: {named}. "
