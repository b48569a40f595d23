"""What a share file holds, read before anything is imported: from whom, when, how many entries.

Only the list of contents is decrypted (it needs the one-time passphrase, so a wrong one is
found here); no diary is opened or changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from diary.domain.errors import InvalidInput
from diary.domain.incident import IncidentContent
from diary.domain.times import Moment

from .share_crypto import ShareReader
from .share_import import _damaged, read_contents

if TYPE_CHECKING:
    from ..vault import Vault


@dataclass(frozen=True)
class SharePreview:
    share_id: str
    shared_by: str
    shared_at: str  # UTC stamp
    entries: int
    attachments: int
    first: Moment | None  # when the earliest entry happened
    last: Moment | None


def preview_share(path: Path, passphrase: str) -> SharePreview:
    """Decrypt the share's list of contents and describe it; raises WrongPassphrase."""
    if not Path(path).is_file():
        raise InvalidInput(f"There is no share file {str(path)!r}.")
    with Path(path).open("rb") as fp:
        reader = ShareReader(fp, passphrase)
        try:
            manifest = read_contents(reader)
            records = list(manifest["incidents"])
            moments = sorted(
                (IncidentContent.from_dict(r["content"]).occurred for r in records),
                key=lambda moment: moment.instant,
            )
            return SharePreview(
                share_id=str(manifest["share_id"]),
                shared_by=str(manifest["shared_by"]),
                shared_at=str(manifest["shared_at"]),
                entries=len(records),
                attachments=sum(len(r["attachments"]) for r in records),
                first=moments[0] if moments else None,
                last=moments[-1] if moments else None,
            )
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
            raise _damaged("its list of contents cannot be read") from exc


def received_at(vault: Vault, share_id: str) -> str:
    """When this share was received before ('' if never): importing it again adds nothing."""
    row = vault.conn.execute(
        "SELECT received_at FROM shares_received WHERE share_id = ?", (share_id,)
    ).fetchone()
    return str(row[0]) if row else ""
