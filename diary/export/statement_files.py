"""Copies of the draft statement to paste into a force's own template: plain text and .docx.

Both hold exactly the words of the statement in the PDF (statement_text.as_text), so what is
pasted is what the pack shows. The .docx is written here rather than with a library: it needs
four small XML parts, and a library's template would bring its own metadata (an author, a
"last modified by", dates) into a file handed to police. This one carries no metadata at all
and the same bytes for the same words. Like the PDF, each file is written to a `.partial`
sibling and renamed only when complete; an existing file is never replaced.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from diary.domain.errors import DiaryError, InvalidInput, StorageFull, is_storage_full

from .output_file import partial_path
from .pack import EvidencePack
from .pages.statement import statement_items
from .statement_text import as_text

# Characters XML 1.0 cannot hold at all (controls other than tab and line ends, U+FFFE/FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
# A4, 2.5 cm margins.
_SECTION = (
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1418" w:right="1418" '
    'w:bottom="1418" w:left="1418" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>'
)


def statement_text(pack: EvidencePack) -> str:
    return as_text(pack, statement_items(pack))


def _run(text: str, bold: bool) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    pieces = []
    for index, line in enumerate(text.split("\n")):
        if index:
            pieces.append("<w:br/>")
        parts = _NOT_XML.sub("", line).split("\t")
        for n, part in enumerate(parts):
            if n:
                pieces.append("<w:tab/>")
            pieces.append(f'<w:t xml:space="preserve">{escape(part)}</w:t>')
    return f"<w:r>{props}{''.join(pieces)}</w:r>"


def document_xml(text: str) -> str:
    """The statement's blocks (text between blank lines) as Word paragraphs, the first bold."""
    blocks = [b for b in re.split(r"\n\s*\n", text.strip("\n")) if b.strip()]
    paragraphs = "".join(
        f'<w:p><w:pPr><w:spacing w:after="160"/></w:pPr>{_run(block, index == 0)}</w:p>'
        for index, block in enumerate(blocks)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{_W}"><w:body>{paragraphs}{_SECTION}</w:body></w:document>'
    )


def docx_bytes(text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELATIONSHIPS),
            ("word/document.xml", document_xml(text)),
        ):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, body.encode("utf-8"))
    return out.getvalue()


def check_new_file(path: Path, what: str) -> None:
    """A file that may be written: not a folder, not there yet, in a folder that exists. As with
    backups and shares, an earlier pack (perhaps already handed over) is never replaced by
    accident, and a device or other special file is never written over."""
    if path.is_dir():
        raise InvalidInput(f"The {what} path {path} is a folder; give a file name.")
    if path.exists() or path.is_symlink():
        raise InvalidInput(
            f"{path} already exists; choose another name or remove it first. Nothing was written."
        )
    if not path.parent.is_dir():
        raise InvalidInput(f"The folder for the {what} ({path.parent}) does not exist.")


def _write_new(path: Path, data: bytes) -> None:
    partial = partial_path(path)
    try:
        with partial.open("xb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        if isinstance(exc, OSError):
            if is_storage_full(exc):
                raise StorageFull(
                    f"There is not enough space in {path.parent} for {path.name}, so it was not "
                    "written. Free some space or choose another place."
                ) from exc
            raise DiaryError(
                f"{path.name} could not be written to {path.parent} ({exc.strerror or exc})."
            ) from exc
        raise


def write_statement_copies(
    pack: EvidencePack, text_path: Path | None = None, docx_path: Path | None = None
) -> list[Path]:
    """Write the statement as .txt (UTF-8) and/or .docx; return the paths written."""
    text = statement_text(pack)
    written = []
    if text_path is not None:
        _write_new(text_path, text.encode("utf-8"))
        written.append(text_path)
    if docx_path is not None:
        _write_new(docx_path, docx_bytes(text))
        written.append(docx_path)
    return written
