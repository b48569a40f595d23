"""Fictional phone screenshots for the demo diary, drawn with Pillow: a message thread or a
social-media post, with the profile name and time shown, as a person would capture them."""

from __future__ import annotations

import io
import textwrap

from PIL import Image, ImageDraw, ImageFont

from diary.resources import resource_path

WIDTH, HEIGHT = 1080, 1920


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(resource_path("fonts", name)), size)


def message_screenshot(
    sender: str,
    shown_time: str,
    messages: list[str],
    jpeg: bool = False,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> bytes:
    """A messaging app's thread: header with the sender, then grey bubbles with times."""
    image = Image.new("RGB", (width, height), (236, 229, 221))
    draw = ImageDraw.Draw(image)
    scale = width / WIDTH
    draw.rectangle((0, 0, width, int(190 * scale)), fill=(7, 94, 84))
    clock = shown_time.split(" ")[0]  # the phone's clock when the screenshot was taken
    draw.text((int(40 * scale), int(60 * scale)), clock, font=_font(int(34 * scale)), fill="white")
    draw.ellipse(
        (int(40 * scale), int(105 * scale), int(110 * scale), int(175 * scale)),
        fill=(180, 180, 180),
    )
    draw.text(
        (int(130 * scale), int(115 * scale)),
        sender,
        font=_font(int(44 * scale), True),
        fill="white",
    )
    y = int(240 * scale)
    body = _font(int(40 * scale))
    small = _font(int(28 * scale))
    for index, message in enumerate(messages):
        lines = textwrap.wrap(message, 34) or [""]
        box_height = int((len(lines) * 52 + 70) * scale)
        if y + box_height > height - 40:
            break
        draw.rounded_rectangle(
            (int(40 * scale), y, int(860 * scale), y + box_height),
            radius=int(24 * scale),
            fill="white",
        )
        for line_no, line in enumerate(lines):
            draw.text(
                (int(70 * scale), y + int((20 + line_no * 52) * scale)),
                line,
                font=body,
                fill=(20, 20, 20),
            )
        stamp = shown_time if index == len(messages) - 1 else clock
        right = int(860 * scale) - int(28 * scale)  # inside the bubble's right edge
        draw.text(
            (right - draw.textlength(stamp, font=small), y + box_height - int(42 * scale)),
            stamp,
            font=small,
            fill=(120, 120, 120),
        )
        y += box_height + int(30 * scale)
    out = io.BytesIO()
    if jpeg:
        image.save(out, "JPEG", quality=88)
    else:
        image.save(out, "PNG", compress_level=6)
    return out.getvalue()


def post_screenshot(profile: str, shown_time: str, text: str, jpeg: bool = False) -> bytes:
    """A social-media post by a (fictional) profile."""
    image = Image.new("RGB", (WIDTH, 1400), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 140), fill=(59, 89, 152))
    draw.text((40, 45), "Social feed", font=_font(44, True), fill="white")
    draw.ellipse((40, 190, 150, 300), fill=(200, 200, 200))
    draw.text((175, 200), profile, font=_font(42, True), fill=(20, 20, 20))
    draw.text((175, 258), shown_time, font=_font(30), fill=(110, 110, 110))
    # The photo posted: a front door, drawn plainly.
    draw.rectangle((40, 330, WIDTH - 40, 830), fill=(196, 208, 218))
    draw.rectangle((420, 400, 660, 830), fill=(92, 60, 44))
    draw.ellipse((615, 610, 640, 635), fill=(214, 180, 90))
    draw.rectangle((500, 440, 580, 470), fill=(214, 180, 90))
    y = 870
    for line in textwrap.wrap(text, 40):
        draw.text((40, y), line, font=_font(40), fill=(20, 20, 20))
        y += 56
    draw.line((40, y + 30, WIDTH - 40, y + 30), fill=(210, 210, 210), width=3)
    draw.text((40, y + 60), "Like    Comment    Share", font=_font(34), fill=(90, 90, 90))
    out = io.BytesIO()
    image.save(out, "JPEG" if jpeg else "PNG", **({"quality": 88} if jpeg else {}))
    return out.getvalue()
