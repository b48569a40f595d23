"""What the pack and the window show of a video, a recording, a PDF or a HEIC photo, made once
when the file is kept, so that no export decodes it again.

A HEIC photo cannot be placed in a PDF as it is: its derived form is the picture turned upright
and encoded as a JPEG at the size the pack draws it (PICTURE_EDGE pixels on its longer side, at
PICTURE_QUALITY), which the PDF then carries unchanged. A video's is its view (file_view.py):
its facts, its first frame and six frames with their times, as JPEGs; a recording's, its facts;
a PDF's, its page count and its first pages, as PNGs.

A form is two parts: a description (JSON, kept in the encrypted database) and the pictures'
bytes one after another (kept in the encrypted file store, derived_files.py). The original
stays the evidence; a form is a convenience beside it, checked against the original's SHA-256
before it is used, and made again in memory whenever it is absent or does not match.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO

from .file_view import FileView, Still, viewable
from .media_apart import PASSING_PROBLEMS

if TYPE_CHECKING:
    from PIL import Image

# The pack's frame is 170 mm wide (A4 less its margins): 2000 pixels across it are about 300
# dots an inch, print quality, and a full-page portrait photo still has about 200.
PICTURE_EDGE = 2000
# Above the level where JPEG artefacts show at print size; the HEIC's own colour is 4:2:0, so
# JPEG's usual subsampling loses nothing further.
PICTURE_QUALITY = 90
FORMAT = 1
PICTURE_PROBLEM = "The photo could not be decoded (it may be damaged or cut short)."
PICTURE_CAPTION = "The photo, upright"
# The kinds whose view is read apart (by a child process) and stored as their form.
_VIEWED_APART = ("video/", "audio/", "application/pdf")


@dataclass(frozen=True)
class DerivedForm:
    """A file's derived form: a HEIC photo's upright JPEG, or a video's, recording's or PDF's
    view."""

    picture: Still | None = None
    view: FileView | None = None
    problem: str = ""

    @property
    def lasting(self) -> bool:
        """Whether the form may be stored: not when its reader could not be started or was
        halted, which says nothing of the file (it is made again the next time)."""
        view_problem = self.view.problem if self.view is not None else ""
        return self.problem not in PASSING_PROBLEMS and view_problem not in PASSING_PROBLEMS


def derivable(media_type: str, size: int) -> bool:
    """Whether a file of this type and size has a derived form."""
    return media_type == "image/heic" or (
        media_type.startswith(_VIEWED_APART) and viewable(media_type, size)
    )


def make(fp: BinaryIO, media_type: str) -> DerivedForm:
    """The derived form of the original read from fp (seekable), made in memory."""
    if media_type == "image/heic":
        from .photo_apart import read_photo  # libheif, in a process of its own

        return read_photo(fp)[1]
    if media_type == "application/pdf":
        from .pdf_apart import read_pdf  # PDFium, in a process of its own

        return DerivedForm(view=read_pdf(fp))
    from .media_apart import read_apart  # FFmpeg, in a process of its own

    return DerivedForm(view=read_apart(fp, media_type))


def picture_from(image: Image.Image) -> DerivedForm:
    """The form of a decoded, upright photo (which is left as it is): a JPEG of its pixels."""
    try:
        picture = image.convert("RGB")  # a copy, pixels only: no metadata
        picture.thumbnail((PICTURE_EDGE, PICTURE_EDGE), reducing_gap=3.0)
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=PICTURE_QUALITY)
    except Exception:  # noqa: BLE001 - a photo that cannot be decoded is described, not shown
        return DerivedForm(problem=PICTURE_PROBLEM)
    return DerivedForm(picture=Still(PICTURE_CAPTION, out.getvalue(), "image/jpeg", *picture.size))


def to_stored(form: DerivedForm) -> tuple[str, bytes]:
    """The form's description (JSON) and its pictures' bytes, one after another."""
    payload = bytearray()

    def still(s: Still) -> dict[str, Any]:
        entry = {"caption": s.caption, "type": s.media_type, "width": s.width}
        entry |= {"height": s.height, "at": len(payload), "length": len(s.data)}
        payload.extend(s.data)
        return entry

    text: dict[str, Any] = {"format": FORMAT, "problem": form.problem}
    if form.picture is not None:
        text["picture"] = still(form.picture)
    if form.view is not None:
        v = form.view
        text["view"] = {
            "kind": v.kind,
            "facts": [list(fact) for fact in v.facts],
            "poster": still(v.poster) if v.poster is not None else None,
            "stills": [still(s) for s in v.stills],
            "stills_heading": v.stills_heading,
            "text": v.text,
            "text_heading": v.text_heading,
            "problem": v.problem,
        }
    return json.dumps(text, ensure_ascii=False, sort_keys=True), bytes(payload)


def from_stored(description: str, payload: bytes) -> DerivedForm:
    """The form back from what to_stored gave. Raises ValueError for one it cannot read."""
    text = json.loads(description)
    if not isinstance(text, dict) or text.get("format") != FORMAT:
        raise ValueError("not a derived form this version reads")

    def still(entry: dict[str, Any]) -> Still:
        at, length = int(entry["at"]), int(entry["length"])
        if at < 0 or length <= 0 or at + length > len(payload):
            raise ValueError("a picture outside the stored bytes")
        data = payload[at : at + length]
        return Still(
            str(entry["caption"]),
            data,
            str(entry["type"]),
            int(entry["width"]),
            int(entry["height"]),
        )

    try:
        picture = still(text["picture"]) if text.get("picture") else None
        view = None
        if text.get("view"):
            v = text["view"]
            view = FileView(
                str(v["kind"]),
                tuple((str(label), str(value)) for label, value in v["facts"]),
                still(v["poster"]) if v.get("poster") else None,
                tuple(still(s) for s in v["stills"]),
                str(v["stills_heading"]),
                str(v["text"]),
                str(v["text_heading"]),
                str(v["problem"]),
            )
    except (KeyError, TypeError) as exc:
        raise ValueError("an incomplete derived form") from exc
    return DerivedForm(picture, view, str(text.get("problem", "")))
