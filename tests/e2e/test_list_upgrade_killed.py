"""Upgrading a diary to version 11 (each entry's list line, in an index) is one transaction: a
kill -9 while SQLite works out the lines of thousands of entries leaves the diary as it was, and
the next open upgrades it in full, every entry listed as itself and `diary check` clean."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest

from diary.domain.case import CaseDetails
from diary.domain.incident import Author
from diary.domain.times import utc_now
from diary.vault import Vault
from diary.vault.entries import incidents, listing
from diary.vault.keys.keys import FLOOR
from diary.vault.storage import schema
from diary.vault.storage.database import transaction
from tests.conftest import make_content
from tests.e2e.cli_runner import PASSPHRASE, WORKTREE, diary_env, run_diary

ENTRIES = 6000

# Opens the diary (which upgrades it), saying on standard output when the upgrade begins and
# when it has returned.
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from diary.vault import Vault, opening

    migrate = opening.migrate

    def said(conn):
        print("upgrading", flush=True)
        found = migrate(conn)
        print("upgraded", flush=True)
        return found

    opening.migrate = said
    with Vault.open(Path(sys.argv[1]), sys.argv[2]):
        pass
    """
)


def _version_10_diary(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    start = utc_now() - timedelta(days=ENTRIES)
    contents = [
        make_content(
            when=(start + timedelta(days=n)).strftime("%Y-%m-%dT%H:%M"),
            what=f"Entry {n}: he was outside again. " + "He followed me to the bus stop. " * 12,
        )
        for n in range(ENTRIES)
    ]
    with monkeypatch.context() as patch:
        patch.setattr(schema, "SCHEMA_VERSION", 10)
        vault, _ = Vault.create(folder, PASSPHRASE, CaseDetails("Sam Example", "SE"), kdf=FLOOR)
        with transaction(vault.conn):
            incidents.insert_many_in_transaction(vault.conn, contents, Author.VICTIM, utc_now())
        assert vault.conn.execute("PRAGMA user_version").fetchone() == (10,)
        vault.close()


@pytest.mark.slow
def test_an_upgrade_to_list_lines_killed_part_way_is_made_in_full_at_the_next_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "diary"
    _version_10_diary(folder, monkeypatch)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), PASSPHRASE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=diary_env(),
        cwd=WORKTREE,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "upgrading"
    time.sleep(0.1)  # SQLite is working out the lines of the entries
    child.send_signal(signal.SIGKILL)
    out, _ = child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert "upgraded" not in out  # killed inside the upgrade, not after it

    with Vault.open(folder, PASSPHRASE) as vault:
        assert vault.conn.execute("PRAGMA user_version").fetchone() == (11,)
        assert vault.conn.execute(
            "SELECT count(*), count(list_line) FROM incidents"
        ).fetchone() == (ENTRIES, ENTRIES)
        assert listing.line_problems(vault.conn) == []
    checked = run_diary("check", "--diary", folder, timeout=300)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    listed = run_diary("list", "--diary", folder, timeout=300)
    assert listed.returncode == 0, listed.stderr
    assert "Entry 0: he was outside again." in listed.stdout
    assert f"Entry {ENTRIES - 1}: he was outside again." in listed.stdout
