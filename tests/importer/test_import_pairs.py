"""Importing the assistance pairs (帮扶对子): the household found by its head's ID, through the pair service."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers import make_id
from tests.importer.conftest import person_row, register_workbook_of
from tests.importer.test_import_households import HEAD, WIFE, households_workbook, rows_of_one_household

LI = make_id(birth="19520704", seq="122")  # on the roster, no household
STRANGER = make_id(birth="19500101", seq="131")
HEADER = ["序号", "帮扶人", "帮扶人职务", "帮扶人电话", "领导包户", "户主姓名", "身份证号", "结对日期"]


def pairs_workbook(path: Path, rows: list[dict[str, Any]], header: list[str] | None = None) -> Path:
    return register_workbook_of(
        path, "帮扶对子", ["2024年困难职工帮扶对子名单"], header or HEADER, rows, text_column="G"
    )


def pair(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "帮扶人": "陈国华",
        "帮扶人职务": "副矿长",
        "帮扶人电话": "13812345678",
        "领导包户": "是",
        "户主姓名": "王建国",
        "身份证号": HEAD,
        "结对日期": "2024-01-15",
    }
    values.update(overrides)
    return values


def setup(cli, roster, tmp_path: Path) -> None:
    people = [person_row(1, "王建国", HEAD), person_row(2, "李秀英", LI, 性别="女")]
    assert cli("import", "retirees", str(roster(people))).exit_code == 0
    households = households_workbook(tmp_path / "hh.xlsx", rows_of_one_household())
    assert cli("import", "households", str(households)).exit_code == 0


def imported(cli, path: Path, *args: str) -> tuple[Any, dict[str, Any]]:
    result = cli("import", "pairs", str(path), "--format", "json", *args)
    return result, (json.loads(result.stdout) if result.stdout.strip() else {})


def listed(cli, *args: str) -> list[dict[str, Any]]:
    shown = cli("relief", "pair", "list", "--format", "json", *args).json()
    return shown["rows"] if isinstance(shown, dict) else shown


def test_a_row_pairs_the_cadre_with_the_household_its_head_id_names(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    result, summary = imported(cli, pairs_workbook(tmp_path / "p.xlsx", [pair()]))
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"], summary["unchanged"], summary["errors"]) == (1, 0, 0, [])
    [shown] = listed(cli)
    assert (shown["cadre_name"], shown["position"], shown["leader"]) == ("陈国华", "副矿长", True)
    assert (shown["head_name"], shown["started_on"], shown["phone"]) == (
        "王建国",
        "2024-01-15",
        "138****5678",
    )


def test_a_member_id_finds_the_household_too_under_the_members_name(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    result, _ = imported(cli, pairs_workbook(tmp_path / "p.xlsx", [pair(户主姓名="李秀英", 身份证号=WIFE)]))
    assert result.exit_code == 0, f"{result.stdout}{result.stderr}"
    assert listed(cli)[0]["head_name"] == "王建国"


def test_importing_the_same_list_again_changes_nothing(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    path = pairs_workbook(tmp_path / "p.xlsx", [pair()])
    assert imported(cli, path)[0].exit_code == 0
    result, summary = imported(cli, path)
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, 1)
    assert len(listed(cli, "--all")) == 1


def test_another_cadre_for_the_household_ends_the_old_pair_the_day_the_new_one_starts(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    assert imported(cli, pairs_workbook(tmp_path / "p.xlsx", [pair()]))[0].exit_code == 0
    later = pairs_workbook(tmp_path / "p2.xlsx", [pair(帮扶人="周明", 领导包户="否", 结对日期="2024-09-01")])
    result, summary = imported(cli, later)
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"]) == (0, 1)
    assert summary["changes"][0]["fields"] == {"cadre_name": {"old": "陈国华", "new": "周明"}}
    history = sorted((p["cadre_name"], p["started_on"], p["ended_on"]) for p in listed(cli, "--all"))
    assert history == [("周明", "2024-09-01", None), ("陈国华", "2024-01-15", "2024-09-01")]


def test_an_older_sheet_naming_another_cadre_is_refused_at_its_date(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    assert imported(cli, pairs_workbook(tmp_path / "p.xlsx", [pair()]))[0].exit_code == 0
    result, summary = imported(
        cli, pairs_workbook(tmp_path / "old.xlsx", [pair(帮扶人="周明", 结对日期="2023-01-01")])
    )
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert (error["sheet"], error["row"], error["column"]) == ("帮扶对子", 3, "H")
    assert "陈国华" in error["message"]
    assert [p["cadre_name"] for p in listed(cli)] == ["陈国华"]


def test_a_changed_position_of_the_same_cadre_is_an_update(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    assert imported(cli, pairs_workbook(tmp_path / "p.xlsx", [pair()]))[0].exit_code == 0
    result, summary = imported(cli, pairs_workbook(tmp_path / "p2.xlsx", [pair(帮扶人职务="矿长")]))
    assert result.exit_code == 0, result.stderr
    assert (summary["updated"], summary["unchanged"]) == (1, 0)
    assert summary["changes"][0]["fields"] == {"position": {"old": "副矿长", "new": "矿长"}}
    assert listed(cli)[0]["position"] == "矿长"


def test_people_not_on_the_roster_without_a_household_or_under_another_name_are_located_errors(
    cli, roster, tmp_path
):
    setup(cli, roster, tmp_path)
    rows = [
        pair(身份证号=STRANGER, 户主姓名="马六"),  # row 3: nowhere
        pair(身份证号=LI, 户主姓名="李秀英"),  # row 4: on the roster, no household
        pair(户主姓名="王建民"),  # row 5: another name for the head's ID
        pair(领导包户="也许", 身份证号=WIFE, 户主姓名="李秀英"),  # row 6: not yes/no
        pair(帮扶人=None, 身份证号=WIFE, 户主姓名="李秀英"),  # row 7: no cadre
    ]
    result, summary = imported(cli, pairs_workbook(tmp_path / "p.xlsx", rows))
    assert result.exit_code == 1
    places = sorted((e["row"], e["column"]) for e in summary["errors"])
    assert places == [(3, "G"), (4, "G"), (5, "F"), (6, "E"), (7, "B")]
    messages = {e["row"]: e["message"] for e in summary["errors"]}
    assert "请先导入" in messages[3] and "import households" in messages[4] and "身份冲突" in messages[5]
    assert HEAD not in result.stdout and STRANGER not in result.stdout
    assert listed(cli) == []


def test_two_rows_for_one_household_are_an_error_naming_both_rows(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    rows = [pair(), pair(帮扶人="周明", 身份证号=WIFE, 户主姓名="李秀英")]
    result, summary = imported(cli, pairs_workbook(tmp_path / "p.xlsx", rows))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert error["row"] == 4 and "第3行" in error["message"]


def test_a_dry_run_writes_nothing(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    result, summary = imported(cli, pairs_workbook(tmp_path / "p.xlsx", [pair()]), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["dry_run"]) == (1, True)
    assert listed(cli) == []
