"""`diary share` and `diary import-share`: a victim's entries reach an advocate's case diary."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.cli_runner import PASSPHRASE, add_incident, init_diary, run_diary


def test_share_and_import_keep_who_wrote_what(tmp_path: Path) -> None:
    victim, case = tmp_path / "victim", tmp_path / "case"
    init_diary(victim)
    init_diary(case)
    first = add_incident(victim, "He followed me home.")
    add_incident(victim, "Advocate's note: called the victim.", "--author", "advocate")
    done = run_diary(
        "edit", "--diary", victim, str(first), "--impact", "I stayed in.", "--author", "advocate"
    )
    assert done.returncode == 0, done.stderr

    add_incident(victim, "Not for the advocate.")
    done = run_diary(
        "share", "--diary", victim, "--ids", "1,2", tmp_path / "s.share", "--sender", "Sam"
    )
    assert done.returncode == 0, done.stderr
    share_passphrase = done.stdout.strip()
    assert "another route" in done.stderr

    stdin = f"{share_passphrase}\n{PASSPHRASE}\n"
    done = run_diary("import-share", "--diary", case, tmp_path / "s.share", stdin=stdin)
    assert done.returncode == 0, done.stderr
    assert "Received from Sam" in done.stderr and "2 new entries" in done.stderr

    listed = json.loads(run_diary("list", "--json", "--diary", case).stdout)
    # In the advocate's diary, both are Sam's: what arrives in a share is its sender's.
    authors = {e["text"]: (e["author"], e["received_from"]) for e in listed}
    assert authors == {
        "He followed me home.": ("sender", "Sam"),
        "Advocate's note: called the victim.": ("sender", "Sam"),
    }
    victim_entry = next(e for e in listed if e["text"] == "He followed me home.")
    assert victim_entry["last_changed_by"] == "sender"
    own = run_diary("show", "--diary", victim, str(first)).stdout
    assert "Written" in own and "by the victim" in own
    assert "last changed by the advocate" in own
    shown = json.loads(
        run_diary("show", "--json", "--history", "--diary", case, str(victim_entry["id"])).stdout
    )
    # Sam's record of who wrote what is kept, as Sam's claims.
    assert [(h["event"], h["author"], h.get("claimed_author")) for h in shown["history"]] == [
        ("create", "sender", "victim"),
        ("edit", "sender", "advocate"),
        ("import", "sender", None),
    ]
    text = run_diary("show", "--history", "--diary", case, str(victim_entry["id"])).stdout
    assert "received from Sam" in text

    done = run_diary("import-share", "--diary", case, tmp_path / "s.share", stdin=stdin)
    assert done.returncode == 0 and "nothing was added" in done.stderr
    assert len(json.loads(run_diary("list", "--json", "--diary", case).stdout)) == 2


def test_wrong_share_passphrase_exits_3(tmp_path: Path) -> None:
    victim, case = tmp_path / "victim", tmp_path / "case"
    init_diary(victim)
    init_diary(case)
    add_incident(victim, "He followed me home.")
    assert run_diary("share", "--diary", victim, tmp_path / "s.share").returncode == 0
    stdin = f"WRNG-PASS-WRNG-PASS-WRNG-PASS\n{PASSPHRASE}\n"
    done = run_diary("import-share", "--diary", case, tmp_path / "s.share", stdin=stdin)
    assert done.returncode == 3
    assert "does not open this share" in done.stderr
    assert json.loads(run_diary("list", "--json", "--diary", case).stdout) == []
