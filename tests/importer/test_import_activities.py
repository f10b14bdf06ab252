"""Importing activities (组织活动、参加活动人次、获奖): one row per participant, found by ID on the roster."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.helpers import make_id
from tests.importer.conftest import person_row, register_workbook_of

WANG = make_id(birth="19480312", seq="111")
LI = make_id(birth="19520101", seq="122")
ZHAO = make_id(birth="19550606", seq="135")
HEADER = ["序号", "活动名称", "活动日期", "结束日期", "类别/形式", "地点", "参加人姓名", "身份证号", "名次/获奖",
          "获奖级别", "备注"]  # fmt: skip


def activity_workbook(path: Path, rows: list[dict[str, Any]], header: list[str] | None = None) -> Path:
    """The office's list of participants: a title line, the header, one row per participant."""
    return register_workbook_of(
        path,
        "活动参加人员名单",
        ["十矿退管中心组织活动参加人员名单"],
        header or HEADER,
        rows,
        text_column="H",
    )


def joined(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "活动名称": "重阳节登山",
        "活动日期": "2025-10-29",
        "类别/形式": "外出参观",
        "地点": "白龟山",
        "参加人姓名": "王建国",
        "身份证号": WANG,
    }
    values.update(overrides)
    return values


def three_people() -> list[dict[str, Any]]:
    return [
        joined(),
        joined(参加人姓名="李秀英", 身份证号=LI),
        joined(
            活动名称="老年门球赛",
            活动日期="2025-05-12",
            地点="矿体育场",
            参加人姓名="赵桂兰",
            身份证号=ZHAO,
            **{"类别/形式": None, "名次/获奖": "一等奖", "获奖级别": "矿级"},
        ),
    ]


@pytest.fixture
def on_roster(cli, roster):
    rows = [person_row(1, "王建国", WANG), person_row(2, "李秀英", LI), person_row(3, "赵桂兰", ZHAO)]
    assert cli("import", "retirees", str(roster(rows))).exit_code == 0


def imported(cli, path: Path, *args: str) -> tuple[Any, dict[str, Any]]:
    result = cli("import", "activities", str(path), "--format", "json", *args)
    return result, (json.loads(result.stdout) if result.stdout.strip() else {})


def recorded(read) -> dict[tuple[str, str], dict[str, Any]]:
    from kuangqu.models.registry import Retiree
    from kuangqu.models.stability import Activity, Award
    from kuangqu.services import activities

    with read() as s:
        found: dict[tuple[str, str], dict[str, Any]] = {}
        for activity, _ in activities.list_activities(s):
            people = sorted(r.name for _, r in activities.participants(s, activity))
            found[(activity.name, activity.start_on.isoformat())] = {
                "kind": activity.kind,
                "place": activity.place,
                "people": people,
            }
        awards = [(a.name, a.level, a.awarded_on.isoformat(), s.get(Retiree, a.retiree_id).name)
                  for a, _, _ in activities.list_awards(s)]  # fmt: skip
        assert s.query(Activity).count() == len(found)
        assert s.query(Award).count() == len(awards)
    found[("awards", "")] = {"list": awards}
    return found


def test_each_row_makes_its_person_a_participant_of_the_activity_it_names(cli, read, on_roster, tmp_path):
    result, summary = imported(cli, activity_workbook(tmp_path / "a.xlsx", three_people()))
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"], summary["unchanged"], summary["errors"]) == (3, 0, 0, [])
    assert recorded(read) == {
        ("重阳节登山", "2025-10-29"): {"kind": "trip", "place": "白龟山", "people": ["李秀英", "王建国"]},
        ("老年门球赛", "2025-05-12"): {"kind": "other", "place": "矿体育场", "people": ["赵桂兰"]},
        ("awards", ""): {"list": [("老年门球赛 一等奖", "mine", "2025-05-12", "赵桂兰")]},
    }


def test_importing_the_same_list_again_changes_nothing(cli, read, on_roster, tmp_path):
    path = activity_workbook(tmp_path / "a.xlsx", three_people())
    assert imported(cli, path)[0].exit_code == 0
    before = recorded(read)
    result, summary = imported(cli, path)
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, 3)
    assert recorded(read) == before


def test_an_award_added_later_for_a_participant_is_an_update(cli, read, on_roster, tmp_path):
    assert imported(cli, activity_workbook(tmp_path / "a.xlsx", [joined()]))[0].exit_code == 0
    later = activity_workbook(tmp_path / "b.xlsx", [joined(**{"名次/获奖": "优秀奖"})])
    result, summary = imported(cli, later)
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 1, 0)
    assert summary["changes"][0]["fields"] == {"award": {"old": None, "new": "重阳节登山 优秀奖"}}
    assert recorded(read)[("awards", "")] == {
        "list": [("重阳节登山 优秀奖", "other", "2025-10-29", "王建国")]
    }


def test_a_person_not_on_the_roster_or_under_another_name_is_refused_and_nothing_is_written(
    cli, read, on_roster, tmp_path
):
    stranger = make_id(birth="19500101", seq="131")
    rows = [
        joined(),
        joined(参加人姓名="王建民", 身份证号=LI),
        joined(参加人姓名="孙立新", 身份证号=stranger),
    ]
    result, summary = imported(cli, activity_workbook(tmp_path / "a.xlsx", rows))
    assert result.exit_code == 1
    errors = {e["row"]: e for e in summary["errors"]}
    assert sorted(errors) == [4, 5]
    assert (
        errors[4]["column"] == "G" and "身份冲突" in errors[4]["message"] and "李秀英" in errors[4]["message"]
    )
    assert errors[5]["column"] == "H" and "请先导入" in errors[5]["message"]
    assert stranger not in json.dumps(summary, ensure_ascii=False)  # the ID is masked
    assert recorded(read) == {("awards", ""): {"list": []}}


def test_every_bad_cell_is_located_and_nothing_is_written(cli, read, on_roster, tmp_path):
    rows = [
        joined(活动名称=None),  # row 3: no activity name
        joined(活动日期="2999-01-01", 身份证号=LI, 参加人姓名="李秀英"),  # row 4: in the future
        joined(**{"类别/形式": "跳舞"}, 活动名称="舞会"),  # row 5: not a category
        joined(结束日期="2025-10-01", 活动名称="秋游"),  # row 6: ends before it starts
        joined(身份证号="410402195003121234", 活动名称="春游"),  # row 7: a wrong check digit
        joined(**{"获奖级别": "宇宙级", "名次/获奖": "一等奖"}, 活动名称="象棋赛"),  # row 8: unknown level
        joined(**{"获奖级别": "矿级"}, 活动名称="书法展"),  # row 9: a level without an award
    ]
    result, summary = imported(cli, activity_workbook(tmp_path / "a.xlsx", rows))
    assert result.exit_code == 1
    places = sorted((e["row"], e["column"]) for e in summary["errors"])
    assert places == [(3, "B"), (4, "C"), (5, "E"), (6, "D"), (7, "H"), (8, "J"), (9, "J")]
    assert recorded(read) == {("awards", ""): {"list": []}}


def test_the_same_person_twice_in_one_activity_is_an_error_naming_both_rows(cli, on_roster, tmp_path):
    result, summary = imported(cli, activity_workbook(tmp_path / "a.xlsx", [joined(), joined(备注="领队")]))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert error["row"] == 4 and "第3行" in error["message"]


def test_rows_of_one_activity_that_disagree_on_its_place_are_refused_naming_the_first(
    cli, on_roster, tmp_path
):
    rows = [joined(), joined(参加人姓名="李秀英", 身份证号=LI, 地点="香山寺")]
    result, summary = imported(cli, activity_workbook(tmp_path / "a.xlsx", rows))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert (error["row"], error["column"]) == (4, "F")
    assert "第3行" in error["message"] and "白龟山" in error["message"]


def test_a_recorded_activity_is_kept_as_recorded_when_the_sheet_says_otherwise_with_a_warning(
    cli, read, on_roster, tmp_path
):
    assert imported(cli, activity_workbook(tmp_path / "a.xlsx", [joined()]))[0].exit_code == 0
    other = activity_workbook(tmp_path / "b.xlsx", [joined(参加人姓名="李秀英", 身份证号=LI, 地点="香山寺")])
    result, summary = imported(cli, other)
    assert result.exit_code == 0, result.stderr
    assert summary["created"] == 1
    assert any("白龟山" in w and "香山寺" in w for w in summary["warnings"])
    assert recorded(read)[("重阳节登山", "2025-10-29")]["place"] == "白龟山"


def test_a_dry_run_reports_what_it_would_do_and_writes_nothing(cli, read, on_roster, tmp_path):
    result, summary = imported(cli, activity_workbook(tmp_path / "a.xlsx", three_people()), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["dry_run"]) == (3, True)
    assert recorded(read) == {("awards", ""): {"list": []}}


def test_the_errors_option_writes_the_failing_rows_to_fix_and_reimport(cli, on_roster, tmp_path):
    out = tmp_path / "errors.xlsx"
    rows = [joined(), joined(参加人姓名="李秀英", 身份证号=LI, 活动日期="2999-01-01", 活动名称="春游")]
    result, _ = imported(cli, activity_workbook(tmp_path / "a.xlsx", rows), "--errors", str(out))
    assert result.exit_code == 1 and out.is_file()
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    text = json.dumps(sheet, ensure_ascii=False, default=str)
    assert "春游" in text and "重阳节登山" not in text
