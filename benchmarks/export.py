"""Benchmark: the evidence pack against plain reportlab, measured in the same run.

    python benchmarks/export.py [--incidents 500] [--screenshots 200] [--videos 20] [--heic 20]

Builds a fictional diary (500 incidents, 200 screenshots of 1920x1080, half PNG and half JPEG,
20 short videos and 20 HEIC photos of 2016x1512, both made here with PyAV and pillow-heif), then,
each in a fresh process so that peak memory is its own:

  floor   the same text and pictures rendered by plain reportlab with its defaults
          (SimpleDocTemplate, one Paragraph per incident, platypus Image from the file; a HEIC
          photo is the same file, which reportlab opens through Pillow once pillow-heif is
          registered; a video, which plain reportlab cannot show, is the seven frames the pack
          shows of it, as JPEG files)
  pack    the whole export: snapshot from the vault, the PDF and the signed bundle

and the same again with twice the content, to show how time and memory grow.
Targets: pack <= 0.2x the floor's time, <= 300 MB peak, doubling content at most doubles time,
and memory grows by no more than what was added to the PDF. The pack's peak memory is counted
from after unlocking (on Linux), since the key derivation's own peak would hide the export's.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("EVIDENCE_DIARY_KDF_SECONDS", "0")
PASSPHRASE = "benchmark passphrase only"
HERE = Path(__file__).resolve()
FIRST_DAY = date(1990, 1, 1)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _restart_peak() -> None:
    """Count peak memory from here on (Linux): unlocking's key derivation briefly takes 64 MiB
    or more, which would hide the export's own peak."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_since_restart_mb() -> float:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return _peak_mb()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def _heic(index: int) -> bytes:
    """A HEIC photo of a phone's size."""
    import io

    import pillow_heif
    from PIL import Image, ImageDraw

    pillow_heif.register_heif_opener()
    image = Image.new("RGB", (2016, 1512), (40 + index % 150, 90, 140))
    draw = ImageDraw.Draw(image)
    for n in range(24):
        draw.rectangle((n * 80, n * 50, n * 80 + 300, n * 50 + 200), fill=(200, n * 10, 60))
    draw.text((100, 100), f"Photo {index}", fill="white", font_size=120)
    heic = io.BytesIO()
    image.save(heic, "HEIF", quality=60)
    return heic.getvalue()


def _video(index: int, seconds: int = 3, fps: int = 10) -> bytes:
    """A short H.264 video of a doorbell camera's shape (640x360), a bar moving across it."""
    import io

    import av
    from PIL import Image

    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 640, 360, "yuv420p"
        for n in range(seconds * fps):
            frame = Image.new("RGB", (640, 360), (30, 30 + index % 100, 30))
            frame.paste((220, 220, 220), (n * 20 % 640, 0, n * 20 % 640 + 40, 360))
            for packet in stream.encode(av.VideoFrame.from_image(frame)):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


def make_content(
    folder: Path, incidents: int, screenshots: int, videos: int = 0, heics: int = 0
) -> None:
    """The fictional diary and, beside it, the same content as plain files for the floor."""
    from diary.domain.case import CaseDetails
    from diary.domain.incident import IncidentContent
    from diary.domain.times import parse_moment
    from diary.export.demo_screens import message_screenshot
    from diary.export.file_views import view_file
    from diary.vault import Vault
    from diary.vault.keys.keys import FLOOR

    images = folder / "images"
    images.mkdir(parents=True)
    vault, _ = Vault.create(
        folder / "diary",
        PASSPHRASE,
        CaseDetails(name="Bench Example (fictional)", initials="BE"),
        kdf=FLOOR,
    )
    every = max(1, incidents // max(screenshots, 1))
    texts, pictures = [], []
    made = {"videos": 0, "heics": 0}
    with vault:
        for n in range(incidents):
            # Three a day from 1990, so that even 30,000 incidents end before today.
            day = FIRST_DAY + timedelta(days=n // 3)
            text = (
                f"Incident {n}: he was waiting by the car park again when I left work and "
                "followed me to the bus stop, then sent messages all evening. "
            ) * 4
            content = IncidentContent(
                occurred=parse_moment(
                    f"{day.isoformat()}T{18 + n % 3}:{n % 60:02d}", "Europe/London"
                ),
                location="Outside my work",
                text=text,
                behaviours=("following", "contact"),
                feelings="Frightened.",
                impact="I changed my route home.",
                effects=("route",),
                feared_violence=n % 3 == 0,
                police_ref=f"CAD {n}" if n % 10 == 0 else "",
            )
            incident_id = vault.add_incident(content)
            texts.append(text)
            if n % every == 0 and len(pictures) < screenshots:
                index = len(pictures)
                jpeg = index % 2 == 1
                path = images / f"shot{index}.{'jpg' if jpeg else 'png'}"
                if not path.exists():
                    path.write_bytes(
                        message_screenshot(
                            "Sender (fictional)",
                            f"18:{index % 60:02d} 0{1 + index % 9}/01/2024",
                            [f"Message {index} {'x' * (index % 40)}", "Answer me", "I can see you"],
                            jpeg=jpeg,
                            width=1920,
                            height=1080,
                        )
                    )
                vault.attach_bytes(incident_id, path.name, path.read_bytes())
                pictures.append((len(texts) - 1, str(path)))
            if n % max(1, incidents // max(videos, 1)) == 1 and made["videos"] < videos:
                index = made["videos"]
                data = _video(index)
                vault.attach_bytes(incident_id, f"doorbell{index}.mp4", data)
                made["videos"] += 1
                view = view_file(data, "video/mp4")
                assert view is not None and view.poster is not None and not view.problem
                for k, still in enumerate((view.poster, *view.stills)):
                    path = images / f"video{index}-{k}.jpg"
                    path.write_bytes(still.data)
                    pictures.append((len(texts) - 1, str(path)))
            if n % max(1, incidents // max(heics, 1)) == 2 and made["heics"] < heics:
                index = made["heics"]
                heic = _heic(index)
                vault.attach_bytes(incident_id, f"IMG_{index:04d}.HEIC", heic)
                made["heics"] += 1
                path = images / f"IMG_{index:04d}.HEIC"
                path.write_bytes(heic)
                pictures.append((len(texts) - 1, str(path)))
    (folder / "content.json").write_text(json.dumps({"texts": texts, "pictures": pictures}))


def measure_floor(folder: Path) -> dict[str, float]:
    from xml.sax.saxutils import escape

    from pillow_heif import register_heif_opener
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate

    register_heif_opener()  # so that reportlab, through Pillow, can open a HEIC photo

    content = json.loads((folder / "content.json").read_text())
    out = folder / "floor.pdf"
    out.unlink(missing_ok=True)  # the last run's file is not this run's work
    started, cpu = time.perf_counter(), time.process_time()
    style = getSampleStyleSheet()["BodyText"]
    pictures: dict[int, list[str]] = {}
    for index, path in content["pictures"]:
        pictures.setdefault(index, []).append(path)
    story = []
    for index, text in enumerate(content["texts"]):
        story.append(Paragraph(escape(text), style))
        for path in pictures.get(index, []):
            if "video" in path or path.endswith(".HEIC"):  # frames and photos keep their shape
                story.append(Image(path, width=120 * mm, height=120 * mm * 0.75))
            else:
                story.append(Image(path, width=170 * mm, height=170 * mm * 1080 / 1920))
    doc = SimpleDocTemplate(str(out))
    doc.build(story)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu,
        "render_seconds": seconds,
        "pages": doc.page,
        "bytes": out.stat().st_size,
        "peak_mb": _peak_mb(),
    }


def measure_pack(folder: Path) -> dict[str, float]:
    from diary.export.export_pack import write_pack
    from diary.export.pack import PackOptions, build_pack
    from diary.export.signing import diary_signing_key
    from diary.vault import Vault

    for earlier in ("pack.pdf", "pack.zip"):
        (folder / earlier).unlink(missing_ok=True)
    vault = Vault.open(folder / "diary", PASSPHRASE)
    unlock_peak = _peak_mb()  # read first: restarting the count resets this figure as well
    _restart_peak()
    started, cpu = time.perf_counter(), time.process_time()
    with vault, build_pack(vault, PackOptions()) as pack:
        key = diary_signing_key(vault)
        snapshot = time.perf_counter() - started
        result = write_pack(pack, key, folder / "pack.pdf", folder / "pack.zip")
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu,
        "render_seconds": seconds - snapshot,
        "snapshot_seconds": snapshot,
        "pages": result.pages,
        "bytes": (folder / "pack.pdf").stat().st_size,
        "bundle_bytes": (folder / "pack.zip").stat().st_size,
        "peak_mb": _peak_since_restart_mb(),
        "unlock_peak_mb": max(unlock_peak, _peak_mb()),
    }


def _measure(kind: str, folder: Path) -> dict[str, float]:
    """One measurement in a fresh process, so that its peak memory is its own."""
    done = subprocess.run(
        [sys.executable, str(HERE), "--measure", kind, str(folder)],
        check=False,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"{kind} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _run(folder: Path, repeat: int) -> tuple[dict[str, float], dict[str, float]]:
    """The fastest of repeat runs of the floor and of the pack, taken in turns so that both meet
    the same conditions on a machine that may be shared."""
    floors, packs = [], []
    for _ in range(repeat):
        floors.append(_measure("floor", folder))
        packs.append(_measure("pack", folder))
    return min(floors, key=lambda r: r["seconds"]), min(packs, key=lambda r: r["seconds"])


def _row(name: str, r: dict[str, float]) -> str:
    return (
        f"{name:<28} {r['seconds']:7.2f} s ({r['cpu_seconds']:6.2f} s CPU) "
        f"{int(r['pages']):5d} pages "
        f"{r['bytes'] / 1e6:8.1f} MB PDF {r['peak_mb']:8.0f} MB peak"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=500)
    parser.add_argument("--screenshots", type=int, default=200)
    parser.add_argument("--videos", type=int, default=20)
    parser.add_argument("--heic", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, fastest kept")
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        kind, folder = args.measure
        measured = measure_floor(Path(folder)) if kind == "floor" else measure_pack(Path(folder))
        print(json.dumps(measured))
        return 0
    with tempfile.TemporaryDirectory(prefix="export-bench-") as scratch:
        results = {}
        for scale in (1, 2):
            folder = Path(scratch) / f"x{scale}"
            print(
                f"Making {args.incidents * scale} incidents with "
                f"{args.screenshots * scale} screenshots, {args.videos * scale} videos and "
                f"{args.heic * scale} HEIC photos...",
                flush=True,
            )
            make_content(
                folder,
                args.incidents * scale,
                args.screenshots * scale,
                args.videos * scale,
                args.heic * scale,
            )
            results[scale] = _run(folder, args.repeat)
        for scale, (floor, pack) in results.items():
            label = (
                f"{args.incidents * scale} incidents, {args.screenshots * scale} shots, "
                f"{args.videos * scale} videos, {args.heic * scale} HEIC photos"
            )
            print(f"\n{label}")
            print(_row("  floor (plain reportlab)", floor))
            print(_row("  pack (snapshot+PDF+bundle)", pack))
            print(
                f"  {'':28} of which snapshot from the vault {pack['snapshot_seconds']:.2f} s, "
                f"PDF + bundle {pack['render_seconds']:.2f} s; bundle "
                f"{pack['bundle_bytes'] / 1e6:.1f} MB; peak counted from after unlocking "
                f"(the whole process, unlocking included: {pack['unlock_peak_mb']:.0f} MB)"
            )
            print(
                f"  time ratio (target <= 0.2): PDF + bundle / floor "
                f"{pack['render_seconds'] / floor['seconds']:.3f}; whole export / floor "
                f"{pack['seconds'] / floor['seconds']:.3f}; CPU "
                f"{pack['cpu_seconds'] / floor['cpu_seconds']:.3f}"
            )
        one, two = results[1][1], results[2][1]
        print(
            f"\nDoubling the content: time x{two['seconds'] / one['seconds']:.2f}, "
            f"CPU x{two['cpu_seconds'] / one['cpu_seconds']:.2f} (target <= 2), "
            f"peak memory +{two['peak_mb'] - one['peak_mb']:.0f} MB for "
            f"+{(two['bytes'] - one['bytes']) / 1e6:.0f} MB more PDF (target: no more than "
            f"the PDF grows; peak {one['peak_mb']:.0f} MB at the base size, target <= 300 MB)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
