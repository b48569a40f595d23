"""Small files of each kind a person holds, made in memory for the tests: a HEIC photo, a video,
recordings, an e-mail and a PDF."""

from __future__ import annotations

import io
import math
import struct
from email.message import EmailMessage

import av
import pillow_heif  # the app only reads HEIC (pi-heif); the tests make theirs with pillow-heif
from PIL import Image, ImageDraw


def heic_bytes(
    size: tuple[int, int] = (320, 240), colour: tuple[int, int, int] = (30, 90, 200)
) -> bytes:
    """A HEIC photo: one colour with a white block in its top left corner."""
    image = Image.new("RGB", size, colour)
    image.paste((255, 255, 255), (0, 0, size[0] // 4, size[1] // 4))
    out = io.BytesIO()
    pillow_heif.from_pillow(image).save(out, format="HEIF", quality=70)
    return out.getvalue()


def mp4_bytes(seconds: float = 4.0, fps: int = 10, size: tuple[int, int] = (160, 120)) -> bytes:
    """An H.264 video whose frames fill with red from the left as it plays, with no sound."""
    width, height = size
    frames = int(seconds * fps)
    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for index in range(frames):
            image = Image.new("RGB", size, (20, 20, 20))
            image.paste((200, 40, 40), (0, 0, max(1, index * width // frames), height))
            for packet in stream.encode(av.VideoFrame.from_image(image)):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


def audio_bytes(
    container_format: str = "ipod", codec: str = "aac", seconds: float = 2.5, rate: int = 16000
) -> bytes:
    """A tone of the given length, encoded (ipod/aac is an .m4a; amr/libopencore_amrnb at 8000
    an .amr voicemail; wav/pcm_s16le a .wav)."""
    out = io.BytesIO()
    with av.open(out, "w", format=container_format) as container:
        stream = container.add_stream(codec, rate=rate, layout="mono")
        size = stream.codec_context.frame_size or 1024
        sample_format = stream.codec_context.format.name
        packing = {"s16": "<h", "s16p": "<h", "s32": "<i", "s32p": "<i", "flt": "<f", "fltp": "<f"}
        scale = {"<h": 8000, "<i": 2e8, "<f": 0.3}[packing[sample_format]]
        done = 0
        while done < seconds * rate:
            frame = av.AudioFrame(format=sample_format, layout="mono", samples=size)
            values = (scale * math.sin((done + i) / 8) for i in range(size))
            fmt = packing[sample_format]
            frame.planes[0].update(
                b"".join(struct.pack(fmt, v if fmt == "<f" else int(v)) for v in values)
            )
            frame.sample_rate, frame.pts = rate, done
            for packet in stream.encode(frame):
                container.mux(packet)
            done += size
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


def eml_bytes(html_only: bool = False) -> bytes:
    message = EmailMessage()
    message["From"] = "Sender Example <sender@example.org>"
    message["To"] = "Recipient Example <me@example.net>"
    message["Cc"] = "Copy Example <copy@example.com>"
    message["Date"] = "Tue, 04 Jun 2024 21:40:00 +0100"
    message["Subject"] = "You cannot hide from me"
    message["Message-ID"] = "<threat-0001@mail.example.org>"
    if html_only:
        message.set_content(
            "<html><head><style>p{color:red}</style></head><body><p>I know where you work."
            "</p><p>See you <b>tomorrow</b>.</p></body></html>",
            subtype="html",
        )
    else:
        message.set_content("I know where you work.\nSee you tomorrow.\n")
    return message.as_bytes()


def pdf_bytes(pages: int = 4) -> bytes:
    """A PDF of several pages, each saying its number in large letters (made with Pillow)."""
    images = []
    for number in range(1, pages + 1):
        image = Image.new("RGB", (420, 595), "white")
        draw = ImageDraw.Draw(image)
        draw.rectangle((20, 20, 400, 575), outline="black", width=3)
        draw.text((60, 60), f"LETTER PAGE {number}", fill="black", font_size=36)
        images.append(image)
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=72)
    return out.getvalue()
