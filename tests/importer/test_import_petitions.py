"""Importing the petition register: linked to the roster by ID, through the petition service, safe twice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers import make_id
from tests.importer.conftest import person_row, register_workbook_of

WANG = make_id(birth="19480312", seq="111")
LI = make_id(birth="19520704", seq="122")
STRANGER = make_id(birth="19500101", seq="131")
HEADER = [
    "序号",
    "信访人",
    "身份证号",
    "来访日期",
    "信访形式",
    "信访类别",
    "事项类别",
    "反映问题",
    "受理日期",
    "处理意见",
    "办理情况",
    "答复日期",
    "办结日期",
    "责任人",
]


def register_workbook(path: Path, rows: list[dict[str, Any]], header: list[str] | None = None) -> Path:
    """The office's register: a title line, then the header, then one row per petition."""
    return register_workbook_of(
        path, "信访登记表", ["2024年信访登记表"], header or HEADER, rows, text_column="C"
    )


def petition(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "信访人": "王建国",
        "身份证号": WANG,
        "来访日期": "2024-03-01",
        "信访形式": "来访",
        "信访类别": "申诉求决",
        "事项类别": "待遇",
        "反映问题": "要求补发2023年取暖费",
        "责任人": "退管中心",
    }
    values.update(overrides)
    return values


def closed(**overrides: Any) -> dict[str, Any]:
    steps = {
        "受理日期": "2024-03-05",
        "处理意见": "予以支持",
        "办理情况": "已补发",
        "答复日期": "2024-04-10",
        "办结日期": "2024-04-20",
    }
    return petition(**{**steps, **overrides})


def setup_roster(cli, roster) -> None:
    path = roster([person_row(1, "王建国", WANG), person_row(2, "李秀英", LI, 性别="女")])
    result = cli("import", "retirees", str(path))
    assert result.exit_code == 0, result.stderr


def imported(cli, path: Path, *args: str) -> tuple[Any, dict[str, Any]]:
    result = cli("import", "petitions", str(path), "--format", "json", *args)
    return result, (json.loads(result.stdout) if result.stdout.strip() else {})


def listed(cli) -> list[dict[str, Any]]:
    return cli("petition", "list", "--format", "json").json()


def test_a_register_row_becomes_a_petition_of_the_person_with_the_codes_of_the_sheet(cli, roster, tmp_path):
    setup_roster(cli, roster)
    result, summary = imported(cli, register_workbook(tmp_path / "p.xlsx", [petition()]))
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (1, 0, 0)
    shown = cli("petition", "show", "1", "--format", "json").json()
    assert (shown["petitioner"], shown["petitioner_kind"], shown["received_on"]) == (
        "王建国",
        "retiree",
        "2024-03-01",
    )
    assert (shown["channel"], shown["petition_type"], shown["subject"], shown["status"]) == (
        "visit",
        "claim",
        "benefit",
        "registered",
    )
    assert shown["request"] == "要求补发2023年取暖费"
    assert shown["handling_unit"] == "退管中心"


def test_a_closed_row_is_taken_through_acceptance_answer_and_closing_by_the_service(cli, roster, tmp_path):
    setup_roster(cli, roster)
    result, _ = imported(cli, register_workbook(tmp_path / "p.xlsx", [closed()]))
    assert result.exit_code == 0, result.stderr
    shown = cli("petition", "show", "1", "--format", "json").json()
    assert (shown["status"], shown["accepted_on"], shown["opinion"], shown["opinion_on"]) == (
        "closed",
        "2024-03-05",
        "supported",
        "2024-04-10",
    )
    assert shown["closed_on"] == "2024-04-20"
    assert [e["action"] for e in shown["events"]] == ["register", "accept", "handle", "close"]


def test_importing_the_same_register_twice_creates_nothing_the_second_time(cli, roster, tmp_path):
    setup_roster(cli, roster)
    path = register_workbook(tmp_path / "p.xlsx", [petition(), closed(来访日期="2024-02-01")])
    first, _ = imported(cli, path)
    assert first.exit_code == 0, first.stderr
    again, summary = imported(cli, path)
    assert again.exit_code == 0, again.stderr
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, 2)
    assert len(listed(cli)) == 2


def test_a_later_register_with_the_answer_filled_in_advances_the_stored_petition(cli, roster, tmp_path):
    setup_roster(cli, roster)
    imported(cli, register_workbook(tmp_path / "a.xlsx", [petition()]))
    result, summary = imported(cli, register_workbook(tmp_path / "b.xlsx", [closed()]))
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"]) == (0, 1)
    assert summary["changes"][0]["fields"]["status"] == {"old": "已登记", "new": "已办结"}
    assert [p["status"] for p in listed(cli)] == ["closed"]


def test_a_stored_step_the_sheet_dates_differently_is_kept_with_a_warning(cli, roster, tmp_path):
    setup_roster(cli, roster)
    imported(cli, register_workbook(tmp_path / "a.xlsx", [closed()]))
    result, summary = imported(cli, register_workbook(tmp_path / "b.xlsx", [closed(办结日期="2024-04-25")]))
    assert result.exit_code == 0, result.stderr
    assert summary["unchanged"] == 1
    assert any("2024-04-20" in w and "2024-04-25" in w for w in summary["warnings"])
    assert cli("petition", "show", "1", "--format", "json").json()["closed_on"] == "2024-04-20"


def test_a_person_not_on_the_roster_is_an_error_telling_to_import_the_roster_first(cli, roster, tmp_path):
    setup_roster(cli, roster)
    rows = [petition(), petition(信访人="赵四", 身份证号=STRANGER)]
    result, summary = imported(cli, register_workbook(tmp_path / "p.xlsx", rows))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert (error["sheet"], error["row"], error["column"]) == ("信访登记表", 4, "C")
    assert "请先导入离退休人员登记表" in error["message"]
    assert STRANGER not in json.dumps(summary, ensure_ascii=False)
    assert listed(cli) == []


def test_a_name_differing_from_the_roster_is_an_identity_conflict_not_a_match(cli, roster, tmp_path):
    setup_roster(cli, roster)
    result, summary = imported(cli, register_workbook(tmp_path / "p.xlsx", [petition(信访人="王建军")]))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert "身份冲突" in error["message"]
    assert (error["row"], error["column"]) == (3, "B")
    assert listed(cli) == []


def test_every_bad_cell_is_reported_with_its_row_and_column_and_nothing_is_written(cli, roster, tmp_path):
    setup_roster(cli, roster)
    rows = [
        petition(),
        petition(信访形式="托人带话", 反映问题="甲"),
        petition(来访日期="2024-02-30", 反映问题="乙"),
        petition(反映问题=None),
    ]
    result, summary = imported(cli, register_workbook(tmp_path / "p.xlsx", rows))
    assert result.exit_code == 1
    places = sorted((e["row"], e["column"]) for e in summary["errors"])
    assert places == [(4, "E"), (5, "D"), (6, "H")]
    assert "来信" in next(e["message"] for e in summary["errors"] if e["column"] == "E")
    assert listed(cli) == []


def test_the_same_petition_twice_in_one_file_is_an_error_naming_both_rows(cli, roster, tmp_path):
    setup_roster(cli, roster)
    rows = [petition(), petition(信访人="李秀英", 身份证号=LI), petition()]
    result, summary = imported(cli, register_workbook(tmp_path / "p.xlsx", rows))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert error["row"] == 5
    assert "第3行" in error["message"]
    assert listed(cli) == []


def test_a_dry_run_checks_against_the_database_and_writes_nothing(cli, roster, tmp_path):
    setup_roster(cli, roster)
    result, summary = imported(cli, register_workbook(tmp_path / "p.xlsx", [closed()]), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["dry_run"]) == (1, True)
    assert listed(cli) == []


def test_steps_out_of_order_are_refused_at_the_cell_that_goes_back(cli, roster, tmp_path):
    setup_roster(cli, roster)
    rows = [closed(答复日期="2024-03-02")]  # answered before it was accepted (03-05)
    result, summary = imported(cli, register_workbook(tmp_path / "p.xlsx", rows))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert (error["row"], error["column"]) == (3, "L")
    assert listed(cli) == []


def test_an_answer_date_without_an_opinion_is_an_error_listing_the_opinions(cli, roster, tmp_path):
    setup_roster(cli, roster)
    rows = [closed(处理意见=None, 办理情况="已答复")]
    result, summary = imported(cli, register_workbook(tmp_path / "p.xlsx", rows))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert error["column"] == "J"
    assert "予以支持" in error["message"]


def test_missing_acceptance_date_and_codes_are_filled_in_with_warnings_that_say_so(cli, roster, tmp_path):
    setup_roster(cli, roster)
    header = ["信访人", "身份证号", "信访日期", "信访方式", "主要内容", "处理结果", "办结日期"]
    row = {
        "信访人": "王建国",
        "身份证号": WANG,
        "信访日期": "2024-03-01",
        "信访方式": "来信",
        "主要内容": "房改手续",
        "处理结果": "已解释说明政策",
        "办结日期": "2024-03-20",
    }
    result, summary = imported(cli, register_workbook(tmp_path / "p.xlsx", [row], header=header))
    assert result.exit_code == 0, result.stderr
    warnings = "\n".join(summary["warnings"])
    assert "申诉求决" in warnings and "其他" in warnings
    assert "按来访日期记为受理" in warnings and "按办结日期记为出具处理意见" in warnings
    shown = cli("petition", "show", "1", "--format", "json").json()
    assert (shown["channel"], shown["accepted_on"], shown["opinion"], shown["opinion_on"]) == (
        "letter",
        "2024-03-01",
        "explained",
        "2024-03-20",
    )


def test_an_accusation_is_registered_confidential_as_the_rules_require(cli, roster, tmp_path):
    setup_roster(cli, roster)
    rows = [petition(信访类别="检举控告", 反映问题="举报某某挪用救济款")]
    result, _ = imported(cli, register_workbook(tmp_path / "p.xlsx", rows))
    assert result.exit_code == 0, result.stderr
    shown = cli("petition", "show", "1", "--format", "json").json()
    assert shown["confidential"] is True
    assert "挪用" not in shown["request"]


def test_an_unknown_column_is_kept_in_the_facts_not_dropped(cli, roster, tmp_path):
    setup_roster(cli, roster)
    header = [*HEADER, "来访人数说明"]
    rows = [petition(来访人数说明="老伴陪同")]
    result, _ = imported(cli, register_workbook(tmp_path / "p.xlsx", rows, header=header))
    assert result.exit_code == 0, result.stderr
    shown = cli("petition", "show", "1", "--format", "json").json()
    assert shown["facts"] == "来访人数说明：老伴陪同"


def test_a_step_the_service_refuses_against_the_stored_dates_is_an_error_at_its_column(cli, roster, tmp_path):
    setup_roster(cli, roster)
    imported(cli, register_workbook(tmp_path / "a.xlsx", [petition(受理日期="2024-03-05")]))
    answered_before_acceptance = petition(受理日期="2024-03-01", 处理意见="不予支持", 答复日期="2024-03-03")
    result, summary = imported(cli, register_workbook(tmp_path / "b.xlsx", [answered_before_acceptance]))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert (error["row"], error["column"]) == (3, "L")
    assert "2024-03-05" in error["message"]
    assert [p["status"] for p in listed(cli)] == ["accepted"]
