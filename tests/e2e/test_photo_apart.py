"""HEIC photos are decoded in a process of their own: a photo that crashes or stalls its decoder,
or a decoder that answers with anything but a thumbnail and a JPEG, costs a plain note on that
photo — never the app, the entry being kept, or the original. A good photo gets the thumbnail
and the JPEG it would get if it were decoded in the app's own process."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import time
from pathlib import Path
from typing import Any

import pillow_heif
import pytest
from PIL import ExifTags, Image

from diary.vault import Vault
from diary.vault.attachments import media_apart, photo_apart, previews
from diary.vault.attachments.attachments import make_forms
from diary.vault.attachments.derived_forms import PICTURE_PROBLEM
from diary.vault.attachments.photo_apart import made_here, photo_from, read_photo
from diary.vault.storage.database import transaction
from tests.conftest import make_content
from tests.export_support import export, page_texts
from tests.file_kinds_support import heic_bytes


def _photo_taken(size: tuple[int, int] = (1200, 900)) -> bytes:
    """A HEIC photo whose EXIF says when it was taken."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((255, 255, 255), (0, 0, size[0] // 4, size[1] // 4))
    exif = Image.Exif()
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "2024:05:01 21:14:03"
    out = io.BytesIO()
    pillow_heif.from_pillow(image).save(out, format="HEIF", quality=70, exif=exif.tobytes())
    return out.getvalue()


PHOTO = _photo_taken()


def _forget_forms(vault: Vault) -> None:
    """As for forms that failed their check: the pack makes them again from the original."""
    with transaction(vault.conn):
        vault.conn.execute("DELETE FROM derived_files")


def test_a_heic_photo_read_apart_is_what_the_app_made_in_its_own_process() -> None:
    here = made_here(io.BytesIO(PHOTO))
    apart = read_photo(PHOTO)
    assert apart == here
    preview, form = apart
    assert preview.exif_captured_at == "2024:05:01 21:14:03" and not preview.problem
    assert preview.thumbnail is not None
    assert Image.open(io.BytesIO(preview.thumbnail)).size == (320, 240)
    assert form.picture is not None and (form.picture.width, form.picture.height) == (1200, 900)
    # a file object over the bytes (a stored original too large to hold) reads the same, and so
    # does each part asked for alone, and keeping the photo
    assert read_photo(io.BytesIO(PHOTO)) == here
    assert previews.make_preview(io.BytesIO(PHOTO), "image/heic") == here[0]
    assert make_forms(PHOTO, "image/heic").parts == here


def test_a_damaged_heic_read_apart_says_so_as_in_the_app() -> None:
    cut = PHOTO[: len(PHOTO) // 3]
    preview, form = read_photo(cut)
    assert (preview, form) == made_here(io.BytesIO(cut))
    assert preview.thumbnail is None and preview.problem == previews.NOT_PREVIEWED
    assert form.picture is None and form.problem == PICTURE_PROBLEM


def test_the_app_never_decodes_a_heic_photo_itself(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With decoding refused in this process, a photo is kept, shown in the pack with and
    without its stored form, all the same: the decoding is done elsewhere."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a HEIC photo was decoded in the app's process")

    monkeypatch.setattr(photo_apart, "made_here", refuse)
    monkeypatch.setattr(previews, "decode", refuse)
    incident = vault.add_incident(make_content(what="He left this photo of my car."))
    kept = vault.attach_bytes(incident, "IMG_0002.HEIC", PHOTO)
    form = vault.derived_form(kept.id)
    assert form is not None and form.picture is not None
    _forget_forms(vault)
    _, result = export(vault, tmp_path)
    text = " ".join(" ".join(page_texts(result.pdf)).split())
    assert "converted for this PDF" in text and "1200 × 900 pixels" in text


@pytest.mark.parametrize("stored_form", [True, False])
def test_a_heic_that_crashes_its_reader_is_kept_and_the_app_goes_on(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stored_form: bool
) -> None:
    """The decoder dies of a signal, as a fault in libheif would: the photo is kept byte for
    byte, its thumbnail and form say what happened, the diary checks clean and the pack is made
    with that note (also when the pack has to read the photo again itself)."""
    monkeypatch.setenv(media_apart.TEST_FAULT_ENV, "crash")
    incident = vault.add_incident(make_content(what="He sent me this photo."))
    kept = vault.attach_bytes(incident, "IMG_0003.HEIC", PHOTO)
    assert hashlib.sha256(vault.read_original(kept.id)).digest() == hashlib.sha256(PHOTO).digest()
    [attachment] = vault.incident(incident).attachments
    assert not attachment.has_thumbnail and attachment.preview_problem == photo_apart.STOPPED
    form = vault.derived_form(kept.id)
    assert form is not None and form.picture is None and form.problem == photo_apart.STOPPED
    if not stored_form:
        _forget_forms(vault)
    assert vault.check().ok
    _, result = export(vault, tmp_path)
    text = " ".join(" ".join(page_texts(result.pdf)).split())
    assert "This photo could not be read safely" in text
    assert "He sent me this photo." in text and "Not a picture" not in text


def test_a_heic_that_stalls_its_reader_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(media_apart.TEST_FAULT_ENV, "hang")
    monkeypatch.setattr(photo_apart, "READ_SECONDS", 1.0)
    started = time.monotonic()
    preview, form = read_photo(PHOTO)
    assert time.monotonic() - started < 30
    assert preview.thumbnail is None and preview.problem == media_apart.TOO_LONG
    assert form.picture is None and form.problem == media_apart.TOO_LONG


def _answer(**changes: Any) -> dict[str, Any]:
    preview, form = made_here(io.BytesIO(heic_bytes((640, 480))))
    assert preview.thumbnail is not None and form.picture is not None
    answer = {
        "thumbnail": base64.b64encode(preview.thumbnail).decode(),
        "captured": "2024:05:01 21:14:03",
        "preview_problem": "",
        "picture": {
            "caption": form.picture.caption,
            "data": base64.b64encode(form.picture.data).decode(),
            "media_type": "image/jpeg",
            "width": 640,
            "height": 480,
        },
        "problem": "",
    }
    return {**answer, **changes}


def test_a_well_formed_answer_is_read() -> None:
    preview, form = photo_from(json.loads(json.dumps(_answer())))
    assert preview.exif_captured_at == "2024:05:01 21:14:03" and preview.thumbnail
    assert form.picture is not None and form.picture.data.startswith(b"\xff\xd8")


_GOOD = _answer()
_SVG = base64.b64encode(b"<svg xmlns='http://www.w3.org/2000/svg'/>").decode()
_BIG_PNG = io.BytesIO()
Image.new("RGB", (2000, 10)).save(_BIG_PNG, "PNG")


@pytest.mark.parametrize(
    "changes",
    [
        {"extra": 1},
        {"captured": "x" * 41},
        {"captured": 2024},
        {"preview_problem": "Click here to see who sent it."},
        {"problem": "x" * 100},
        {"thumbnail": _SVG},
        {"thumbnail": base64.b64encode(_BIG_PNG.getvalue()).decode()},
        {"thumbnail": "not base64!"},
        {"thumbnail": None},  # no thumbnail, yet no problem said
        {"picture": None},
        {"picture": {**_GOOD["picture"], "data": _SVG}},
        {"picture": {**_GOOD["picture"], "data": _GOOD["picture"]["data"][:-8]}},
        {"picture": {**_GOOD["picture"], "media_type": "image/svg+xml"}},
        {"picture": {**_GOOD["picture"], "width": 10**6}},
        {"picture": {**_GOOD["picture"], "width": "640"}},
        {"picture": {**_GOOD["picture"], "height": True}},
        {"picture": {**_GOOD["picture"], "caption": "x" * 5000}},
        {"picture": [_GOOD["picture"]]},
    ],
)
def test_an_answer_that_is_not_a_photo_is_refused(changes: dict[str, Any]) -> None:
    """A decoder taken over by a hostile photo can say no more than a thumbnail and a JPEG."""
    with pytest.raises((ValueError, TypeError, KeyError)):
        photo_from(json.loads(json.dumps(_answer(**changes))))
