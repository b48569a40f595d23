"""What an officer reads on the pack's pages: who it is about, whole behaviour names, fear of
violence stated, hashes that can be compared, and a pattern page that stays one page."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from diary.domain.behaviours import BEHAVIOURS, SHORT_BEHAVIOURS
from diary.vault import Vault
from tests.conftest import make_content
from tests.export_support import export, page_texts, png_bytes


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_pack_says_who_it_is_about_and_how_they_are_known(vault: Vault, tmp_path: Path) -> None:
    vault.set_case(
        replace(
            vault.case,
            suspect_names="Chris Sample (fictional); also uses 'cs_watching'",
            suspect_details="Blue hatchback XX00 FIC",
            relationship="Former partner (we separated in December)",
            orders="Non-molestation order, made 2 February 2024",
        )
    )
    vault.add_incident(make_content())
    _, result = export(vault, tmp_path)
    texts = [_flat(t) for t in page_texts(result.pdf)]
    cover = texts[0]
    assert "Suspect Chris Sample (fictional); also uses 'cs_watching'" in cover
    assert "Blue hatchback XX00 FIC" in cover
    assert "Relationship to the suspect Former partner (we separated in December)" in cover
    statement = next(t for t in texts if "WITNESS STATEMENT" in t)
    # Said as the person would say it, not as a form's labels.
    opening = statement.index("This statement is about Chris Sample")
    assert opening < statement.index("They are my former partner") < statement.index(" 1. ")
    assert "These orders are in force: Non-molestation order, made 2 February 2024." in statement
    assert "How I know them:" not in statement


def test_behaviours_are_named_whole_and_fear_of_violence_is_stated_in_their_words(
    vault: Vault, tmp_path: Path
) -> None:
    assert set(SHORT_BEHAVIOURS) == set(BEHAVIOURS)  # every kind has a short name of its own
    vault.add_incident(
        make_content(
            where="Outside the library (Park Road)",
            behaviours=("contact", "proxy"),
            feared_violence=True,
            fear="That he would wait for me after work.",
        )
    )
    _, result = export(vault, tmp_path)
    text = _flat(" ".join(page_texts(result.pdf)))
    assert "Contact or attempted contact" in text and "Contacting family, friends or work" in text
    assert "Contacting you or trying to," not in text  # a description cut at its comma
    assert "\u2014 Outside the library (Park Road): He was waiting." in text
    assert "I feared that he would wait for me after work." in text
    assert "I feared that violence would be used against me." not in text
    assert "What I feared:" not in text


def test_every_hash_can_be_read_off_the_pdf_whole(vault: Vault, tmp_path: Path) -> None:
    incident = vault.add_incident(make_content())
    for seed in range(3):
        vault.attach_bytes(incident, f"shot{seed}.png", png_bytes(seed=seed))
    pack, result = export(vault, tmp_path)
    texts = page_texts(result.pdf)
    joined = re.sub(r"\s+", "", " ".join(texts))
    for exhibit in pack.exhibits:
        # On its exhibit page and in the schedule (two even lines of 32 there).
        assert joined.count(exhibit.attachment.sha256) >= 2
    cover = texts[0]
    assert pack.content_fingerprint in cover  # on one line, as `diary verify` prints it
    assert pack.chain_head in cover


def test_the_pattern_page_stays_one_page_however_much_it_holds(
    vault: Vault, tmp_path: Path
) -> None:
    vault.set_case(replace(vault.case, crime_refs="CRIME/" + "0123456789 " * 25))
    kinds = tuple(BEHAVIOURS)
    for n in range(60):
        vault.add_incident(
            make_content(
                when=f"2024-{1 + n // 28:02d}-{1 + n % 28:02d}T10:00",
                behaviours=kinds[n % len(kinds) :] + kinds[: n % 3],
                feared_violence=True,
                police_ref=f"CAD {n:04d} reported online through the force website, ref {n}",
            )
        )
    _, result = export(vault, tmp_path)
    texts = page_texts(result.pdf)
    assert "The pattern" in texts[1] and "Chronology: one row" in texts[2]
    pattern = _flat(texts[1])
    assert "CAD 0000" in pattern and "more references, each shown in the chronology" in pattern
    # 1 January to 4 March 2024, both days counted: 31 + 29 + 4.
    assert "The period covers 64 days." in pattern


def test_impact_files_ticked_effects_by_heading_and_keeps_the_persons_words_whole(
    vault: Vault, tmp_path: Path
) -> None:
    vault.add_incident(
        make_content(
            effects=("sleep", "work-school"),
            impact="I did not sleep, so I asked my manager to change my shifts.",
            feelings="Frightened.",
        )
    )
    _, result = export(vault, tmp_path)
    page = _flat(next(t for t in page_texts(result.pdf) if "Impact How these" in _flat(t)))
    physical = page.index("Physical and health")
    work = page.index("Work or school")
    own_words = page.index("Day-to-day life, in my own words")
    assert physical < page.index("Lost sleep.") < work < page.index("Missed work or school.")
    # Not filed under the first heading it happened to touch.
    assert page.index("I did not sleep, so I asked my manager") > own_words > work


def test_the_schedule_describes_each_exhibit_by_where_it_came_from(
    vault: Vault, tmp_path: Path
) -> None:
    from diary.domain.incident import Source

    incident = vault.add_incident(make_content())
    source = Source(platform="WhatsApp", profile="Chris (fictional)", shown_time="23:25 26/05/2024")
    vault.attach_bytes(incident, "thread.png", png_bytes(), source)
    _, result = export(vault, tmp_path)
    schedule = _flat(next(t for t in page_texts(result.pdf) if t.startswith("Exhibit schedule")))
    assert (
        "Screenshot (image/png), WhatsApp, Chris (fictional), shown Sun 26 May 2024, 23:25 "
        "(the device\u2019s clock)"
    ) in schedule


def test_the_time_shown_on_a_screen_is_printed_in_one_form_however_it_was_typed(
    vault: Vault, tmp_path: Path
) -> None:
    """The window keeps '23:25 26/05/2024' as typed; `diary attach --shown-time` keeps ISO 8601
    with an offset. The pack printed both as they were, in two formats side by side."""
    from diary.domain.incident import Source

    incident = vault.add_incident(make_content())
    typed = Source(platform="WhatsApp", shown_time="23:25 26/05/2024")
    given = Source(platform="WhatsApp", shown_time="2024-05-26T23:25:00+01:00")
    vault.attach_bytes(incident, "typed.png", png_bytes(seed=1), typed)
    vault.attach_bytes(incident, "given.png", png_bytes(seed=2), given)
    _, result = export(vault, tmp_path)
    text = _flat(" ".join(page_texts(result.pdf)))
    assert "26/05/2024" not in text and "2024-05-26T23:25" not in text
    # the statement, the exhibit and the schedule
    assert text.count("Sun 26 May 2024, 23:25 (the device\u2019s clock)") == 3
    assert text.count("Sun 26 May 2024, 23:25 BST") == 3
