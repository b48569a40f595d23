"""Automatic backups, made when the diary is locked or closed: a rolling, verified set.

Kept: the last 7 backups, plus the newest one of each of the last 8 weeks. They go to `backups/`
in the diary's folder and, when the person has chosen one, to a second folder (a USB stick, say)
whose path is kept as a setting inside the encrypted database. A second folder that is not there
(the stick is unplugged) is reported, not an error. The time of the last verified backup is kept
as a setting too, for the window to show.
"""

from __future__ import annotations

import contextlib
import re
import struct
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from diary.domain.errors import DiaryError, InvalidInput
from diary.domain.times import parse_utc_stamp, utc_now, utc_stamp

from ..backups import backup_file
from ..keys.key_change import KeyChange, key_file_id, retired_key_files
from ..storage import file_store
from ..storage.file_store import FILES_FOLDER
from .backup import PARTIAL_SUFFIX, BackupResult, write_backup

if TYPE_CHECKING:
    from ..vault import Vault

BACKUPS_FOLDER = "backups"
SECOND_FOLDER_SETTING = "backup.second_folder"
LAST_VERIFIED_SETTING = "backup.last_verified"
KEEP_LATEST = 7
KEEP_WEEKS = 8
_NAME = re.compile(r"^diary-(\d{8}T\d{6}Z)\.backup$")
_STAMP = "%Y%m%dT%H%M%SZ"


@dataclass
class AutoBackupReport:
    """What one round of automatic backups did, per place."""

    made: list[BackupResult] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.made) and not self.problems


def backup_name(when: datetime) -> str:
    return f"diary-{when.strftime(_STAMP)}.backup"


def _time_of(path: Path) -> datetime | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    return datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)


def backups_in(folder: Path) -> list[tuple[datetime, Path]]:
    """The automatic backups in folder, oldest first (partial files are not backups)."""
    found = []
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            when = _time_of(path)
            if when is not None and path.is_file():
                found.append((when, path))
    return sorted(found)


def to_keep(times: list[datetime], now: datetime) -> set[datetime]:
    """The last KEEP_LATEST, plus the newest of each of the last KEEP_WEEKS weeks."""
    ordered = sorted(times, reverse=True)
    keep = set(ordered[:KEEP_LATEST])
    this_week = now.date() - timedelta(days=now.weekday())
    oldest_week = this_week - timedelta(weeks=KEEP_WEEKS - 1)
    newest_per_week: dict[object, datetime] = {}
    for when in ordered:
        week = when.date() - timedelta(days=when.weekday())
        if week >= oldest_week and week not in newest_per_week:
            newest_per_week[week] = when
    keep.update(newest_per_week.values())
    return keep


def _made_under(path: Path, retired: AbstractSet[str]) -> bool:
    """Whether the backup at path holds one of the retired key files."""
    try:
        return key_file_id(backup_file.read_keys(path)) in retired
    except (OSError, DiaryError, struct.error):
        return False  # not readable as a backup: not this app's to judge, left alone


def _prune(folder: Path, now: datetime, retired: AbstractSet[str] = frozenset()) -> list[Path]:
    found = backups_in(folder)
    # Made before the secrets last changed: they open with a passphrase or recovery key that
    # someone else may know, so they go as soon as a backup under the new key is in place.
    retired_here = {path for _, path in found if retired and _made_under(path, retired)}
    keep = to_keep([when for when, kept in found if kept not in retired_here], now)
    removed = []
    for when, path in found:
        if when not in keep or path in retired_here:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            removed.append(path)
    # Left by a backup that was interrupted (a crash, a pulled plug): never a good backup.
    for stale in folder.glob(f"diary-*.backup*{PARTIAL_SUFFIX}*"):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
    _prune_files(folder)
    return removed


def _prune_files(folder: Path) -> None:
    """Remove the attachment files beside the backups that no backup left there lists. If any
    backup's list cannot be read, nothing is removed: a file may be one it needs."""
    referred: set[str] = set()
    for _, path in backups_in(folder):
        try:
            referred.update(file_id for file_id, _ in backup_file.read_files(path))
        except (OSError, DiaryError, struct.error):
            return
    file_store.sweep(folder / FILES_FOLDER, referred)


def _back_up_into(vault: Vault, folder: Path, now: datetime, report: AutoBackupReport) -> None:
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        target = folder / backup_name(now)
        # Never the key file in force, whatever the list says: its backups are the good ones.
        retired = retired_key_files(vault.folder) - {key_file_id(vault._keyfile.to_json())}
        if target.exists():
            if not _made_under(target, retired):
                return  # one backup per second is plenty
            target.unlink()  # made this second, but under the key just replaced
            report.removed.append(target)
        report.made.append(write_backup(vault, target, files_beside=True))
        report.removed.extend(_prune(folder, now, retired))
    except DiaryError as exc:
        report.problems.append(f"{folder}: {exc.message}")
    except OSError as exc:
        report.problems.append(f"{folder}: {exc.strerror or exc}")


def auto_backup(vault: Vault, now: datetime | None = None) -> AutoBackupReport:
    """Make the rolling backups now; record the time when every place got a verified copy."""
    now = (now or utc_now()).replace(microsecond=0)
    report = AutoBackupReport()
    _back_up_into(vault, vault.folder / BACKUPS_FOLDER, now, report)
    second = vault.setting(SECOND_FOLDER_SETTING)
    if second:
        if Path(second).is_dir():
            _back_up_into(vault, Path(second), now, report)
        else:
            report.problems.append(
                f"The second backup place {second} is not available (is the drive plugged in?)."
            )
    if report.made:
        record_verified_backup(vault, now)
    return report


def replace_backups(
    vault: Vault, change: KeyChange, progress: Callable[[int], None] = lambda _p: None
) -> None:
    """After the secrets changed: a verified backup under the new key in each backup folder,
    and every backup there made under an earlier key file deleted; note what was not reached."""
    report = auto_backup(vault, utc_now())
    progress(100)
    change.made = [result.path for result in report.made]
    change.removed = report.removed
    change.unreachable = report.problems


def record_verified_backup(vault: Vault, when: datetime) -> None:
    vault.set_setting(LAST_VERIFIED_SETTING, utc_stamp(when))


def set_second_folder(vault: Vault, folder: Path | None) -> None:
    """Choose (or, with None, forget) the second place automatic backups go to."""
    if folder is not None and not Path(folder).is_dir():
        raise InvalidInput(f"There is no folder {folder}; plug in the drive or create it first.")
    vault.set_setting(SECOND_FOLDER_SETTING, str(Path(folder).resolve()) if folder else "")


def last_verified_backup(vault: Vault) -> datetime | None:
    """When the last automatic backup was made and verified, or None if never."""
    stamp = vault.setting(LAST_VERIFIED_SETTING)
    return parse_utc_stamp(stamp) if stamp else None
