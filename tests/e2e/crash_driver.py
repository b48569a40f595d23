"""Adds incidents to a diary in a loop, printing each id once its save has returned.

Run by test_crash_safety as a child process that is killed with SIGKILL at random moments:
`python crash_driver.py DIR FIRST COUNT` with the passphrase on standard input. A line printed is
an acknowledged add, exactly what a person sees when `diary add` prints an id.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image

from diary.domain.incident import IncidentContent
from diary.domain.times import parse_moment
from diary.vault import Vault


def small_png(seed: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (seed % 256, 80, 160)).save(out, "PNG")
    return out.getvalue()


def main() -> None:
    folder, first, count = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    passphrase = sys.stdin.readline().rstrip("\n")
    with Vault.open(folder, passphrase) as vault:
        for n in range(first, first + count):
            content = IncidentContent(
                occurred=parse_moment("2024-06-03T18:30", "Europe/London"),
                location=f"Place {n}",
                text=f"Crash test entry {n}. " + "He followed me along the road. " * 20,
            )
            incident_id = vault.add_incident(content)
            if n % 10 == 0:
                vault.attach_bytes(incident_id, f"screenshot-{n}.png", small_png(n))
            sys.stdout.write(f"{incident_id} {n}\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
