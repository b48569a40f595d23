"""The words looked for in messages are matched as they always were: the quicker expression finds
the same words, the same number of times, in the same lines, and the same lines are offered for
quoting, as the plain list it replaced."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diary.domain.messages import quoting
from diary.domain.messages.log import Item, Kind, Where
from tests.messages_support import fixture

# The expression as it was before its phrases were grouped by first letter.
REFERENCE = re.compile(
    r"\b(?:kill|killing|hurt|hurting|die|dead|death|destroy|ruin|regret|burn|beat|smash|stab|"
    r"shoot|gun|knife|acid|rape|strangle|choke|bury|grave|blood|suffer|punish|revenge|"
    r"watch your back|know where you (?:live|work|are)|coming (?:for|to get|round|over)|"
    r"(?:i'?m|i am) (?:outside|watching|coming)|i (?:can )?see you|find you|get you|"
    r"(?:you'?ll|you will) (?:pay|be sorry|see|regret)|last (?:warning|chance)|"
    r"never (?:escape|get away)|tell (?:everyone|your)|(?:post|send|share) (?:your|the) "
    r"(?:photos|pictures|pics|nudes|videos)|your (?:kids|children|family|mum|mother|dad)|"
    r"kill myself|end it all|make you|or else|bitch|whore|slut|cunt|"
    r"umbringen|bring(?:e)? dich um|töten|töte dich|abstechen|erstechen|erschießen|"
    r"messer|waffe|rache|vergewaltig\w*|verbrennen|wei(?:ß|ss),? wo du (?:wohnst|arbeitest|bist)|"
    r"(?:wirst|werdet) (?:es )?bereuen|(?:ich )?(?:finde|kriege|krieg) dich|"
    r"letzte warnung|pass (?:bloß |nur )?auf|deine (?:kinder|familie|mutter|schwester)|"
    r"schlampe|hure|fotze|"
    r"matar|te mato|muert[ao]|cuchillo|pistola|venganza|violar|quemar|"
    r"s[eé] d[oó]nde (?:vives|trabajas|est[aá]s)|te vas a (?:arrepentir|enterar)|"
    r"te arrepentir[aá]s|te (?:encontrar[eé]|voy a encontrar)|voy a por ti|"
    r"[uú]ltima (?:advertencia|oportunidad)|tus hijos|tu familia|puta|zorra)\b"
)

# Pieces of the phrases and words beside them, joined at random: phrases that overlap, run into
# other words, or stop short.
PIECES = sorted(
    set(re.findall(r"[^\W\d_]+'?[^\W\d_]*", REFERENCE.pattern))
    | {"i'm", "you'll", "weiß,", "sé", "dónde", "última", "Ultima", "KILL", "x", "me", "the"}
)
JOINS = [" ", " ", " ", "", ", ", "!", "\n", "-", "'"]


def _message(text: str, at: int = 0) -> Item:
    instant = datetime(2024, 6, 3, tzinfo=UTC) + timedelta(minutes=at)
    return Item(Kind.MESSAGE, instant, "", "Chris", "Chris", Where(at + 1), text)


def _generated(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        words = [rng.choice(PIECES) for _ in range(rng.randint(1, 12))]
        text = words[0]
        for word in words[1:]:
            text += rng.choice(JOINS) + word
        texts.append(rng.choice([text, text.upper(), text.capitalize()]))
    return texts


def _fixture_texts() -> list[str]:
    names = ["whatsapp_android.txt", "whatsapp_iphone.txt", "whatsapp_german.txt"]
    names += ["whatsapp_spanish.txt", "sms.xml", "result.json", "mailbox.mbox"]
    return [line for name in names for line in fixture(name).read_text("utf-8").splitlines()]


@pytest.mark.parametrize("source", ["fixtures", "generated"])
def test_the_same_words_are_found(source: str) -> None:
    texts = _fixture_texts() if source == "fixtures" else _generated(7, 20000)
    found = 0
    for text in texts:
        expected = REFERENCE.findall(text.lower())
        assert quoting._THREATS.findall(text.lower()) == expected, text
        found += bool(expected)
    assert found >= min(9, len(texts) // 20)  # the texts hold threats to find


# Whole phrases as the list writes them, words of them, and other words, run together.
_PIECE = st.one_of(
    st.sampled_from(quoting._PHRASES).flatmap(lambda p: st.from_regex(p, fullmatch=True)),
    st.sampled_from(PIECES),
    st.text(max_size=3),
)
_TEXT = st.lists(st.tuples(st.sampled_from(JOINS), _PIECE), min_size=1, max_size=8).map(
    lambda parts: "".join(join + piece for join, piece in parts)
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=6))
def test_the_same_words_are_found_in_any_text(texts: list[str]) -> None:
    for text in texts:
        assert quoting._THREATS.findall(text.lower()) == REFERENCE.findall(text.lower())


@pytest.mark.parametrize("seed", range(5))
def test_the_same_lines_are_offered_for_quoting(seed: int) -> None:
    texts = _generated(seed, 400) + _fixture_texts()
    random.Random(seed).shuffle(texts)
    for start in range(0, len(texts), 40):
        items = [_message(text, at) for at, text in enumerate(texts[start : start + 40])]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(quoting, "_THREATS", REFERENCE)
            expected = quoting.best_quotes(items, 3)
        assert quoting.best_quotes(items, 3) == expected
        assert expected  # each group of lines has some to quote
