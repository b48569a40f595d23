"""Export as one function: the PDF and the bundle written beside each other, with progress
reported and cancellation honoured between steps.

Each file appears at the chosen path only when complete (output_file.py: unnamed until then on
Linux, a `.partial` sibling elsewhere), so a cancelled or failed export leaves nothing at the
destination, and a killed one nothing named on Linux. The caller notes the partial paths inside
the diary while it writes (Vault.writing_outside, with partial_paths()), so that the next unlock
removes what a killed export left where files cannot be written unnamed.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from diary.domain.errors import DiaryError, StorageFull, is_storage_full

from .bundle import BundleWriter, pdf_name_for
from .layout import Cancelled
from .output_file import OutputFile, partial_path
from .pack import EvidencePack
from .pdf import render_pdf
from .signing import key_fingerprint

# How much of the progress bar each step takes.
PDF_SHARE = 0.85

Progress = Callable[[str, float], None]


class ExportCancelled(DiaryError):
    """The person cancelled the export; nothing was written."""


@dataclass(frozen=True)
class ExportResult:
    pdf: Path
    bundle: Path | None
    pages: int
    manifest_files: int
    # Of the key that signed the bundle: what the person gives the officer for `verify --key`.
    signing_key_fingerprint: str


def partial_paths(pdf_path: Path, bundle_path: Path | None = None) -> list[Path]:
    """Where an export to these paths may write before it is complete (see output_file.py)."""
    return [partial_path(Path(p)) for p in (pdf_path, bundle_path) if p is not None]


def write_pack(
    pack: EvidencePack,
    signing_key: Ed25519PrivateKey,
    pdf_path: Path,
    bundle_path: Path | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ExportResult:
    """Render the PDF (and the bundle, if a path is given). Safe to run on a worker thread.

    Both files are written together: each picture's original, read from the diary for the PDF,
    goes into the bundle at once; the PDF itself, and the signed manifest, go in last.
    """
    report = progress or (lambda step, fraction: None)

    def cancelled() -> bool:
        return cancel is not None and cancel.is_set()

    pdf_path = Path(pdf_path)
    targets = [pdf_path] + ([Path(bundle_path)] if bundle_path is not None else [])
    outputs: list[OutputFile] = []
    try:
        with contextlib.ExitStack() as stack:
            # Unwound last: whatever was not put in its place is removed.
            stack.callback(_discard, outputs)
            pdf_out = OutputFile(pdf_path)
            outputs.append(pdf_out)
            bundle = None
            if bundle_path is not None:
                bundle_out = OutputFile(Path(bundle_path))
                outputs.append(bundle_out)
                bundle = BundleWriter(pack, signing_key, bundle_out.fp)
                stack.callback(bundle.abandon)
            report("pdf", 0.0)
            pages = render_pdf(
                pack,
                pdf_out.fp,
                lambda f: report("pdf", f * PDF_SHARE),
                cancelled,
                bundle.add_exhibit if bundle is not None else None,
            )
            files = 0
            if bundle is not None:
                bundle.add_contents(
                    lambda f: report("bundle", PDF_SHARE + f * (1 - PDF_SHARE)), cancelled
                )
                pdf_out.fp.flush()
                pdf_out.fp.seek(0)
                manifest = bundle.finish(pdf_out.fp, pdf_name_for(pdf_path))
                files = len(manifest["files"])
            if cancelled():
                raise Cancelled()
            _finish_all(outputs)
        report("done", 1.0)
        return ExportResult(
            pdf_path,
            Path(bundle_path) if bundle_path else None,
            pages,
            files,
            key_fingerprint(signing_key),
        )
    except Cancelled as exc:
        raise ExportCancelled("The export was cancelled; no file was written.") from exc
    except OSError as exc:
        raise _disk_error(exc, targets) from exc


def _disk_error(exc: OSError, targets: list[Path]) -> DiaryError:
    """A plain message for a file that could not be written; the diary is never affected."""
    where = " or ".join(dict.fromkeys(str(target.parent) for target in targets))
    if is_storage_full(exc):
        return StorageFull(
            f"There is not enough space in {where} for the evidence pack, so nothing was "
            "written. Free some space or choose another place; your entries are unchanged."
        )
    return DiaryError(
        f"The evidence pack could not be written to {where} ({exc.strerror or exc}). "
        "Nothing was written; your entries are unchanged."
    )


def _finish_all(outputs: list[OutputFile]) -> None:
    """Name every file, or (if one cannot be named) none: the pack and its bundle go together."""
    finished: list[OutputFile] = []
    try:
        for output in outputs:
            output.finish()
            finished.append(output)
    except BaseException:
        for output in finished:
            output.unlink_finished()
        raise
    outputs.clear()


def _discard(outputs: list[OutputFile]) -> None:
    for output in outputs:
        output.discard()
