"""kill -9 at random moments while incidents are being added: nothing acknowledged is lost.

A driver process opens the diary once and adds incidents one by one, printing each id after its
save returns (as `diary add` does). It is killed with SIGKILL after a random number of
acknowledgements, that is somewhere inside the next write, and restarted, until 200 adds have
been acknowledged. Then the diary must hold every acknowledged entry and `diary check` must pass.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from pathlib import Path

from diary.vault import Vault

from .cli_runner import PASSPHRASE, diary_env, init_diary, run_diary

DRIVER = Path(__file__).with_name("crash_driver.py")
TOTAL_ADDS = 200
KILLS = 8


def _run_driver(folder: Path, first: int, count: int, kill_after: int | None) -> dict[int, int]:
    """Start the driver; SIGKILL it after kill_after acknowledgements. Returns {id: n} acked."""
    proc = subprocess.Popen(
        [sys.executable, str(DRIVER), str(folder), str(first), str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=diary_env(),
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(PASSPHRASE + "\n")
    proc.stdin.close()
    acked: dict[int, int] = {}
    for line in proc.stdout:
        incident_id, n = (int(part) for part in line.split())
        acked[incident_id] = n
        if kill_after is not None and len(acked) >= kill_after:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=30)
    if kill_after is None:
        assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    else:
        assert proc.returncode == -signal.SIGKILL
    if proc.stderr:
        proc.stderr.close()
    proc.stdout.close()
    return acked


def test_every_acknowledged_add_survives_kill_9(tmp_path: Path) -> None:
    folder = tmp_path / "diary"
    init_diary(folder)
    rng = random.Random()
    seed = rng.randrange(1 << 30)
    rng.seed(seed)
    acknowledged: dict[int, int] = {}
    next_n = 1
    kills = 0
    while len(acknowledged) < TOTAL_ADDS:
        remaining = TOTAL_ADDS - len(acknowledged)
        kill_after = rng.randint(1, max(1, remaining // 3)) if kills < KILLS else None
        # The driver is asked for more than it is allowed to finish, so the kill lands mid-add.
        count = remaining + 5 if kill_after is not None else remaining
        acked = _run_driver(folder, next_n, count, kill_after)
        assert not set(acked) & set(acknowledged), f"an id was handed out twice (seed {seed})"
        acknowledged.update(acked)
        # Numbers are never reused, so an entry that was written but not acknowledged is told apart.
        next_n += count
        kills += kill_after is not None

    assert kills == KILLS
    with Vault.open(folder, PASSPHRASE) as vault:
        stored = {i.id: i for i in vault.incidents()}
        for incident_id, n in acknowledged.items():
            assert incident_id in stored, f"acknowledged incident {incident_id} lost (seed {seed})"
            assert stored[incident_id].content.location == f"Place {n}"
            assert stored[incident_id].content.text.startswith(f"Crash test entry {n}. ")
            if n % 10 == 0:
                assert [a.filename for a in stored[incident_id].attachments] == [
                    f"screenshot-{n}.png"
                ]

    done = run_diary("check", "--diary", folder)
    assert done.returncode == 0, done.stderr
    assert "The diary is intact" in done.stdout
