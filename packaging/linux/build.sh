#!/usr/bin/env bash
# Build the one-folder Linux app and check it (run from the repository root).
set -euo pipefail
python3 -m venv .build-venv
.build-venv/bin/pip install -q . "pyinstaller>=6.10"
.build-venv/bin/pyinstaller --noconfirm --clean packaging/diary.spec
dist/diary/diary --self-test
echo "Built dist/diary ($(du -sh dist/diary | cut -f1)). Install it with packaging/linux/install.sh."
