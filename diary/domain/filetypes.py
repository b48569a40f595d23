"""What a file really is, told from its first bytes, and what its name claims it is.

Evidence is kept whatever it is; the detected type decides only whether a preview is attempted
and how the exhibit is described. A mismatch (a PNG named .jpg) is recorded, not corrected.
"""

from __future__ import annotations

import re
from pathlib import PurePath

_SIGNATURES: list[tuple[bytes, int, str]] = [
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"BM", 0, "image/bmp"),
    (b"II*\x00", 0, "image/tiff"),
    (b"MM\x00*", 0, "image/tiff"),
    (b"%PDF-", 0, "application/pdf"),
    (b"PK\x03\x04", 0, "application/zip"),
    (b"ID3", 0, "audio/mpeg"),
    (b"OggS", 0, "audio/ogg"),
    (b"fLaC", 0, "audio/flac"),
    (b"\x1aE\xdf\xa3", 0, "video/webm"),
    (b"#!AMR\n", 0, "audio/amr"),
    (b"#!AMR-WB\n", 0, "audio/amr"),
]
# An MP3 without an ID3 tag starts with a frame header: eleven set bits, then MPEG-1 or 2,
# layer III (0xFB, 0xFA, 0xF3, 0xF2).
_MP3_FRAME = {b"\xff\xfb", b"\xff\xfa", b"\xff\xf3", b"\xff\xf2"}
# The ISO media brands of a HEIF still image (an iPhone photo says heic; mif1 is the general one).
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}

_EXTENSIONS: dict[str, str] = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".bmp": "image/bmp",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".webp": "image/webp",
    ".heic": "image/heic",
    ".heif": "image/heic",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".amr": "audio/amr",
    ".wav": "audio/wav",
    ".ogg": "audio/ogg",
    ".flac": "audio/flac",
    ".mp4": "video/mp4",
    ".mov": "video/quicktime",
    ".webm": "video/webm",
    ".txt": "text/plain",
    ".eml": "message/rfc822",
    ".docx": "application/zip",
}

UNKNOWN = "application/octet-stream"

# Formats a preview may be decoded from; everything else is kept but never decoded.
PREVIEWABLE = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/bmp": "BMP",
    "image/tiff": "TIFF",
    "image/webp": "WEBP",
    "image/heic": "HEIF",  # pi-heif, in a process of its own (vault/attachments/photo_apart.py)
}


def detect(head: bytes) -> str:
    """The media type the bytes show, or application/octet-stream."""
    for magic, offset, media_type in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIF_BRANDS:
            return "image/heic"
        if brand == b"qt  ":
            return "video/quicktime"
        if brand in (b"M4A ", b"M4B "):
            return "audio/mp4"
        return "video/mp4"
    if head[:2] in _MP3_FRAME:
        return "audio/mpeg"
    if head and _looks_like_text(head):
        return "message/rfc822" if _looks_like_email(head) else "text/plain"
    return UNKNOWN


_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]", re.MULTILINE)


def _looks_like_email(head: bytes) -> bool:
    """An e-mail saved as a file (.eml): header lines first, among them From and at least one
    of Date, Subject or Message-ID, before any blank line."""
    top = re.split(rb"\r?\n\r?\n", head, maxsplit=1)[0]
    if not top or not _HEADER_LINE.match(top):
        return False
    names = {m.group(0).split(b":")[0].lower() for m in _HEADER_LINE.finditer(top)}
    return b"from" in names and bool(names & {b"date", b"subject", b"message-id"})


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        return exc.start >= len(head) - 3
    return True


def claimed(filename: str) -> str:
    """The media type the file's extension claims ('' when it claims none we know)."""
    return _EXTENSIONS.get(PurePath(filename).suffix.lower(), "")
