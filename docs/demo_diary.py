"""A small, clearly fictional diary for screenshots and benchmarks, built with vault calls."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from diary.domain.case import CaseDetails
from diary.domain.incident import IncidentContent, Source
from diary.domain.times import parse_moment
from diary.vault import Vault
from diary.vault.keys import FLOOR

DEMO_PASSPHRASE = "purple otter under a lamp"  # noqa: S105 - a fictional demo diary
ZONE = "Europe/London"

ENTRIES = [
    (
        "2024-03-02T08:15",
        False,
        "Outside my flat, Elm Road",
        ("loitering", "watching"),
        "He was standing across the road when I left for work. He did not say anything; he "
        "just watched me walk to the bus stop.",
        "",
        True,
    ),
    (
        "2024-03-09T21:40",
        False,
        "By phone",
        ("repeated-calls",),
        "Eleven missed calls from a withheld number between 21:40 and 23:10. I did not answer.",
        "",
        False,
    ),
    (
        "2024-03-16",
        False,
        "Online (Instagram)",
        ("fake-profiles", "contact"),
        "A new account with my photo as its picture sent me a message asking why I was ignoring "
        "him. I took a screenshot and blocked it.",
        "You can't hide from me forever.",
        True,
    ),
    (
        "2024-03-23T17:30",
        True,
        "Car park at work",
        ("following", "turning-up"),
        "I think his car followed me out of the car park. The same grey hatchback was behind me "
        "until the roundabout.",
        "",
        True,
    ),
    (
        "2024-04-02T12:05",
        False,
        "My sister's workplace",
        ("proxy",),
        "My sister told me he turned up at her office asking where I am living now.",
        "",
        False,
    ),
]


def demo_png() -> bytes:
    """A made-up message screenshot, drawn with Pillow (no real person, no real account)."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (540, 360), "#f4f4f6")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 540, 56), fill="#ffffff")
    draw.text((20, 20), "new.account.4471  ·  Instagram", fill="#222222")
    draw.rounded_rectangle((20, 90, 420, 150), 16, fill="#e4e6eb")
    draw.text((36, 112), "Why are you ignoring me?", fill="#111111")
    draw.rounded_rectangle((20, 170, 470, 230), 16, fill="#e4e6eb")
    draw.text((36, 192), "You can't hide from me forever.", fill="#111111")
    draw.text((20, 320), "16 Mar 2024 · 22:14", fill="#777777")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def make_demo_diary(folder: Path) -> None:
    vault, _ = Vault.create(
        folder, DEMO_PASSPHRASE, CaseDetails(name="Alex Sample", initials="AS"), kdf=FLOOR
    )
    with vault:
        for when, approx, where, kinds, text, words, feared in ENTRIES:
            content = IncidentContent(
                occurred=parse_moment(when, ZONE, approximate=approx),
                location=where,
                text=text,
                behaviours=kinds,
                words=words,
                feared_violence=feared,
                impact="I now take a different route and ask a colleague to walk me out."
                if feared
                else "",
                effects=("route", "sleep") if feared else (),
            )
            incident_id = vault.add_incident(content)
            if "Instagram" in where:
                vault.attach_bytes(
                    incident_id,
                    "message.png",
                    demo_png(),
                    Source(
                        platform="Instagram",
                        profile="new.account.4471",
                        url="https://instagram.example/new.account.4471",
                        shown_time="16 Mar 22:14",
                    ),
                )
        first = vault.incidents()[0]
        vault.edit_incident(
            first.id, first.content.with_changes(police_ref="CAD 4471/02MAR24", reported="101")
        )


def make_many(vault: Vault, count: int) -> None:
    """count plain entries, one every few hours, for benchmarks."""
    start = datetime(2020, 1, 1, 9, 0)
    for n in range(count):
        when = (start + timedelta(hours=5 * n)).strftime("%Y-%m-%dT%H:%M")
        place = ("shop", "school", "station")[n % 3]
        vault.add_incident(
            IncidentContent(
                occurred=parse_moment(when, "UTC"),
                location=f"Place {n % 40}",
                text=f"Entry number {n}: he was seen near the {place}.",
                behaviours=(("watching",), ("following",), ("contact", "repeated-calls"))[n % 3],
            )
        )
