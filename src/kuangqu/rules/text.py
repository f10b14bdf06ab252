"""Cell text: undoing full-width typing and odd spaces, and what a stored text may contain.

Owns `normalize_text` (free text such as remarks and addresses), `check_cell_text` (limits an
xlsx cell imposes) and the low-level mapping helpers the other rule modules reuse.
"""

from __future__ import annotations

import re

from kuangqu.errors import RuleViolation

# Excel refuses longer cells; it counts UTF-16 code units, so a character outside the BMP costs two.
CELL_TEXT_LIMIT = 32_767

# Space-like characters that Chinese input methods and web pages leave behind.
SPACE_CHARS = frozenset(
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)

_FULLWIDTH_OFFSET = 0xFEE0  # U+FF01..U+FF5E are U+0021..U+007E shifted by this much

# The mappings as str.translate tables: one pass in C instead of a Python loop per character
# (the importer normalises a million cells for a mining group's roster).
_SPACES = {ord(ch): " " for ch in SPACE_CHARS}
_FULLWIDTH_ALL = {cp: cp - _FULLWIDTH_OFFSET for cp in range(0xFF01, 0xFF5F)} | _SPACES
_FULLWIDTH_ALNUM = {
    cp: cp - _FULLWIDTH_OFFSET
    for lo, hi in (("０", "９"), ("Ａ", "Ｚ"), ("ａ", "ｚ"))
    for cp in range(ord(lo), ord(hi) + 1)
}
_ALNUM_AND_SPACES = _FULLWIDTH_ALNUM | _SPACES
# Control characters (Unicode Cc: U+0000–U+001F, U+007F–U+009F) other than \t and \n, and lone
# surrogates (Cs): what an xlsx cell cannot hold.
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _is_fullwidth_alnum(ch: str) -> bool:
    return "０" <= ch <= "９" or "Ａ" <= ch <= "Ｚ" or "ａ" <= ch <= "ｚ"


def fullwidth_to_ascii(text: str) -> str:
    """Map the whole full-width ASCII block (U+FF01–U+FF5E) and odd spaces to plain ASCII.

    For codes and numbers (IDs, amounts, phones, dates) where Chinese punctuation has no meaning.
    Never use it on free text: it would turn the Chinese comma "，" into ",".
    """
    return text.translate(_FULLWIDTH_ALL)


def normalize_text(raw: str) -> tuple[str, list[str]]:
    """Return (text, warning keys): full-width digits and letters and odd spaces made plain, outer space cut.

    Only full-width digits and Latin letters are mapped, not full-width punctuation: "，" "：" "（" are
    ordinary Chinese punctuation. Nothing else is touched, because NFKC would also rewrite CJK
    compatibility ideographs, which are distinct characters in people's names. Windows line breaks
    (\\r\\n, \\r) become \\n silently: they look the same and Excel itself stores \\n.
    """
    warnings: list[str] = []
    mapped = raw.translate(_ALNUM_AND_SPACES)
    fullwidth = space = False
    if mapped != raw:  # rare: find out which of the two kinds of character was there
        fullwidth = raw.translate(_FULLWIDTH_ALNUM) != raw
        space = raw.translate(_SPACES) != raw
    text = mapped.replace("\r\n", "\n").replace("\r", "\n").strip()
    if fullwidth:
        warnings.append("warn.fullwidth_normalised")
    # A space only at the edges was cut off anyway: nothing worth telling the clerk.
    if space and any(ch in SPACE_CHARS for ch in raw.strip()):
        warnings.append("warn.space_normalised")
    return text, warnings


def excel_length(text: str) -> int:
    """Length as Excel counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def check_cell_text(text: str) -> None:
    """Reject text an xlsx cell cannot hold: control characters (other than \\n and \\t), or too long."""
    # A lone surrogate (Cs) is as unwritable to xlsx as a control character.
    bad = _UNWRITABLE.search(text)
    if bad is not None:
        raise RuleViolation("rule.text_control_chars", code=f"U+{ord(bad.group()):04X}")
    # Every character counts one or two UTF-16 units: only a long text needs counting.
    if 2 * len(text) > CELL_TEXT_LIMIT and excel_length(text) > CELL_TEXT_LIMIT:
        raise RuleViolation("rule.text_too_long", limit=CELL_TEXT_LIMIT)
