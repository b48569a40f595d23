"""A diary held open by another process (the stand-in for an open window) for e2e tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .cli_runner import PASSPHRASE, diary_env

DRIVER = Path(__file__).with_name("holder_driver.py")


class HeldDiary:
    """A child process with the diary open; ask() sends one command and returns its answer."""

    def __init__(
        self, folder: Path, env: dict[str, str] | None = None, passphrase: str = PASSPHRASE
    ) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(DRIVER), str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env or diary_env(),
            text=True,
            encoding="utf-8",
        )
        assert self.ask(passphrase) == "open", self._stderr()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def ask(self, line: str) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        assert answer, self._stderr()
        return answer.rstrip("\n")

    def _stderr(self) -> str:
        if self.proc.poll() is None:
            return "(still running)"
        return self.proc.stderr.read() if self.proc.stderr else ""

    def close(self) -> int:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
        code = self.proc.wait(timeout=30)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()
        return code
