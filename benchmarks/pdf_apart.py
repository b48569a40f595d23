"""What drawing a kept PDF's first pages in a process of its own adds to keeping it, beside the
same drawing in this process, measured in the same run.

    python benchmarks/pdf_apart.py [--documents 10] [--pages 4]

Makes PDFs of scanned letters in memory (Pillow: A4 pages at 150 dots an inch, with a scan's
grain), then for each one times:

- the floor: its first pages drawn here and the answer read back (pdf_pages.draw, what the
  child does, and pdf_apart.pdf_from); drawing here is what every view and export of a PDF
  cost before its pages were stored;
- apart: the same by the child (`diary --read-media application/pdf`, pdf_apart.read_pdf): the
  child's start-up, the bytes through the pipe, the drawing, the answer checked;
- keeping it: Vault.attach_bytes, the whole import (encryption, database, the stored view).

Prints the medians, the extra time per PDF kept (apart - floor) and the ratio apart / floor.
"""

from __future__ import annotations

import argparse
import io
import json
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
from diary.vault.attachments.pdf_apart import pdf_answer, pdf_from, read_pdf
from diary.vault.keys.keys import FLOOR


def _document(index: int, pages: int) -> bytes:
    from PIL import Image, ImageDraw

    size = (1240, 1754)  # A4 at 150 dots an inch
    scans = []
    for number in range(pages):
        grain = Image.effect_noise(size, 12 + index % 8).convert("RGB")
        page = Image.blend(Image.new("RGB", size, (250, 248, 240)), grain, 0.08)
        draw = ImageDraw.Draw(page)
        for line in range(40):
            y = 150 + line * 38
            draw.rectangle((120, y, 120 + (900 + 37 * (line + number)) % 1000, y + 14), fill=30)
        scans.append(page)
    out = io.BytesIO()
    scans[0].save(out, "PDF", save_all=True, append_images=scans[1:], resolution=150)
    return out.getvalue()


def _median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10)
    parser.add_argument("--pages", type=int, default=4)
    args = parser.parse_args()
    documents = [_document(n, args.pages) for n in range(args.documents)]
    read_pdf(documents[0])  # the first child also warms the disk cache for the program
    here, apart, kept = [], [], []
    for data in documents:
        started = time.perf_counter()
        drawn = pdf_from(json.loads(pdf_answer(io.BytesIO(data))))
        here.append(time.perf_counter() - started)
        started = time.perf_counter()
        assert read_pdf(data) == drawn and not drawn.problem
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
                text="Letters.",
            )
            incident = vault.add_incident(content)
            for n, data in enumerate(documents):
                started = time.perf_counter()
                vault.attach_bytes(incident, f"letter-{n:02}.pdf", data)
                kept.append(time.perf_counter() - started)
    floor, child, whole = _median_ms(here), _median_ms(apart), _median_ms(kept)
    mean_kb = statistics.mean(len(d) for d in documents) / 1024
    count = f"{args.documents} scanned letters of {args.pages} pages"
    print(f"{count}, {mean_kb:.0f} KB each (medians)")
    print(f"  floor: first pages drawn here            {floor:8.1f} ms")
    print(f"  apart: the same by the child             {child:8.1f} ms")
    print(f"  extra time per PDF kept (apart-floor)    {child - floor:8.1f} ms")
    print(f"  ratio apart / floor                      {child / floor:8.2f}")
    print(f"  keeping one (attach_bytes, whole import) {whole:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
