"""Lines offered first for quoting: threatening words in the languages the list covers (English,
German, Spanish), the same message in a language it does not cover never marked, and the
window and the command line saying which languages are looked for."""

from __future__ import annotations

import pytest

from diary.domain.messages.log import Item, Kind
from diary.domain.messages.quoting import LANGUAGES, is_threat
from tests.messages_support import fixture, planned


def _message(text: str) -> Item:
    from datetime import UTC, datetime

    from diary.domain.messages.log import Where

    return Item(
        Kind.MESSAGE, datetime(2024, 6, 3, tzinfo=UTC), "", "Chris", "Chris", Where(1), text
    )


@pytest.mark.parametrize(
    "text",
    [
        "I know where you live",
        "Ich weiß, wo du wohnst.",
        "ich weiss wo du arbeitest",
        "Du wirst es bereuen!",
        "Ich bringe dich um",
        "Te vas a arrepentir",
        "Sé dónde vives",
        "se donde trabajas",
        "ÚLTIMA ADVERTENCIA",
    ],
)
def test_threats_in_the_languages_covered_are_marked(text: str) -> None:
    assert is_threat(_message(text))


@pytest.mark.parametrize(
    "text",
    ["Hallo, warum antwortest du nicht?", "¿Por qué no contestas?", "Hola", "Guten Morgen"],
)
def test_ordinary_words_are_not_marked(text: str) -> None:
    assert not is_threat(_message(text))


def test_the_german_and_spanish_chats_offer_their_threats_for_quoting() -> None:
    german = planned(fixture("whatsapp_german.txt"), ["Chris Sample"])
    first = german.proposals[0]
    assert [first.items[i].item.text for i in first.quotes] == ["Ich weiß, wo du wohnst."]
    spanish = planned(fixture("whatsapp_spanish.txt"), ["Chris Sample"])
    first = spanish.proposals[0]
    assert [first.items[i].item.text for i in first.quotes] == ["Te vas a arrepentir"]


def test_which_languages_are_looked_for_is_said() -> None:
    from diary.cli.message_view import plan_text

    assert LANGUAGES == "English, German and Spanish"
    text = plan_text(planned(fixture("whatsapp_german.txt"), ["Chris Sample"]))
    assert "in English, German and Spanish only" in text
