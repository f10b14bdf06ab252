"""The household member list (困难职工家庭成员登记表) exported from the database, print-ready.

Exactly the layout of the households import template (title, 填报单位/日期 line, header on row 3,
the same headers, drop-downs for 与户主关系, 健康状况, 残疾等级), one row per current member with
the household's 本人 row first carrying its facts, so a list exported with --reveal, edited and
imported again (`kuangqu import households`) changes only what was edited. Streams: one
short-lived row per member, whatever the size.
"""

from __future__ import annotations

from pathlib import Path

from kuangqu.excel.exports.layouts import FIRST_DATA_ROW, HOUSEHOLD_SHEET, HOUSEHOLD_TITLE, HOUSEHOLDS
from kuangqu.excel.exports.template import (
    HOUSEHOLD_CHOICES,
    ExportOptions,
    add_dropdowns,
    export_sheet,
    inline_sources,
)
from kuangqu.excel.writer import Book, Saved
from kuangqu.reports.roster import RosterRows

EDIT_ROWS = 1_000  # drop-downs reach this many rows below the data, for members added by hand


def write_households(target: Path | str, data: RosterRows, options: ExportOptions) -> Saved:
    with Book(target, force=options.force) as book:
        sheet = export_sheet(book, HOUSEHOLD_SHEET, HOUSEHOLDS, HOUSEHOLD_TITLE, options, freeze="D4")
        sheet.extend(data.rows, progress=options.progress)
        last = max(sheet.row, FIRST_DATA_ROW) + EDIT_ROWS
        add_dropdowns(sheet, HOUSEHOLDS, HOUSEHOLD_CHOICES, inline_sources(HOUSEHOLD_CHOICES), last)
        return book.save()
