"""Workbooks built in code, in the office's layout (title, 填报单位 line, header on row 3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROSTER_HEADER = [
    "序号",
    "姓名",
    "性别",
    "身份证号码",
    "出生年月",
    "人员类别",
    "参加工作时间",
    "退休时间",
    "联系电话",
    "片区",
    "楼栋",
    "工作组",
    "人员状态",
    "备注",
]


def roster_workbook(
    path: Path, rows: list[list[Any]], header: list[str] | None = None, title: bool = True
) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "登记表"
    header = header or ROSTER_HEADER
    if title:
        ws.append(["平煤十矿离退休人员情况登记表"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        ws.append(["填报单位：十矿退管中心    日期：2020年12月31日"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    for cell in ws["D"]:
        cell.number_format = "@"
    wb.save(path)
    return path


def register_workbook_of(
    path: Path,
    sheet: str,
    titles: list[str],
    header: list[str],
    rows: list[dict[str, Any]],
    *,
    text_column: str,
) -> Path:
    """An office register as the clerks keep one: its title line(s), the header, then a row per
    dict (by header text; 序号 numbered), the ID column stored as text."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for title in titles:
        ws.append([title])
    ws.append(header)
    for n, row in enumerate(rows, start=1):
        ws.append([n if h == "序号" else row.get(h) for h in header])
    for cell in ws[text_column]:
        cell.number_format = "@"
    wb.save(path)
    return path


def person_row(n: int, name: str, id_number: Any, **overrides: Any) -> list[Any]:
    values = {
        "序号": n,
        "姓名": name,
        "性别": None,
        "身份证号码": id_number,
        "出生年月": None,
        "人员类别": "退休",
        "参加工作时间": "1968.09",
        "退休时间": "2008.10",
        "联系电话": "13812345678",
        "片区": "一片",
        "楼栋": "3号楼",
        "工作组": "第1组",
        "人员状态": "在册",
        "备注": None,
    }
    values.update(overrides)
    return [values[h] for h in ROSTER_HEADER]


@pytest.fixture
def roster(tmp_path: Path):
    def _make(rows: list[list[Any]], name: str = "roster.xlsx", **kw: Any) -> Path:
        return roster_workbook(tmp_path / name, rows, **kw)

    return _make
