"""Importing the grid (三长合一): one row per post, through the grid service, a new leader ending the old one's term."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers import make_id
from tests.importer.conftest import person_row, register_workbook_of

WANG = make_id(birth="19480312", seq="111")
HEADER = ["序号", "职务", "片区", "楼栋", "工作组", "姓名", "身份证号", "联系电话", "任职日期"]


def grid_workbook(path: Path, rows: list[dict[str, Any]], header: list[str] | None = None) -> Path:
    """The office's list of leaders: a title line, then the header, then one row per post."""
    return register_workbook_of(
        path, "三长名单", ["十矿退管中心三长合一名单"], header or HEADER, rows, text_column="G"
    )


def post(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "职务": "楼长",
        "片区": "一片",
        "楼栋": "3号楼",
        "姓名": "张志强",
        "联系电话": "13812345678",
        "任职日期": "2020-01-01",
    }
    values.update(overrides)
    return values


def three_posts() -> list[dict[str, Any]]:
    return [
        post(职务="片长", 楼栋=None, 姓名="刘德明", 联系电话="13900001111"),
        post(),
        post(职务="工作组长", 片区=None, 楼栋=None, 工作组="第1组", 姓名="赵桂兰", 联系电话=None),
    ]


def imported(cli, path: Path, *args: str) -> tuple[Any, dict[str, Any]]:
    result = cli("import", "grid", str(path), "--format", "json", *args)
    return result, (json.loads(result.stdout) if result.stdout.strip() else {})


def leaders(cli, *args: str) -> list[dict[str, Any]]:
    shown = cli("grid", "list", "--format", "json", *args).json()
    return shown["rows"] if isinstance(shown, dict) else shown


def test_each_row_makes_its_leader_the_leader_of_the_post_it_names(cli, tmp_path):
    result, summary = imported(cli, grid_workbook(tmp_path / "g.xlsx", three_posts()))
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"], summary["unchanged"], summary["errors"]) == (3, 0, 0, [])
    found = {(g["level"], g["unit"]): (g["name"], g["assigned_on"]) for g in leaders(cli)}
    assert found == {
        ("area", "一片"): ("刘德明", "2020-01-01"),
        ("building", "一片/3号楼"): ("张志强", "2020-01-01"),
        ("work_group", "第1组"): ("赵桂兰", "2020-01-01"),
    }


def test_importing_the_same_list_again_changes_nothing(cli, tmp_path):
    path = grid_workbook(tmp_path / "g.xlsx", three_posts())
    assert imported(cli, path)[0].exit_code == 0
    result, summary = imported(cli, path)
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, 3)
    assert len(leaders(cli)) == 3


def test_a_new_leader_of_a_post_ends_the_old_term_the_day_the_new_one_starts_and_is_listed(
    cli, read, tmp_path
):
    assert imported(cli, grid_workbook(tmp_path / "g.xlsx", [post()]))[0].exit_code == 0
    later = grid_workbook(tmp_path / "g2.xlsx", [post(姓名="孙立新", 任职日期="2024-07-01")])
    result, summary = imported(cli, later)
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 1, 0)
    [change] = summary["changes"]
    assert change["fields"] == {"grid_leader": {"old": "张志强", "new": "孙立新"}}
    assert change["unit"] == "一片/3号楼"
    [current] = leaders(cli)
    assert (current["name"], current["assigned_on"]) == ("孙立新", "2024-07-01")
    from sqlalchemy import select

    from kuangqu.models.registry import GridLeader

    with read() as s:
        terms = [
            (g.name, g.assigned_on.isoformat(), g.ended_on)
            for g in s.scalars(select(GridLeader).order_by(GridLeader.id))
        ]
    assert [(n, a, e.isoformat() if e else None) for n, a, e in terms] == [
        ("张志强", "2020-01-01", "2024-07-01"),
        ("孙立新", "2024-07-01", None),
    ]


def test_an_older_sheet_naming_another_leader_is_refused_at_its_date_and_nothing_changes(cli, tmp_path):
    assert imported(cli, grid_workbook(tmp_path / "g.xlsx", [post(任职日期="2024-07-01")]))[0].exit_code == 0
    result, summary = imported(
        cli, grid_workbook(tmp_path / "old.xlsx", [post(姓名="孙立新", 任职日期="2019-03-01")])
    )
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert (error["sheet"], error["row"], error["column"]) == ("三长名单", 3, "I")
    assert "张志强" in error["message"] and "2024-07-01" in error["message"]
    assert [g["name"] for g in leaders(cli)] == ["张志强"]


def test_a_changed_phone_of_the_same_leader_is_an_update_with_the_phone_masked(cli, tmp_path):
    assert imported(cli, grid_workbook(tmp_path / "g.xlsx", [post()]))[0].exit_code == 0
    result, summary = imported(cli, grid_workbook(tmp_path / "g2.xlsx", [post(联系电话="13987654321")]))
    assert result.exit_code == 0, result.stderr
    assert (summary["updated"], summary["unchanged"]) == (1, 0)
    assert summary["changes"][0]["fields"] == {"phone": {"old": "138****5678", "new": "139****4321"}}
    assert "13987654321" not in result.stdout


def test_a_different_start_date_for_the_same_leader_is_kept_as_recorded_with_a_warning(cli, tmp_path):
    assert imported(cli, grid_workbook(tmp_path / "g.xlsx", [post()]))[0].exit_code == 0
    result, summary = imported(cli, grid_workbook(tmp_path / "g2.xlsx", [post(任职日期="2021-05-01")]))
    assert result.exit_code == 0, result.stderr
    assert summary["unchanged"] == 1
    assert any("2020-01-01" in w and "2021-05-01" in w for w in summary["warnings"])
    assert leaders(cli)[0]["assigned_on"] == "2020-01-01"


def test_every_bad_cell_is_located_and_nothing_is_written(cli, tmp_path):
    rows = [
        post(职务="队长"),  # row 3: not a grid level
        post(楼栋=None),  # row 4: a 楼长 without a building
        post(职务="工作组长", 片区=None, 楼栋=None),  # row 5: a 工作组长 without a work group
        post(联系电话="12345"),  # row 6: not a phone number
        post(任职日期="2999-01-01"),  # row 7: in the future
        post(姓名=None, 楼栋="5号楼"),  # row 8: no name
    ]
    result, summary = imported(cli, grid_workbook(tmp_path / "g.xlsx", rows))
    assert result.exit_code == 1
    places = sorted((e["row"], e["column"]) for e in summary["errors"])
    assert places == [(3, "B"), (4, "D"), (5, "E"), (6, "H"), (7, "I"), (8, "F")]
    assert "片长" in next(e["message"] for e in summary["errors"] if e["row"] == 3)
    assert leaders(cli) == []


def test_the_same_post_twice_in_one_file_is_an_error_naming_both_rows(cli, tmp_path):
    result, summary = imported(cli, grid_workbook(tmp_path / "g.xlsx", [post(), post(姓名="孙立新")]))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert error["row"] == 4 and "第3行" in error["message"]


def test_a_leader_with_an_id_is_linked_to_the_roster_and_must_carry_the_recorded_name(
    cli, read, roster, tmp_path
):
    assert cli("import", "retirees", str(roster([person_row(1, "王建国", WANG)]))).exit_code == 0
    result, summary = imported(cli, grid_workbook(tmp_path / "g.xlsx", [post(姓名="王建民", 身份证号=WANG)]))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert (error["row"], error["column"]) == (3, "F")
    assert "身份冲突" in error["message"] and "王建国" in error["message"]
    stranger = make_id(birth="19500101", seq="131")
    result, summary = imported(cli, grid_workbook(tmp_path / "g2.xlsx", [post(身份证号=stranger)]))
    assert result.exit_code == 1
    assert "请先导入" in summary["errors"][0]["message"] and summary["errors"][0]["column"] == "G"
    result, summary = imported(cli, grid_workbook(tmp_path / "g3.xlsx", [post(姓名="王建国", 身份证号=WANG)]))
    assert result.exit_code == 0, result.stderr
    from sqlalchemy import select

    from kuangqu.models.registry import GridLeader

    with read() as s:
        [leader] = s.scalars(select(GridLeader)).all()
        assert leader.retiree_id is not None and leader.name == "王建国"


def test_a_dry_run_reports_what_it_would_do_and_writes_nothing(cli, tmp_path):
    result, summary = imported(cli, grid_workbook(tmp_path / "g.xlsx", three_posts()), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["dry_run"]) == (3, True)
    assert leaders(cli) == []


def test_the_errors_option_writes_the_failing_rows_to_fix_and_reimport(cli, tmp_path):
    out = tmp_path / "errors.xlsx"
    result, _ = imported(
        cli,
        grid_workbook(tmp_path / "g.xlsx", [post(), post(职务="队长", 楼栋="5号楼")]),
        "--errors",
        str(out),
    )
    assert result.exit_code == 1 and out.is_file()
