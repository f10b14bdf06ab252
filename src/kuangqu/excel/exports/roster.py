"""The registration sheet (离退休人员情况登记表) exported from the roster, print-ready.

Same layout as the import template (title, 填报单位/日期 line, header on row 3, same headers and
drop-downs), so a sheet exported with --reveal, edited and imported again changes only what was
edited. Columns the importer kept from unknown headers (`Retiree.extra`) come back after 备注
under their original headers. Streams: one short-lived cell per value, whatever the size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from kuangqu.excel.exports.layouts import FIRST_DATA_ROW, ROSTER, ROSTER_SHEET, ROSTER_TITLE, Field
from kuangqu.excel.exports.template import layout_sheet, roster_dropdowns
from kuangqu.excel.writer import GENERAL, Book, Saved
from kuangqu.i18n import t
from kuangqu.models.enums import Category, Sex, Status
from kuangqu.reports.roster import RosterRows

EDIT_ROWS = 1_000  # drop-downs reach this many rows below the data, for people added by hand


def write_roster(
    target: Path | str,
    data: RosterRows,
    *,
    areas: Sequence[str] = (),
    reveal: bool = False,
    title: str | None = None,
    unit: str = "",
    day: date | None = None,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Saved:
    day = day or date.today()
    layout = ROSTER + tuple(Field(f"extra:{k}", str(k), max(10.0, min(30.0, len(str(k)) * 2.0 + 2)), GENERAL)
                            for k in data.extra_keys)  # fmt: skip
    with Book(target, force=force) as book:
        sheet = layout_sheet(
            book,
            ROSTER_SHEET,
            layout,
            title or ROSTER_TITLE,
            unit=unit,
            day=t("export.date_zh", year=day.year, month=day.month, day=day.day),
            freeze="C4",
            note="" if reveal else t("export.masked_note"),
        )
        numbered = ((n, *row) for n, row in enumerate(data.rows, start=1))
        sheet.extend(numbered, progress=progress)
        lists = {
            "sex": list(Sex.labels().values()),
            "category": list(Category.labels().values()),
            "status": list(Status.labels().values()),
        }
        ranges = {key: _inline(values) for key, values in lists.items()}
        if areas and len(",".join(areas)) < 250 and not any("," in a or '"' in a for a in areas):
            ranges["area"] = _inline(list(areas))
        roster_dropdowns(sheet, ranges, max(sheet.row, FIRST_DATA_ROW) + EDIT_ROWS)
        return book.save()


def _inline(values: list[str]) -> str:
    return '"' + ",".join(values) + '"'
