"""Which lines to offer first for quoting: those most likely to be threats.

A plain list of words and phrases in English, German and Spanish (LANGUAGES; a message in
another language is never marked), not a judgement: the person reads the lines and chooses what
to quote; lines offered first are marked, never added on their own beyond the few the person can
see and untick before anything is saved.
"""

from __future__ import annotations

import re

from .log import Item, Kind

_THREATS = re.compile(
    r"\b(?:kill|killing|hurt|hurting|die|dead|death|destroy|ruin|regret|burn|beat|smash|stab|"
    r"shoot|gun|knife|acid|rape|strangle|choke|bury|grave|blood|suffer|punish|revenge|"
    r"watch your back|know where you (?:live|work|are)|coming (?:for|to get|round|over)|"
    r"(?:i'?m|i am) (?:outside|watching|coming)|i (?:can )?see you|find you|get you|"
    r"(?:you'?ll|you will) (?:pay|be sorry|see|regret)|last (?:warning|chance)|"
    r"never (?:escape|get away)|tell (?:everyone|your)|(?:post|send|share) (?:your|the) "
    r"(?:photos|pictures|pics|nudes|videos)|your (?:kids|children|family|mum|mother|dad)|"
    r"kill myself|end it all|make you|or else|bitch|whore|slut|cunt|"
    # German
    r"umbringen|bring(?:e)? dich um|töten|töte dich|abstechen|erstechen|erschießen|"
    r"messer|waffe|rache|vergewaltig\w*|verbrennen|wei(?:ß|ss),? wo du (?:wohnst|arbeitest|bist)|"
    r"(?:wirst|werdet) (?:es )?bereuen|(?:ich )?(?:finde|kriege|krieg) dich|"
    r"letzte warnung|pass (?:bloß |nur )?auf|deine (?:kinder|familie|mutter|schwester)|"
    r"schlampe|hure|fotze|"
    # Spanish
    r"matar|te mato|muert[ao]|cuchillo|pistola|venganza|violar|quemar|"
    r"s[eé] d[oó]nde (?:vives|trabajas|est[aá]s)|te vas a (?:arrepentir|enterar)|"
    r"te arrepentir[aá]s|te (?:encontrar[eé]|voy a encontrar)|voy a por ti|"
    r"[uú]ltima (?:advertencia|oportunidad)|tus hijos|tu familia|puta|zorra)\b"
)  # all lower case: matched against the text in lower case (IGNORECASE is five times slower)
LANGUAGES = "English, German and Spanish"


def threat_score(item: Item) -> int:
    """How strongly a message reads as threatening: phrases matched first, then shouting."""
    if item.kind is not Kind.MESSAGE or not item.text:
        return 0
    text = item.text
    matches = len(_THREATS.findall(text.lower()))
    if not matches:
        return 0
    letters = [c for c in text if c.isalpha()]
    shouting = sum(c.isupper() for c in letters) / len(letters) if letters else 0
    return matches * 10 + int(shouting * 5) + min(text.count("!"), 5)


def is_threat(item: Item) -> bool:
    return threat_score(item) > 0


def best_quotes(items: list[Item], most: int) -> list[int]:
    """The positions of up to `most` items to quote, the most threatening, in time order."""
    scored = [(threat_score(item), index) for index, item in enumerate(items)]
    top = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[1]))[:most]
    return sorted(index for _, index in top)
