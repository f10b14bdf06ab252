"""Importing housing-reform applications (房改) with their three reviews, through the housing service."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers import make_id
from tests.importer.conftest import person_row, register_workbook_of
from tests.importer.test_import_households import HEAD, WIFE, households_workbook, rows_of_one_household

LI = make_id(birth="19520704", seq="122")  # on the roster, no household
STRANGER = make_id(birth="19500101", seq="131")
HEADER = [
    "序号", "姓名", "身份证号", "楼栋", "房号", "申请日期",
    "一审结果", "一审日期", "一审人", "一审意见",
    "二审结果", "二审日期", "二审人", "二审意见",
    "三审结果", "三审日期", "三审人", "三审意见",
    "备注",
]  # fmt: skip


def housing_workbook(path: Path, rows: list[dict[str, Any]], header: list[str] | None = None) -> Path:
    return register_workbook_of(
        path, "房改申请", ["房改申请及审核登记表"], header or HEADER, rows, text_column="C"
    )


def application(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "姓名": "王建国",
        "身份证号": HEAD,
        "楼栋": "3号楼",
        "房号": "2单元401",
        "申请日期": "2023-03-01",
    }
    values.update(overrides)
    return values


def reviewed(stages: int = 3, **overrides: Any) -> dict[str, Any]:
    done: dict[str, Any] = {}
    for n, (i, day) in enumerate((("一", "2023-03-10"), ("二", "2023-04-10"), ("三", "2023-05-10"))):
        if n < stages:
            done |= {f"{i}审结果": "通过", f"{i}审日期": day, f"{i}审人": f"审核人{n + 1}"}
    return application(**{**done, **overrides})


def setup(cli, roster, tmp_path: Path) -> None:
    people = [person_row(1, "王建国", HEAD), person_row(2, "李秀英", LI, 性别="女")]
    assert cli("import", "retirees", str(roster(people))).exit_code == 0
    households = households_workbook(tmp_path / "hh.xlsx", rows_of_one_household())
    assert cli("import", "households", str(households)).exit_code == 0


def imported(cli, path: Path, *args: str) -> tuple[Any, dict[str, Any]]:
    result = cli("import", "housing", str(path), "--format", "json", *args)
    return result, (json.loads(result.stdout) if result.stdout.strip() else {})


def shown(cli, ref: str = "1") -> dict[str, Any]:
    return cli("housing", "show", ref, "--format", "json").json()


def test_a_row_with_three_passed_reviews_is_filed_and_passes_every_stage(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    result, summary = imported(cli, housing_workbook(tmp_path / "h.xlsx", [reviewed()]))
    assert result.exit_code == 0, f"{result.stdout}{result.stderr}"
    assert (summary["created"], summary["updated"], summary["unchanged"], summary["errors"]) == (1, 0, 0, [])
    app = shown(cli)
    assert (app["status"], app["applied_on"], app["stages_passed"]) == ("passed", "2023-03-01", "3/3")
    assert [(r["stage_no"], r["reviewer"], r["reviewed_on"], r["passed"]) for r in app["reviews"]] == [
        (1, "审核人1", "2023-03-10", True),
        (2, "审核人2", "2023-04-10", True),
        (3, "审核人3", "2023-05-10", True),
    ]
    stats = cli("housing", "stats", "--format", "json").json()
    assert (stats["applications"], stats["passed_all"]) == (1, 1)


def test_importing_the_same_sheet_again_changes_nothing(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    path = housing_workbook(tmp_path / "h.xlsx", [reviewed()])
    assert imported(cli, path)[0].exit_code == 0
    result, summary = imported(cli, path)
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, 1)
    assert len(shown(cli)["reviews"]) == 3


def test_a_later_sheet_with_more_reviews_advances_the_recorded_application(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    assert imported(cli, housing_workbook(tmp_path / "h.xlsx", [reviewed(stages=1)]))[0].exit_code == 0
    assert shown(cli)["status"] == "pending"
    result, summary = imported(cli, housing_workbook(tmp_path / "h2.xlsx", [reviewed(stages=3)]))
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"]) == (0, 1)
    assert summary["changes"][0]["fields"]["status"] == {"old": "审核中 1/3", "new": "已通过全部审核 3/3"}
    assert shown(cli)["stages_passed"] == "3/3"


def test_a_return_needs_its_reason_and_ends_the_application(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    no_reason = reviewed(stages=1, 二审结果="退回", 二审日期="2023-04-10")
    result, summary = imported(cli, housing_workbook(tmp_path / "h.xlsx", [no_reason]))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert (error["row"], error["column"]) == (3, "N")
    with_reason = reviewed(stages=1, 二审结果="退回", 二审日期="2023-04-10", 二审意见="已有公房")
    result, summary = imported(cli, housing_workbook(tmp_path / "h2.xlsx", [with_reason]))
    assert result.exit_code == 0, result.stderr
    app = shown(cli)
    assert (app["status"], app["reviews"][-1]["opinion"]) == ("returned", "已有公房")


def test_reviews_out_of_order_or_before_the_previous_step_are_located_and_nothing_is_written(
    cli, roster, tmp_path
):
    setup(cli, roster, tmp_path)
    rows = [
        application(二审结果="通过", 二审日期="2023-04-10"),  # row 3: 二审 without 一审
        reviewed(stages=2, 二审日期="2023-03-05"),  # row 4: 二审 before 一审
        reviewed(stages=1, 一审结果="待定"),  # row 5: unknown result
        reviewed(stages=1, 一审日期=None),  # row 6: a result without its date
        application(申请日期="2999-01-01"),  # row 7: in the future
    ]
    for n, row in enumerate(rows[1:], start=1):  # one household: each row its own application date
        row["申请日期"] = row["申请日期"] if n == 4 else f"2023-0{n}-01"
    result, summary = imported(cli, housing_workbook(tmp_path / "h.xlsx", rows))
    assert result.exit_code == 1
    places = sorted((e["row"], e["column"]) for e in summary["errors"])
    assert places == [(3, "K"), (4, "L"), (5, "G"), (6, "H"), (7, "F")]
    assert cli("housing", "show", "1").exit_code == 3  # nothing filed


def test_people_not_on_the_roster_or_under_another_name_are_located_errors(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    rows = [
        application(身份证号=STRANGER, 姓名="马六"),
        application(身份证号=LI, 姓名="李秀英"),
        application(姓名="王建民"),
    ]
    result, summary = imported(cli, housing_workbook(tmp_path / "h.xlsx", rows))
    assert result.exit_code == 1
    assert sorted((e["row"], e["column"]) for e in summary["errors"]) == [(3, "C"), (4, "C"), (5, "B")]
    messages = {e["row"]: e["message"] for e in summary["errors"]}
    assert "请先导入" in messages[3] and "身份冲突" in messages[5]
    assert STRANGER not in result.stdout


def test_a_second_application_of_a_household_under_review_is_refused_by_the_service(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    rows = [reviewed(stages=1), application(姓名="李秀英", 身份证号=WIFE, 申请日期="2023-06-01")]
    result, summary = imported(cli, housing_workbook(tmp_path / "h.xlsx", rows))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert (error["row"], error["column"]) == (4, "F")


def test_reviews_without_a_reviewer_are_recorded_as_unnamed_with_one_warning(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    row = reviewed(stages=2, 一审人=None, 二审人=None)
    result, summary = imported(cli, housing_workbook(tmp_path / "h.xlsx", [row]))
    assert result.exit_code == 0, result.stderr
    assert [w for w in summary["warnings"] if "未注明" in w and "第3行" in w]
    assert {r["reviewer"] for r in shown(cli)["reviews"]} == {"未注明"}


def test_a_recorded_review_the_sheet_gives_differently_is_kept_with_a_warning(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    assert imported(cli, housing_workbook(tmp_path / "h.xlsx", [reviewed(stages=1)]))[0].exit_code == 0
    result, summary = imported(
        cli, housing_workbook(tmp_path / "h2.xlsx", [reviewed(stages=1, 一审日期="2023-03-11")])
    )
    assert result.exit_code == 0, result.stderr
    assert summary["unchanged"] == 1
    assert any("2023-03-10" in w and "2023-03-11" in w for w in summary["warnings"])
    assert shown(cli)["reviews"][0]["reviewed_on"] == "2023-03-10"


def test_a_dry_run_writes_nothing(cli, roster, tmp_path):
    setup(cli, roster, tmp_path)
    result, summary = imported(cli, housing_workbook(tmp_path / "h.xlsx", [reviewed()]), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["dry_run"]) == (1, True)
    assert cli("housing", "show", "1").exit_code == 3
