"""`diary`: with no arguments opens the window; with a command runs the command line."""

from __future__ import annotations

import os
import sys


def main() -> int:
    # Everything the app writes (database, keys, backups, exports) is for this user alone.
    os.umask(0o077)
    if len(sys.argv) > 1:
        from diary.cli import main as cli_main

        return cli_main(sys.argv[1:])
    from diary.gui.app import run

    return run(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
