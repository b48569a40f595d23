"""The whole-diary check: what `diary check` (and a restore, and the window) looks at.

Pages, structure, the hash chain, the current state of every entry, and every file read
through; and, for a diary read where it cannot be written, whether it can be read as it is.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from diary.domain.errors import DiaryDamaged, DiaryError

from .attachments import attachments, derived_files, removal
from .entries import incident_history
from .entries.authorship import authorship_problems
from .entries.listing import line_problems
from .sharing.proposals import proposal_problems
from .storage import chain
from .storage.database import Connection, cipher_integrity_errors, table_structure_errors
from .storage.schema import SCHEMA_VERSION


@dataclass
class CheckReport:
    """What `diary check` found; empty problems means all is well."""

    incidents: int = 0
    revisions: int = 0
    attachments: int = 0
    chain_head: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# The check reads the entries' tables several times over (structure, chain, current state,
# authorship): a page cache this large keeps a diary of some tens of thousands of entries
# decrypted once for all of them (a third less time at 10,000), and is given back at the end.
_CHECK_CACHE_KIB = 64 * 1024


@contextlib.contextmanager
def _larger_cache(conn: Connection) -> Iterator[None]:
    (before,) = conn.execute("PRAGMA cache_size").fetchone()
    conn.execute(f"PRAGMA cache_size = -{_CHECK_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(before)}")


def check(
    conn: Connection, *, attachments_read: bool = True, pages_checked: bool = False
) -> CheckReport:
    """Everything `diary check` looks at (see _check), with a page cache large enough to read
    the entries once for all its parts."""
    with _larger_cache(conn):
        return _check(conn, attachments_read=attachments_read, pages_checked=pages_checked)


def _check(conn: Connection, *, attachments_read: bool, pages_checked: bool) -> CheckReport:
    """Everything `diary check` looks at: pages, structure, hash chain, current state, files.

    attachments_read False leaves out reading every attachment through (restore has just
    checked each, piece by piece and against its SHA-256); pages_checked True leaves out every
    page's HMAC and the walk of the whole chain (restore has just checked both on the very
    bytes it wrote; pages written since were written by SQLCipher under the key), and checks
    the structure table by table, without comparing the full-text index and the list's lines
    with every entry again (they are only made from them, and `diary check` compares them).
    Vault.check() runs this."""
    report = CheckReport()
    try:
        if pages_checked:
            report.problems.extend(table_structure_errors(conn))
            report.chain_head = chain.head(conn)[1]
        else:
            report.problems.extend(cipher_integrity_errors(conn))
            try:
                report.chain_head = chain.verify(conn)
            except DiaryDamaged as exc:
                report.problems.append(exc.message)
            report.problems.extend(line_problems(conn))
        report.problems.extend(incident_history.consistency_problems(conn))
        report.problems.extend(authorship_problems(conn))
        report.problems.extend(proposal_problems(conn))
        if attachments_read:
            report.problems.extend(attachments.hash_problems(conn))
            report.problems.extend(derived_files.problems(conn))
        report.problems.extend(removal.removal_problems(conn))
        from .messages import message_log  # the message readers: only when checking

        report.problems.extend(message_log.problems(conn))
        report.incidents = conn.execute(
            "SELECT count(*) FROM incidents WHERE deleted = 0"
        ).fetchone()[0]
        report.revisions = conn.execute("SELECT count(*) FROM revisions").fetchone()[0]
        report.attachments = conn.execute("SELECT count(*) FROM attachments").fetchone()[0]
    except DiaryError as exc:
        report.problems.append(exc.message)
    except Exception as exc:  # noqa: BLE001 - a damaged page can fail any read
        from .storage.database import translate

        report.problems.append(translate(exc).message)
    return report


def check_readable_as_it_is(conn: Connection) -> None:
    """A diary read from read-only media cannot be brought up to date first."""
    (found,) = conn.execute("PRAGMA user_version").fetchone()
    if found != SCHEMA_VERSION:
        raise DiaryError(
            "This diary was last used with "
            + ("a newer" if found > SCHEMA_VERSION else "an older")
            + " version of the app and must be updated before it can be read, which cannot be "
            "done where its folder cannot be written to. Copy the folder somewhere you can write "
            "to and open it there. Nothing was changed."
        )
