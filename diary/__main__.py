"""`diary`: with no arguments opens the window; with a command runs the command line.

`diary --self-test` checks that this copy of the app has everything it needs (diary.self_test).
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    # Everything the app writes (database, keys, backups, exports) is for this user alone.
    os.umask(0o077)
    if sys.argv[1:] == ["--self-test"]:
        from diary.self_test import run as self_test

        return self_test()
    if len(sys.argv) > 1:
        from diary.cli import main as cli_main

        return cli_main(sys.argv[1:])
    from diary.gui.app import run

    return run(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
