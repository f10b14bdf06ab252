"""Personal names: trimming, the middle dot of minority names, and which characters a name may hold.

Names are kept exactly otherwise. No NFKC: CJK compatibility ideographs and characters outside the
BMP (𠮷) are real, distinct name characters, and private-use characters are how older systems
stored rare ones.
"""

from __future__ import annotations

import unicodedata

from kuangqu.errors import RuleViolation

NAME_LIMIT = 50  # code points, so 𠮷 counts as one
MIDDLE_DOT = "\u00b7"

# Look-alikes typed for the separator in names such as 阿依古丽·买买提.
_DOT_LOOKALIKES = frozenset("\u2022\uff0e\u30fb\u2027\u2219\u22c5\uff65\u0387")
# Invisible or unwritable: controls (Cc), format characters such as zero-width spaces (Cf), and
# lone surrogates (Cs). A zero-width space would make two spellings of one name differ.
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x3400 <= cp <= 0x4DBF
        or 0x4E00 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x3FFFF
        or cp == 0x3007  # 〇
    )


def _normalise_dots(text: str) -> str:
    out = []
    for i, ch in enumerate(text):
        ascii_dot_between_cjk = (
            ch == "." and 0 < i < len(text) - 1 and _is_cjk(text[i - 1]) and _is_cjk(text[i + 1])
        )
        out.append(MIDDLE_DOT if ch in _DOT_LOOKALIKES or ascii_dot_between_cjk else ch)
    return "".join(out)


def normalize_name(raw: object) -> tuple[str, list[str]]:
    """Return (name, warning keys); raise RuleViolation when it cannot be a person's name."""
    if raw is None:
        raise RuleViolation("rule.name_empty")
    if not isinstance(raw, str):  # a number cell, a date…
        raise RuleViolation("rule.name_characters")
    warnings: list[str] = []
    # Outer spaces are trimming noise; inner ones (Zs: ASCII space, NBSP, U+3000…) are never part
    # of a Chinese name. Inner tabs and line breaks are control characters and are refused below.
    text = raw.strip()
    if any(unicodedata.category(ch) == "Zs" for ch in text):
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Zs")
        warnings.append("warn.name_inner_space")
    dotted = _normalise_dots(text)
    if dotted != text:
        text = dotted
        warnings.append("warn.name_dot_normalised")

    if not text:
        raise RuleViolation("rule.name_empty")
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Nd" or category in _FORBIDDEN_CATEGORIES:
            raise RuleViolation("rule.name_characters")
    if len(text) > NAME_LIMIT:
        raise RuleViolation("rule.name_too_long", limit=NAME_LIMIT)
    return text, warnings
