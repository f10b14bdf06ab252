"""Partial dates (a year, a year and month, or a full date) and the parsing of date cells.

Old records often know only "1975" or "1975年3月"; a PartialDate keeps exactly that precision and
never invents a day. Its ISO text ("1975", "1975-03", "1975-03-12") is also the storage form: it
sorts correctly as text.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from kuangqu.errors import RuleViolation
from kuangqu.rules.text import fullwidth_to_ascii


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day. Ordered by (year, month or 0, day or 0)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        for part in (self.year, self.month, self.day):
            if part is not None and (isinstance(part, bool) or not isinstance(part, int)):
                raise RuleViolation("rule.date_format")
        if self.day is not None and self.month is None:
            raise RuleViolation("rule.date_format")
        # str(self) only on the way out: building it for every valid date cost more than the checks.
        if not 1 <= self.year <= 9999 or (self.month is not None and not 1 <= self.month <= 12):
            raise RuleViolation("rule.date_impossible", value=str(self))
        if (
            self.month is not None
            and self.day is not None
            and not 1 <= self.day <= _days_in_month(self.year, self.month)
        ):
            raise RuleViolation("rule.date_impossible", value=str(self))

    # dataclass(order=True) would compare None with int and crash; an explicit key orders a year
    # before any of its months, and a month before any of its days.
    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: Any) -> bool:
        return self._key() < other._key() if isinstance(other, PartialDate) else NotImplemented

    def __le__(self, other: Any) -> bool:
        return self._key() <= other._key() if isinstance(other, PartialDate) else NotImplemented

    def __gt__(self, other: Any) -> bool:
        return self._key() > other._key() if isinstance(other, PartialDate) else NotImplemented

    def __ge__(self, other: Any) -> bool:
        return self._key() >= other._key() if isinstance(other, PartialDate) else NotImplemented

    @property
    def precision(self) -> str:
        if self.month is None:
            return "year"
        return "month" if self.day is None else "day"

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @classmethod
    def from_iso(cls, text: str) -> PartialDate:
        """Read the storage form back: "1975", "1975-03" or "1975-03-12", nothing else."""
        match = _ISO.fullmatch(text) if isinstance(text, str) else None
        if not match:
            raise RuleViolation("rule.date_format")
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @classmethod
    def from_date(cls, value: date) -> PartialDate:
        if isinstance(value, datetime):
            value = value.date()
        return cls(value.year, value.month, value.day)

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        month = self.month or 12
        return date(self.year, month, self.day or _days_in_month(self.year, month))

    def to_date(self) -> date:
        """The exact date; refused unless the day is known (never invent one)."""
        if self.month is None or self.day is None:
            raise RuleViolation("rule.date_not_day_precision", value=str(self))
        return date(self.year, self.month, self.day)

    def display_zh(self) -> str:
        text = f"{self.year}年"
        if self.month is not None:
            text += f"{self.month}月"
        if self.day is not None:
            text += f"{self.day}日"
        return text


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    # calendar.monthrange also computes the weekday: too slow for the importer's 100,000 rows.
    return 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month]


_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)
# Year first, one separator used throughout: 2024-01-01, 2024-1-1, 2024.1.1, 2024/1/1.
_YMD = re.compile(r"(\d{4})([-./])(\d{1,2})\2(\d{1,2})", re.ASCII)
_YM = re.compile(r"(\d{4})[-./](\d{1,2})", re.ASCII)
_ZH = re.compile(r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})[日号]?)?)?", re.ASCII)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})?", re.ASCII)  # 19491231 or 195503
_YEAR = re.compile(r"\d{4}", re.ASCII)
# Day and month first (01/02/2024): 1 February or 2 January? Refused, whichever it looks like.
_DAY_FIRST = re.compile(r"\d{1,2}[-./]\d{1,2}[-./]\d{2,4}", re.ASCII)
# A datetime written out as text; only midnight, which is what a date cell turns into.
_AROUND_SEPARATORS = re.compile(r"\s*([-./年月日号])\s*")  # compiled once (was re.sub(pattern, …))
_MIDNIGHT = re.compile(r"[ T]00:00(:00(\.0+)?)?$", re.ASCII)


def _from_number(raw: int | float | Decimal) -> PartialDate:
    # Only yyyymmdd and a bare year are unambiguous. 45292 is an Excel serial that lost its date
    # format; 1955.1 may have been typed as 1955.10 (October) before Excel dropped the zero.
    if isinstance(raw, int):
        finite = True
    else:
        finite = raw.is_finite() if isinstance(raw, Decimal) else math.isfinite(raw)
    if finite and raw == int(raw):
        whole = int(raw)
        if 10_000_000 <= whole <= 99_999_999:
            return PartialDate(whole // 10_000, whole // 100 % 100, whole % 100)
        if 1000 <= whole <= 9999:
            return PartialDate(whole)
    raise RuleViolation("rule.date_number_ambiguous")


def _build(year: str, month: str | None = None, day: str | None = None) -> PartialDate:
    return PartialDate(int(year), int(month) if month else None, int(day) if day else None)


def parse_partial_date(raw: object) -> PartialDate:
    """Read a date cell or option into a PartialDate of the precision it was written with."""
    if raw is None:
        raise RuleViolation("rule.date_empty")
    if isinstance(raw, bool):
        raise RuleViolation("rule.date_format")
    if isinstance(raw, date):  # datetime is a date too
        return PartialDate.from_date(raw)
    if isinstance(raw, (int, float, Decimal)):
        return _from_number(raw)
    if not isinstance(raw, str):
        raise RuleViolation("rule.date_format")

    text = fullwidth_to_ascii(raw).strip()
    text = _AROUND_SEPARATORS.sub(r"\1", _MIDNIGHT.sub("", text))
    if not text:
        raise RuleViolation("rule.date_empty")
    if m := _YMD.fullmatch(text):
        return _build(m[1], m[3], m[4])
    for pattern in (_ZH, _COMPACT):
        if m := pattern.fullmatch(text):
            return _build(*m.groups())
    if m := _YM.fullmatch(text):
        return _build(m[1], m[2])
    if _YEAR.fullmatch(text):
        return _build(text)
    if _DAY_FIRST.fullmatch(text):
        raise RuleViolation("rule.date_ambiguous")
    raise RuleViolation("rule.date_format")


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year: take the 28th, the lenient choice
        return day.replace(year=day.year + years, day=28)


def check_retirement(birth: date, retired: PartialDate, *, today: date, min_age: int = 40) -> None:
    """Reject a retirement date that cannot be right for someone born on `birth`.

    A partial date is rejected only when every day it may stand for is wrong: a retirement in
    "1995" by someone who turned 40 in June 1995 is plausible, and refusing it would push the clerk
    to invent a day.
    """
    if retired.last_day() < birth:
        raise RuleViolation("rule.retired_before_birth")
    if retired.last_day() < _add_years(birth, min_age):
        raise RuleViolation("rule.retired_too_young", min_age=min_age)
    if retired.first_day() > today:
        raise RuleViolation("rule.retired_in_future", today=today.isoformat())
