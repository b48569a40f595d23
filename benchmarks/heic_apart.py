"""What decoding a HEIC photo in a process of its own adds to keeping it, beside the same
decoding in this process, measured in the same run.

    python benchmarks/heic_apart.py [--photos 10] [--size 4032x3024]

Makes HEIC photos of a phone's size in memory (pillow-heif), then for each one times:

- the floor: its thumbnail and upright JPEG made here, from one decoding (photo_apart.made_here,
  what the child does);
- apart: the same made by the child (`diary --read-media image/heic`, photo_apart.read_photo):
  the child's start-up, the bytes through the pipe, the decoding, the answer checked;
- keeping it: Vault.attach_bytes, the whole import (encryption, database, forms), for scale.

Prints the medians, the extra time per photo kept (apart - floor) and the ratio apart / floor.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from diary.domain.case import CaseDetails
from diary.domain.incident import IncidentContent
from diary.domain.times import parse_moment
from diary.vault import Vault
from diary.vault.attachments.photo_apart import made_here, read_photo
from diary.vault.keys.keys import FLOOR


def _photo(index: int, size: tuple[int, int]) -> bytes:
    import pillow_heif
    from PIL import Image, ImageDraw

    # Noise for the fine detail of a real photo (and a file of a real photo's size).
    grain = Image.effect_noise(size, 24 + index % 8).convert("RGB")
    image = Image.blend(Image.new("RGB", size, (40 + index % 150, 90, 140)), grain, 0.3)
    draw = ImageDraw.Draw(image)
    for n in range(24):
        x, y = n * size[0] // 25, n * size[1] // 25
        draw.rectangle((x, y, x + size[0] // 7, y + size[1] // 7), fill=(200, n * 10, 60))
    out = io.BytesIO()
    pillow_heif.from_pillow(image).save(out, format="HEIF", quality=60)
    return out.getvalue()


def _median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=10)
    parser.add_argument("--size", default="4032x3024")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    photos = [_photo(n, (size[0], size[1])) for n in range(args.photos)]
    read_photo(photos[0])  # the first child also warms the disk cache for the program
    here, apart, kept = [], [], []
    for data in photos:
        started = time.perf_counter()
        made = made_here(io.BytesIO(data))
        here.append(time.perf_counter() - started)
        started = time.perf_counter()
        assert read_photo(data) == made
        apart.append(time.perf_counter() - started)
    with tempfile.TemporaryDirectory() as scratch:
        vault, _ = Vault.create(
            Path(scratch) / "diary",
            "a passphrase for timing",
            CaseDetails("Bench", "BE"),
            kdf=FLOOR,
        )
        with vault:
            content = IncidentContent(
                occurred=parse_moment("2024-06-01T10:00:00+00:00"),
                location="online",
                text="Photos.",
            )
            incident = vault.add_incident(content)
            for n, data in enumerate(photos):
                started = time.perf_counter()
                vault.attach_bytes(incident, f"IMG_{n:04}.HEIC", data)
                kept.append(time.perf_counter() - started)
    floor, child, whole = _median_ms(here), _median_ms(apart), _median_ms(kept)
    mean_kb = statistics.mean(len(p) for p in photos) / 1024
    print(f"{args.photos} HEIC photos of {args.size}, {mean_kb:.0f} KB each (medians)")
    print(f"  floor: thumbnail + JPEG decoded here     {floor:8.1f} ms")
    print(f"  apart: the same by the child             {child:8.1f} ms")
    print(f"  extra time per photo kept (apart-floor)  {child - floor:8.1f} ms")
    print(f"  ratio apart / floor                      {child / floor:8.2f}")
    print(f"  keeping one (attach_bytes, whole import) {whole:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
