"""Importing home-visit records: the person's household found through the roster, safe to run twice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers import make_id
from tests.importer.conftest import person_row, register_workbook_of
from tests.importer.test_import_households import HEAD, WIFE, households_workbook, rows_of_one_household

LI = make_id(birth="19520704", seq="122")  # on the roster, no household
HEADER = ["序号", "被走访人", "身份证号", "走访日期", "走访人", "走访形式", "走访内容", "困难诉求", "备注"]


def visits_workbook(path: Path, rows: list[dict[str, Any]], header: list[str] | None = None) -> Path:
    return register_workbook_of(
        path,
        "入户走访登记表",
        ["2024年第一季度入户走访登记表", "填报单位：一片"],
        header or HEADER,
        rows,
        text_column="C",
    )


def visit(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "被走访人": "王建国",
        "身份证号": HEAD,
        "走访日期": "2024-03-12",
        "走访人": "张志强",
        "走访形式": "入户",
        "走访内容": "身体尚可，老伴住院",
        "困难诉求": "希望申请临时救助",
        "备注": None,
    }
    values.update(overrides)
    return values


def setup(cli, roster, tmp_path: Path, *, leader: bool = True) -> None:
    people = [person_row(1, "王建国", HEAD), person_row(2, "李秀英", LI, 性别="女")]
    assert cli("import", "retirees", str(roster(people))).exit_code == 0
    households = households_workbook(tmp_path / "hh.xlsx", rows_of_one_household())
    assert cli("import", "households", str(households)).exit_code == 0
    if leader:
        assigned = cli(
            "grid", "assign", "--level", "楼长", "--name", "张志强", "--area", "一片",
            "--building", "3号楼", "--on", "2020-01-01",
        )  # fmt: skip
        assert assigned.exit_code == 0, assigned.stderr


def imported(cli, path: Path, *args: str) -> tuple[Any, dict[str, Any]]:
    result = cli("import", "visits", str(path), "--format", "json", *args)
    return result, (json.loads(result.stdout) if result.stdout.strip() else {})


def listed(cli) -> list[dict[str, Any]]:
    return cli("visit", "list", "--format", "json").json()


def test_a_visit_row_is_recorded_for_the_persons_household_by_the_grid_leader(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    result, summary = imported(cli, visits_workbook(tmp_path / "v.xlsx", [visit()]))
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (1, 0, 0)
    [shown] = listed(cli)
    assert (shown["visited_on"], shown["head_name"], shown["visitor"]) == ("2024-03-12", "王建国", "张志强")
    assert shown["notes"] == "走访形式：入户；身体尚可，老伴住院"
    assert shown["needs"] == "希望申请临时救助"
    assessed = cli("visit", "assess", "--quarter", "2024Q1", "--format", "json")
    assert assessed.exit_code == 0, assessed.stderr
    assert [(r["name"], r["visits_by_leader"]) for r in assessed.json()] == [("张志强", 1)]


def test_a_visitor_who_is_no_grid_leader_is_kept_as_a_named_visitor(cli, roster, tmp_path):
    setup(cli, roster, tmp_path, leader=False)
    result, _ = imported(cli, visits_workbook(tmp_path / "v.xlsx", [visit(走访人="社区王主任")]))
    assert result.exit_code == 0, result.stderr
    assert listed(cli)[0]["visitor"] == "社区王主任"


def test_a_member_of_a_household_is_visited_at_that_household(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    wife = person_row(3, "李秀英", WIFE, 性别="女", 参加工作时间="1970.09", 退休时间="2005.06")
    added = cli("import", "retirees", str(roster([wife], name="wife.xlsx")))
    assert added.exit_code == 0, added.stdout
    result, _ = imported(cli, visits_workbook(tmp_path / "v.xlsx", [visit(被走访人="李秀英", 身份证号=WIFE)]))
    assert result.exit_code == 0, result.stderr
    assert listed(cli)[0]["head_name"] == "王建国"


def test_importing_the_same_visits_twice_creates_nothing_the_second_time(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    path = visits_workbook(tmp_path / "v.xlsx", [visit(), visit(走访日期="2024-01-05", 走访人="刘梅")])
    assert imported(cli, path)[0].exit_code == 0
    again, summary = imported(cli, path)
    assert again.exit_code == 0, again.stderr
    assert (summary["created"], summary["unchanged"]) == (0, 2)
    assert summary["warnings"] == []
    assert len(listed(cli)) == 2


def test_a_known_visit_with_other_text_in_the_sheet_stays_as_recorded_with_a_warning(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    imported(cli, visits_workbook(tmp_path / "a.xlsx", [visit()]))
    result, summary = imported(cli, visits_workbook(tmp_path / "b.xlsx", [visit(困难诉求="希望修缮房屋")]))
    assert result.exit_code == 0, result.stderr
    assert summary["unchanged"] == 1
    [warning] = summary["warnings"]
    assert "保留已登记的" in warning and "H" in warning
    assert listed(cli)[0]["needs"] == "希望申请临时救助"


def test_a_person_without_a_household_is_an_error_telling_to_import_households_first(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    rows = [visit(), visit(被走访人="李秀英", 身份证号=LI)]
    result, summary = imported(cli, visits_workbook(tmp_path / "v.xlsx", rows))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert (error["sheet"], error["row"], error["column"]) == ("入户走访登记表", 5, "C")
    assert "请先导入家庭成员表" in error["message"]
    assert LI not in json.dumps(summary, ensure_ascii=False)
    assert listed(cli) == []


def test_a_person_not_on_the_roster_is_an_error_telling_to_import_the_roster_first(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    stranger = make_id(birth="19500101", seq="131")
    result, summary = imported(
        cli, visits_workbook(tmp_path / "v.xlsx", [visit(被走访人="赵四", 身份证号=stranger)])
    )
    assert result.exit_code == 1
    assert "请先导入离退休人员登记表" in summary["errors"][0]["message"]


def test_a_name_differing_from_the_roster_is_an_identity_conflict(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    result, summary = imported(cli, visits_workbook(tmp_path / "v.xlsx", [visit(被走访人="王建军")]))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert "身份冲突" in error["message"] and error["column"] == "B"


def test_bad_dates_and_a_missing_visitor_are_each_located_and_nothing_is_written(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    rows = [
        visit(),
        visit(走访日期="2024年3月", 走访人="刘梅"),
        visit(走访日期="2099-01-01", 走访人="赵敏"),
        visit(走访日期="2024-03-20", 走访人=None),
    ]
    result, summary = imported(cli, visits_workbook(tmp_path / "v.xlsx", rows))
    assert result.exit_code == 1
    assert sorted((e["row"], e["column"]) for e in summary["errors"]) == [(5, "D"), (6, "D"), (7, "E")]
    assert listed(cli) == []


def test_the_same_visit_twice_in_one_file_is_an_error_naming_both_rows(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    rows = [visit(), visit(走访内容="复访")]
    result, summary = imported(cli, visits_workbook(tmp_path / "v.xlsx", rows))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert error["row"] == 5 and "第4行" in error["message"]
    assert listed(cli) == []


def test_a_dry_run_writes_nothing(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    result, summary = imported(cli, visits_workbook(tmp_path / "v.xlsx", [visit()]), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["dry_run"]) == (1, True)
    assert listed(cli) == []


def test_the_errors_workbook_holds_the_failed_rows_with_their_explanation(cli, roster, tmp_path):
    from openpyxl import load_workbook

    setup(cli, roster, tmp_path)
    rows = [visit(), visit(被走访人="李秀英", 身份证号=LI)]
    errors = tmp_path / "errors.xlsx"
    result, _ = imported(cli, visits_workbook(tmp_path / "v.xlsx", rows), "--errors", str(errors))
    assert result.exit_code == 1
    sheet = load_workbook(errors).active
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any("请先导入家庭成员表" in text for text in texts)
    assert "李秀英" in texts
