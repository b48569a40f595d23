"""Every kind of file a person holds, on its exhibit page: a HEIC photo, a photo taken sideways
(placed turned, its own bytes, not a larger re-encoded copy), a panorama in legible parts, a
video's duration and frames, a recording's duration and the person's transcript, an e-mail's
headers and text, a PDF's first pages."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from diary.export.image_data import _jpeg_segments
from diary.vault import Vault
from tests.conftest import make_content
from tests.export_support import export, page_texts
from tests.file_kinds_support import audio_bytes, eml_bytes, heic_bytes, mp4_bytes, pdf_bytes


def _export(vault: Vault, tmp_path: Path, files: list[tuple[str, bytes]], **fields: object) -> Path:
    incident = vault.add_incident(make_content(**fields))
    for name, data in files:
        vault.attach_bytes(incident, name, data)
    _, result = export(vault, tmp_path)
    return result.pdf


def _exhibit_pages(pdf: Path) -> list[str]:
    """The text of each exhibit, from its heading to the next (or to the exhibit schedule)."""
    text = "\n".join(page_texts(pdf))
    start = text.index("\nExhibits\nExhibit SE/1")
    section = text[start : text.index("Exhibit schedule", start)]
    return ["Exhibit SE/" + part for part in section.split("Exhibit SE/")[1:]]


def _render(pdf: Path, page: int, out: Path, dpi: int = 50) -> Image.Image:
    """One page (from 1) drawn by poppler, as a person would see it."""
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", str(pdf), str(out)],
        check=True,
    )
    [made] = sorted(out.parent.glob(f"{out.name}*.png"))
    return Image.open(made).convert("RGB")


def _page_with(pdf: Path, words: str) -> int:
    return next(i + 1 for i, t in enumerate(page_texts(pdf)) if words in t)


def _sideways_jpeg() -> bytes:
    """A landscape JPEG stored as the camera saw it, whose EXIF says to turn it a quarter
    clockwise (orientation 6): red on the stored left half, blue on the right."""
    image = Image.new("RGB", (400, 200), (220, 20, 20))
    image.paste((20, 20, 220), (200, 0, 400, 200))
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


def test_a_heic_photo_is_a_picture_on_its_exhibit_page(vault: Vault, tmp_path: Path) -> None:
    pdf = _export(vault, tmp_path, [("IMG_0001.HEIC", heic_bytes((320, 240)))])
    [page] = _exhibit_pages(pdf)
    assert "image/heic" in page and "Picture below, converted for this PDF" in page
    assert "JPEG of 320 × 240 pixels" in " ".join(page.split())
    assert "Not a picture" not in page
    images = [
        x.get_object()
        for p in PdfReader(pdf).pages
        for x in p["/Resources"].get("/XObject", {}).values()
        if x.get_object().get("/Subtype") == "/Image"
    ]
    assert [(i["/Width"], i["/Height"]) for i in images] == [(320, 240)]
    drawn = _render(pdf, _page_with(pdf, "IMG_0001.HEIC"), tmp_path / "heic", dpi=60)
    # The photo is blue with a white top-left corner: both show on the page.
    colours = {c for _, c in drawn.getcolors(1 << 20) or []}
    assert any(b > 150 and r < 80 for r, g, b in colours)


def test_a_sideways_photo_keeps_its_bytes_and_is_drawn_upright(
    vault: Vault, tmp_path: Path
) -> None:
    original = _sideways_jpeg()
    pdf = _export(vault, tmp_path, [("portrait.jpg", original)])
    [image] = [
        x.get_object()
        for p in PdfReader(pdf).pages
        for x in p["/Resources"].get("/XObject", {}).values()
        if x.get_object().get("/Subtype") == "/Image"
    ]
    # The JPEG's own compressed picture (only its metadata segments cut out), not a re-encoding
    # and not a larger decoded copy.
    assert image["/Filter"] == "/DCTDecode"
    assert image.get_data() == _jpeg_segments(original)[0]
    assert (image["/Width"], image["/Height"]) == (400, 200)
    [page] = _exhibit_pages(pdf)
    assert "turned upright" in page
    drawn = _render(pdf, _page_with(pdf, "portrait.jpg"), tmp_path / "upright", dpi=40)
    red = _box_of(drawn, lambda r, g, b: r > 180 and b < 80)
    blue = _box_of(drawn, lambda r, g, b: b > 180 and r < 80)
    # Upright the picture is twice as tall as it is wide: red (the stored left) on top.
    assert red[3] <= blue[1] + 1
    width, height = max(red[2], blue[2]) - min(red[0], blue[0]), blue[3] - red[1]
    assert 1.8 < height / width < 2.2


def _box_of(
    image: Image.Image, wanted: Callable[[int, int, int], bool]
) -> tuple[int, int, int, int]:
    """The bounding box (left, top, right, bottom) of the pixels whose colour is wanted."""
    px = image.tobytes()
    mask = Image.frombytes(
        "L",
        image.size,
        bytes(255 if wanted(*px[i : i + 3]) else 0 for i in range(0, len(px), 3)),
    )
    box = mask.getbbox()
    assert box is not None, "the colour is not on the page"
    return box


def test_a_panorama_is_cut_into_labelled_parts_at_a_legible_size(
    vault: Vault, tmp_path: Path
) -> None:
    panorama = Image.new("RGB", (10000, 200), (240, 240, 240))
    for x in range(0, 10000, 500):
        panorama.paste((30, 30, 30), (x, 0, x + 20, 200))
    out = io.BytesIO()
    panorama.save(out, "PNG")
    pdf = _export(vault, tmp_path, [("panorama.png", out.getvalue())])
    text = "\n".join(page_texts(pdf))
    parts = [line for line in text.splitlines() if line.startswith("Part ")]
    assert len(parts) >= 5
    count = len(parts)
    assert parts[0].startswith(f"Part 1 of {count}") and parts[-1].startswith(
        f"Part {count} of {count}"
    )
    assert "in " + str(count) + " parts so that it can be read (it is very wide)" in " ".join(
        text.split()
    )
    # The picture is in the file once; each part is a clipped view of it.
    sizes = [
        (x.get_object()["/Width"], x.get_object()["/Height"])
        for p in PdfReader(pdf).pages
        for x in p["/Resources"].get("/XObject", {}).values()
        if x.get_object().get("/Subtype") == "/Image"
    ]
    assert set(sizes) == {(10000, 200)}
    drawn = _render(pdf, _page_with(pdf, "Part 1 of"), tmp_path / "pano", dpi=72)
    # A dark bar of the panorama runs the full height of its part: at 72 dpi a millimetre is
    # 2.8 pixels, so a part 40 mm or more high, where drawn whole it would be 3 mm.
    bar = _box_of(drawn, lambda r, g, b: r < 60 and g < 60 and b < 60)
    column = [drawn.getpixel((bar[0] + 1, y))[0] < 60 for y in range(drawn.height)]
    longest = run = 0
    for dark in column:
        run = run + 1 if dark else 0
        longest = max(longest, run)
    assert longest > 40 * 2.8


def test_a_video_shows_its_duration_first_frame_and_a_strip_of_timed_frames(
    vault: Vault, tmp_path: Path
) -> None:
    pdf = _export(vault, tmp_path, [("doorbell.mp4", mp4_bytes(seconds=4.0))])
    [page] = _exhibit_pages(pdf)
    flat = " ".join(page.split())
    assert "Duration 4.0 seconds" in flat
    assert "160 × 120 pixels, H.264" in flat
    assert "First frame, at 0:00.0" in flat
    assert "6 frames, evenly spaced through the video, with their times" in flat
    assert "At 0:00.4" in flat and "At 0:03.7" in flat
    assert "Transcript (typed by the person)" in flat
    images = [
        x.get_object()
        for p in PdfReader(pdf).pages
        for x in p["/Resources"].get("/XObject", {}).values()
        if x.get_object().get("/Subtype") == "/Image"
    ]
    assert len(images) == 7  # the first frame and six more


def test_a_recording_shows_its_duration_and_the_persons_transcript(
    vault: Vault, tmp_path: Path
) -> None:
    voicemail = audio_bytes("ipod", "aac", seconds=2.5)
    digest = __import__("hashlib").sha256(voicemail).hexdigest()
    words = "You think you can ignore me? I'll be outside again tonight."
    pdf = _export(vault, tmp_path, [("voicemail.m4a", voicemail)], transcripts=((digest, words),))
    [page] = _exhibit_pages(pdf)
    flat = " ".join(page.split())
    assert "Duration 2.6 seconds" in flat
    assert "AAC, mono, 16,000 samples a second" in flat
    assert "Transcript (typed by the person)" in flat
    assert words in flat


def test_an_amr_voicemail_shows_its_duration(vault: Vault, tmp_path: Path) -> None:
    pdf = _export(
        vault, tmp_path, [("voicemail.amr", audio_bytes("amr", "libopencore_amrnb", 3.0, 8000))]
    )
    [page] = _exhibit_pages(pdf)
    flat = " ".join(page.split())
    assert "audio/amr" in flat and "Duration 3.1 seconds" in flat
    assert "None has been typed for this recording." in flat


def test_an_email_shows_the_headers_police_need_and_its_text(vault: Vault, tmp_path: Path) -> None:
    pdf = _export(
        vault, tmp_path, [("threat.eml", eml_bytes()), ("html.eml", eml_bytes(html_only=True))]
    )
    pages = _exhibit_pages(pdf)
    assert len(pages) == 2
    for page in pages:
        flat = " ".join(page.split())
        assert "message/rfc822" in flat
        assert "From Sender Example <sender@example.org>" in flat
        assert "To Recipient Example <me@example.net>" in flat
        assert "Cc Copy Example <copy@example.com>" in flat
        assert "Date Tue, 04 Jun 2024 21:40:00 +0100" in flat
        assert "Subject You cannot hide from me" in flat
        assert "Message-ID <threat-0001@mail.example.org>" in flat
        assert "I know where you work." in flat and "See you tomorrow." in flat
    assert "p{color:red}" not in " ".join(pages)


def test_a_pdf_attachment_shows_its_first_pages(vault: Vault, tmp_path: Path) -> None:
    pdf = _export(vault, tmp_path, [("letter.pdf", pdf_bytes(pages=4))])
    text = " ".join(" ".join(page_texts(pdf)).split())
    assert "Pages 4" in text
    assert "The first 3 pages, as drawn from the file (the last page is in the original)" in text
    for number in (1, 2, 3):
        assert f"Page {number} of 4" in text
    drawn = _render(pdf, _page_with(pdf, "Page 1 of 4"), tmp_path / "letter", dpi=50)
    # The letter's page is drawn: its black frame shows as long dark lines.
    dark = _box_of(drawn, lambda r, g, b: r < 60 and g < 60 and b < 60)
    assert dark[3] - dark[1] > drawn.height / 3  # the letter's frame is drawn, large
