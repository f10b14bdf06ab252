"""Importing relief applications (困难救助申请登记表), each taken through the relief service step by step."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.helpers import make_id
from tests.importer.conftest import register_workbook_of
from tests.relief.conftest import ISSUE_STANDARD

HEAD = make_id(birth="19500312", seq="123")
STRANGER = make_id(birth="19500101", seq="131")
HEADER = [
    "序号", "户主姓名", "身份证号", "申请类别", "申请档次", "申请日期", "申请理由", "申请金额（临时救助）",
    "审核日期", "审核人", "走访核实", "公示日期", "公示结束", "审批结果", "审批日期", "批准金额", "审批意见", "备注",
]  # fmt: skip


def workbook(path: Path, rows: list[dict[str, Any]], header: list[str] | None = None) -> Path:
    return register_workbook_of(
        path, "救助申请", ["困难救助申请登记表"], header or HEADER, rows, text_column="C"
    )


def applied(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "户主姓名": "王建国",
        "身份证号": HEAD,
        "申请类别": "日常救助",
        "申请日期": "2020-01-02",
        "申请理由": "老伴住院",
    }
    values.update(overrides)
    return values


def reviewed(**overrides: Any) -> dict[str, Any]:
    return applied(**{"审核日期": "2020-01-06", "审核人": "张科长", **overrides})


def noticed(**overrides: Any) -> dict[str, Any]:
    return reviewed(**{"公示日期": "2020-01-07", "公示结束": "2020-01-13", **overrides})


def approved(**overrides: Any) -> dict[str, Any]:
    return noticed(**{"申请档次": "A", "审批结果": "批准", "审批日期": "2020-01-15", **overrides})


@pytest.fixture
def home(person: Any, write: Any) -> Any:
    """王建国 heading a household that the issue's standard places in tier A; `visit=True` adds a
    home visit on 2020-01-05. Returns (household id, visit id or None)."""
    from kuangqu.services import households, visits
    from kuangqu.services.relief import standards

    def _make(visit: bool = True) -> tuple[int, int | None]:
        head = person("王建国", id_number=HEAD)
        with write() as s:
            standards.load(s, ISSUE_STANDARD, source_name="issue.toml")
            household = households.create(s, head)
            [me] = households.members(s, household)
            households.edit_member(s, household, me, {"monthly_income_fen": 20000})
            households.set_facts(s, household, households.FactsUpdate(annual_rigid_expenses_fen=0))
            found = (
                visits.add(s, household, on=date(2020, 1, 5), today=date(2020, 1, 5), visitor="张志强")
                if visit
                else None
            )
            return household.id, (found.id if found else None)

    return _make


def imported(cli: Any, path: Path, *args: str) -> tuple[Any, dict[str, Any]]:
    result = cli("import", "applications", str(path), "--format", "json", *args)
    return result, (json.loads(result.stdout) if result.stdout.strip() else {})


def recorded(read: Any) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from kuangqu.models.relief import ReliefApplication, ReliefApplicationEvent

    with read() as s:
        out = []
        for a in s.scalars(select(ReliefApplication).order_by(ReliefApplication.id)):
            actions = s.scalars(
                select(ReliefApplicationEvent.action)
                .where(ReliefApplicationEvent.application_id == a.id)
                .order_by(ReliefApplicationEvent.id)
            ).all()
            out.append(
                {
                    "kind": a.kind,
                    "status": a.status,
                    "tier": a.tier,
                    "visit_ref": a.visit_ref,
                    "visit_on": a.visit_on,
                    "notice": (a.notice_from, a.notice_days),
                    "decided_on": a.decided_on,
                    "requested": a.requested_amount_fen,
                    "approved": a.approved_amount_fen,
                    "reason": a.reason,
                    "decision_reason": a.decision_reason,
                    "events": list(actions),
                }
            )
        return out


def test_an_approved_daily_row_is_filed_reviewed_noticed_and_approved_with_the_assessed_tier(
    cli, home, read, tmp_path
):
    _, visit_id = home()
    result, summary = imported(cli, workbook(tmp_path / "a.xlsx", [approved(备注="社区推荐")]))
    assert result.exit_code == 0, f"{result.stdout}{result.stderr}"
    assert (summary["created"], summary["updated"], summary["unchanged"], summary["errors"]) == (1, 0, 0, [])
    assert summary["warnings"] == []
    [app] = recorded(read)
    assert (app["kind"], app["status"], app["tier"]) == ("daily", "approved", "A")
    assert (app["visit_ref"], app["visit_on"]) == (f"家访#{visit_id}", date(2020, 1, 5))
    assert app["notice"] == (date(2020, 1, 7), 7)
    assert app["decided_on"] == date(2020, 1, 15)
    assert app["reason"] == "老伴住院；备注：社区推荐"
    assert app["events"] == ["apply", "review", "notice", "approve"]


def test_a_temporary_row_records_the_amounts_asked_and_approved(cli, home, read, tmp_path):
    home()
    row = approved(
        **{"申请类别": "临时救助", "申请档次": None, "申请金额（临时救助）": "3000", "批准金额": "2500.50"}
    )
    result, summary = imported(cli, workbook(tmp_path / "a.xlsx", [row]))
    assert result.exit_code == 0, f"{result.stdout}{result.stderr}"
    assert (summary["created"], summary["warnings"]) == (1, [])
    [app] = recorded(read)
    assert (app["kind"], app["status"], app["requested"], app["approved"]) == (
        "temporary",
        "approved",
        300000,
        250050,
    )


def test_importing_the_same_sheet_again_changes_nothing(cli, home, read, tmp_path):
    home()
    path = workbook(tmp_path / "a.xlsx", [approved()])
    assert imported(cli, path)[0].exit_code == 0
    result, summary = imported(cli, path)
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, 1)
    assert summary["warnings"] == []
    assert len(recorded(read)[0]["events"]) == 4


def test_a_later_sheet_advances_the_recorded_application_and_lists_the_status_change(
    cli, home, read, tmp_path
):
    home()
    assert imported(cli, workbook(tmp_path / "a.xlsx", [reviewed()]))[0].exit_code == 0
    assert recorded(read)[0]["status"] == "reviewed"
    result, summary = imported(cli, workbook(tmp_path / "b.xlsx", [approved()]))
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 1, 0)
    assert summary["changes"][0]["fields"]["status"] == {"old": "已初审", "new": "已批准"}
    assert recorded(read)[0]["events"] == ["apply", "review", "notice", "approve"]


def test_a_recorded_step_the_sheet_gives_differently_is_kept_with_a_warning(cli, home, read, tmp_path):
    home()
    assert imported(cli, workbook(tmp_path / "a.xlsx", [approved()]))[0].exit_code == 0
    result, summary = imported(cli, workbook(tmp_path / "b.xlsx", [approved(审批日期="2020-01-20")]))
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, 1)
    [warning] = summary["warnings"]
    assert "第3行" in warning and "N列" in warning, warning
    assert "批准（2020-01-15）" in warning and "批准（2020-01-20）" in warning
    assert "保留已记录的" in warning
    assert recorded(read)[0]["decided_on"] == date(2020, 1, 15)


def test_a_review_without_a_visit_on_or_before_its_date_asks_to_import_the_visits_first(
    cli, home, read, tmp_path
):
    home(visit=False)
    result, summary = imported(cli, workbook(tmp_path / "a.xlsx", [reviewed()]))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert (error["sheet"], error["row"], error["column"]) == ("救助申请", 3, "I")
    assert "没有家访记录" in error["message"] and "kuangqu import visits" in error["message"]
    assert recorded(read) == []


def test_a_visit_date_in_the_sheet_must_be_a_recorded_visit_of_that_day(cli, home, read, tmp_path):
    home()
    result, summary = imported(cli, workbook(tmp_path / "a.xlsx", [reviewed(走访核实="2020-01-04")]))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert (error["row"], error["column"]) == (3, "K")
    assert "2020-01-04" in error["message"]
    result, _ = imported(cli, workbook(tmp_path / "b.xlsx", [reviewed(走访核实="2020-01-05")]))
    assert result.exit_code == 0, result.stderr
    assert recorded(read)[0]["visit_on"] == date(2020, 1, 5)


def test_an_approval_during_the_notice_is_refused_by_the_service_and_nothing_is_written(
    cli, home, read, tmp_path
):
    home()
    rows = [approved(审批日期="2020-01-10")]
    result, summary = imported(cli, workbook(tmp_path / "a.xlsx", rows))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert (error["row"], error["column"]) == (3, "O")
    assert "2020-01-13" in error["message"]
    assert recorded(read) == []


def test_a_rejection_needs_its_reason_and_a_withdrawal_ends_the_application(cli, home, read, tmp_path):
    home()
    result, summary = imported(
        cli, workbook(tmp_path / "a.xlsx", [reviewed(审批结果="不批准", 审批日期="2020-01-08")])
    )
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert (error["row"], error["column"]) == (3, "Q")
    rows = [reviewed(审批结果="撤回", 审批日期="2020-01-08", 审批意见="本人撤回")]
    result, summary = imported(cli, workbook(tmp_path / "b.xlsx", rows))
    assert result.exit_code == 0, result.stderr
    [app] = recorded(read)
    assert (app["status"], app["events"]) == ("withdrawn", ["apply", "review", "withdraw"])


def test_every_problem_is_located_and_masked_and_nothing_is_half_written(cli, home, read, tmp_path):
    home()
    rows = [
        approved(),  # fine on its own, but the file has errors: not written
        applied(申请类别="长期救助"),
        applied(身份证号=STRANGER),
        applied(审批结果="批准", 审批日期="2020-01-15"),  # no notice
        applied(申请类别="临时救助"),  # no amount: the service refuses
        approved(),  # the same application twice
    ]
    path = workbook(tmp_path / "a.xlsx", rows)
    result, summary = imported(cli, path, "--errors", str(tmp_path / "errors.xlsx"))
    assert result.exit_code == 1
    where = [(e["row"], e["column"]) for e in summary["errors"]]
    assert (4, "D") in where and (5, "C") in where and (6, "N") in where and (8, None) in where
    stranger = next(e for e in summary["errors"] if e["row"] == 5)
    assert STRANGER not in json.dumps(summary, ensure_ascii=False) and stranger["value"]
    assert "长期救助" in next(e for e in summary["errors"] if e["row"] == 4)["message"]
    assert (tmp_path / "errors.xlsx").is_file()
    assert recorded(read) == []


def test_the_service_refusal_of_a_temporary_row_without_an_amount_is_located(cli, home, read, tmp_path):
    home()
    result, summary = imported(cli, workbook(tmp_path / "a.xlsx", [applied(申请类别="临时救助")]))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert (error["row"], error["column"]) == (3, "H")
    assert recorded(read) == []


def test_a_dry_run_reports_the_same_counts_and_writes_nothing(cli, home, read, tmp_path):
    home()
    result, summary = imported(cli, workbook(tmp_path / "a.xlsx", [approved()]), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["errors"]) == (1, [])
    assert recorded(read) == []


def test_a_sheet_tier_that_differs_from_the_assessment_is_a_warning(cli, home, read, tmp_path):
    home()
    result, summary = imported(cli, workbook(tmp_path / "a.xlsx", [approved(申请档次="B")]))
    assert result.exit_code == 0, result.stderr
    [warning] = summary["warnings"]
    assert "第3行" in warning and "E列" in warning and "评定为 A 档" in warning, warning
    assert recorded(read)[0]["tier"] == "A"
    assert set(summary) >= {"created", "updated", "unchanged", "skipped_rows", "warnings", "errors"}


def test_the_table_report_names_sheet_row_column_and_says_what_to_do_without_a_traceback(cli, home, tmp_path):
    home(visit=False)
    result = cli("import", "applications", str(workbook(tmp_path / "a.xlsx", [reviewed()])))
    assert result.exit_code == 1
    text = result.stdout + result.stderr
    assert "救助申请" in text and "第3行" in text and "I列" in text and "审核日期" in text
    assert "kuangqu import visits" in text and "Traceback" not in text
