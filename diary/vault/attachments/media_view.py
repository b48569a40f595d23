"""A video's or a recording's duration, and a video's poster frame and strip of frames, read with
PyAV (FFmpeg) from the bytes in memory.

PyAV reads from a file-like object (io.BytesIO), seeking as MP4 and QuickTime files need (their
index is often at the end), so nothing is written to disk. A damaged or hostile file gives a
view with a plain problem and whatever could be read; the original is kept all the same.
"""

from __future__ import annotations

import io
from fractions import Fraction
from typing import Any, BinaryIO

import av
from PIL import Image

from .file_view import FileView, Still, clock_text, duration_text

STRIP_FRAMES = 6
POSTER_EDGE = 960
STRIP_EDGE = 320
JPEG_QUALITY = 85
# A frame larger than this is not decoded (8K video is 33 megapixels).
MAX_FRAME_PIXELS = 50_000_000
# How many frames may be decoded to reach one still: a bound on the work a hostile file can cause.
MAX_DECODED_PER_STILL = 600

_CODEC_NAMES = {
    "aac": "AAC",
    "mp3": "MP3",
    "mp3float": "MP3",
    "opus": "Opus",
    "vorbis": "Vorbis",
    "flac": "FLAC",
    "amrnb": "AMR (narrow band)",
    "amrwb": "AMR (wide band)",
    "h264": "H.264",
    "hevc": "H.265 (HEVC)",
    "vp8": "VP8",
    "vp9": "VP9",
    "av1": "AV1",
    "mpeg4": "MPEG-4",
}
PROBLEM = (
    "The file could not be read in full (it may be damaged or cut short); the original is kept."
)


def _codec(stream: Any) -> str:
    name = str(stream.codec_context.name or "")
    if name.startswith("pcm_"):
        return "uncompressed (PCM)"
    return _CODEC_NAMES.get(name, name or "unknown")


def _duration(container: Any) -> float | None:
    if container.duration is not None and container.duration > 0:
        return float(container.duration / av.time_base)
    for stream in container.streams:
        if stream.duration and stream.time_base:
            return float(stream.duration * stream.time_base)
    return None


def _jpeg(image: Image.Image, edge: int, caption: str) -> Still:
    image = image.convert("RGB")
    image.thumbnail((edge, edge), reducing_gap=2.0)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY)
    return Still(caption, out.getvalue(), "image/jpeg", image.width, image.height)


# A still further ahead than this is reached by seeking to the keyframe before it; a nearer one
# by decoding on (a short video has one keyframe, and each seek would decode it from the start).
SEEK_AHEAD_SECONDS = 8.0


def _upright(frame: Any) -> Image.Image:
    image: Image.Image = frame.to_image()
    rotation = int(getattr(frame, "rotation", 0) or 0) % 360  # a phone held sideways
    return image.rotate(rotation, expand=True) if rotation else image


def _frames_at(container: Any, stream: Any, wanted: list[float]) -> list[tuple[float, Image.Image]]:
    """For each time in wanted (ascending, seconds from the start), the first frame at or after
    it, turned upright, with its own time; fewer when the file ends or stops decoding."""
    base: Fraction = stream.time_base
    start = float((stream.start_time or 0) * base)
    found: list[tuple[float, Image.Image]] = []
    at = 0.0  # the time of the last frame decoded
    targets = iter(wanted)
    target = next(targets, None)
    while target is not None:
        if target - at > SEEK_AHEAD_SECONDS:
            container.seek(int((start + target) / base), stream=stream, backward=True)
        decoded = 0
        for frame in container.decode(stream):
            decoded += 1
            at = float(frame.time - start) if frame.time is not None else target
            if at >= target - 1e-3 or decoded >= MAX_DECODED_PER_STILL:
                found.append((max(at, 0.0), _upright(frame)))
                target = next(targets, None)
                while target is not None and target <= at:  # frames further apart than stills
                    target = next(targets, None)
                if target is None or target - at > SEEK_AHEAD_SECONDS:
                    break
                decoded = 0
        else:
            break  # the end of the file
    return found


def _video_stills(container: Any, stream: Any, duration: float | None) -> tuple[Still, list[Still]]:
    times = [duration * (i + 0.5) / STRIP_FRAMES for i in range(STRIP_FRAMES)] if duration else []
    found = _frames_at(container, stream, [0.0, *times])
    if not found:
        raise ValueError("no frame could be decoded")
    (first_at, first), *rest = found
    poster = _jpeg(first, POSTER_EDGE, f"First frame, at {clock_text(first_at)}")
    return poster, [_jpeg(image, STRIP_EDGE, f"At {clock_text(at)}") for at, image in rest]


def media_view(data: bytes | BinaryIO, media_type: str) -> FileView:
    """The view of a video or a recording, from its bytes or a seekable file object over them
    (the stored original of a file too large to hold in memory)."""
    kind = "video" if media_type.startswith("video/") else "audio"
    facts: list[tuple[str, str]] = []
    try:
        source = io.BytesIO(data) if isinstance(data, bytes) else data
        container = av.open(source, mode="r")
    except Exception:  # noqa: BLE001 - any FFmpeg failure on a damaged file means "no view"
        return FileView(kind, problem=PROBLEM)
    with container:
        try:
            duration = _duration(container)
            video = container.streams.video[0] if container.streams.video else None
            audio = container.streams.audio[0] if container.streams.audio else None
            if video is not None:
                kind = "video"
            facts.append(("Duration", duration_text(duration) if duration else "not recorded"))
            if video is not None:
                width, height = video.codec_context.width, video.codec_context.height
                facts.append(("Picture", f"{width} \u00d7 {height} pixels, {_codec(video)}"))
                rate = video.average_rate
                if rate:
                    facts.append(("Frame rate", f"{float(rate):.3g} frames a second"))
                facts.append(("Sound", f"yes, {_codec(audio)}" if audio is not None else "none"))
            elif audio is not None:
                channels = audio.codec_context.channels
                facts.append(
                    (
                        "Sound",
                        f"{_codec(audio)}, {'mono' if channels == 1 else f'{channels} channels'}, "
                        f"{audio.codec_context.sample_rate:,} samples a second",
                    )
                )
            else:
                return FileView(kind, tuple(facts), problem="It holds no picture and no sound.")
            if video is None:
                return FileView(kind, tuple(facts))
            if (width or 0) * (height or 0) > MAX_FRAME_PIXELS:
                return FileView(
                    kind, tuple(facts), problem="Its frames are too large to show safely."
                )
            video.thread_type = "AUTO"
            poster, strip = _video_stills(container, video, duration)
        except Exception:  # noqa: BLE001 - as above: what was read is shown, the rest is not
            return FileView(kind, tuple(facts), problem=PROBLEM)
    return FileView(
        kind,
        tuple(facts),
        poster=poster,
        stills=tuple(strip),
        stills_heading=f"{len(strip)} frames, evenly spaced through the video, with their times",
    )
