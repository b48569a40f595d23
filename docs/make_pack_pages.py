"""Page images of the evidence pack, from the fictional demo diary, into docs/pack/.

Run: python docs/make_pack_pages.py   (needs poppler's pdftoppm and pdftotext)

Each image is one page at 60 dpi: the cover, the pattern, the orders' possible breaches, the
schedules, the first page of the chronology and of the draft statement, an exhibit, and the
appendix of changes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ["EVIDENCE_DIARY_KDF_SECONDS"] = "0"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from diary.export.demo import make_demo_diary
from diary.export.export_pack import write_pack
from diary.export.pack import PackOptions, build_pack
from diary.export.signing import diary_signing_key
from diary.vault import Vault

OUT = Path(__file__).resolve().parent / "pack"
DEMO_PASSPHRASE = "purple otter under a lamp"  # noqa: S105 - the fictional demo diary
# Image name -> a line that starts the page it shows (the first such page).
PAGES = {
    "cover": "Chronology and draft statement\n",
    "pattern": "The pattern\n",
    "breaches": "Orders in force and possible breaches",
    "schedules": "Schedules: witnesses, the suspect",
    "chronology": "Chronology: one row per entry",
    "statement": "WITNESS STATEMENT",
    "exhibit": "Exhibit AD/9\n",
    "changes": "Appendix: changes\n",
}


def page_texts(pdf: Path) -> list[str]:
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True
    )
    return done.stdout.decode("utf-8").split("\f")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        make_demo_diary(folder, DEMO_PASSPHRASE)
        pdf = Path(tmp) / "pack.pdf"
        with Vault.open(folder, DEMO_PASSPHRASE) as vault, build_pack(vault, PackOptions()) as pack:
            write_pack(pack, diary_signing_key(vault), pdf)
        texts = page_texts(pdf)
        for name, start in PAGES.items():
            number = next(i for i, text in enumerate(texts, start=1) if start in text)
            target = OUT / name
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "60",
                    "-f",
                    str(number),
                    "-l",
                    str(number),
                    "-singlefile",
                    str(pdf),
                    str(target),
                ],
                check=True,
            )
            print("wrote", target.with_suffix(".png"), "(page", number, ")")


if __name__ == "__main__":
    main()
