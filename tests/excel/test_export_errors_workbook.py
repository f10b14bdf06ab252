"""The errors workbook of a failed import (`--errors OUT.xlsx`), now written by the one writer:
text stays text, the file appears whole or not at all, owner-only, and a target that is not a
workbook is refused."""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from kuangqu.errors import Conflict, Problem
from kuangqu.excel.error_report import write_error_workbook
from kuangqu.excel.writer import TargetProblem

ID = "41040219500312123X"


@dataclass
class Row:
    row: int
    cells: list[Any]


@dataclass
class ReadSheet:
    name: str
    header_texts: list[str]
    rows: list[Row] = field(default_factory=list)


def describe(problem: Problem) -> str:
    return f"第{problem.row}行：{problem.key}"


def sheets() -> list[ReadSheet]:
    return [
        ReadSheet(
            "登记表",
            ["姓名", "身份证号码", "退休时间", "备注"],
            [
                Row(5, ["王建国", ID, date(2010, 5, 1), '=HYPERLINK("http://example.com","点我")']),
                Row(6, ["李秀英", "0412", 2010, "+1"]),
                Row(7, ["没问题", "x", None, None]),
            ],
        )
    ]


def problems() -> list[Problem]:
    return [
        Problem("rule.id_checksum", sheet="登记表", row=5),
        Problem("rule.id_length", sheet="登记表", row=6),
        Problem("rule.date", sheet="登记表", row=6),
        Problem("import.whole_sheet", sheet="登记表", row=None),
        Problem("import.missing_sheet", sheet="家庭成员", row=None),
    ]


def test_the_bad_rows_come_back_as_typed_with_their_explanations(tmp_path):
    import openpyxl

    target = tmp_path / "errors.xlsx"
    assert write_error_workbook(target, sheets(), problems(), describe) == 2
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["登记表", "其他问题"]
    ws = wb["登记表"]
    assert [c.value for c in ws[1]] == ["原行号", "姓名", "身份证号码", "退休时间", "备注", "错误说明"]
    assert [c.value for c in ws[2]][:3] == [5, "王建国", ID]
    assert (ws["C2"].data_type, ws["C2"].number_format) == ("s", "@")
    assert ws["D2"].value.date() == date(2010, 5, 1) and ws["D2"].number_format == "yyyy-mm-dd"
    assert (ws["E2"].value, ws["E2"].data_type) == ('=HYPERLINK("http://example.com","点我")', "s")
    assert (ws["E3"].value, ws["E3"].data_type, ws["D3"].value) == ("+1", "s", 2010)
    assert ws["F3"].value == "第6行：rule.id_length；第6行：rule.date"
    assert ws["F2"].font.color.rgb.endswith("C00000") and ws["F2"].alignment.wrap_text
    assert ws["F4"].value == "第None行：import.whole_sheet"  # the sheet-wide problem, on its own line
    assert ws.max_row == 4
    assert [c.value for c in wb["其他问题"][2]] == ["家庭成员", "第None行：import.missing_sheet"]


def test_the_errors_workbook_is_owner_only_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "errors.xlsx"
    write_error_workbook(target, sheets(), problems(), describe)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["errors.xlsx"]


def test_a_target_that_is_not_a_workbook_is_kept_and_refused(tmp_path):
    target = tmp_path / "notes.xlsx"
    target.write_text("the clerk's notes", encoding="utf-8")
    with pytest.raises(Conflict):
        write_error_workbook(target, sheets(), problems(), describe)
    assert target.read_text(encoding="utf-8") == "the clerk's notes"
    with pytest.raises(TargetProblem):
        write_error_workbook(tmp_path / "errors.csv", sheets(), problems(), describe)
    with pytest.raises(TargetProblem):
        write_error_workbook(tmp_path / "missing" / "errors.xlsx", sheets(), problems(), describe)


def test_no_problems_write_nothing(tmp_path):
    target = tmp_path / "errors.xlsx"
    assert write_error_workbook(target, sheets(), [], describe) == 0
    assert list(tmp_path.iterdir()) == []
