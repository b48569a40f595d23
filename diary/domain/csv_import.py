"""Reading a spreadsheet diary (CSV) into incidents, checking every row before any is saved.

Many people keep an earlier record in a spreadsheet: a date, a time, a place, what happened,
witnesses, evidence. Columns are matched by their headings (or by `--map COLUMN=FIELD`); every
row is turned into an IncidentContent marked as transcribed, and every problem is reported with
its line number. The caller saves all rows in one transaction, or none.

The file is read as a stream (plan_file): its size is checked before anything is read, rows are
decoded and checked one at a time, and only the entries made from them are kept, so memory grows
with what the entries hold, not with the file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, BinaryIO

from .errors import InvalidInput
from .incident import MAX_TEXT_CHARS, IncidentContent
from .times import parse_moment

if TYPE_CHECKING:
    from _csv import Reader

# What each field means, and the headings that are taken to mean it (lower case).
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "date": ("the day it happened", ("date", "day", "date of incident", "when", "incident date")),
    "time": ("the time it happened", ("time", "time of incident", "at", "approx time")),
    "location": ("where it happened", ("location", "place", "where", "address")),
    "text": (
        "what happened",
        ("what happened", "description", "details", "incident", "what", "notes", "event"),
    ),
    "witnesses": ("witnesses, separated by ';'", ("witnesses", "witness", "who saw")),
    "evidence": ("evidence noted (photos, messages, CCTV)", ("evidence", "proof", "exhibits")),
    "written": (
        "the day the entry was written",
        ("written", "date written", "recorded", "entered"),
    ),
    "words": ("exact words used", ("words", "exact words", "what was said", "said")),
    "suspect": ("who it was", ("suspect", "who", "person")),
    "police_ref": ("police reference", ("police ref", "crime ref", "reference", "crime number")),
    "impact": ("effect on day-to-day life", ("impact", "effect", "how it affected me")),
    "ignore": ("leave this column out", ()),
}
REQUIRED = ("date", "text")
NOT_RECORDED = "Not recorded in the earlier record"
# A spreadsheet diary of 50,000 incidents is about 10 MB; more than this is not one.
MAX_BYTES = 50 * 1024 * 1024
TOO_LARGE = "The file is larger than 50 MB; a spreadsheet diary is much smaller. Nothing was read."
NOT_TEXT = (
    "The file is not plain text (it may be UTF-16 or an .xlsx workbook). "
    "Save it from the spreadsheet as 'CSV UTF-8' and try again."
)
NOT_READABLE = (
    "The file's characters could not be read as UTF-8 or Windows-1252. "
    "Save it from the spreadsheet as 'CSV UTF-8' and try again."
)
# Tried in this order: what spreadsheet programs save as "CSV UTF-8", then what Windows ones
# save by default.
ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"))

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_WORDY = re.compile(r"^(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$")
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?::\d{2})?\s*(am|pm|a\.m\.|p\.m\.)?$")
_APPROX = re.compile(r"^(?:approx\.?|approximately|about|around|circa|c\.|~)\s*", re.IGNORECASE)


@dataclass
class CsvPlan:
    """What an import would do: the entries by line number, and every problem found."""

    encoding: str
    columns: dict[str, str]  # heading -> field
    entries: list[tuple[int, IncidentContent]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)


def decode(raw: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read as: UTF-8 (with or without BOM),
    else Windows-1252, which is what spreadsheet programs on Windows save by default."""
    if len(raw) > MAX_BYTES:
        raise InvalidInput(TOO_LARGE)
    if b"\x00" in raw[:4096]:
        raise InvalidInput(NOT_TEXT)
    for codec, name in ENCODINGS:
        try:
            return raw.decode(codec), name
        except UnicodeDecodeError:
            continue
    raise InvalidInput(NOT_READABLE)


def parse_date(text: str) -> date:
    """A day as people write it in the UK: 2024-06-03, 03/06/2024, 3.6.24, 3 June 2024."""
    value = text.strip().lower()
    try:
        if m := _ISO.match(value):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.match(value):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return date(year, int(m[2]), int(m[1]))
        if (m := _WORDY.match(value)) and m[2] in _MONTHS:
            return date(int(m[3]), _MONTHS[m[2]], int(m[1]))
    except ValueError as exc:
        raise InvalidInput(f"{text.strip()!r} is not a real date") from exc
    raise InvalidInput(
        f"{text.strip()!r} is not a date this import understands "
        "(use 2024-06-03, 03/06/2024 or 3 June 2024)"
    )


_OFFSET = re.compile(r"\s*([+-]\d{2}:?\d{2})$")


def parse_time(text: str) -> tuple[str, bool] | None:
    """('HH:MM', approximate) from 18:30, 6.30pm, 'about 6pm'; None when the cell is empty.
    A UTC offset after the time ('01:30+00:00') is kept ('01:30+00:00'): it settles a time the
    clocks skipped or repeated, as the message about such a time suggests."""
    value = text.strip()
    if not value:
        return None
    offset = _OFFSET.search(value)
    if offset:
        found = parse_time(value[: offset.start()])
        if found is None:
            raise InvalidInput(f"{value!r} is not a time (use 18:30 or 6.30pm)")
        digits = offset[1].replace(":", "")
        return f"{found[0]}{digits[:3]}:{digits[3:]}", found[1]
    approximate = bool(_APPROX.match(value))
    m = _TIME.match(_APPROX.sub("", value).lower())
    if not m:
        raise InvalidInput(f"{value!r} is not a time (use 18:30 or 6.30pm)")
    hour, minute = int(m[1]), int(m[2] or 0)
    if m[3]:
        if not 1 <= hour <= 12:
            raise InvalidInput(f"{value!r} is not a time (hours go to 12 with am/pm)")
        hour = hour % 12 + (12 if m[3].startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise InvalidInput(f"{value!r} is not a time of day")
    return f"{hour:02d}:{minute:02d}", approximate


def _columns(headings: list[str], mapping: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """heading -> field, from --map first, then from the headings' usual names."""
    lower = {h.strip().lower(): h for h in headings}
    columns: dict[str, str] = {}
    for column, field_name in mapping.items():
        if field_name not in FIELDS:
            raise InvalidInput(
                f"--map {column}={field_name}: there is no field {field_name!r}. "
                f"Fields: {', '.join(FIELDS)}."
            )
        if column.strip().lower() not in lower:
            raise InvalidInput(
                f"--map {column}={field_name}: the file has no column {column!r}. "
                f"Its columns are: {', '.join(headings)}."
            )
        columns[lower[column.strip().lower()]] = field_name
    for heading in headings:
        if heading in columns:
            continue
        key = heading.strip().lower()
        for field_name, (_, names) in FIELDS.items():
            if key in names and field_name not in columns.values():
                columns[heading] = field_name
                break
    for needed in REQUIRED:
        if needed not in columns.values():
            usual = ", ".join(n.title() for n in FIELDS[needed][1][:4])
            raise InvalidInput(
                f"The file has no column for {FIELDS[needed][0]} (looked for {usual}). "
                f"Its columns are: {', '.join(headings) or 'none'}. "
                f"Name one with --map 'COLUMN={needed}'."
            )
    unmapped = [h for h in headings if h not in columns and h.strip()]
    return columns, unmapped


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample, ",;\t")
    except csv.Error:
        return csv.excel


def _rows(text: str) -> Reader:
    # A cell may hold a whole entry: as long as an entry may be, not the csv module's 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_TEXT_CHARS * 4))
    return csv.reader(io.StringIO(text, newline=""), _dialect(text[:8192]))


def open_checked(path: Path) -> BinaryIO:
    """The file at path, opened for plan_file once its size is known to be sane (nothing of it
    is read before): InvalidInput if it is too large, missing, a folder or not a file."""
    try:
        found = path.stat()
    except FileNotFoundError as exc:
        raise InvalidInput(f"There is no file {str(path)!r}.") from exc
    if path.is_dir():
        raise InvalidInput(f"{str(path)!r} is a folder, not a CSV file.")
    if not path.is_file():
        raise InvalidInput(f"{str(path)!r} is not a file; save the spreadsheet as a CSV file.")
    if found.st_size > MAX_BYTES:
        raise InvalidInput(TOO_LARGE)
    return path.open("rb")


def _stream_rows(fp: BinaryIO, codec: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for each row of fp decoded as codec, read a little at a time.

    A decoding error anywhere raises UnicodeDecodeError (the caller tries the next encoding);
    a file that grows past MAX_BYTES while read is refused."""
    csv.field_size_limit(max(csv.field_size_limit(), MAX_TEXT_CHARS * 4))
    fp.seek(0)
    text = io.TextIOWrapper(fp, encoding=codec, newline="")
    try:
        dialect = _dialect(text.read(8192))
        text.seek(0)
        reader = csv.reader(text, dialect)
        line = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise _Unreadable(line, exc) from exc
            if fp.tell() > MAX_BYTES:
                raise InvalidInput(TOO_LARGE)
            yield line, row
            line = reader.line_num + 1
    finally:
        text.detach()  # the caller's file stays open, for the next encoding


class _Unreadable(Exception):
    """A row the csv module cannot read (an unclosed quote, say): reading stops there."""

    def __init__(self, line: int, error: csv.Error) -> None:
        super().__init__(f"line {line}: cannot be read as CSV ({error})")
        self.line = line


def headings_of(raw: bytes) -> list[str]:
    """The file's column headings, so a person can say what each one holds before a plan."""
    try:
        return next(_rows(decode(raw)[0]))
    except StopIteration:
        raise InvalidInput("The file is empty; there is nothing to import.") from None
    except csv.Error as exc:
        raise InvalidInput(f"Line 1 cannot be read as CSV ({exc}).") from exc


def plan(
    raw: bytes, mapping: dict[str, str], zone: str, today: date, file_name: str = ""
) -> CsvPlan:
    """Read and check every row of a file already in memory; nothing is saved here."""
    if len(raw) > MAX_BYTES:
        raise InvalidInput(TOO_LARGE)
    return plan_file(io.BytesIO(raw), mapping, zone, today, file_name)


def plan_file(
    fp: BinaryIO, mapping: dict[str, str], zone: str, today: date, file_name: str = ""
) -> CsvPlan:
    """Read and check every row of an open binary file (a stream: see the module's note).

    Read as UTF-8 (with or without BOM); a byte that is not UTF-8 anywhere starts it again as
    Windows-1252. Each entry records what it was copied from: the spreadsheet's file name
    (file_name, without its folder) and the row's line. Nothing is saved here."""
    fp.seek(0)
    if b"\x00" in fp.read(4096):
        raise InvalidInput(NOT_TEXT)
    for codec, name in ENCODINGS:
        try:
            return _plan_rows(_stream_rows(fp, codec), name, mapping, zone, today, file_name)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(NOT_READABLE)


def _plan_rows(
    rows: Iterator[tuple[int, list[str]]],
    encoding: str,
    mapping: dict[str, str],
    zone: str,
    today: date,
    file_name: str,
) -> CsvPlan:
    try:
        _, headings = next(rows)
    except StopIteration:
        raise InvalidInput("The file is empty; there is nothing to import.") from None
    except _Unreadable as exc:
        raise InvalidInput(f"Line 1 cannot be read as CSV ({exc.__cause__}).") from exc
    columns, unmapped = _columns(headings, mapping)
    result = CsvPlan(encoding, columns, unmapped=unmapped)
    try:
        for line, row in rows:
            if any(cell.strip() for cell in row):
                try:
                    origin = _origin(file_name, line)
                    entry = _entry(headings, row, columns, zone, today, origin)
                    result.entries.append((line, entry))
                except InvalidInput as exc:
                    result.problems.append(f"line {line}: {exc.message.rstrip('.')}")
    except _Unreadable as exc:
        result.problems.append(str(exc))
    if not result.entries and not result.problems:
        result.problems.append("the file has headings but no rows to import")
    return result


def _origin(file_name: str, line: int) -> str:
    """'the spreadsheet old-diary.csv, line 4': where a copied entry came from."""
    # A name whose bytes are not UTF-8 reaches Python as lone surrogates, which no entry can
    # store: each becomes '?', and the rest of the name is kept.
    readable = file_name.encode("utf-8", "replace").decode("utf-8")
    name = " ".join(PurePath(readable).name.split()) if readable else ""
    return f"the spreadsheet {name}, line {line}" if name else f"a spreadsheet, line {line}"


def _entry(
    headings: list[str],
    row: list[str],
    columns: dict[str, str],
    zone: str,
    today: date,
    transcribed_from: str,
) -> IncidentContent:
    if len(row) > len(headings):
        raise InvalidInput(f"it has {len(row)} cells but the file has {len(headings)} columns")
    cells: dict[str, str] = {}
    extra: list[str] = []
    for heading, cell in zip(headings, row, strict=False):
        name = columns.get(heading)
        if name == "ignore":
            continue
        if name is None:
            if cell.strip():
                extra.append(f"{heading.strip()}: {cell.strip()}")
        else:
            cells[name] = cell.strip()
    if not cells.get("date"):
        raise InvalidInput("the date is empty")
    day = parse_date(cells["date"])
    if day > today:
        raise InvalidInput(f"the date {day.isoformat()} is in the future")
    written = parse_date(cells["written"]).isoformat() if cells.get("written") else ""
    when = parse_time(cells.get("time", ""))
    if when is None:
        occurred = parse_moment(day.isoformat(), zone)
    else:
        occurred = parse_moment(f"{day.isoformat()}T{when[0]}", zone, approximate=when[1])
    body = cells.get("text", "")
    if not body:
        raise InvalidInput("'what happened' is empty")
    if cells.get("evidence"):
        body += f"\n\nEvidence noted in the earlier record: {cells['evidence']}"
    if extra:
        body += "\n\nAlso in the earlier record:\n" + "\n".join(extra)
    witnesses = tuple(w.strip() for w in re.split(r"[;\n]", cells.get("witnesses", "")))
    return IncidentContent(
        occurred=occurred,
        location=cells.get("location") or NOT_RECORDED,
        text=body,
        witnesses=tuple(w for w in witnesses if w),
        words=cells.get("words", ""),
        suspect=cells.get("suspect", ""),
        police_ref=cells.get("police_ref", ""),
        impact=cells.get("impact", ""),
        transcribed_on=today.isoformat(),
        written_on=written,
        transcribed_from=transcribed_from,
    ).validate()
