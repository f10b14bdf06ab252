"""Importing household lists: members grouped by household, facts from the 本人 row, safe twice."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import make_id
from tests.importer.conftest import person_row

HEAD = make_id(birth="19480312", seq="111")
WIFE = make_id(birth="19500520", seq="122")
SON = make_id(birth="19780101", seq="135")
HEADER = [
    "户号",
    "户主身份证号",
    "成员姓名",
    "与户主关系",
    "成员身份证号",
    "出生日期",
    "健康状况",
    "残疾等级",
    "就学情况",
    "就业情况",
    "月收入（元）",
    "致困原因",
    "排除情形",
    "年刚性支出（元）",
]


def households_workbook(path: Path, rows: list[list]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "家庭成员"
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def rows_of_one_household(income: str = "0.00") -> list[list]:
    return [
        [
            "H0001",
            HEAD,
            "王建国",
            "本人",
            HEAD,
            None,
            "慢病",
            None,
            None,
            "退休",
            "2100.00",
            "serious_illness,子女上学",
            None,
            "6000.00",
        ],
        [
            "H0001",
            HEAD,
            "李秀英",
            "配偶",
            WIFE,
            None,
            "重病",
            None,
            None,
            "无劳动能力",
            "0",
            None,
            None,
            None,
        ],
        ["H0001", HEAD, "王小军", "子女", SON, None, "健康", None, None, "失业", income, None, None, None],
    ]


def setup_roster(cli, roster) -> None:
    result = cli("import", "retirees", str(roster([person_row(1, "王建国", HEAD)])))
    assert result.exit_code == 0, result.stderr


def test_a_household_list_creates_households_members_and_facts(cli, roster, tmp_path):
    setup_roster(cli, roster)
    path = households_workbook(tmp_path / "hh.xlsx", rows_of_one_household())
    result = cli("import", "households", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["created"] == 1
    shown = cli("household", "show", "H0001", "--format", "json").json()
    assert shown["causes"] == ["serious_illness", "school_children"]
    assert shown["annual_rigid_expenses"] == "6000.00"
    assert [(m["name"], m["relation"], m["monthly_income"]) for m in shown["members"]] == [
        ("王建国", "self", "2100.00"),
        ("李秀英", "spouse", "0.00"),
        ("王小军", "child", "0.00"),
    ]


def test_importing_the_household_list_twice_changes_nothing(cli, roster, tmp_path):
    setup_roster(cli, roster)
    path = households_workbook(tmp_path / "hh.xlsx", rows_of_one_household())
    cli("import", "households", str(path))
    again = json.loads(cli("import", "households", str(path), "--format", "json").stdout)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 1)


def test_a_changed_income_updates_the_member(cli, roster, tmp_path):
    setup_roster(cli, roster)
    cli("import", "households", str(households_workbook(tmp_path / "a.xlsx", rows_of_one_household())))
    changed = households_workbook(tmp_path / "b.xlsx", rows_of_one_household(income="1500.00"))
    summary = json.loads(cli("import", "households", str(changed), "--format", "json").stdout)
    assert summary["updated"] == 1
    members = cli("household", "show", "H0001", "--format", "json").json()["members"]
    assert members[2]["monthly_income"] == "1500.00"


def test_a_head_not_on_the_roster_is_an_error_and_nothing_is_written(cli, tmp_path):
    path = households_workbook(tmp_path / "hh.xlsx", rows_of_one_household())
    result = cli("import", "households", str(path), "--format", "json")
    assert result.exit_code == 1
    assert "人员名册" in json.loads(result.stdout)["errors"][0]["message"]
    assert cli("household", "list", "--format", "json").json() == []


def test_an_unknown_cause_code_is_an_error_naming_the_cell(cli, roster, tmp_path):
    setup_roster(cli, roster)
    rows = rows_of_one_household()
    rows[0][11] = "bad_luck"
    result = cli(
        "import", "households", str(households_workbook(tmp_path / "hh.xlsx", rows)), "--format", "json"
    )
    assert result.exit_code == 1
    error = json.loads(result.stdout)["errors"][0]
    assert (error["row"], error["column"]) == (2, "L")


def test_three_decimals_in_an_income_are_rejected_never_rounded(cli, roster, tmp_path):
    setup_roster(cli, roster)
    rows = rows_of_one_household(income="1200.505")
    result = cli(
        "import", "households", str(households_workbook(tmp_path / "hh.xlsx", rows)), "--format", "json"
    )
    assert result.exit_code == 1
    assert json.loads(result.stdout)["errors"][0]["column"] == "K"
