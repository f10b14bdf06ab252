"""Importing the registration sheet: all or nothing, every problem located, safe to run twice."""

from __future__ import annotations

import json

from tests.helpers import make_id
from tests.importer.conftest import ROSTER_HEADER, person_row

A = make_id(birth="19480312", seq="111")  # male
B = make_id(birth="19520704", seq="122")  # female
C = make_id(birth="19500101", seq="131")


def imported(cli, path, *args):
    result = cli("import", "retirees", str(path), "--format", "json", *args)
    return result, (json.loads(result.stdout) if result.stdout.strip() else None)


def test_a_clean_sheet_with_a_title_and_header_on_row_3_is_imported(cli, roster):
    path = roster([person_row(1, "王建国", A), person_row(2, "李秀英", B, 性别="女")])
    result, summary = imported(cli, path)
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (2, 0, 0)
    people = [cli("retiree", "show", ref, "--format", "json").json() for ref in ("#1", "#2")]
    assert [(p["name"], p["sex"], p["work_start"], p["retired_on"]) for p in people] == [
        ("王建国", "male", "1968-09", "2008-10"),
        ("李秀英", "female", "1968-09", "2008-10"),
    ]


def test_importing_the_same_file_twice_changes_nothing(cli, roster):
    path = roster([person_row(1, "王建国", A), person_row(2, "李秀英", B)])
    imported(cli, path)
    _result, summary = imported(cli, path)
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, 2)
    history = cli("import", "history", "--format", "json").json()
    assert len(history) == 2 and history[0]["sha256"] == history[1]["sha256"]


def test_a_known_person_is_updated_field_by_field_and_the_changes_listed(cli, roster, tmp_path):
    imported(cli, roster([person_row(1, "王建国", A)]))
    path = roster([person_row(1, "王建国", A, 联系电话="13900001111", 楼栋="5号楼")], name="v2.xlsx")
    _result, summary = imported(cli, path)
    assert (summary["created"], summary["updated"]) == (0, 1)
    assert summary["changes"][0]["fields"] == {
        "phone": {"old": "138****5678", "new": "139****1111"},
        "building": {"old": "3号楼", "new": "5号楼"},
    }
    assert len(cli("retiree", "list", "--format", "json").json()) == 1


def test_the_same_id_with_another_name_is_an_identity_conflict(cli, roster):
    imported(cli, roster([person_row(1, "王建国", A)]))
    result, summary = imported(cli, roster([person_row(1, "王建民", A)], name="v2.xlsx"))
    assert result.exit_code == 1
    assert "身份冲突" in summary["errors"][0]["message"]
    assert cli("retiree", "show", A, "--format", "json").json()["name"] == "王建国"


def test_an_id_stored_as_a_number_is_rejected_with_the_reason(cli, roster):
    result, summary = imported(cli, roster([person_row(1, "王建国", 410402194803121110)]))
    assert result.exit_code == 1
    error = summary["errors"][0]
    assert (error["sheet"], error["row"], error["column"]) == ("登记表", 4, "D")
    assert "文本" in error["message"]


def test_every_problem_is_collected_and_nothing_is_written(cli, roster):
    bad_check = A[:-1] + ("0" if A[-1] != "0" else "1")
    rows = [
        person_row(1, "王建国", A),
        person_row(2, "赵六", bad_check),
        person_row(3, "钱七", C, 退休时间="2003-02-29"),
    ]
    result, summary = imported(cli, roster(rows))
    assert result.exit_code == 1
    assert [(e["row"], e["column"]) for e in summary["errors"]] == [(5, "D"), (6, "H")]
    assert bad_check not in result.stdout + result.stderr  # masked
    assert cli("retiree", "list", "--format", "json").json() == []


def test_the_same_id_twice_in_one_file_names_both_rows(cli, roster):
    result, summary = imported(cli, roster([person_row(1, "王建国", A), person_row(2, "王建国", A)]))
    assert result.exit_code == 1
    assert summary["errors"][0]["row"] == 5
    assert "第4行" in summary["errors"][0]["message"]


def test_an_old_15_digit_id_and_its_18_digit_form_in_one_file_are_the_same_person(cli, roster):
    id15 = "410402480312111"
    from kuangqu.rules.ids import upgrade_15

    rows = [person_row(1, "王建国", id15), person_row(2, "王建国", upgrade_15(id15))]
    result, summary = imported(cli, roster(rows))
    assert result.exit_code == 1
    assert summary["errors"][0]["row"] == 5


def test_total_rows_blank_rows_and_repeated_headers_are_skipped_and_counted(cli, roster):
    rows = [
        person_row(1, "王建国", A),
        [None] * len(ROSTER_HEADER),
        ROSTER_HEADER,
        person_row(2, "李秀英", B),
        ["合计", "2人"] + [None] * (len(ROSTER_HEADER) - 2),
    ]
    result, summary = imported(cli, roster(rows))
    assert result.exit_code == 0, result.stderr
    assert summary["created"] == 2
    assert summary["skipped_by_reason"] == {"blank": 1, "repeated_header": 1, "total": 1}


def test_an_unknown_column_is_warned_about_and_its_values_are_kept(cli, roster):
    header = [*ROSTER_HEADER, "党员"]
    rows = [[*person_row(1, "王建国", A), "是"]]
    result, summary = imported(cli, roster(rows, header=header))
    assert result.exit_code == 0, result.stderr
    assert any("党员" in w for w in summary["warnings"])
    assert cli("retiree", "show", A, "--format", "json").json()["extra"] == {"党员": "是"}


def test_a_missing_required_column_is_rejected_listing_its_name(cli, roster):
    header = [h for h in ROSTER_HEADER if h != "身份证号码"]
    result = cli("import", "retirees", str(roster([["1", "王建国"]], header=header)))
    assert result.exit_code == 1
    assert "身份证号" in result.stderr


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(cli, roster):
    result, summary = imported(cli, roster([person_row(1, "王建国", A)]), "--dry-run")
    assert result.exit_code == 0
    assert summary["created"] == 1 and summary["dry_run"] is True
    assert cli("retiree", "list", "--format", "json").json() == []
    assert cli("import", "history", "--format", "json").json() == []


def test_the_errors_workbook_holds_the_bad_rows_with_an_explanation(cli, roster, tmp_path):
    from python_calamine import CalamineWorkbook

    bad = A[:-1] + ("0" if A[-1] != "0" else "1")
    out = tmp_path / "errors.xlsx"
    result = cli(
        "import",
        "retirees",
        str(roster([person_row(1, "王建国", B), person_row(2, "赵六", bad)])),
        "--errors",
        str(out),
    )
    assert result.exit_code == 1
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("登记表").to_python()
    assert rows[0][0] == "原行号" and rows[0][-1] == "错误说明"
    assert len(rows) == 2
    assert rows[1][0] == 5 and rows[1][4] == bad  # the clerk's own value, to fix
    assert "校验" in rows[1][-1]


def test_a_formula_without_a_value_and_an_error_cell_are_rejected(cli, roster):
    path = roster(
        [person_row(1, "王建国", A, 联系电话='=B4&""'), person_row(2, "李秀英", B, 退休时间="#N/A")]
    )
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb["登记表"]["H5"].value = "#N/A"
    wb["登记表"]["H5"].data_type = "e"
    wb.save(path)
    result, summary = imported(cli, path)
    assert result.exit_code == 1
    messages = [e["message"] for e in summary["errors"]]
    assert any("公式未计算" in m for m in messages)
    assert any("#N/A" in m for m in messages)


def test_a_clear_message_for_a_file_that_is_not_a_spreadsheet(cli, tmp_path):
    fake = tmp_path / "roster.xlsx"
    fake.write_text("姓名,身份证号\n王建国,410402194803121110\n", encoding="utf-8")
    result = cli("import", "retirees", str(fake))
    assert result.exit_code == 1
    assert "不是电子表格" in result.stderr


def test_an_empty_file_is_rejected(cli, tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    result = cli("import", "retirees", str(empty))
    assert result.exit_code == 1
    assert "文件为空" in result.stderr


def test_a_missing_file_is_rejected(cli, tmp_path):
    result = cli("import", "retirees", str(tmp_path / "nope.xlsx"))
    assert result.exit_code == 1
