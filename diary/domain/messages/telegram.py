"""Telegram Desktop's 'Export chat history' in JSON (result.json): one chat, or a whole account
export with many chats under "chats" → "list".

Observed layout, one message to an object:

    {"name": "Chris", "type": "personal_chat", "id": 42, "messages": [
      {"id": 1, "type": "message", "date": "2024-06-03T18:30:12", "date_unixtime": "1717435812",
       "from": "Chris", "from_id": "user42", "text": ["plain ", {"type": "bold", "text": "x"}]},
      {"id": 2, "type": "service", "date": "…", "actor": "Chris", "actor_id": "user42",
       "action": "phone_call", "discard_reason": "missed", "duration_seconds": 0}]}

`date` is the exporting computer's wall time; `date_unixtime` (exports since 2021) the instant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, BinaryIO

from .clock import Pending, place, settle
from .json_stream import JsonProblem, JsonStream
from .lines import shown
from .log import CallType, Item, Kind, Media, Notes, Unread, Where
from .options import ReadOptions

_CALLS = {"missed": CallType.MISSED, "busy": CallType.REJECTED}


def words(text: object) -> str:
    """A message's text: a string, or a list of strings and {"type", "text"} pieces."""
    if isinstance(text, str):
        return text
    if isinstance(text, list):
        return "".join(
            piece if isinstance(piece, str) else str(piece.get("text", ""))
            for piece in text
            if isinstance(piece, str | dict)
        )
    return ""


def _media(message: dict[str, Any], media: Callable[[str], bool]) -> tuple[Media, ...]:
    found = []
    for key in ("photo", "file"):
        name = message.get(key)
        if isinstance(name, str) and name:
            present = not name.startswith("(") and media(name)
            found.append(Media(name, present))
    return tuple(found)


def _message(
    message: Any,
    line: int,
    options: ReadOptions,
    member: str,
    media: Callable[[str], bool],
    notes: Notes,
) -> Pending | None:
    if not isinstance(message, dict):
        return Unread(Where(line, member=member), shown(str(message)), "not a message object")
    where = Where(line, member=member, ref=str(message.get("id", "")))
    kind = message.get("type")
    if kind == "service" and message.get("action") != "phone_call":
        notes.system_lines += 1
        return None
    if kind not in ("message", "service"):
        return Unread(
            where,
            shown(str(message)[:200]),
            f"a kind of entry ({kind!r}) this import does not know",
        )
    shown_at = str(message.get("date", ""))
    later = None
    try:
        stamp = message.get("date_unixtime")
        if stamp is not None:
            instant = datetime.fromtimestamp(int(stamp), UTC)
        else:
            placed = place(datetime.fromisoformat(shown_at), options.zone)
            if placed is None:
                return Unread(where, shown_at, f"{shown_at} did not happen in {options.zone}")
            instant, later = placed
    except (TypeError, ValueError, OverflowError, OSError):
        return Unread(where, shown(str(message)[:200]), "its date cannot be read")
    if kind == "service":
        name = str(message.get("actor") or "Deleted Account")
        key = str(message.get("actor_id") or name)
        duration = message.get("duration_seconds")
        call = _CALLS.get(str(message.get("discard_reason")), CallType.INCOMING)
        item = Item(
            Kind.CALL,
            instant,
            shown_at,
            name,
            key,
            where,
            call=call,
            duration=duration if isinstance(duration, int) else None,
        )
        return item, later
    name = str(message.get("from") or "Deleted Account")
    key = str(message.get("from_id") or name)
    item = Item(
        Kind.MESSAGE,
        instant,
        shown_at,
        name,
        key,
        where,
        words(message.get("text")),
        media=_media(message, media),
    )
    return item, later


def _chat(
    js: JsonStream, options: ReadOptions, member: str, media: Callable[[str], bool], notes: Notes
) -> Iterator[Pending]:
    """The messages of one chat object (its other members are skipped)."""
    for key in js.members():
        if key == "messages":
            for line in js.elements():
                done = _message(js.value(), line, options, member, media, notes)
                if done is not None:
                    yield done
        elif key == "name":
            name = js.value()
            notes.lines.append(f"Chat: {shown(str(name))}.")
        else:
            js.value()


def _account(
    js: JsonStream, options: ReadOptions, member: str, media: Callable[[str], bool], notes: Notes
) -> Iterator[Pending]:
    found = False
    for key in js.members():
        if key == "messages":
            found = True
            for line in js.elements():
                done = _message(js.value(), line, options, member, media, notes)
                if done is not None:
                    yield done
        elif key in ("chats", "left_chats") and js.peek() == "{":
            for inner in js.members():
                if inner == "list" and js.peek() == "[":
                    for _line in js.elements():
                        found = True
                        yield from _chat(js, options, member, media, notes)
                else:
                    js.value()
        elif key == "name":
            notes.lines.append(f"Chat: {shown(str(js.value()))}.")
        else:
            js.value()
    if not found:
        yield Unread(
            Where(1, member=member),
            "",
            'this JSON file holds no "messages": it is not a Telegram chat export',
        )


def read(
    stream: BinaryIO,
    options: ReadOptions,
    notes: Notes,
    unclear: list[int],
    member: str = "",
    media: Callable[[str], bool] = lambda _name: False,
) -> Iterator[Item | Unread]:
    js = JsonStream(stream)

    def pending() -> Iterator[Pending]:
        try:
            yield from _account(js, options, member, media, notes)
        except JsonProblem as exc:
            yield Unread(
                Where(exc.line, member=member),
                "",
                f"the file stops being a chat "
                f"export here ({exc}); everything before this point was read",
            )

    yield from settle(pending(), options.repeated_hour, unclear)
