"""Phone numbers: mainland mobiles, landlines with area code, and bare local numbers.

Stored forms: "13812345678", "0375-1234567", "1234567". The mainland numbering plan fixes the
area code's length: 010 and 02x have three digits, every other code four.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from kuangqu.errors import RuleViolation
from kuangqu.rules.text import fullwidth_to_ascii

_MOBILE = re.compile(r"1[3-9]\d{9}", re.ASCII)
# Real local numbers start with 2-8, but sample data and forms use 1234567: only 0 is refused.
_LOCAL = re.compile(r"[1-9]\d{6,7}", re.ASCII)
_COUNTRY = re.compile(r"(?:\+|00)\s*86[\s\-]*|86[\s\-]+", re.ASCII)
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015()]+")
_PLAIN_LANDLINE = re.compile(r"(0[1-9]\d{1,2})-(\d{7,8})", re.ASCII)


def _landline(area: str, local: str) -> str | None:
    """ "0375-1234567" if area and local number fit the numbering plan, else None."""
    area_length = 3 if area[1:2] in ("1", "2") else 4
    if len(area) == area_length and area[0] == "0" and _LOCAL.fullmatch(local):
        return f"{area}-{local}"
    return None


def _from_number(raw: object) -> str:
    if isinstance(raw, int) and raw > 0:
        return str(raw)
    if isinstance(raw, (float, Decimal)):
        finite = raw.is_finite() if isinstance(raw, Decimal) else math.isfinite(raw)
        if finite and raw == int(raw) and raw > 0:
            return str(int(raw))
    raise RuleViolation("rule.phone_format")


def _classify(text: str) -> str | None:
    """The stored form of a cleaned-up text, or None if it is no phone number."""
    international = False
    if match := _COUNTRY.match(text):
        text, international = text[match.end() :], True
    groups = [g for g in _SEPARATORS.split(text) if g]
    digits = "".join(groups)
    if not (digits.isascii() and digits.isdigit()):
        return None
    if not international and len(digits) == 13 and digits.startswith("86") and _MOBILE.fullmatch(digits[2:]):
        return digits[2:]  # 8613812345678: the country code without its +
    if _MOBILE.fullmatch(digits):
        return digits
    if international and not digits.startswith("0"):
        # Abroad the area code is written without its 0: +86 375 1234567.
        digits, groups = "0" + digits, ["0" + groups[0], *groups[1:]]
    if len(groups) == 2 and groups[0].startswith("0"):
        return _landline(*groups)  # the person's own split wins: 0375-1234567, (0375)1234567
    if digits.startswith("0"):
        area_length = 3 if digits[1:2] in ("1", "2") else 4
        return _landline(digits[:area_length], digits[area_length:])
    if _LOCAL.fullmatch(digits) and not international:
        return digits
    return None


def normalize_phone(raw: object) -> tuple[str, list[str]]:
    """Return (stored form, warning keys); raise RuleViolation when it is no phone number."""
    if raw is None:
        raise RuleViolation("rule.phone_empty")
    if isinstance(raw, bool):
        raise RuleViolation("rule.phone_format")
    if isinstance(raw, (int, float, Decimal)):
        text = _from_number(raw)
        phone = _classify(text)
        if phone is None and _classify("0" + text) is not None:
            # A number cell drops the leading 0 of 0375…: say so rather than "wrong format".
            raise RuleViolation("rule.phone_lost_leading_zero")
        if phone is None:
            raise RuleViolation("rule.phone_format")
        return phone, []  # a number cell turned into text is not a change worth a warning
    if not isinstance(raw, str):
        raise RuleViolation("rule.phone_format")
    stripped = raw.strip()
    if not stripped:
        raise RuleViolation("rule.phone_empty")
    if _MOBILE.fullmatch(stripped):
        # The usual cell, 13812345678: plain ASCII digits, so fullwidth_to_ascii leaves it alone,
        # no country code can match (it starts with 1) and _classify returns it as it is.
        return stripped, []
    if (plain := _PLAIN_LANDLINE.fullmatch(stripped)) and (phone := _landline(*plain.groups())):
        # The next most usual, 0375-1234567: ASCII, no country code (0 then 1-9), two groups, the
        # first starting with 0: _classify would return _landline(area, local), which is the text.
        return phone, [] if phone == stripped else ["warn.phone_normalised"]
    phone = _classify(fullwidth_to_ascii(stripped).strip())
    if phone is None:
        raise RuleViolation("rule.phone_format")
    return phone, [] if phone == stripped else ["warn.phone_normalised"]
