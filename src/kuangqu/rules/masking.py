"""Display masking of personal data (PIPL): ID numbers, phones, names in confidential records.

Masking is for display, logs and error messages; it never changes what is stored. Whatever the
input looks like, a mask must not reveal an ID's birth date.
"""

from __future__ import annotations

import re

# Spaces and hyphens people type inside IDs; dropped before deciding which form the ID has.
_ID_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\uff0d]+")
_MOBILE = re.compile(r"1\d{10}")
_LANDLINE = re.compile(r"(0\d{2,3})-(\d{7,8})")


def _stars(n: int) -> str:
    return "*" * max(n, 0)


def mask_id(number: str | None) -> str:
    """18 characters → first 6 and last 4: "410402********1234".

    A 15-digit ID keeps the first 6 and the last 3 ("410402******234"): its last 4 would include the
    last digit of the birth day, and the last 3 are the same sequence digits the 18-digit form shows.
    Anything else shows at most its last 4, fewer when those could fall on the birth date.
    """
    if number is None:
        return ""
    text = _ID_SEPARATORS.sub("", str(number))
    n = len(text)
    if n == 18:
        return text[:6] + _stars(8) + text[-4:]
    if n == 15 and text.isdigit():
        return text[:6] + _stars(6) + text[-3:]
    # Unknown shape: the birth date sits in positions 7–14 of anything ID-like, so reveal only the
    # characters that must lie after position 14.
    keep = min(4, max(0, n - 14))
    return _stars(n - keep) + (text[-keep:] if keep else "")


def mask_phone(phone: str | None) -> str:
    """Mobile "138****5678"; landline "0375-***4567"; anything else keeps its last 4 only."""
    if phone is None:
        return ""
    text = str(phone).strip()
    if _MOBILE.fullmatch(text):
        return text[:3] + _stars(4) + text[-4:]
    landline = _LANDLINE.fullmatch(text)
    if landline:
        area, local = landline.groups()
        return f"{area}-{_stars(len(local) - 4)}{local[-4:]}"
    if len(text) <= 4:
        return _stars(len(text))
    return _stars(len(text) - 4) + text[-4:]


def mask_name(name: str | None) -> str:
    """Keep the first character only: "张*", "欧**" — for confidential petitions (检举控告).

    No compound-surname list: keeping "欧阳" or "东方" would reveal more of some names than others.
    """
    if not name:
        return ""
    text = str(name).strip()
    return text[:1] + _stars(len(text) - 1)


def mask_value(field: str, value: object) -> str:
    """Mask `value` by its field name, for audit logs and error messages; other fields pass unchanged.

    `id_number`, `id_number_original` and any `*_id_number` → mask_id; `phone` and any `*_phone` →
    mask_phone. None becomes "".
    """
    if value is None:
        return ""
    if field in ("id_number", "id_number_original") or field.endswith("_id_number"):
        return mask_id(str(value))
    if field == "phone" or field.endswith("_phone"):
        return mask_phone(str(value))
    return str(value)
