"""Which lines to offer first for quoting: those most likely to be threats.

A plain list of words and phrases in English, German and Spanish (LANGUAGES; a message in
another language is never marked), not a judgement: the person reads the lines and chooses what
to quote; lines offered first are marked, never added on their own beyond the few the person can
see and untick before anything is saved.
"""

from __future__ import annotations

import re

from .log import Item, Kind

# Each phrase starts with one plain letter. All lower case: matched against the text in lower
# case (IGNORECASE is five times slower).
_PHRASES = (
    "kill", "killing", "hurt", "hurting", "die", "dead", "death", "destroy", "ruin", "regret",
    "burn", "beat", "smash", "stab", "shoot", "gun", "knife", "acid", "rape", "strangle", "choke",
    "bury", "grave", "blood", "suffer", "punish", "revenge", "watch your back",
    "know where you (?:live|work|are)", "coming (?:for|to get|round|over)",
    "i'?m (?:outside|watching|coming)", "i am (?:outside|watching|coming)",
    "i (?:can )?see you", "find you", "get you",
    "you'?ll (?:pay|be sorry|see|regret)", "you will (?:pay|be sorry|see|regret)",
    "last (?:warning|chance)", "never (?:escape|get away)", "tell (?:everyone|your)",
    "post (?:your|the) (?:photos|pictures|pics|nudes|videos)",
    "send (?:your|the) (?:photos|pictures|pics|nudes|videos)",
    "share (?:your|the) (?:photos|pictures|pics|nudes|videos)",
    "your (?:kids|children|family|mum|mother|dad)", "kill myself", "end it all", "make you",
    "or else", "bitch", "whore", "slut", "cunt",
    # German
    "umbringen", "bring(?:e)? dich um", "töten", "töte dich", "abstechen", "erstechen",
    "erschießen", "messer", "waffe", "rache", r"vergewaltig\w*", "verbrennen",
    "wei(?:ß|ss),? wo du (?:wohnst|arbeitest|bist)", "wirst (?:es )?bereuen",
    "werdet (?:es )?bereuen", "ich (?:finde|kriege|krieg) dich", "finde dich", "kriege dich",
    "krieg dich", "letzte warnung", "pass (?:bloß |nur )?auf",
    "deine (?:kinder|familie|mutter|schwester)", "schlampe", "hure", "fotze",
    # Spanish
    "matar", "te mato", "muert[ao]", "cuchillo", "pistola", "venganza", "violar", "quemar",
    "s[eé] d[oó]nde (?:vives|trabajas|est[aá]s)", "te vas a (?:arrepentir|enterar)",
    "te arrepentir[aá]s", "te (?:encontrar[eé]|voy a encontrar)", "voy a por ti",
    "ultima (?:advertencia|oportunidad)", "última (?:advertencia|oportunidad)", "tus hijos",
    "tu familia", "puta", "zorra",
)  # fmt: skip


def _by_first_letter(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One expression for the whole words and phrases, grouped by their first letter (each group
    keeping the list's order, so the same text is matched): a place in the text is passed over
    at once unless a phrase starts with its letter (three times faster than one plain list)."""
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        groups.setdefault(phrase[0], []).append(phrase[1:])
    letters = "".join(groups)
    alternatives = "|".join(f"{first}(?:{'|'.join(rest)})" for first, rest in groups.items())
    return re.compile(rf"\b(?=[{letters}])(?:{alternatives})\b")


_THREATS = _by_first_letter(_PHRASES)
LANGUAGES = "English, German and Spanish"


def threat_score(item: Item) -> int:
    """How strongly a message reads as threatening: phrases matched first, then shouting."""
    if item.kind is not Kind.MESSAGE or not item.text:
        return 0
    return text_score(item.text)


def text_score(text: str) -> int:
    """threat_score of a message with these words."""
    return _scored(text, len(_THREATS.findall(text.lower())))


def _scored(text: str, matches: int) -> int:
    if not matches:
        return 0
    letters = list(filter(str.isalpha, text))
    shouting = sum(map(str.isupper, letters)) / len(letters) if letters else 0
    return matches * 10 + int(shouting * 5) + min(text.count("!"), 5)


def is_threat(item: Item) -> bool:
    return threat_score(item) > 0


def best_quotes(items: list[Item], most: int) -> list[int]:
    """The positions of up to `most` items to quote, the most threatening, in time order."""
    return best_of([(threat_score(item), index) for index, item in enumerate(items)], most)


def best_of(scored: list[tuple[int, int]], most: int) -> list[int]:
    """The positions of up to `most` of the (score, position) pairs, highest score first, in
    order of position; none that scored nothing."""
    top = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[1]))[:most]
    return sorted(index for _, index in top)
