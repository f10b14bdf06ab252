"""Blank import sheets in the office's layout (`kuangqu export template retirees|households`).

The sheet has the title, the 填报单位/日期 line and the header on row 3, exactly as a roster
export; the ID, phone, date and amount columns are formatted as text for the rows the clerk
will type (a column style, so nothing is pre-filled); drop-downs offer 性别, 人员类别, 人员状态
and the database's 片区 (or relation, health and disability grade); a second sheet 说明 explains
each column and holds the drop-downs' lists, visibly (a hidden sheet would make the importer warn).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kuangqu.excel.exports.layouts import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    HOUSEHOLD_SHEET,
    HOUSEHOLD_TITLE,
    HOUSEHOLDS,
    ROSTER,
    ROSTER_SHEET,
    ROSTER_TITLE,
    Field,
    column_of,
)
from kuangqu.excel.writer import GENERAL, TEXT, Book, Col, Saved, Sheet
from kuangqu.i18n import t
from kuangqu.models.enums import Category, Health, Relation, Sex, Status
from kuangqu.rules.codes import EXCLUSIONS, HARDSHIP_CAUSES

TEMPLATE_ROWS = 10_000  # rows covered by the drop-downs
KINDS = ("retirees", "households")
DISABILITY_GRADES = ("一级", "二级", "三级", "四级")
_HELP_KEYS = {"id_number": "id_number", "birth_date": "birth_date"}


def write_template(kind: str, target: Path | str, *, areas: Sequence[str] = (), force: bool = False) -> Saved:
    """Write the blank `kind` sheet ("retirees" or "households") with its instructions sheet."""
    with Book(target, force=force) as book:
        if kind == "retirees":
            main = layout_sheet(book, ROSTER_SHEET, ROSTER, ROSTER_TITLE, unit="", day="", freeze="C4")
            lists = {
                "sex": (t("col.sex"), list(Sex.labels().values())),
                "category": (t("col.category"), list(Category.labels().values())),
                "status": (t("col.status"), list(Status.labels().values())),
                "area": (t("col.area"), list(areas)),
            }
            ranges = instructions(book, ROSTER, t("export.template.roster_notes"), lists, help_prefix="")
            roster_dropdowns(main, ranges, FIRST_DATA_ROW + TEMPLATE_ROWS - 1)
        elif kind == "households":
            main = layout_sheet(
                book, HOUSEHOLD_SHEET, HOUSEHOLDS, HOUSEHOLD_TITLE, unit="", day="", freeze="D4"
            )
            lists = {
                "relation": (t("col.relation"), list(Relation.labels().values())),
                "health": (t("col.health"), list(Health.labels().values())),
                "disability_grade": (t("col.disability_grade"), list(DISABILITY_GRADES)),
            }
            ranges = instructions(
                book,
                HOUSEHOLDS,
                t("export.template.household_notes"),
                lists,
                help_prefix="member_",
                codes=True,
            )
            last = FIRST_DATA_ROW + TEMPLATE_ROWS - 1
            for key in lists:
                if key in ranges:
                    main.dropdown(
                        column_of(HOUSEHOLDS, key),
                        FIRST_DATA_ROW,
                        last,
                        source=ranges[key],
                        title=t("export.dropdown_title"),
                        error=t("export.dropdown_error"),
                    )
        else:  # the CLI offers only KINDS
            raise ValueError(kind)
        return book.save()


def layout_sheet(
    book: Book,
    name: str,
    layout: Sequence[Field],
    title: str,
    *,
    unit: str,
    day: str,
    freeze: str,
    note: str = "",
    column_styles: bool = True,
) -> Sheet:
    """A sheet in the office's layout, up to its header row: title, 填报单位/日期 line, header;
    landscape A4 fitted to the width, the header repeated on every page, page numbers."""
    sheet = book.sheet(name)
    sheet.columns([Col(f.header, f.width, f.kind) for f in layout])
    if column_styles:
        for index, f in enumerate(layout, start=1):
            if f.kind == TEXT:
                sheet.column_format(index, TEXT)
    sheet.page(landscape=True, repeat_rows=f"{HEADER_ROW}:{HEADER_ROW}", footer=t("export.page_footer"))
    sheet.freeze(freeze)
    sheet.title(title)
    sheet.merged_line(t("export.unit_line", unit=unit, date=day) + note)
    sheet.header(height=20)
    assert sheet.row == HEADER_ROW
    return sheet


def roster_dropdowns(sheet: Sheet, ranges: dict[str, str], last_row: int) -> None:
    """性别, 人员类别, 人员状态 refuse other values; 片区 only warns (a new area is allowed)."""
    for key in ("sex", "category", "status", "area"):
        if key not in ranges:
            continue
        strict = key != "area"
        sheet.dropdown(
            column_of(ROSTER, key),
            FIRST_DATA_ROW,
            last_row,
            source=ranges[key],
            strict=strict,
            title=t("export.dropdown_title"),
            error=t("export.dropdown_error") if strict else t("export.dropdown_area"),
        )


def instructions(
    book: Book,
    layout: Sequence[Field],
    notes: str,
    lists: dict[str, tuple[str, list[str]]],
    *,
    help_prefix: str,
    codes: bool = False,
) -> dict[str, str]:
    """The 说明 sheet: notes, then a table (column, what to enter, required) with the drop-down
    lists beside it. Returns each list's range, for the drop-downs' sources."""
    sheet = book.sheet(t("export.instructions_sheet"))
    sheet.counted = False
    list_keys = [k for k, (_, values) in lists.items() if values]
    cols = [Col(t("export.col_name"), 14, TEXT), Col(t("export.col_help"), 58, TEXT),
            Col(t("export.col_required"), 6, TEXT), Col("", 3, GENERAL)]  # fmt: skip
    cols += [Col(t("export.choices", name=lists[k][0]), 14, TEXT) for k in list_keys]
    if codes:
        cols += [Col("", 3, GENERAL), Col(t("export.code"), 22, TEXT), Col(t("export.code_label"), 30, TEXT)]
    sheet.columns(cols)
    sheet.page(landscape=True)
    sheet.title(t("export.instructions_title"))
    for line in notes.split("\n"):
        sheet.plain([line], style="kq.line")
    sheet.blank()
    header = sheet.header()
    first = header + 1
    rows: list[list[object]] = []
    for f in layout:
        key = f.key if f.key not in _HELP_KEYS else help_prefix + _HELP_KEYS[f.key]
        help_text = t(f"export.help.{key}") if f.key != "seq" else ""
        rows.append([f.header, help_text, t("export.required_yes") if f.required else None, None])
    code_rows = (
        [[code, label] for code, label in HARDSHIP_CAUSES.items()]
        + [[code, label] for code, label in EXCLUSIONS.items()]
        if codes
        else []
    )
    height = max([len(rows)] + [len(lists[k][1]) for k in list_keys] + [len(code_rows)])
    for i in range(height):
        row = rows[i] if i < len(rows) else [None, None, None, None]
        row = list(row) + [lists[k][1][i] if i < len(lists[k][1]) else None for k in list_keys]
        if codes:
            row += [None] + (code_rows[i] if i < len(code_rows) else [None, None])
        sheet.append(row)
    return {k: sheet.range_ref(5 + n, first, first + len(lists[k][1]) - 1) for n, k in enumerate(list_keys)}
