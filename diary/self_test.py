"""`diary --self-test`: prove that this copy of the app (often a frozen build) has every library.

It creates a throwaway diary of fictional data in a fresh private folder, adds an incident with
an image, reads a HEIC photo and a video made in memory, exports a small pack and bundle,
verifies the bundle, checks that Qt can draw, runs a long session in the real window on that
diary (tens of thousands of key and mouse events, the idle lock and thousands of signals, with
Python's reference counts watched: diary.gui.long_session), removes everything it made, and
exits 0. Any failure is one line naming the step, and exit 1.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

STEPS = (
    "encrypted diary",
    "incident with an image",
    "HEIC photo, video and PDF read",
    "evidence pack",
    "bundle verified",
    "window",
    "long session in the window",
)
PASSPHRASE = "self-test passphrase, not a real diary"  # noqa: S105 - fictional


def _long_window_session(folder: Path) -> str:
    """Run the window on folder in a child process (`diary --self-test-window`), offscreen, so
    that a Qt binding that corrupts Python's reference counts fails this step plainly instead
    of aborting the self-test. Return what the child reported."""
    if getattr(sys, "frozen", False):
        command = [sys.executable, "--self-test-window", str(folder)]
    else:
        command = [sys.executable, "-m", "diary", "--self-test-window", str(folder)]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.run(
        command,
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    if child.returncode != 0:
        said = child.stderr.strip().splitlines() or [f"exit status {child.returncode}"]
        fatal = [line for line in said if line.startswith("Fatal Python error")]
        raise RuntimeError((fatal or said)[-1])
    return child.stdout.strip()


def _image() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), "white")
    ImageDraw.Draw(image).text((20, 90), "Self-test screenshot", fill="black")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _photo_and_video() -> str:
    """Read a HEIC photo (shipped: the app has no HEIC encoder), a short video and a PDF made in
    memory as the pack does: pi-heif, PyAV and FFmpeg's codecs, and PDFium for the child that
    draws a PDF's pages, must all be in this copy."""
    import av
    from PIL import Image

    from diary.export.file_views import view_file
    from diary.export.image_data import pdf_image
    from diary.resources import resource_path

    heic = resource_path("selftest", "photo.heic").read_bytes()
    photo = pdf_image(heic, "image/heic")
    video = io.BytesIO()
    with av.open(video, "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for n in range(20):
            picture = Image.new("RGB", (64, 48), (n * 10, 0, 0))
            frame = av.VideoFrame.from_image(picture)  # type: ignore[no-untyped-call]
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    view = view_file(video.getvalue(), "video/mp4")
    if view is None or view.poster is None or view.problem or photo.width != 64:
        raise RuntimeError("a HEIC photo or a video could not be read")
    document = io.BytesIO()
    Image.new("RGB", (210, 297), "white").save(document, "PDF", resolution=72)
    pdf = view_file(document.getvalue(), "application/pdf")  # drawn by a child process
    if pdf is None or pdf.problem or len(pdf.stills) != 1:
        raise RuntimeError("a PDF's pages could not be drawn")
    return f"{view.fact('Duration')} of video, {len(view.stills)} frames, 1 PDF page"


def run(out: Callable[[str], object] = print) -> int:
    from diary.domain.case import CaseDetails
    from diary.domain.incident import IncidentContent
    from diary.domain.times import parse_moment
    from diary.export.export_pack import write_pack
    from diary.export.pack import PackOptions, build_pack
    from diary.export.signing import diary_signing_key
    from diary.export.verify import verify_bundle
    from diary.gui.platform_check import check_qt
    from diary.vault import Vault
    from diary.vault.keys.keys import FLOOR

    # Fictional data only, in a folder only this user can read, removed at the end.
    work = Path(tempfile.mkdtemp(prefix="self-test-"))
    step = STEPS[0]
    try:
        passphrase = PASSPHRASE
        vault, _ = Vault.create(
            work / "diary", passphrase, CaseDetails(name="Self Test", initials="ST"), kdf=FLOOR
        )
        vault.close()
        with Vault.open(work / "diary", passphrase) as vault:
            out(f"ok  {step}")
            step = STEPS[1]
            content = IncidentContent(
                occurred=parse_moment("2024-06-03T18:30", "Europe/London"),
                location="Self-test place",
                text="Self-test incident: nothing real.",
                behaviours=("contact",),
            ).validate()
            incident_id = vault.add_incident(content)
            attachment = vault.attach_bytes(incident_id, "self-test.png", _image())
            if not vault.thumbnail(attachment.id):
                raise RuntimeError("no thumbnail was made")
            out(f"ok  {step}")
            step = STEPS[2]
            out(f"ok  {step} ({_photo_and_video()})")
            step = STEPS[3]
            with build_pack(vault, PackOptions()) as pack:
                key = diary_signing_key(vault)
                result = write_pack(pack, key, work / "pack.pdf", work / "pack.zip")
        if result.pages < 1 or not (work / "pack.pdf").read_bytes().startswith(b"%PDF"):
            raise RuntimeError("the PDF is empty")
        out(f"ok  {step} ({result.pages} pages)")
        step = STEPS[4]
        report = verify_bundle(work / "pack.zip")
        if not report.ok:
            raise RuntimeError("; ".join(report.problems))
        out(f"ok  {step} ({report.files_checked} files)")
        step = STEPS[5]
        platform = check_qt((work / "pack.pdf").read_bytes())
        out(f"ok  {step} and page preview (Qt platform: {platform})")
        step = STEPS[6]
        out(f"ok  {step}: {_long_window_session(work / 'diary')}")
    except Exception as exc:  # noqa: BLE001 - the point is to report any failure plainly
        sys.stderr.write(f"self-test failed at '{step}': {type(exc).__name__}: {exc}\n")
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out("Self-test passed.")
    return 0
