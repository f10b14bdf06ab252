"""Resident ID numbers (GB 11643-1999): normalising, checking, upgrading 15-digit IDs.

Our own checksum and date checks: python-stdnum's `cn.ric` rejects real IDs whose county code is
younger than the person. stdnum is used only to look up the area code, and an unknown code is only
a warning (codes are created and retired all the time).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache
from operator import mul
from typing import NamedTuple

from kuangqu.errors import RuleViolation
from kuangqu.rules.dates import PartialDate
from kuangqu.rules.masking import mask_id
from kuangqu.rules.text import fullwidth_to_ascii

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_ZERO_OFFSET = ord("0") * sum(_WEIGHTS)

_ID18 = re.compile(r"\d{17}[\dX]", re.ASCII)
_ID15 = re.compile(r"\d{15}", re.ASCII)
# What Excel shows for a long number: 1.10105E+17, 1.1010519491231E17 …
_SCIENTIFIC = re.compile(r"[+-]?\d+(\.\d*)?E[+-]?\d+", re.IGNORECASE)
# Removed anywhere inside an ID: spaces of every kind and hyphen-like dashes.
_INNER_NOISE = re.compile(r"[\s\-\u2010-\u2015\u2212]+")


class IdNumber(NamedTuple):
    """A checked ID. repr() is masked so a stray log line or traceback never shows the number.

    A named tuple rather than a frozen dataclass: just as immutable, and built four times faster
    (an import checks 100,000 IDs).
    """

    number: str
    original: str | None
    birth_date: date
    sex: str
    area_code: str
    warnings: tuple[str, ...] = ()

    def __repr__(self) -> str:
        original = f", original={mask_id(self.original)!r}" if self.original else ""
        return (
            f"IdNumber(number={mask_id(self.number)!r}{original}, sex={self.sex!r}, "
            f"warnings={self.warnings!r})"
        )


def check_character(first17: str) -> str:
    """The check character for the first 17 digits of an ID."""
    if not (len(first17) == 17 and first17.isascii() and first17.isdigit()):
        raise RuleViolation("rule.id_format", length=len(first17))
    # In C: an import checks 100,000 IDs. The ASCII codes of the digits are the digits + 48.
    total = sum(map(mul, first17.encode("ascii"), _WEIGHTS)) - _ZERO_OFFSET
    return _CHECK_CHARS[total % 11]


def upgrade_15(id15: str) -> str:
    """The 18-character form of an old 15-digit ID: "19" before the year, then the check character."""
    if not _ID15.fullmatch(id15):
        raise RuleViolation("rule.id_format", length=len(id15))
    first17 = id15[:6] + "19" + id15[6:]
    return first17 + check_character(first17)


def id_tail(number: str) -> str:
    """The last 6 characters (sequence and check), e.g. for matching a person by a short reference."""
    return number[-6:]


def _normalise(raw: str) -> tuple[str, bool]:
    """(cleaned text, whether anything beyond outer space and the case of x changed)."""
    stripped = raw.strip()
    if stripped.isascii() and stripped.isalnum():
        # The usual cell: fullwidth_to_ascii leaves ASCII alone and _INNER_NOISE matches no
        # letter or digit, so both would return it unchanged.
        return stripped.upper(), False
    text = _INNER_NOISE.sub("", fullwidth_to_ascii(stripped))
    return text.upper(), text != stripped


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@lru_cache(maxsize=8192)  # a roster repeats a few hundred area codes; the lookup walks a tree
def _area_known(code: str) -> bool:
    from stdnum import numdb  # lazy: loading the area table costs time most commands don't need

    # The [1983-1993] validity ranges in the table are ignored on purpose: an ID keeps the code
    # it was issued with long after the county was renamed.
    for _part, props in numdb.get("cn/loc").info(code):
        if props.get("province") or props.get("county"):
            return True
    return False


@lru_cache(maxsize=65536)  # a roster of 100,000 people holds about 20,000 birth dates
def _birth_date(yyyymmdd: str) -> date:
    try:
        return date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        raise RuleViolation("rule.id_birth_date_invalid") from None


def parse_id_number(
    raw: object, *, today: date | None = None, min_birth_year: int = 1900, min_age: int = 0
) -> IdNumber:
    """Check and normalise an ID from a cell or an option; raise RuleViolation if it is not acceptable."""
    if raw.__class__ is not str:  # the usual cell is text: one test instead of four
        if isinstance(raw, bool):  # a TRUE/FALSE cell
            raise RuleViolation("rule.id_format", length=len(str(raw)))
        if isinstance(raw, (int, float, Decimal)):
            # Excel keeps 15 significant digits: an 18-digit ID stored as a number has lost its tail.
            raise RuleViolation("rule.id_is_number")
        if raw is None:
            raise RuleViolation("rule.id_empty")
        if not isinstance(raw, str):
            raise RuleViolation("rule.id_format", length=len(str(raw)))

    text, changed = _normalise(raw)
    if not text:
        raise RuleViolation("rule.id_empty")
    if "E" in text and _SCIENTIFIC.fullmatch(text):  # text is upper-cased: its e is an E
        raise RuleViolation("rule.id_is_number")

    warnings: list[str] = []
    if changed:
        warnings.append("warn.id_normalised")
    original: str | None = None
    if len(text) == 15 and _ID15.fullmatch(text):
        original, text = text, upgrade_15(text)
        warnings.append("warn.id_upgraded_from_15")
    elif not _ID18.fullmatch(text):
        raise RuleViolation("rule.id_format", length=len(text))
    else:
        expected = check_character(text[:17])
        if text[17] != expected:
            raise RuleViolation("rule.id_checksum", expected=expected)

    birth = _birth_date(text[6:14])
    today = today or date.today()
    if birth > today or birth.year < min_birth_year:
        raise RuleViolation(
            "rule.id_birth_date_out_of_range", min_year=min_birth_year, today=today.isoformat()
        )
    if _age_on(birth, today) < min_age:
        raise RuleViolation("rule.id_too_young", min_age=min_age)

    area = text[:6]
    if not _area_known(area):
        warnings.append("warn.id_unknown_area")
    return IdNumber(
        number=text,
        original=original,
        birth_date=birth,
        sex="男" if int(text[16]) % 2 else "女",
        area_code=area,
        warnings=tuple(warnings),
    )


def check_id_consistency(
    id_number: IdNumber, *, sex: str | None = None, birth: date | PartialDate | None = None
) -> None:
    """Reject a sex or birth date entered beside the ID that contradicts it (bad-inputs row 14).

    `birth` may be a date or a PartialDate: "1949-12" agrees with an ID born 1949-12-31.
    """
    if sex is not None and sex != id_number.sex:
        raise RuleViolation("rule.id_sex_mismatch", id_sex=id_number.sex)
    if birth is None:
        return
    if isinstance(birth, date):
        birth = PartialDate.from_date(birth)
    if not isinstance(birth, PartialDate):
        raise TypeError("birth must be a date or a PartialDate")
    if not birth.first_day() <= id_number.birth_date <= birth.last_day():
        raise RuleViolation("rule.id_birth_date_mismatch")
