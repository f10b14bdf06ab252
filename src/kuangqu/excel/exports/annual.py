"""The annual export (`kuangqu export annual`): the year's figures from `kuangqu.reports.annual_figures`
on a summary sheet, and each table of `kuangqu.reports.annual_by_month` on a sheet of its own with
live totals and native charts (amounts and counts by month).

Figure labels are the catalogue's `col.<key>`; a figure that is a small dict (households by
tier, petitions by status) becomes one line per entry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from kuangqu.excel.exports.tables import chart_table, report_sheet
from kuangqu.excel.writer import INT, MONEY, TEXT, Book, Col, Saved
from kuangqu.i18n import catalogue, t
from kuangqu.render import Report, cell_text

_MONEY = re.compile(r"^-?\d{1,15}\.\d{2}$")


def label(key: str) -> str:
    return t(f"col.{key}") if f"col.{key}" in catalogue() else key


def figure_rows(figures: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """(label, value, kind) lines of the summary; the year itself is the title, not a line."""
    lines: list[tuple[str, Any, str]] = []
    for key, value in figures.items():
        if key == "year":
            continue
        if isinstance(value, dict):
            for sub, subvalue in value.items():
                # A code's own label (col.petitions_by_status.closed) before the bare code's.
                nested = f"{key}.{sub}" if f"col.{key}.{sub}" in catalogue() else str(sub)
                lines.append((f"{label(key)}（{label(nested)}）", *_typed(subvalue)))
        else:
            lines.append((label(key), *_typed(value)))
    return lines


def _typed(value: Any) -> tuple[Any, str]:
    if isinstance(value, bool):
        return cell_text(value), TEXT
    if isinstance(value, int):
        return value, INT
    if isinstance(value, (Decimal, float)):
        return value, MONEY
    if isinstance(value, str) and _MONEY.match(value):
        return Decimal(value), MONEY
    return cell_text(value), TEXT


def write_annual(
    target: Path | str,
    year: int,
    figures: dict[str, Any],
    by_month: Sequence[Report],
    *,
    force: bool = False,
    today: date | None = None,
) -> Saved:
    today = today or date.today()
    made_on = t("export.made_on", date=today.isoformat())
    with Book(target, force=force) as book:
        summary = book.sheet(t("export.annual_sheet"))
        summary.counted = False
        summary.columns([Col(t("export.item"), 36, TEXT), Col(t("export.value"), 16, TEXT)])
        summary.page(landscape=False, repeat_rows="3:3", footer=t("export.page_footer"))
        summary.freeze("A4")
        summary.title(t("export.annual_title", year=year))
        summary.merged_line(made_on)
        summary.header()
        for text, value, kind in figure_rows(figures):
            summary.append([text, value], kinds=[None, kind])
        for report in by_month:
            placed = report_sheet(book, report, subtitle=made_on)
            chart_table(placed, title=report.title, anchor_column=len(placed.table.cols) + 2, anchor_row=3)
        return book.save()
