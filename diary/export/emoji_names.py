"""Emoji sequences named in brackets, since no embedded font draws them as one picture.

A flag is two regional-indicator letters; a family is several people joined by ZERO WIDTH JOINER;
a skin tone is a modifier after the person; a keycap is a digit and an enclosing keycap. Colour
emoji fonts do not render in reportlab and Symbola has one glyph per code point, so such a
sequence is drawn as its pieces side by side, which alone would say something else (two letters,
three people) without saying so. Each sequence is therefore followed by what it is, in brackets:
"🇬🇧 [flag GB]", "👨‍👩‍👧 [one emoji: man + woman + girl]". The bundle's entries.json keeps the
text exactly as typed.
"""

from __future__ import annotations

import unicodedata

ZWJ = "\u200d"
_SELECTORS = "\ufe0e\ufe0f"
_KEYCAP = "\u20e3"
_SKIN_TONES = {
    0x1F3FB: "light skin tone",
    0x1F3FC: "medium-light skin tone",
    0x1F3FD: "medium skin tone",
    0x1F3FE: "medium-dark skin tone",
    0x1F3FF: "dark skin tone",
}
_TAG_END = 0xE007F


def _regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def _tag(char: str) -> bool:
    return 0xE0020 <= ord(char) <= 0xE007F


def _pictographic(char: str) -> bool:
    code = ord(char)
    return code >= 0x1F000 or unicodedata.category(char) == "So"


def _name(char: str) -> str:
    code = ord(char)
    if code in _SKIN_TONES:
        return _SKIN_TONES[code]
    return unicodedata.name(char, f"U+{code:04X}").lower()


def _sequence_end(text: str, start: int) -> int:
    """Where the emoji sequence starting at start ends (start + 1 for a lone character)."""
    end = start + 1
    if _regional(text[start]):
        return end + 1 if end < len(text) and _regional(text[end]) else end
    while end < len(text):
        char = text[end]
        if char in _SELECTORS or char == _KEYCAP or ord(char) in _SKIN_TONES or _tag(char):
            end += 1
        elif char == ZWJ and end + 1 < len(text) and _pictographic(text[end + 1]):
            end += 2
        else:
            break
    return end


def _label(sequence: str) -> str:
    """What a sequence of several visible pieces is, or "" for a single picture."""
    if len(sequence) == 2 and all(_regional(c) for c in sequence):
        return "flag " + "".join(chr(ord(c) - 0x1F1E6 + ord("A")) for c in sequence)
    tags = "".join(chr(ord(c) - 0xE0000) for c in sequence if _tag(c) and ord(c) != _TAG_END)
    if tags:
        return f"flag {tags[:2].upper()}-{tags[2:].upper()}"
    if _KEYCAP in sequence:
        return "keycap " + sequence[0]
    pieces = [c for c in sequence if c not in _SELECTORS and c != ZWJ]
    if len(pieces) < 2:
        return ""
    if ZWJ in sequence:
        return "one emoji: " + " + ".join(_name(c) for c in pieces)
    return ", ".join(_name(c) for c in pieces)


def name_sequences(text: str) -> str:
    """text with each emoji sequence of several pieces followed by its name in brackets."""
    if not any(
        _regional(c) or c in (ZWJ, _KEYCAP) or ord(c) in _SKIN_TONES or _tag(c) for c in text
    ):
        return text  # nothing to name: most text, answered at once
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if not (_pictographic(char) or _regional(char) or char in "#*0123456789"):
            out.append(char)
            index += 1
            continue
        end = _sequence_end(text, index)
        sequence = text[index:end]
        label = _label(sequence)
        out.append(f"{sequence} [{label}]" if label else sequence)
        index = end
    return "".join(out)
