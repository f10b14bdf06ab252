"""The monthly report (`kuangqu export monthly`): a summary sheet with native charts, then one
sheet per section registered in `kuangqu.reports.MONTHLY_SECTIONS`.

The summary shows the roster's changes (new, died, moved) with a chart and, when a section has
a `tier` column (the relief payments), its amounts and person-times added up by tier with a
chart; then the list of the report's sheets. Sections are rendered as they are registered: a
section whose data does not exist yet is simply absent, never faked.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from kuangqu.excel.exports.tables import (
    SIGNATURE,
    Placed,
    Table,
    chart_table,
    prepare,
    report_sheet,
    write_table,
)
from kuangqu.excel.writer import INT, TEXT, Book, Col, Saved, Sheet
from kuangqu.i18n import t
from kuangqu.render import Report
from kuangqu.reports.roster import CHANGE_KEYS

CHART_ROWS = 16  # rows a chart of the default height covers: the next table starts below it
SUMMARY_WIDTHS = (22.0, 14.0, 14.0, 14.0, 14.0, 3.0)


def write_monthly(
    target: Path | str,
    month: Any,
    changes: dict[str, int],
    sections: Sequence[Report],
    *,
    force: bool = False,
    today: date | None = None,
) -> Saved:
    today = today or date.today()
    with Book(target, force=force) as book:
        summary = book.sheet(t("export.summary_sheet"))
        summary.counted = False
        summary.columns([Col("", w) for w in SUMMARY_WIDTHS])
        summary.page(landscape=True, footer=t("export.page_footer"))
        summary.title(t("export.monthly_title", year=month.year, month=month.month))
        summary.merged_line(t("export.made_on", date=today.isoformat()))
        summary.blank()
        _roster_changes(summary, changes)
        tiers = tier_table(sections)
        if tiers is not None:
            summary.merged_line(tiers.title, style="kq.title", span=5)
            placed = write_table(summary, tiers)
            chart_table(placed, title=tiers.title, anchor_column=7, anchor_row=placed.header_row)
            _skip_to(summary, placed.header_row + CHART_ROWS * 2)
        elif sections:
            summary.merged_line(t("export.no_relief"))
        subtitle = t("export.made_on", date=today.isoformat())
        written = [report_sheet(book, report, subtitle=subtitle) for report in sections]
        summary.blank()
        summary.merged_line(t("export.contents"), style="kq.title", span=5)
        if not sections:
            summary.merged_line(t("export.no_sections"))
        for placed in written:
            summary.plain([t("export.sheet_rows", sheet=placed.sheet.name, rows=placed.sheet.data_rows)])
        return book.save()


def _skip_to(sheet: Sheet, row: int) -> None:
    while sheet.row < row:
        sheet.blank()


def _roster_changes(sheet: Sheet, changes: dict[str, int]) -> Placed:
    sheet.merged_line(t("export.roster_changes"), style="kq.title", span=5)
    table = Table(
        title=t("export.roster_changes"),
        keys=["item", "people"],
        cols=[Col(t("export.item"), 22, TEXT), Col(t("export.people"), 14, INT)],
        rows=[[t(f"col.{key}"), int(changes.get(key, 0))] for key in CHANGE_KEYS],
        own_total=None,
        signoff=False,
        footer=[],
    )
    placed = write_table(sheet, table)
    sheet.merged_line(t("export.roster_active_line", count=changes.get("roster_active", 0)), span=5)
    sheet.chart(
        t("export.roster_changes"),
        header_row=placed.header_row,
        last_row=placed.last_row,
        category_column=1,
        series_columns=[2],
        anchor=f"G{placed.header_row - 1}",
        y_title=t("export.people"),
    )
    _skip_to(sheet, placed.header_row + CHART_ROWS)
    return placed


def tier_table(sections: Sequence[Report]) -> Table | None:
    """The first section with a `tier` column (not a sign-off sheet), added up by tier."""
    candidates = [
        r for r in sections
        if any(c.key == "tier" for c in r.columns) and not any(c.key == SIGNATURE for c in r.columns)
    ]  # fmt: skip
    for report in candidates:
        table = prepare(report)
        totalled = table.totalled()
        if not totalled:
            continue
        tier_index = table.keys.index("tier")
        sums: dict[str, list[Any]] = {}
        for row in table.rows:
            tier = str(row[tier_index]) if row[tier_index] is not None else "—"
            acc = sums.setdefault(tier, [Decimal(0) if table.cols[i].kind != INT else 0 for i in totalled])
            for n, i in enumerate(totalled):
                if row[i] is not None:
                    acc[n] += row[i]
        return Table(
            title=t("export.relief_by_tier"),
            keys=["tier", *(table.keys[i] for i in totalled)],
            cols=[Col(table.cols[tier_index].label, 22, TEXT), *(table.cols[i] for i in totalled)],
            rows=[[tier, *values] for tier, values in sums.items()],
            own_total=None,
            signoff=False,
            footer=[],
        )
    return None
