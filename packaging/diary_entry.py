"""The frozen app's entry point: the same `main` as the `diary` command."""

import sys

from diary.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
