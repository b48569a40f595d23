"""`diary --self-test`: prove that this copy of the app (often a frozen build) has every library.

It creates a throwaway diary of fictional data in a fresh private folder, adds an incident with
an image, exports a small pack and bundle, verifies the bundle, checks that Qt can draw, removes
everything it made, and exits 0. Any failure is one line naming the step, and exit 1.
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

STEPS = ("encrypted diary", "incident with an image", "evidence pack", "bundle verified", "window")


def _image() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), "white")
    ImageDraw.Draw(image).text((20, 90), "Self-test screenshot", fill="black")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


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
    from diary.vault.keys import FLOOR

    # Fictional data only, in a folder only this user can read, removed at the end.
    work = Path(tempfile.mkdtemp(prefix="self-test-"))
    step = STEPS[0]
    try:
        passphrase = "self-test passphrase, not a real diary"  # noqa: S105 - fictional
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
            with build_pack(vault, PackOptions()) as pack:
                key = diary_signing_key(vault)
                result = write_pack(pack, key, work / "pack.pdf", work / "pack.zip")
        if result.pages < 1 or not (work / "pack.pdf").read_bytes().startswith(b"%PDF"):
            raise RuntimeError("the PDF is empty")
        out(f"ok  {step} ({result.pages} pages)")
        step = STEPS[3]
        report = verify_bundle(work / "pack.zip")
        if not report.ok:
            raise RuntimeError("; ".join(report.problems))
        out(f"ok  {step} ({report.files_checked} files)")
        step = STEPS[4]
        platform = check_qt((work / "pack.pdf").read_bytes())
        out(f"ok  {step} and page preview (Qt platform: {platform})")
    except Exception as exc:  # noqa: BLE001 - the point is to report any failure plainly
        sys.stderr.write(f"self-test failed at '{step}': {type(exc).__name__}: {exc}\n")
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out("Self-test passed.")
    return 0
