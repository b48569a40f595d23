"""`diary`: with no arguments opens the window; with a command runs the command line.

`diary --self-test` checks that this copy of the app has everything it needs (diary.self_test);
it runs `diary --self-test-window FOLDER` as a child process for its long session in the window.
`diary --read-media TYPE` is the child that reads a video or a recording, decodes a HEIC photo
or draws a PDF's first pages, for the app, apart from it (diary.vault.attachments.media_apart,
photo_apart and pdf_apart).
Before anything else, core dumps are turned off (diary.no_core_dumps).
"""

from __future__ import annotations

import os
import sys

from diary.no_core_dumps import forbid_core_dumps


def main() -> int:
    # First of all: a crash must not write entry text or the diary's key to a core file.
    forbid_core_dumps()
    # Everything the app writes (database, keys, backups, exports) is for this user alone.
    os.umask(0o077)
    if sys.argv[1:] == ["--self-test"]:
        from diary.self_test import run as self_test

        return self_test()
    if sys.argv[1:2] == ["--self-test-window"]:  # the self-test's child: a long window session
        from diary.gui.long_session import main as long_session

        return long_session(sys.argv[2:])
    if sys.argv[1:2] == ["--read-media"] and len(sys.argv) == 3:  # a file read apart
        from diary.vault.attachments.media_apart import serve

        return serve(sys.argv[2])
    if len(sys.argv) > 1:
        from diary.cli import main as cli_main

        return cli_main(sys.argv[1:])
    from diary.gui.app import run

    return run(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
