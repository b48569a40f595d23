"""A fictional diary for trying the app, training, screenshots and benchmarks.

Every name, place and number here is invented. The story follows a common shape: messages after
a break-up, then turning up, following and contact with family, growing into threats, over six
months, with screenshots of the messages and posts.

It is kept as a real diary would have been: the first weeks in a spreadsheet, copied in when the
person started using the app; after that each entry written soon after the incident (most within
the hour, some the next day, a few days later), and a few edited afterwards, as when a police
reference arrives. Its times are set as if it had been written then, so that a pack made from it
shows what a pack from a diary kept at the time looks like.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from diary.domain.case import CaseDetails
from diary.domain.incident import Author, IncidentContent, Source, Witness
from diary.domain.orders import Condition, Order
from diary.domain.times import parse_moment
from diary.vault import Vault
from diary.vault.attachments import attachments
from diary.vault.entries import incidents

from .demo_screens import message_screenshot, post_screenshot

PERSON = CaseDetails(
    name="Alex Demo (fictional)",
    initials="AD",
    occupation="Library assistant",
    suspect_names="Chris Sample (fictional); also uses 'cs_watching'",
    suspect_details=(
        "Blue hatchback, registration XX00 FIC; mobile 07700 900999; posts as @cs_watching "
        "(all fictional)"
    ),
    relationship="Former partner (relationship ended in December)",
    police_force="Example Constabulary (fictional)",
    officer="PC 0000 Example",
    crime_refs="EX/00001/24 (fictional)",
    orders_in_force=(
        Order(
            "non-molestation",
            made=date(2024, 3, 14),
            court="Example Family Court (fictional)",
            conditions=(
                Condition("contact"),
                Condition("place", "my home; my front door; my doorstep"),
                Condition("place", "my work; my workplace; the library"),
            ),
            note="No contact, and not to come to my home or my work (fictional).",
        ),
    ),
    advocate="Sam Helper, Example ISAC service",
)
SUSPECT = "Chris Sample"
START = date(2024, 1, 8)
DAYS = 175
# The first weeks were kept in a spreadsheet, copied into the app on this evening.
COPIED_AT = datetime(2024, 2, 3, 19, 5, tzinfo=UTC)
SPREADSHEET = "the spreadsheet incidents-jan.csv"

# (behaviours, channel, where, what happened, words, feared violence, effects, screenshot kind,
# the hours of the day the story allows: a call "between 11pm and 1am" happens then)
SCENES: list[
    tuple[tuple[str, ...], str, str, str, str, bool, tuple[str, ...], str, tuple[int, ...]]
] = [
    (
        ("repeated-calls", "contact"),
        "text",
        "By text message",
        "I got {n} messages from {s} in one evening asking to meet. I did not reply. I had asked "
        "{s} on 2 January to stop contacting me.",
        "Just talk to me. You owe me that.",
        False,
        ("sleep",),
        "messages",
        (19, 20, 21, 22),
    ),
    (
        ("repeated-calls",),
        "call",
        "By phone",
        "{s} called my phone {n} times between 11pm and 1am from a withheld number. I know it was "
        "{s} because the last call came from their usual number, 07700 900999.",
        "",
        False,
        ("sleep", "accounts"),
        "",
        (23,),
    ),
    (
        ("turning-up", "loitering"),
        "in-person",
        "Outside the library on Park Road (fictional)",
        "When I finished work {s} was standing across the road by the bus stop. {s} stayed there "
        "for about twenty minutes watching the door. A colleague walked me to my car.",
        "",
        True,
        ("route", "work-school"),
        "",
        (17,),
    ),
    (
        ("following",),
        "in-person",
        "Corner Street to my home (fictional)",
        "I walked home from the shop and saw {s}'s blue hatchback behind me. It drove slowly and "
        "stopped when I stopped. I went into a neighbour's house until it left.",
        "",
        True,
        ("route", "stayed-in"),
        "",
        (12, 17, 18),
    ),
    (
        ("proxy",),
        "social-media",
        "Online, via my sister",
        "My sister showed me messages {s} had sent her asking where I was living now and saying I "
        "was ill and needed help.",
        "Tell Alex I'm not going anywhere.",
        False,
        ("relationships",),
        "messages",
        (11, 19, 20),
    ),
    (
        ("publishing", "fake-profiles"),
        "social-media",
        "Online",
        "A new profile called 'cs_watching' posted a photo of my front door with the caption "
        "below. My friends sent me screenshots.",
        "Nice new place. See you soon.",
        True,
        ("security", "stayed-in"),
        "post",
        (7, 21, 22),
    ),
    (
        ("gifts", "property"),
        "in-person",
        "My front door (fictional address)",
        "A bunch of dead flowers was left on my doorstep with a card in {s}'s handwriting. The "
        "wing mirror of my car had been pushed back.",
        "We are not finished.",
        True,
        ("security", "cost"),
        "",
        (7, 8),
    ),
    (
        ("threats",),
        "text",
        "By text message",
        "{s} sent me messages saying that if I went to the police I would regret it. I saved the "
        "messages and took screenshots.",
        "If you go to the police you will regret it.",
        True,
        ("sleep", "health", "stayed-in"),
        "messages",
        (21, 22, 23),
    ),
    (
        ("watching", "monitoring"),
        "app",
        "Online",
        "{s} mentioned in a message where I had been for lunch that day, which I had not told "
        "anyone. I think {s} can see my location or my accounts.",
        "Nice lunch at the cafe?",
        True,
        ("accounts", "security"),
        "messages",
        (19, 20, 21),
    ),
    (
        ("breach", "turning-up"),
        "in-person",
        "My workplace reception (fictional)",
        "{s} came into the library and asked the receptionist for me by name. The receptionist "
        "told {s} to leave. I stayed in the staff room and called 101.",
        "",
        True,
        ("work-school", "route"),
        "",
        (10, 12, 15),
    ),
]


# Who saw what, and nearby cameras, by the scene's behaviours (all fictional).
WITNESSES: dict[tuple[str, ...], Witness] = {
    ("turning-up", "loitering"): Witness(
        "A colleague at the library",
        "saw Chris across the road by the bus stop and walked me to my car",
    ),
    ("following",): Witness(
        "My neighbour at number 14",
        "let me in and saw the blue hatchback drive slowly past the house",
        contact="07700 900461",
        contact_in_pack=True,
    ),
    ("proxy",): Witness(
        "My sister", "received the messages from Chris and showed them to me", first_hand=False
    ),
    ("breach", "turning-up"): Witness(
        "The library receptionist", "spoke to Chris at the desk and told them to leave"
    ),
}
CAMERAS: dict[tuple[str, ...], str] = {
    ("turning-up", "loitering"): "The library has CCTV over its entrance and the bus stop.",
    ("following",): "My neighbour has a video doorbell facing the street.",
    ("breach", "turning-up"): "CCTV in the library's reception.",
}


def _content(index: int, day: date, rng: random.Random) -> tuple[IncidentContent, str]:
    # Later months bring the more serious scenes, as the pattern in many real cases does.
    weight = day.toordinal() - START.toordinal()
    pool = SCENES[: 5 + min(5, weight // 30)]
    behaviours, channel, where, what, words, feared, effects, shot, hours = rng.choice(pool)
    hour = rng.choice(hours)
    minute = rng.choice([0, 10, 25, 40, 55])
    approximate = rng.random() < 0.3
    moment = parse_moment(
        f"{day.isoformat()}T{hour:02d}:{minute:02d}", "Europe/London", approximate=approximate
    )
    reported = "101" if feared and rng.random() < 0.5 else "no"
    content = IncidentContent(
        occurred=moment,
        location=where,
        text=what.format(s=SUSPECT, n=rng.randint(6, 40)),
        behaviours=behaviours,
        channel=channel,
        words=words,
        suspect=f"{SUSPECT} (fictional)" if channel == "in-person" else "",
        feared_violence=feared,
        fear="That Chris would hurt me or come into my home." if feared and index % 3 == 0 else "",
        feelings=rng.choice(
            [
                "Frightened and shaky.",
                "Anxious all evening.",
                "I could not stop checking the window.",
                "Tired and on edge.",
            ]
        ),
        impact=rng.choice(
            [
                "I took a different route to work the next day.",
                "I did not sleep properly that night.",
                "I stayed at my sister's for two nights.",
                "I asked my manager to change my shifts.",
                "",
            ]
        ),
        effects=effects,
        actions="I saved the messages and told my sister." if shot else "I wrote this down.",
        reported=reported,
        police_ref=f"CAD {1000 + index} (fictional)" if reported == "101" else "",
        witness_details=(WITNESSES[behaviours],) if behaviours in WITNESSES else (),
        cctv=CAMERAS.get(behaviours, ""),
    )
    return content, shot


def _screenshot(
    kind: str, when: datetime, words: str, rng: random.Random, jpeg: bool, number: int
) -> tuple[str, bytes, Source]:
    shown = f"{when:%H:%M} {when:%d/%m/%Y}"
    if kind == "post":
        data = post_screenshot("cs_watching (fictional)", shown, words or "...", jpeg)
        source = Source(
            platform="Social feed (fictional)",
            profile="cs_watching",
            url=f"https://social.example/cs_watching/post/{1000 + number}",
            shown_time=shown,
        )
    else:
        # The words the entry quotes are always in its screenshot, last, as the newest message.
        lines = ["Are you there?", "Answer me", "I know you read these"][: rng.randint(1, 3)]
        lines.append(words or "Please reply")
        data = message_screenshot(f"{SUSPECT} (fictional)", shown, lines, jpeg)
        source = Source(platform="Messaging app", profile=SUSPECT, shown_time=shown)
    name = f"Screenshot_{when:%Y%m%d-%H%M%S}.{'jpg' if jpeg else 'png'}"
    return name, data, source


def _written_after(rng: random.Random) -> timedelta:
    """How long after an incident its entry was written: mostly within the hour."""
    roll = rng.random()
    if roll < 0.7:
        return timedelta(minutes=rng.randint(8, 55))
    if roll < 0.92:
        return timedelta(hours=rng.randint(2, 20), minutes=rng.randint(0, 59))
    return timedelta(days=rng.randint(2, 5), hours=rng.randint(0, 6))


def _copied(content: IncidentContent, line: int, rng: random.Random) -> IncidentContent:
    """An entry as copied from the spreadsheet, which gives the day most rows were written."""
    day = content.occurred.local.date()
    written = "" if line == 4 else (day + timedelta(days=int(rng.random() < 0.3))).isoformat()
    return replace(
        content,
        transcribed_on=COPIED_AT.date().isoformat(),
        transcribed_from=f"{SPREADSHEET}, line {line}",
        written_on=written,
    )


def _edited(content: IncidentContent) -> IncidentContent:
    """A later correction: a detail added to the account, and the police reference (or the
    officer's name) once it arrived."""
    text = content.text.replace("A colleague walked", "My colleague Jo (fictional) walked")
    text = text.replace("I did not reply.", "I did not reply to any of them.")
    actions = content.actions
    if text == content.text:
        actions = f"{actions} The next day I told my manager what had happened.".strip()
    if content.police_ref:
        return replace(content, text=text, actions=actions, officer="PC 4471 Example (fictional)")
    return replace(
        content, text=text, actions=actions, police_ref="CAD 2041 (fictional)", reported="101"
    )


def make_demo_diary(folder: Path, passphrase: str, count: int = 40) -> tuple[int, str]:
    """Create the demo diary in folder; return the number of incidents and its recovery key."""
    rng = random.Random(20240108)  # noqa: S311 - fictional data, the same on every run
    vault, recovery = Vault.create(folder, passphrase, PERSON)
    with vault:
        days = sorted(
            START + timedelta(days=int(DAYS * (rng.random() ** 0.6))) for _ in range(count)
        )
        stories = [_content(index, day, rng) for index, day in enumerate(days)]
        stories.sort(key=lambda story: story[0].occurred.instant)
        # Each writing, file and edit at its time; applied in time order, as they happened, so
        # the record of changes runs forward in time as a real diary's does.
        events: list[tuple[datetime, int, str, IncidentContent]] = []
        line = 1
        for index, (content, shot) in enumerate(stories):
            occurred = content.occurred.instant
            if occurred < COPIED_AT:
                line += 1
                written = COPIED_AT + timedelta(minutes=line)
                content = _copied(content, line, rng)
            else:
                written = occurred + _written_after(rng)
            events.append((written, index, "create", content))
            if shot:
                events.append((written + timedelta(minutes=2), index, "attach", content))
            if index % 9 == 4 and occurred > COPIED_AT:
                later = written + timedelta(hours=rng.randint(14, 40))
                events.append((later, index, "edit", _edited(content)))
        conn = vault.conn
        numbers: dict[int, int] = {}
        for when, index, kind, content in sorted(events, key=lambda e: (e[0], e[1])):
            if kind == "create":
                numbers[index] = incidents.insert(conn, content, Author.VICTIM, when)
            elif kind == "edit":
                incidents.update(conn, numbers[index], content, Author.VICTIM, when)
            else:
                name, data, source = _screenshot(
                    stories[index][1],
                    content.occurred.local,
                    content.words,
                    rng,
                    jpeg=index % 3 == 0,
                    number=index,
                )
                attachments.import_bytes(
                    conn, numbers[index], name, data, source, Author.VICTIM, when
                )
    return count, recovery
