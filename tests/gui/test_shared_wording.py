"""The window and the evidence pack say when things happened and where files came from alike."""

from __future__ import annotations

from pathlib import Path

from diary.domain.incident import Source
from diary.domain.times import parse_moment
from diary.domain.wording import when_text
from diary.gui.timeline.entry_html import entry_html
from diary.vault import Vault
from tests.conftest import make_content
from tests.export_support import export, page_texts, png_bytes


def test_times_read_the_same_for_each_precision() -> None:
    assert when_text(parse_moment("2024-06-03T18:30", "Europe/London")) == "Mon 3 Jun 2024, 18:30"
    approximate = parse_moment("2024-06-03T18:30", "Europe/London", approximate=True)
    assert when_text(approximate) == "Mon 3 Jun 2024, about 18:30"
    assert when_text(parse_moment("2024-06-03", "Europe/London")) == "Mon 3 Jun 2024"


def test_a_screenshots_source_has_the_same_labels_on_screen_and_in_the_pack(
    vault: Vault, tmp_path: Path
) -> None:
    incident = vault.add_incident(make_content("2024-06-03T18:30"))
    source = Source(
        platform="Instagram",
        profile="@someone.example",
        url="https://example.invalid/p/1",
        shown_time="Yesterday 21:14",
    )
    vault.attach_bytes(incident, "post.png", png_bytes(seed=3), source)
    on_screen = entry_html(vault.incident(incident), vault.history(incident))
    _, result = export(vault, tmp_path)
    pages = " ".join(" ".join(page_texts(result.pdf)).split())  # table cells wrap lines
    for label, value in (
        ("Platform", "Instagram"),
        ("Profile or handle", "@someone.example"),
        ("Address (URL)", "https://example.invalid/p/1"),
        ("Time shown on screen", "Yesterday 21:14"),
    ):
        assert f"{label}: {value}" in on_screen
        assert label in pages and value in pages
    assert "Mon 3 Jun 2024, 18:30" in on_screen and "Mon 3 Jun 2024, 18:30" in pages
