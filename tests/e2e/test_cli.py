"""The `diary` command line as a contract: output, JSON schema, exit codes, plain errors."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from diary.cli import main
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]


class Run:
    """Runs the CLI in-process with secrets on a non-terminal stdin."""

    def __init__(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, folder: Path
    ) -> None:
        self.capsys, self.monkeypatch, self.folder = capsys, monkeypatch, folder

    def __call__(
        self, *args: str, stdin: str = PASSPHRASE + "\n", diary: bool = True
    ) -> tuple[int, str, str]:
        self.monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        argv = [args[0], *(["--diary", str(self.folder)] if diary else []), *args[1:]]
        code = main(argv)
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Run:
    r = Run(capsys, monkeypatch, tmp_path / "diary")
    code, out, err = r("init", "--name", "Sam Example", "--initials", "se")
    assert code == 0, err
    r.recovery = out.strip()  # type: ignore[attr-defined]
    return r


def test_init_prints_only_the_recovery_key_on_stdout(run: Run) -> None:
    key = run.recovery  # type: ignore[attr-defined]
    assert len(key) == 39 and key.count("-") == 7
    assert (run.folder / "keys.json").exists() and (run.folder / "diary.db").exists()


def test_add_prints_the_id_and_show_json_has_the_documented_fields(
    run: Run, tmp_path: Path
) -> None:
    shot = tmp_path / "shot.png"
    Image.new("RGB", (40, 30), "white").save(shot)
    code, out, err = run(
        "add",
        "--when",
        "2024-06-03T18:30",
        "--tz",
        "Europe/London",
        "--where",
        "Car park",
        "--what",
        "He was waiting by my car.",
        "--words",
        "You can't avoid me",
        "--impact",
        "I now take a taxi",
        "--fear",
        "That he would grab me",
        "--behaviour",
        "loitering",
        "--behaviour",
        "watching",
        "--channel",
        "in-person",
        "--witness",
        "A colleague",
        "--police-ref",
        "CAD 1234",
        "--attach",
        str(shot),
        "--approximate",
    )
    assert code == 0, err
    assert out.strip() == "1"
    code, out, _ = run("show", "1", "--json")
    record = json.loads(out)
    for key in (
        "id",
        "occurred_at",
        "recorded_at",
        "precision",
        "location",
        "behaviours",
        "text",
        "words",
        "impact",
        "fear",
        "police_ref",
        "witnesses",
        "revisions",
        "attachments",
    ):
        assert key in record
    assert record["occurred_at"] == "2024-06-03T18:30:00+01:00"
    assert record["precision"] == "approximate"
    assert record["behaviours"] == ["loitering", "watching"]
    assert record["feared_violence"] is True
    assert record["witnesses"] == ["A colleague"]
    assert record["revisions"] == 1
    (attachment,) = record["attachments"]
    assert set(attachment) >= {"id", "sha256", "filename", "size", "media_type"}
    assert attachment["filename"] == "shot.png" and attachment["media_type"] == "image/png"


def test_edit_appends_a_revision_and_history_shows_both(run: Run) -> None:
    run("add", "--when", "2024-06-03T18:30", "--tz", "UTC", "--where", "Home", "--what", "First")
    code, _, err = run("edit", "1", "--what", "Second", "--author", "advocate")
    assert code == 0, err
    code, out, _ = run("show", "1", "--json", "--history")
    record = json.loads(out)
    assert record["text"] == "Second" and record["revisions"] == 2
    assert [h["content"]["text"] for h in record["history"]] == ["First", "Second"]
    assert record["history"][1]["author"] == "advocate"


def test_list_filters_and_search_finds(run: Run) -> None:
    run(
        "add",
        "--when",
        "2024-05-01",
        "--tz",
        "UTC",
        "--where",
        "Gym",
        "--what",
        "Flowers left",
        "--behaviour",
        "gifts",
    )
    run(
        "add",
        "--when",
        "2024-06-01T10:00",
        "--tz",
        "UTC",
        "--where",
        "Station",
        "--what",
        "Followed me",
        "--behaviour",
        "following",
    )
    _, out, _ = run("list", "--from", "2024-05-15", "--json")
    assert [r["location"] for r in json.loads(out)] == ["Station"]
    _, out, _ = run("list", "--behaviour", "gifts")
    assert "Gym" in out and "Station" not in out
    _, out, _ = run("list", "--behaviour", "gifts", "--behaviour", "following", "--json")
    assert sorted(r["location"] for r in json.loads(out)) == ["Gym", "Station"]  # any of them
    _, out, _ = run("search", "flowers", "--json")
    assert [r["location"] for r in json.loads(out)] == ["Gym"]


def test_wrong_passphrase_is_exit_3_with_one_line(run: Run) -> None:
    code, out, err = run("list", stdin="not it at all\n")
    assert code == 3 and out == ""
    assert err.count("\n") == 1 and "passphrase" in err


def test_usage_mistakes_are_exit_2_without_a_traceback(run: Run) -> None:
    code, _, err = run("add", "--when", "soon", "--where", "x", "--what", "y")
    assert code == 2 and "Traceback" not in err
    code, _, err = run(
        "add", "--when", "2024-03-31T01:30", "--tz", "Europe/London", "--where", "x", "--what", "y"
    )
    assert code == 2 and "clocks went forward" in err
    with pytest.raises(SystemExit) as exit_info:
        run("add", "--behaviour", "nonsense")
    assert exit_info.value.code == 2


def test_a_missing_incident_is_a_plain_error(run: Run) -> None:
    code, _, err = run("show", "42")
    assert code == 1 and "no incident 42" in err


def test_passwd_then_recover_then_new_recovery_key(run: Run) -> None:
    first = run.recovery  # type: ignore[attr-defined]
    code, out, err = run("passwd", stdin=f"{PASSPHRASE}\nan entirely new one\n")
    assert code == 0, err
    # Every change gives a new recovery key, printed once; the old one no longer works.
    second = out.strip()
    assert len(second) == 39 and second != first
    assert "old recovery key" in err and "A new backup under the new key" in err
    assert run("list", stdin="an entirely new one\n")[0] == 0
    assert run("list")[0] == 3  # the old passphrase
    assert run("recover", stdin=f"{first}\nforgotten then reset\n")[0] == 3
    code, out, err = run("recover", stdin=f"{second}\nforgotten then reset\n")
    assert code == 0, err
    third = out.strip()
    assert third not in (first, second)
    assert run("list", stdin="forgotten then reset\n")[0] == 0
    assert run("recover", stdin=f"{second}\nagain and again\n")[0] == 3  # used: no longer works
    assert run("recover", stdin="AAAA-BBBB\nwhatever it is\n")[0] == 3
    code, out, err = run("new-recovery-key", stdin="forgotten then reset\n")
    assert code == 0, err
    fourth = out.strip()
    assert run("recover", stdin=f"{third}\nwhatever it is\n")[0] == 3
    assert run("list", stdin="forgotten then reset\n")[0] == 0  # the passphrase stays
    assert run("recover", stdin=f"{fourth}\na last new one\n")[0] == 0


def test_check_reports_an_intact_diary(run: Run) -> None:
    run("add", "--when", "2024-06-03", "--tz", "UTC", "--where", "x", "--what", "y")
    code, out, _ = run("check")
    assert code == 0 and "intact" in out


def test_behaviours_lists_kinds_with_descriptions(run: Run) -> None:
    code, out, _ = run("behaviours", diary=False)
    assert code == 0 and "following" in out and "Following you" in out


def test_the_installed_entry_point_reports_errors_without_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "EVIDENCE_DIARY_KDF_SECONDS": "0", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "diary", "list", "--diary", str(tmp_path / "none")],
        input="whatever passphrase\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("diary: There is no diary") and "Traceback" not in result.stderr


def test_case_details_are_kept_and_bad_initials_refused(run: Run) -> None:
    code, _, err = run(
        "case",
        "--suspect-names",
        "R. Example (also 'Rob')",
        "--orders",
        "Non-molestation order, 2024",
    )
    assert code == 0, err
    _, out, _ = run("case", "--json")
    case = json.loads(out)
    assert case["suspect_names"] == "R. Example (also 'Rob')" and case["initials"] == "SE"
    code, _, err = run("case", "--initials", "S3")
    assert code == 2 and "Initials" in err
    _, out, _ = run("case", "--json")
    assert json.loads(out)["initials"] == "SE"
