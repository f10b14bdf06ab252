"""Column types shared by all tables: partial dates, JSON lists, UTC timestamps."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.types import TypeDecorator

from kuangqu.rules.dates import PartialDate


def utcnow() -> datetime:
    return datetime.now(UTC)


class PartialDateType(TypeDecorator[PartialDate]):
    """A PartialDate stored as its ISO text ("1975", "1975-03", "1975-03-12"), which sorts correctly."""

    impl = String(10)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, PartialDate):
            return str(value)
        return str(PartialDate.from_iso(str(value)))

    def process_result_value(self, value: Any, dialect: Any) -> PartialDate | None:
        return None if value is None else _from_iso(value)


# Reading 100,000 rows parses the same few thousand month strings over and over; a PartialDate
# is immutable, so one instance per text can be shared. (A bad text raises every time.)
_from_iso = lru_cache(maxsize=65536)(PartialDate.from_iso)


class CodeList(TypeDecorator[list[str]]):
    """An ordered list of short codes (hardship causes, exclusions) stored as JSON."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> list[str] | None:
        return None if value is None else [str(v) for v in value]

    def process_result_value(self, value: Any, dialect: Any) -> list[str]:
        return list(value or [])
