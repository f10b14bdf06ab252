"""Home-visit (家访) scheduling and quarter arithmetic for the grid leaders' assessment (季度奖惩).

Pure. A household is due for its next visit `interval` calendar days after the last one
(90 by default, 30 for key-support households, or the household's own interval) and is
overdue from the day after. A household never visited is overdue: the grid is supposed
to have been to every door.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from kuangqu.errors import RuleViolation

DEFAULT_INTERVAL_DAYS = 90
KEY_SUPPORT_INTERVAL_DAYS = 30


def interval_days(
    *,
    key_support: bool,
    override: int | None = None,
    default: int = DEFAULT_INTERVAL_DAYS,
    key_support_default: int = KEY_SUPPORT_INTERVAL_DAYS,
) -> int:
    """The household's own interval if set, else the key-support one, else the default."""
    if override is not None:
        if override <= 0:
            raise RuleViolation("visit.interval_positive", days=override)
        return override
    return key_support_default if key_support else default


def next_due(last_visit: date | None, interval: int) -> date | None:
    """The last day the next visit is on time; None when the household was never visited (due now)."""
    return None if last_visit is None else last_visit + timedelta(days=interval)


def is_overdue(last_visit: date | None, interval: int, as_of: date) -> bool:
    due = next_due(last_visit, interval)
    return due is None or as_of > due


def days_overdue(last_visit: date | None, interval: int, as_of: date) -> int | None:
    """Days past the due day (0 or less: not overdue); None when never visited."""
    due = next_due(last_visit, interval)
    return None if due is None else (as_of - due).days


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1–4

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4 or not 1 <= self.year <= 9999:
            raise RuleViolation("visit.quarter_format", value=str(self))

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)


_QUARTER = re.compile(r"(\d{4})\s*[-_ ]?\s*[Qq]([1-4])|(\d{4})年?第?([1-4一二三四])季度?")
_CN = {"一": 1, "二": 2, "三": 3, "四": 4}


def parse_quarter(raw: str) -> Quarter:
    """'2020Q3', '2020-q3', '2020年第三季度' → Quarter(2020, 3)."""
    text = str(raw).strip()
    match = _QUARTER.fullmatch(text)
    if not match:
        raise RuleViolation("visit.quarter_format", value=text)
    if match.group(1):
        return Quarter(int(match.group(1)), int(match.group(2)))
    number = match.group(4)
    return Quarter(int(match.group(3)), _CN.get(number) or int(number))
