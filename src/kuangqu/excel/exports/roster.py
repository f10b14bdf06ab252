"""The registration sheet (离退休人员情况登记表) exported from the roster, print-ready.

Same layout as the import template (title, 填报单位/日期 line, header on row 3, same headers and
drop-downs), so a sheet exported with --reveal, edited and imported again changes only what was
edited. Columns the importer kept from unknown headers (`Retiree.extra`) come back after 备注
under their original headers. Streams: one short-lived cell per value, whatever the size.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kuangqu.excel.exports.layouts import FIRST_DATA_ROW, ROSTER, ROSTER_SHEET, ROSTER_TITLE, Field
from kuangqu.excel.exports.template import (
    ROSTER_CHOICES,
    ExportOptions,
    add_dropdowns,
    export_sheet,
    inline_sources,
)
from kuangqu.excel.writer import GENERAL, Book, Saved
from kuangqu.reports.roster import RosterRows

EDIT_ROWS = 1_000  # drop-downs reach this many rows below the data, for people added by hand


def write_roster(
    target: Path | str, data: RosterRows, options: ExportOptions, *, areas: Sequence[str] = ()
) -> Saved:
    layout = ROSTER + tuple(Field(f"extra:{k}", str(k), max(10.0, min(30.0, len(str(k)) * 2.0 + 2)), GENERAL)
                            for k in data.extra_keys)  # fmt: skip
    with Book(target, force=options.force) as book:
        sheet = export_sheet(book, ROSTER_SHEET, layout, ROSTER_TITLE, options, freeze="C4")
        numbered = ((n, *row) for n, row in enumerate(data.rows, start=1))
        sheet.extend(numbered, progress=options.progress)
        sources = inline_sources(ROSTER_CHOICES, areas)
        add_dropdowns(sheet, layout, ROSTER_CHOICES, sources, max(sheet.row, FIRST_DATA_ROW) + EDIT_ROWS)
        return book.save()
