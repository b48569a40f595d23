"""Exhibit pictures in the PDF: pixels exactly as in the original, turned upright, and none of
the original's metadata (EXIF, GPS, comments) carried into the PDF."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from diary.vault import Vault
from tests.conftest import make_content
from tests.export_support import export, png_bytes

SECRET = "SECRET-51.5007N-0.1246W"


def _images(pdf: Path) -> list[Image.Image]:
    """The pictures in the PDF as poppler's pdfimages writes them out (JPEG streams as they
    are, other images as PNG), soft masks left out."""
    folder = pdf.parent / f"{pdf.stem}-images"
    folder.mkdir()
    subprocess.run(["pdfimages", "-all", str(pdf), str(folder / "img")], check=True)
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    kinds = [line.split()[2] for line in listing]
    files = sorted(folder.iterdir())
    return [Image.open(f) for f, kind in zip(files, kinds, strict=True) if kind == "image"]


def _exif_jpeg(orientation: int = 1, size: tuple[int, int] = (64, 40)) -> bytes:
    source = Image.open(io.BytesIO(png_bytes(size, seed=7)))
    exif = Image.Exif()
    exif[0x010E] = SECRET  # image description
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 2.52)}  # GPS latitude
    out = io.BytesIO()
    source.save(out, "JPEG", quality=90, exif=exif, comment=SECRET.encode())
    return out.getvalue()


def _export_one(vault: Vault, tmp_path: Path, name: str, data: bytes) -> Path:
    incident = vault.add_incident(make_content())
    vault.attach_bytes(incident, name, data)
    _, result = export(vault, tmp_path)
    return result.pdf


def test_png_screenshot_is_embedded_losslessly_without_metadata(
    vault: Vault, tmp_path: Path
) -> None:
    exif = Image.Exif()
    exif[0x010E] = SECRET
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET)
    original = png_bytes((300, 200), seed=3, pnginfo=info, exif=exif)
    pdf = _export_one(vault, tmp_path, "screen.png", original)
    [shown] = _images(pdf)
    expected = Image.open(io.BytesIO(original)).convert("RGB")
    assert shown.size == expected.size
    assert shown.convert("RGB").tobytes() == expected.tobytes()
    raw = pdf.read_bytes()
    assert SECRET.encode() not in raw and b"eXIf" not in raw and b"Exif" not in raw


def test_jpeg_keeps_its_picture_and_loses_exif_gps_and_comment(
    vault: Vault, tmp_path: Path
) -> None:
    original = _exif_jpeg()
    assert SECRET.encode() in original
    pdf = _export_one(vault, tmp_path, "photo.jpg", original)
    [shown] = _images(pdf)
    expected = Image.open(io.BytesIO(original))
    assert shown.convert("RGB").tobytes() == expected.convert("RGB").tobytes()
    raw = pdf.read_bytes()
    assert SECRET.encode() not in raw and b"Exif\x00" not in raw


def test_a_rotated_photo_keeps_its_own_picture_and_loses_its_exif(
    vault: Vault, tmp_path: Path
) -> None:
    original = _exif_jpeg(orientation=6, size=(64, 40))
    pdf = _export_one(vault, tmp_path, "sideways.jpg", original)
    [shown] = _images(pdf)
    # The stored picture, as the camera wrote it: the page turns it (tests/e2e/
    # test_export_file_kinds.py looks at how it is drawn), so it is not decoded and re-encoded.
    stored = Image.open(io.BytesIO(original))
    assert shown.size == (64, 40) == stored.size
    assert shown.convert("RGB").tobytes() == stored.convert("RGB").tobytes()
    assert SECRET.encode() not in pdf.read_bytes()


# How Pillow turns a picture stored with each EXIF orientation upright, and back again.
_TO_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_BACK = {**_TO_UPRIGHT, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_drawn_upright(
    vault: Vault, tmp_path: Path, orientation: int
) -> None:
    # Upright: red top left, green top right, blue bottom left, yellow bottom right.
    upright = Image.new("RGB", (160, 80))
    for colour, corner in (
        ((230, 0, 0), (0, 0)),
        ((0, 200, 0), (80, 0)),
        ((0, 0, 230), (0, 40)),
        ((230, 230, 0), (80, 40)),
    ):
        upright.paste(colour, (*corner, corner[0] + 80, corner[1] + 40))
    stored = upright.transpose(_BACK[orientation]) if orientation in _BACK else upright
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    stored.save(out, "PNG", exif=exif)
    pdf = _export_one(vault, tmp_path, "turned.png", out.getvalue())
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "p")], check=True)
    page = next(
        Image.open(f).convert("RGB")
        for f in sorted(tmp_path.glob("p-*.png"))
        if _centre(Image.open(f).convert("RGB"), (230, 0, 0))
    )
    red, green = _centre(page, (230, 0, 0)), _centre(page, (0, 200, 0))
    blue, yellow = _centre(page, (0, 0, 230)), _centre(page, (230, 230, 0))
    assert red and green and blue and yellow
    assert red[0] < green[0] and abs(red[1] - green[1]) < 3  # side by side on top
    assert red[1] < blue[1] and abs(red[0] - blue[0]) < 3  # red above blue
    assert yellow[0] > blue[0] and yellow[1] > green[1]


def _centre(image: Image.Image, colour: tuple[int, int, int]) -> tuple[float, float] | None:
    """The centre of the pixels near colour, or None when there are none."""
    px = image.tobytes()
    found = [
        (i // 3 % image.width, i // 3 // image.width)
        for i in range(0, len(px), 3)
        if all(abs(px[i + k] - colour[k]) < 40 for k in range(3))
    ]
    if len(found) < 20:
        return None
    return sum(x for x, _ in found) / len(found), sum(y for _, y in found) / len(found)


def test_transparent_and_palette_pngs_keep_their_pixels(vault: Vault, tmp_path: Path) -> None:
    rgba = png_bytes((50, 30), seed=4, mode="RGBA")
    palette_image = Image.open(io.BytesIO(png_bytes((50, 30), seed=5))).quantize(16)
    out = io.BytesIO()
    palette_image.save(out, "PNG")
    first = vault.add_incident(make_content(when="2024-01-01T10:00"))
    vault.attach_bytes(first, "alpha.png", rgba)
    second = vault.add_incident(make_content(when="2024-01-02T10:00"))
    vault.attach_bytes(second, "palette.png", out.getvalue())
    _, result = export(vault, tmp_path)
    reader = PdfReader(result.pdf)
    shown = _images(result.pdf)
    assert len(shown) == 2
    colour = Image.open(io.BytesIO(rgba)).convert("RGBA")
    assert shown[0].convert("RGB").tobytes() == colour.convert("RGB").tobytes()
    masks = [
        x
        for p in reader.pages
        for x in p["/Resources"].get("/XObject", {}).values()
        if "/SMask" in x.get_object()
    ]
    assert len(masks) == 1  # the transparency travels as a soft mask, not lost
    assert shown[1].convert("RGB").tobytes() == palette_image.convert("RGB").tobytes()


def test_a_damaged_picture_is_listed_by_hash_and_the_export_still_works(
    vault: Vault, tmp_path: Path
) -> None:
    broken = png_bytes((40, 40))[:200]
    pdf = _export_one(vault, tmp_path, "broken.png", broken)
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Exhibit SE/1" in text and "Not a picture" in text
    assert _images(pdf) == []
