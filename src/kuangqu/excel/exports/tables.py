"""Any `render.Report` as a print-ready sheet: typed cells, live totals, sign-off sheets.

A Report knows nothing of Excel, so its columns are read from their values: integers and
Decimals are numbers, a right-aligned column of "412.50" strings is money (JSON money is a
string), dates are dates, everything else is text. A right-aligned number column that is not an
identifier (id, age, month, …) is totalled with a live `=SUM()`. A Report's own last row
labelled 合计/总计/小计 is replaced by that formula row, keeping its value as a plain number
where it is not the column's sum. A Report with a "signature" column is a sign-off sheet (签领表):
numbered rows tall enough to sign, a wide empty 签字 column, and sign-off lines at the bottom.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from kuangqu.excel.writer import DATE, DATETIME, GENERAL, INT, MONEY, TEXT, Book, Col, Sheet
from kuangqu.i18n import t
from kuangqu.render import Column, Report, cell_text

TOTAL_WORDS = frozenset({"合计", "总计", "小计", "total"})
_MONEY = re.compile(r"^-?\d{1,15}\.\d{2}$")
_NOT_SUMMED = frozenset(
    {"id", "age", "year", "month", "day", "seq", "no", "disability_grade", "tier", "rank"}
)
_NOT_SUMMED_SUFFIXES = ("_id", "_no", "_year", "_month", "_days", "_grade", "_number", "_rate", "_ratio")
SIGNATURE = "signature"
SIGN_ROW_HEIGHT = 30.0
HEADER_ROW = 3


@dataclass
class Table:
    """A Report made ready for a sheet."""

    title: str
    keys: list[str]
    cols: list[Col]
    rows: list[list[Any]]
    own_total: list[Any] | None
    signoff: bool
    footer: list[str]

    def totalled(self) -> list[int]:
        return [i for i, c in enumerate(self.cols) if c.total]

    def indexes(self, kind: str) -> list[int]:
        return [i for i, c in enumerate(self.cols) if c.total and c.kind == kind]


def is_total_row(row: dict[str, Any], columns: Sequence[Column]) -> bool:
    if not columns:
        return False
    first = row.get(columns[0].key)
    return isinstance(first, str) and first.strip().casefold() in TOTAL_WORDS


def column_kind(column: Column, values: Sequence[Any]) -> str:
    present = [v for v in values if v is not None and v != ""]
    if not present:
        return TEXT
    if all(isinstance(v, bool) for v in present):
        return TEXT
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return INT
    if all(isinstance(v, (int, Decimal, float)) and not isinstance(v, bool) for v in present):
        return MONEY
    if column.justify == "right" and all(isinstance(v, str) and _MONEY.match(v) for v in present):
        return MONEY
    if all(isinstance(v, datetime) for v in present):
        return DATETIME
    if all(isinstance(v, date) and not isinstance(v, datetime) for v in present):
        return DATE
    if all(not isinstance(v, (int, float, Decimal)) or isinstance(v, bool) for v in present):
        return TEXT
    return GENERAL


def summable(column: Column, kind: str) -> bool:
    key = column.key
    return (
        kind in (INT, MONEY)
        and column.justify == "right"
        and key not in _NOT_SUMMED
        and not key.endswith(_NOT_SUMMED_SUFFIXES)
    )


def convert(value: Any, kind: str) -> Any:
    """A Report value as a cell value for a column of `kind`."""
    if type(value) is str and value and kind in (TEXT, GENERAL):
        return value  # what cell_text gives, without its checks: most cells of a big report
    if value is None or value == "":
        return None
    if kind == MONEY:
        return Decimal(value) if isinstance(value, str) else value
    if kind in (INT, DATE, DATETIME):
        return value
    if kind == GENERAL and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    return cell_text(value)


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def prepare(report: Report) -> Table:
    columns = list(report.columns)
    rows = list(report.rows)
    own_total = None
    if rows and is_total_row(rows[-1], columns):
        own_total = rows.pop()
    signoff = any(c.key == SIGNATURE for c in columns)
    keys, cols = [], []
    body: list[list[Any]] = [[] for _ in rows]
    if signoff:
        keys.append("seq")
        cols.append(Col(t("export.seq"), 6, INT))
        for n, line in enumerate(body, start=1):
            line.append(n)
    for column in columns:
        values = [r.get(column.key) for r in rows]
        if column.key == SIGNATURE:
            kind, width, total = TEXT, 22.0, False
            converted: list[Any] = [None] * len(rows)
        else:
            kind = column_kind(column, values)
            converted = [convert(v, kind) for v in values]
            total = summable(column, kind)
            sample = [column.label()] + [cell_text(v) for v in values[:500]]
            width = float(min(40, max(6, max(_display_width(s) for s in sample) + 2)))
        keys.append(column.key)
        cols.append(Col(column.label(), width, kind, total))
        for line, value in zip(body, converted, strict=True):
            line.append(value)
    total_values = None
    if own_total is not None:
        total_values = [None] * (1 if signoff else 0) + [
            convert(own_total.get(c.key), cols[i + (1 if signoff else 0)].kind)
            if c.key != SIGNATURE
            else None
            for i, c in enumerate(columns)
        ]
    return Table(report.title, keys, cols, body, total_values, signoff, list(report.footer))


@dataclass
class Placed:
    """Where a table landed on its sheet, for charts."""

    sheet: Sheet
    header_row: int
    first_row: int
    last_row: int
    total_row: int | None
    table: Table


def write_table(sheet: Sheet, table: Table) -> Placed:
    """The table's header, rows and total row at the sheet's current position."""
    sheet.table(table.cols)
    header = sheet.header(height=20 if table.signoff else None)
    height = SIGN_ROW_HEIGHT if table.signoff else None
    for row in table.rows:
        sheet.append(row, height=height)
    last = sheet.row
    total_row = None
    if table.totalled():
        overrides = _overrides(table, header + 1, last)
        total_row = sheet.total(t("export.total"), overrides=overrides)
    return Placed(sheet, header, header + 1, last, total_row, table)


def _overrides(table: Table, first: int, last: int) -> dict[int, Any]:
    """The report's own totals that are not the column's sum (so a SUM formula would be wrong)."""
    if table.own_total is None:
        return {}
    out = {}
    for index in table.totalled():
        given = table.own_total[index]
        if given is None:
            continue
        column_sum = sum((Decimal(str(r[index])) for r in table.rows if r[index] is not None), Decimal(0))
        if Decimal(str(given)) != column_sum:
            out[index] = given
    return out


def report_sheet(book: Book, report: Report, *, subtitle: str) -> Placed:
    """`report` on a sheet of its own: title, subtitle line, table (frozen header repeated on every
    page), footer lines; a sign-off sheet gets its sign-off lines."""
    table = prepare(report)
    title = table.title + (t("export.signoff_suffix") if table.signoff else "")
    sheet = book.sheet(report.title)
    sheet.columns(table.cols)
    landscape = sum(c.width for c in table.cols) > 95
    sheet.page(landscape=landscape, repeat_rows=f"{HEADER_ROW}:{HEADER_ROW}", footer=t("export.page_footer"))
    sheet.freeze(f"A{HEADER_ROW + 1}")
    sheet.title(title)
    sheet.merged_line(subtitle)
    placed = write_table(sheet, table)
    for line in table.footer:
        sheet.merged_line(line)
    if table.signoff:
        sheet.blank()
        sheet.merged_line(t("export.signoff_footer"), height=24)
    return placed


def chart_table(placed: Placed, *, title: str, anchor_column: int, anchor_row: int) -> int:
    """Charts of a placed table's totalled columns by its first column: a bar chart of the money
    columns and one of the counts (different scales). Returns how many charts were drawn."""
    from openpyxl.utils import get_column_letter

    money = [i + 1 for i in placed.table.indexes(MONEY)]
    counts = [i + 1 for i in placed.table.indexes(INT)]
    drawn = 0
    for series, y_title in ((money, t("export.chart_amounts")), (counts, t("export.chart_counts"))):
        if not series:
            continue
        anchor = f"{get_column_letter(anchor_column)}{anchor_row + drawn * 16}"
        placed.sheet.chart(
            title,
            header_row=placed.header_row,
            last_row=placed.last_row,
            category_column=1,
            series_columns=series,
            anchor=anchor,
            y_title=y_title,
        )
        drawn += 1
    return drawn
