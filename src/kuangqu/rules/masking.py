"""Display masking of personal data (PIPL): ID numbers, phones, names in confidential records.

Masking is for display, logs and error messages; it never changes what is stored. Whatever the
input looks like, a mask must not reveal an ID's birth date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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


# ---------------------------------------------------------------- personal values in the audit log
#
# The audit log is append-only, so it must never hold a person's values in clear: a retention
# purge (PIPL Art. 47) could not erase them. services.audit stores the fields below masked in
# the entry and their real values in the separate table audit_private, which a purge deletes.
# A field is personal by its key in the audit values, whatever the entity (a key means the same
# thing everywhere), except `name`, which names things too (an activity, a team, a standard).

PRIVATE_MARK = "***"

# A person's name: masked to its first character ("王**").
PERSON_NAME_FIELDS = frozenset({
    "name", "former_name", "petitioner_name", "leader_name", "child_name", "objector", "from_whom",
})  # fmt: skip
# Entities whose `name` is the name of a thing, not of a person.
NAMED_THINGS = frozenset({"activity", "team", "award", "relief_standard", "adjustment_batch"})
# Free text and facts about a person or a family: replaced by PRIVATE_MARK. The retiree fields the
# purge erases, a member's situation and income, hardship facts, visit notes, petition and
# correction texts.
PERSONAL_TEXT_FIELDS = frozenset({
    # a person
    "address", "family_situation", "remarks", "extra", "photo_path", "ethnicity",
    # a household member
    "health", "disability_grade", "schooling", "work_status", "monthly_income_fen", "employer",
    # a household's hardship and income
    "causes", "exclusions", "annual_rigid_expenses_fen", "per_capita_monthly_income", "income_notes",
    "notes", "illness", "hardship",
    # relief applications and objections, home visits
    "reason", "content", "resolution", "findings", "needs", "follow_up",
    # petitions (信访) and corrections
    "subject", "request", "facts", "text", "opinion_text", "not_accepted_reason", "extension_reason",
    "contact", "representatives", "problem", "reply", "finding", "answer",
})  # fmt: skip
# Dates that, with a name, identify a person: only the year stays (the purge keeps it too).
PERSONAL_DATE_FIELDS = frozenset({"birth_date"})


def _is_id_field(field: str) -> bool:
    return field in ("id_number", "id_number_original") or field.endswith("_id_number")


def _is_phone_field(field: str) -> bool:
    return field == "phone" or field.endswith("_phone")


def is_person_name(entity: str, field: str) -> bool:
    return field in PERSON_NAME_FIELDS and not (field == "name" and entity in NAMED_THINGS)


def is_personal(entity: str, field: str) -> bool:
    """Whether the audit value `field` of an `entity` entry is a person's value (kept out of the log)."""
    return (
        is_person_name(entity, field)
        or field in PERSONAL_TEXT_FIELDS
        or field in PERSONAL_DATE_FIELDS
        or _is_id_field(field)
        or _is_phone_field(field)
    )


def mask_personal(entity: str, field: str, value: object) -> str:
    """The form of a personal value the audit log keeps: "王**", "4104**********1234", "1950", "***"."""
    if value is None:
        return ""
    if _is_id_field(field) or _is_phone_field(field):
        return mask_value(field, value)
    if is_person_name(entity, field) and isinstance(value, str):
        return mask_name(value)
    if field in PERSONAL_DATE_FIELDS:
        return str(value)[:4]
    return PRIVATE_MARK


_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)1\d{10}(?!\d)")
_LANDLINE_IN_TEXT = re.compile(r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)")


def scrub_text(text: str, names: Iterable[str] = ()) -> str:
    """Free text (a clerk's reason) with ID numbers, phone numbers and the given names masked.

    "王建国本人来电 13812345678" with names ["王建国"] → "王**本人来电 138****5678".
    """
    result = _ID_IN_TEXT.sub(lambda m: mask_id(m.group(0)), text)
    result = _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), result)
    result = _LANDLINE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), result)
    # Longest first, so "王建国" is masked before a shorter name inside it.
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        result = result.replace(name, mask_name(name))
    return result
