"""Keeps a diary open in a long-running process and does what it is told, one line at a time.

Run by the e2e tests as a stand-in for the open window: `python holder_driver.py DIR`, the
passphrase as the first line of standard input, then commands, each answered with one line:

    add TEXT     -> the new incident's id
    attach ID P  -> the new attachment's id (the file at path P)
    search TEXT  -> the matching ids, space separated
    count        -> how many incidents there are
    quit         -> closes the diary and exits
"""

from __future__ import annotations

import sys
from pathlib import Path

from diary.domain.incident import IncidentContent
from diary.domain.times import parse_moment
from diary.vault import Vault


def main() -> None:
    folder = Path(sys.argv[1])
    passphrase = sys.stdin.readline().rstrip("\n")
    with Vault.open(folder, passphrase) as vault:
        print("open", flush=True)
        for line in sys.stdin:
            command, _, rest = line.rstrip("\n").partition(" ")
            if command == "add":
                content = IncidentContent(
                    occurred=parse_moment("2024-06-03T18:30", "Europe/London"),
                    location="At home",
                    text=rest,
                )
                print(vault.add_incident(content), flush=True)
            elif command == "attach":
                incident_id, _, path = rest.partition(" ")
                print(vault.attach_file(int(incident_id), Path(path)).id, flush=True)
            elif command == "search":
                print(" ".join(str(i.id) for i in vault.search(rest)), flush=True)
            elif command == "count":
                print(len(vault.incidents()), flush=True)
            elif command == "quit":
                break


if __name__ == "__main__":
    main()
