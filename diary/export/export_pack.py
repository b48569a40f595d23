"""Export as one function: the PDF and the bundle written beside each other, with progress
reported and cancellation honoured between steps.

Each file is written to a `.partial` sibling of the chosen path and renamed only when complete,
so a cancelled or failed export leaves nothing at the destination (and removes its partials).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from diary.domain.errors import DiaryError, StorageFull, is_storage_full

from .bundle import BundleWriter, pdf_name_for
from .layout import Cancelled
from .pack import EvidencePack
from .pdf import render_pdf
from .signing import key_fingerprint

PARTIAL = ".partial"
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


def partial_path(path: Path) -> Path:
    return path.with_name(path.name + PARTIAL)


def _fsync_close(fp: object) -> None:
    flush = getattr(fp, "flush", None)
    if flush:
        flush()
    os.fsync(fp.fileno())  # type: ignore[attr-defined]


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
    try:
        with contextlib.ExitStack() as stack:
            # Unwound last: whatever was not put in its place is removed.
            stack.callback(_remove, [partial_path(target) for target in targets])
            bundle = None
            if bundle_path is not None:
                bundle_out = stack.enter_context(partial_path(Path(bundle_path)).open("wb"))
                bundle = BundleWriter(pack, signing_key, bundle_out)
                stack.callback(bundle.abandon)
            report("pdf", 0.0)
            with partial_path(pdf_path).open("wb") as out:
                pages = render_pdf(
                    pack,
                    out,
                    lambda f: report("pdf", f * PDF_SHARE),
                    cancelled,
                    bundle.add_exhibit if bundle is not None else None,
                )
                _fsync_close(out)
            files = 0
            if bundle is not None:
                bundle.add_contents(
                    lambda f: report("bundle", PDF_SHARE + f * (1 - PDF_SHARE)), cancelled
                )
                manifest = bundle.finish(partial_path(pdf_path), pdf_name_for(pdf_path))
                _fsync_close(bundle_out)
                files = len(manifest["files"])
            if cancelled():
                raise Cancelled()
            for target in targets:
                os.replace(partial_path(target), target)
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


def _remove(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
