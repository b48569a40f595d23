"""Call logs read in bulk: an SMS Backup & Restore calls.xml in the layout the app writes is
read by one regular expression a few megabytes at a time, with no Python object made per call.

The app writes one `<call …/>` to a line, its attributes always in the same order:

    <?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
    <!--File Created By SMS Backup & Restore …-->
    <?xml-stylesheet type="text/xsl" href="calls.xsl"?>
    <calls count="2" backup_set="…" backup_date="…" type="full">
      <call number="…" duration="0" date="1717449000000" type="3" presentation="1" … />
    </calls>

A file is read here only when every line of it is in exactly this shape: the declaration
(version 1.0, UTF-8), comment and stylesheet lines, the root's start tag, then only lines each
holding one `<call>` with the attributes the first one has, in the same order, each value free
of the characters XML refuses there and of references other than the five named ones and
numbers of characters XML allows; every call's `date` digits, in this century or the next. Such
a file is well-formed XML that the XML reader (xml_reader) reads exactly as it is read here;
anything else (another order, other quotes, a DOCTYPE, CDATA, a comment among the calls, a
missing `date`, a line end other than LF, a file cut short) is Fallback, and the XML reader
reads the file, refusing what it refuses.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from functools import lru_cache
from operator import itemgetter, le, or_
from typing import Any

from ..local_time import LocalTime
from ..log import CALL_WORDS, CallType
from .rows import Kept
from .xml_reader import CALL_TYPES, HIDDEN, _who

CHUNK = 2 * 1024 * 1024  # bytes read at a time, cut at a line end
DAY_BITS = 20  # a day's ordinal takes fewer bits until the year 2870
_SHIFTED, _DAY_MASK = 1 << DAY_BITS, (1 << DAY_BITS) - 1
# The last instant read here: 2100-01-01. A time past it is read by the XML reader, whose
# datetime.fromtimestamp(ms / 1000) stops being exact to the microsecond for later times.
LAST_MS = 4_102_444_800_000

# Patterns over the file's bytes, once they are known to be UTF-8 with no U+FFFE or U+FFFF (the
# characters XML refuses beyond the control characters). A value holds no '"', '<', control
# character, tab or line end (XML would read those last three as spaces), and '&' only in a
# reference: one of the five named ones, or (in the values read) the number of a character.
_CHARS = rb'[^"<&\x00-\x1f]*+'
_VALUE = rb"%s(?:&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);%s)*+" % (_CHARS, _CHARS)
_PLAIN = rb"%s(?:&(?:amp|lt|gt|quot|apos);%s)*+" % (_CHARS, _CHARS)
_NAME = rb"[A-Za-z_][A-Za-z0-9_.-]*"
_ATTRIBUTES = rb'((?: %s="%s")*)' % (_NAME, _VALUE)
_COMMENT = rb"<!--(?:[^-\x00-\x1f]|-[^-\x00-\x1f])*-->"
_STYLESHEET = rb"<\?xml-stylesheet [^?\x00-\x1f]*\?>"
_PROLOGUE = re.compile(
    rb"<\?xml version=(['\"])1\.0\1 encoding=(['\"])UTF-8\2"
    rb"(?: standalone=(['\"])(?:yes|no)\3)? ?\?>\n"
    rb"(?:[ \t]*(?:%s|%s)[ \t]*\n)*"
    % (_COMMENT, _STYLESHEET)
    + rb"[ \t]*<calls%s ?>[ \t]*\n" % _ATTRIBUTES
)
_FIRST = re.compile(rb"[ \t]*<call%s ?/>\n" % _ATTRIBUTES)
_PAIR = re.compile(rb' (%s)="(%s)"' % (_NAME, _VALUE))
_END = re.compile(rb"[ \t]*</calls>[ \t\n]*")
_REFERENCE = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_WANTED = ("type", "number", "presentation", "contact_name", "date")


class Fallback(Exception):
    """The file is not in the one layout read here: the XML reader reads it."""


def _character(match: re.Match[str]) -> str:
    named, decimal, hexadecimal = match.groups()
    if named:
        return _NAMED[named]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    # XML's Char: a reference to any other character makes the file not well-formed
    if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD:
        return chr(code)
    if 0x10000 <= code <= 0x10FFFF:
        return chr(code)
    raise Fallback


def value(written: bytes) -> str:
    """An attribute's value as XML reads it."""
    text = written.decode("utf-8")
    return _REFERENCE.sub(_character, text) if "&" in text else text


@lru_cache(maxsize=8)
def _row(names: tuple[str, ...]) -> tuple[re.Pattern[bytes], dict[str, int]]:
    """A line holding one call with these attributes in this order, and where each of
    _WANTED's values is among its groups (date as digits; a last, empty group makes every
    match a tuple)."""
    parts: list[bytes] = []
    where: dict[str, int] = {}
    for name in names:
        if name == "date":
            parts.append(b' date="([0-9]+)"')
        elif name in _WANTED:
            parts.append(b' %s="(%s)"' % (name.encode(), _VALUE))
        else:
            parts.append(b' %s="%s"' % (name.encode(), _PLAIN))
            continue
        where[name] = len(where)
    line = rb"^[ \t]*+<call%s ?/>\n()" % b"".join(parts)
    return re.compile(line, re.MULTILINE), where


def _names(attributes: bytes) -> tuple[str, ...]:
    pairs = _PAIR.findall(attributes)
    names = tuple(name.decode() for name, _ in pairs)
    if len(set(names)) != len(names):  # XML refuses an attribute given twice
        raise Fallback
    for _, written in pairs:
        value(written)  # its references, checked
    return names


def _blocks(stream: Any) -> Iterator[bytes]:
    """The file a few megabytes at a time, each ending at a line end, each checked to be UTF-8
    holding no character XML refuses outside the control characters."""
    while block := stream.read(CHUNK):
        if not block.endswith(b"\n"):
            block += stream.readline()
        if not block.isascii():
            try:
                block.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise Fallback from exc
            if b"\xef\xbf\xbe" in block or b"\xef\xbf\xbf" in block:  # U+FFFE, U+FFFF
                raise Fallback
        yield block


class _Combos:
    """What each distinct (type, number, presentation, contact) of the file means: its sender's
    key, the name shown for the sender, the kind of call, and its index in kept.names."""

    def __init__(self, kept: Kept) -> None:
        self.kept = kept
        self.index: dict[tuple[bytes, ...], int] = {}
        self.keys: list[str] = []  # each sender's key, in order of first call
        self.key_index: dict[str, int] = {}
        self.key_of: list[int] = []  # by combo: its sender's index in keys
        self.kind_of: list[int] = []  # by combo: its kind of call's place in _KINDS
        self.who_of: list[int] = []  # by combo
        self.first_name: list[tuple[str, bool]] = []  # by sender: (name as first given, owner)

    def add(self, combo: tuple[bytes, ...]) -> None:
        kind, number, presentation, contact = map(value, combo)
        call = CALL_TYPES.get(kind, CallType.UNKNOWN)
        number = "" if number == "null" else number
        label, key = _who({"contact_name": contact}, number, HIDDEN.get(presentation, ""))
        owner = call is CallType.OUTGOING
        if owner:
            label, key = f"You, to {label}", f"to:{key}"
        if key not in self.key_index:
            self.key_index[key] = len(self.keys)
            self.keys.append(key)
            self.first_name.append((label, owner))
        self.index[combo] = len(self.key_of)
        self.key_of.append(self.key_index[key])
        self.kind_of.append(_KINDS.index(call))
        self.who_of.append(self.kept.who(label, key, CALL_WORDS[call], owner))


class Counted:
    """A call log counted by combo and day, with each one's first and last instant."""

    def __init__(self, kept: Kept, where: dict[str, int], groups: int, items: bool) -> None:
        self.kept, self.items = kept, items
        kept.unit = 1000  # its instants in milliseconds
        kept.day_counts = self.day_counts
        self.combos = _Combos(kept)
        self.date = itemgetter(where["date"])
        # what makes a combo, from a match (a value the layout lacks: the last group, empty)
        self.combo = itemgetter(*(where.get(name, groups) for name in _WANTED[:4]))
        # By pair (a combo and a day as one number: combo << DAY_BITS | day's ordinal): calls,
        # in order of each pair's first, and the first and last in milliseconds.
        self.calls: Counter[int] = Counter()
        self.first: dict[int, int] = {}
        self.last: dict[int, int] = {}
        self.by_combo: Counter[int] = Counter()  # combo: calls
        self.combo_spans: dict[int, tuple[int, int]] = {}  # combo: first and last milliseconds

    def rows(self, found: list[tuple[bytes, ...]], local: LocalTime) -> None:
        """Count the calls of one block, as the row pattern found them."""
        if not found:
            return
        dates = list(map(int, map(self.date, found)))
        if max(dates) > LAST_MS:
            raise Fallback
        keyed = list(map(self.combo, found))
        combos = self.combos
        try:
            ids = list(map(combos.index.__getitem__, keyed))
        except KeyError:  # combos not seen before: each added in order of its first call
            for combo in dict.fromkeys(keyed):
                if combo not in combos.index:
                    combos.add(combo)
            ids = list(map(combos.index.__getitem__, keyed))
        days = local.day_ordinals(dates, 1000)
        pairs = list(map(or_, map(_SHIFTED.__mul__, ids), days))
        self.calls.update(pairs)
        self.by_combo.update(ids)
        self._span(pairs, dates)
        self._span_combos(ids, dates)
        if self.items:
            kept = self.kept
            kept.instants.extend(dates)
            kept.days.extend(days)
            kept.whos.extend(map(combos.who_of.__getitem__, ids))

    def _span_combos(self, ids: list[int], dates: list[int]) -> None:
        if not all(map(le, dates, dates[1:])):
            order = sorted(range(len(dates)), key=dates.__getitem__)
            ids, dates = [ids[i] for i in order], [dates[i] for i in order]
        earliest = dict(zip(reversed(ids), reversed(dates), strict=True))
        latest = dict(zip(ids, dates, strict=True))
        spans = self.combo_spans
        for combo, first in earliest.items():
            last, seen = latest[combo], spans.get(combo)
            if seen is not None:
                first, last = min(seen[0], first), max(seen[1], last)
            spans[combo] = (first, last)

    def _span(self, pairs: list[int], dates: list[int]) -> None:
        if not all(map(le, dates, dates[1:])):
            order = sorted(range(len(dates)), key=dates.__getitem__)
            pairs, dates = [pairs[i] for i in order], [dates[i] for i in order]
        latest = dict(zip(pairs, dates, strict=True))
        earliest = dict(zip(reversed(pairs), reversed(dates), strict=True))
        first, last = self.first, self.last
        for pair in earliest.keys() & first.keys():  # days begun in an earlier block
            earliest[pair] = min(earliest[pair], first[pair])
            latest[pair] = max(latest[pair], last[pair])
        first.update(earliest)
        last.update(latest)

    def by_day(self) -> Iterator[tuple[str, date, Counter[CallType], int, int]]:
        """(sender's key, day, calls by kind, first, last milliseconds), for each sender and day
        in order of their first call."""
        key_of, kind_of = self.combos.key_of, self.combos.kind_of
        first, last = self.first, self.last
        # kinds by their place in _KINDS until the end: an enum hashes in Python, an int in C
        found: dict[tuple[int, int], tuple[dict[int, int], list[int]]] = {}
        for pair, calls in self.calls.items():
            combo, day = pair >> DAY_BITS, pair & _DAY_MASK
            kind = kind_of[combo]
            seen = found.get((key_of[combo], day))
            if seen is None:
                found[(key_of[combo], day)] = ({kind: calls}, [first[pair], last[pair]])
                continue
            kinds, span = seen
            kinds[kind] = kinds.get(kind, 0) + calls
            span[0], span[1] = min(span[0], first[pair]), max(span[1], last[pair])
        keys = self.combos.keys
        for (key, day), (kinds, (earliest, latest)) in found.items():
            yield keys[key], date.fromordinal(day), _counter(kinds), earliest, latest

    def day_counts(self, whos: set[int]) -> list[tuple[int, int, int, int, int]]:
        """(day, who, calls, first, last milliseconds) for each kind of call from each of these
        senders on each day (who an index in kept.names: see Kept.day_counts)."""
        who_of, first, last = self.combos.who_of, self.first, self.last
        combos = {combo for combo, who in enumerate(who_of) if who in whos}
        return [
            (pair & _DAY_MASK, who_of[pair >> DAY_BITS], calls, first[pair], last[pair])
            for pair, calls in self.calls.items()
            if pair >> DAY_BITS in combos
        ]

    def spans(self) -> dict[str, tuple[int, int]]:
        """Each sender's first and last call, in milliseconds."""
        key_of = self.combos.key_of
        found: dict[int, tuple[int, int]] = {}
        for combo, (earliest, latest) in self.combo_spans.items():
            seen = found.get(key_of[combo])
            if seen is not None:
                earliest, latest = min(seen[0], earliest), max(seen[1], latest)
            found[key_of[combo]] = (earliest, latest)
        return {self.combos.keys[key]: span for key, span in found.items()}

    def by_sender(self) -> dict[str, Counter[CallType]]:
        """Each sender's calls by kind."""
        key_of, kind_of = self.combos.key_of, self.combos.kind_of
        found: dict[int, dict[int, int]] = {}
        for combo, calls in self.by_combo.items():
            kinds = found.setdefault(key_of[combo], {})
            kinds[kind_of[combo]] = kinds.get(kind_of[combo], 0) + calls
        return {self.combos.keys[key]: _counter(kinds) for key, kinds in found.items()}


_KINDS = list(CallType)


def _counter(kinds: dict[int, int]) -> Counter[CallType]:
    counter: Counter[CallType] = Counter()
    for kind, calls in kinds.items():
        counter[_KINDS[kind]] = calls
    return counter


def count(
    stream: Any, local: LocalTime, kept: Kept, cancelled: Callable[[], bool], items: bool = True
) -> Counted | None:
    """The calls of a file in the app's own layout, counted (each call's instant, day and
    sender kept too, unless items is False); Fallback for any other file. None when
    cancelled."""
    counted: Counted | None = None
    row: re.Pattern[bytes] | None = None
    ended = False
    for number, block in enumerate(_blocks(stream)):
        if cancelled():
            return None
        body = block
        if number == 0:
            head = _PROLOGUE.match(block)
            if head is None:
                raise Fallback
            _names(head[4])
            body = block[head.end() :]
        if ended:
            if block.strip(b" \t\n"):
                raise Fallback
            continue
        # The root's end is looked for near the end of a block only: anywhere else, its line
        # is not a call's, and the file is handed over.
        close = body.find(b"</calls>", max(0, len(body) - 4096))
        if close >= 0:
            line = body.rfind(b"\n", 0, close) + 1
            if _END.fullmatch(body, line) is None:
                raise Fallback
            body, ended = body[:line], True
        if row is None:
            first = _FIRST.match(body)
            if first is None:
                raise Fallback
            layout = _names(first[1])
            if "date" not in layout:
                raise Fallback
            row, where = _row(layout)
            counted = Counted(kept, where, row.groups - 1, items)
        assert counted is not None
        found = row.findall(body)
        if len(found) != body.count(b"\n"):
            raise Fallback
        counted.rows(found, local)
    if not ended:
        raise Fallback
    return counted
