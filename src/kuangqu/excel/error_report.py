"""The errors workbook of a failed import: the offending rows as read, plus 错误说明, to fix and re-import.

The header row is written as it was in the clerk's sheet, so the fixed file imports with the
same columns. Written through the one writer (`excel.writer.Book`): text stays text, never a
formula (= + - @ typed by a clerk included), the file goes to a temporary file beside the target,
is synced, made owner-only and renamed over it, and a target that is not a workbook is refused.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from kuangqu.errors import Problem
from kuangqu.excel.writer import DATE, DATETIME, ERROR_NOTE, GENERAL, INT, TEXT, Book, Col
from kuangqu.i18n import t


def write_error_workbook(target: Path, sheets: list[Any], problems: list[Problem], describe: Any) -> int:
    """Write the rows named by `problems` to `target`; returns how many rows were written."""
    by_row: dict[tuple[str | None, int | None], list[str]] = defaultdict(list)
    for problem in problems:
        by_row[(problem.sheet, problem.row)].append(describe(problem))
    written = 0
    with Book(target) as book:
        for sheet in sheets:
            rows = [r for r in sheet.rows if (sheet.name, r.row) in by_row]
            general = by_row.get((sheet.name, None), [])
            if not rows and not general:
                continue
            out = book.sheet(sheet.name)
            width = len(sheet.header_texts)
            out.columns(
                [
                    Col(t("xlsx.errors_row"), 8, INT),
                    *(Col(str(text or ""), 14, GENERAL) for text in sheet.header_texts),
                    Col(t("xlsx.errors_note"), 50, ERROR_NOTE),
                ]
            )
            out.freeze("B2")
            out.header()
            for row in rows:
                values = [_value(v) for v in (list(row.cells) + [None] * width)[:width]]
                note = "；".join(by_row[(sheet.name, row.row)])
                out.append([row.row, *values, note], kinds=[INT, *(_kind(v) for v in values), ERROR_NOTE])
                written += 1
            for text in general:
                out.append([None, *([None] * width), text])
        if written == 0 and not problems:
            return 0  # leaving the block without saving writes nothing
        leftover = [p for p in problems if p.sheet not in {s.name for s in sheets}]
        if leftover or written == 0:
            other = book.sheet(t("xlsx.errors_other_sheet"))
            other.columns([Col(t("xlsx.errors_place"), 16, TEXT), Col(t("xlsx.errors_note"), 60, ERROR_NOTE)])
            other.header()
            for problem in leftover or problems:
                other.append([f"{problem.sheet or ''} {problem.row or ''}".strip(), describe(problem)])
        book.save()
    return written


def _value(value: Any) -> Any:
    """A value as read → a cell value: text, numbers and dates as they are, anything else as text."""
    if value is None or isinstance(value, (str, int, float, dt.date, dt.datetime)):
        return value
    return str(value)


def _kind(value: Any) -> str | None:
    """Text keeps the text format ("@"), so a re-typed ID stays text; dates get a date format."""
    if isinstance(value, str):
        return TEXT
    if isinstance(value, dt.datetime):
        return DATETIME
    if isinstance(value, dt.date):
        return DATE
    return GENERAL
