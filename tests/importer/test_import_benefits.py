"""Importing benefit-change cards (待遇变更明白卡): each row appended to the person's ledger in file
order, the same card twice changes nothing, a row contradicting the ledger is a located error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.helpers import make_id

PERSON = make_id(birth="19500312", seq="411")
OTHER = make_id(birth="19510412", seq="413")
HEADER = ["序号", "姓名", "身份证号", "变更月份", "项目", "变更前", "变更后金额", "变更原因", "文件依据"]
COLUMN = {name: "ABCDEFGHI"[i] for i, name in enumerate(HEADER)}


def card_sheet(path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "待遇变更"
    ws.append(["离退休人员待遇变更明白卡"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    for cell in ws["C"]:
        cell.number_format = "@"
    wb.save(path)
    return path


def change(
    n: int,
    month: Any,
    item: str,
    before: Any,
    after: Any,
    *,
    name: str = "王建国",
    id_number: str = PERSON,
    reason: Any = "调整待遇",
    document: Any = None,
) -> list[Any]:
    return [n, name, id_number, month, item, before, after, reason, document]


CARD = [
    change(1, "2010-03", "基本养老金", None, "1800.00", reason="退休核定", document="平人社〔2010〕12号"),
    change(2, "2011-01", "基本养老金", "1800.00", "1950.00", reason="2011年调整"),
    change(3, "2011-01", "各项补贴", "0", "120.00", reason="增发补贴"),
]


@pytest.fixture
def retired(person: Any) -> Any:
    """王建国, retired in March 2010 (his card's first month)."""

    def _make(name: str = "王建国", id_number: str = PERSON, **fields: Any) -> Any:
        values = {"work_start": "1968-09", "retired_on": "2010-03", "sex": "男", **fields}
        return person(name, id_number=id_number, **values)

    return _make


@pytest.fixture
def card(tmp_path: Path) -> Any:
    counter = iter(range(1000))

    def _make(*rows: list[Any], header: list[str] = HEADER) -> Path:
        return card_sheet(tmp_path / f"card{next(counter)}.xlsx", list(rows), header)

    return _make


def run(cli: Any, path: Path, *extra: str) -> tuple[int, dict[str, Any], str]:
    result = cli("import", "benefits", str(path), "--format", "json", *extra)
    return result.exit_code, json.loads(result.stdout), result.stderr


def entries(read: Any) -> list[tuple[Any, ...]]:
    from sqlalchemy import select

    from kuangqu.models.ledger import LedgerEntry

    with read() as s:
        rows = s.scalars(select(LedgerEntry).order_by(LedgerEntry.retiree_id, LedgerEntry.seq)).all()
        return [(e.seq, str(e.effective), e.component, e.amount_fen, e.reason, e.document) for e in rows]


def test_a_card_appends_each_change_to_the_persons_ledger_in_file_order(cli, retired, card, read):
    retired()
    code, summary, _ = run(cli, card(*CARD))
    assert code == 0, summary["errors"]
    assert (summary["created"], summary["unchanged"]) == (3, 0)
    assert entries(read) == [
        (1, "2010-03", "basic_pension", 180000, "退休核定", "平人社〔2010〕12号"),
        (2, "2011-01", "basic_pension", 195000, "2011年调整", None),
        (3, "2011-01", "allowance", 12000, "增发补贴", None),
    ]


def test_the_imported_entries_form_an_unbroken_hash_chain_and_a_card(cli, retired, card, read):
    from kuangqu.rules.dates import PartialDate
    from kuangqu.services import ledger

    who = retired()
    run(cli, card(*CARD))
    with read() as s:
        assert ledger.verify_ledger_chain(s) == []
        facts = ledger.facts(ledger.entries_for(s, who.id))
    assert ledger.rules.monthly_total(facts, PartialDate(2011, 6)) == 195000 + 12000


def test_importing_the_same_card_twice_changes_nothing(cli, retired, card, read):
    retired()
    path = card(*CARD)
    run(cli, path)
    code, again, _ = run(cli, path)
    assert code == 0
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert len(entries(read)) == 3


def test_a_longer_card_appends_only_its_new_changes(cli, retired, card, read):
    retired()
    run(cli, card(*CARD[:2]))
    longer = [*CARD, change(4, "2012-01", "基本养老金", "1950.00", "2080.00", reason="2012年调整")]
    code, summary, _ = run(cli, card(*longer))
    assert (code, summary["created"], summary["unchanged"]) == (0, 2, 2)
    assert [e[0] for e in entries(read)] == [1, 2, 3, 4]


def test_a_before_amount_that_is_not_the_ledgers_level_is_an_error_naming_that_level(
    cli, retired, card, read
):
    retired()
    run(cli, card(*CARD))
    wrong = change(1, "2012-01", "基本养老金", "2000.00", "2080.00", reason="2012年调整")
    code, summary, _ = run(cli, card(wrong))
    assert code == 1
    [error] = summary["errors"]
    assert (error["sheet"], error["row"], error["column"], error["value"]) == ("待遇变更", 3, "F", "2000.00")
    assert "台账中基本养老金在 2012-01 为 1950.00 元" in error["message"]
    assert "纠错" in error["message"]
    assert len(entries(read)) == 3


def test_a_before_amount_is_checked_against_the_rows_above_it_in_the_same_file(cli, retired, card, read):
    retired()
    rows = [CARD[0], change(2, "2011-01", "基本养老金", "1700.00", "1950.00")]
    code, summary, _ = run(cli, card(*rows))
    assert code == 1
    assert summary["errors"][0]["row"] == 4 and "1800.00" in summary["errors"][0]["message"]
    assert entries(read) == []  # all or nothing: the good first row is not written either


def test_a_change_dated_before_the_ledgers_latest_entry_for_that_item_is_refused(cli, retired, card, read):
    retired()
    run(cli, card(*CARD))
    code, summary, _ = run(cli, card(change(1, "2010-08", "基本养老金", "1800.00", "1850.00")))
    assert code == 1
    error = summary["errors"][0]
    assert error["column"] == COLUMN["变更月份"]
    assert "已有 2011-01 的记录（1950.00 元）" in error["message"] and "纠错" in error["message"]


def test_another_amount_for_a_month_already_in_the_ledger_is_refused(cli, retired, card):
    retired()
    run(cli, card(*CARD))
    code, summary, _ = run(cli, card(change(1, "2011-01", "基本养老金", "1800.00", "1990.00")))
    assert code == 1
    assert "已有 2011-01 的记录" in summary["errors"][0]["message"]


def test_a_card_row_whose_entry_a_correction_reversed_since_is_still_unchanged(
    cli, retired, card, read, write
):
    from kuangqu.services import ledger

    retired()
    path = card(*CARD)
    run(cli, path)
    with write() as s:
        ledger.reverse(s, 2, "核定有误")  # the 2011 adjustment (entry id 2)
    code, again, _ = run(cli, path)
    assert (code, again["created"], again["unchanged"]) == (0, 0, 3)
    assert len(entries(read)) == 4  # the three and the reversal, nothing re-appended


def test_the_same_change_twice_in_one_file_is_an_error_naming_the_first_row(cli, retired, card):
    retired()
    code, summary, _ = run(cli, card(CARD[0], CARD[1], CARD[1]))
    assert code == 1
    [error] = summary["errors"]
    assert error["row"] == 5 and "第4行" in error["message"]


def test_a_person_not_on_the_roster_is_a_row_error_with_the_id_masked(cli, retired, card):
    retired()
    code, summary, stderr = run(
        cli, card(CARD[0], change(2, "2011-01", "基本养老金", None, "900", id_number=OTHER))
    )
    assert code == 1
    [error] = summary["errors"]
    assert (error["row"], error["column"], error["value"]) == (4, "C", OTHER[:6] + "********" + OTHER[-4:])
    assert OTHER not in json.dumps(summary, ensure_ascii=False) + stderr


def test_a_name_that_is_not_the_name_of_that_id_is_an_identity_conflict(cli, retired, card):
    retired()
    code, summary, _ = run(cli, card(change(1, "2010-03", "基本养老金", None, "1800", name="王建军")))
    assert code == 1
    assert summary["errors"][0]["column"] == COLUMN["姓名"]


def test_a_regular_amount_before_retirement_is_refused(cli, retired, card):
    retired()
    code, summary, _ = run(cli, card(change(1, "2009-12", "基本养老金", None, "1800")))
    assert code == 1
    assert "早于退休时间" in summary["errors"][0]["message"]


def test_a_missing_reason_an_unknown_item_and_a_day_instead_of_a_month_are_each_located(cli, retired, card):
    retired()
    rows = [
        change(1, "2010-03", "基本养老金", None, "1800", reason=None),
        change(2, "2010-03", "奖金", None, "100"),
        change(3, "2010-03-15", "各项补贴", None, "100"),
    ]
    code, summary, _ = run(cli, card(*rows))
    assert code == 1
    assert [(e["row"], e["column"]) for e in summary["errors"]] == [(3, "H"), (4, "E"), (5, "D")]


def test_a_month_written_as_a_date_cell_is_that_month(cli, retired, card, read):
    from datetime import datetime

    retired()
    code, _, _ = run(cli, card(change(1, datetime(2010, 3, 1), "基本养老金", None, 1800)))
    assert code == 0
    assert entries(read)[0][1] == "2010-03"


def test_a_one_off_item_is_recorded_once_and_is_unchanged_on_reimport(cli, retired, card, read):
    retired()
    path = card(CARD[0], change(2, "2015-06", "补发", None, "600.00", reason="补发2014年调整差额"))
    run(cli, path)
    code, again, _ = run(cli, path)
    assert (code, again["unchanged"]) == (0, 2)
    assert entries(read)[1][2:4] == ("arrears", 60000)


def test_a_dry_run_checks_everything_and_writes_nothing(cli, retired, card, read):
    retired()
    code, summary, _ = run(cli, card(*CARD), "--dry-run")
    assert (code, summary["created"], summary["dry_run"]) == (0, 3, True)
    assert entries(read) == []


# ------------------------------------------------ bad inputs 26–30 (../shared/bad-inputs.md), file level


def test_bad_input_26_a_negative_new_level_is_rejected_and_points_to_a_reversal(cli, retired, card, read):
    retired()
    code, summary, _ = run(cli, card(change(1, "2010-03", "基本养老金", None, "-1800.00")))
    assert code == 1
    error = summary["errors"][0]
    assert (error["column"], error["value"]) == ("G", "-1800.00") and "冲正" in error["message"]
    assert entries(read) == []


def test_bad_input_27_a_monthly_level_of_99999999_is_rejected_above_the_ceiling(cli, retired, card):
    retired()
    code, summary, _ = run(cli, card(change(1, "2010-03", "基本养老金", None, "99,999,999")))
    assert code == 1
    assert "上限" in summary["errors"][0]["message"]


def test_bad_input_28_a_level_with_three_decimals_is_rejected_never_rounded(cli, retired, card, read):
    retired()
    code, summary, _ = run(cli, card(change(1, "2010-03", "基本养老金", None, "3456.785")))
    assert code == 1
    assert "两位小数" in summary["errors"][0]["message"]
    assert entries(read) == []


def test_bad_input_29_written_amounts_the_office_uses_are_read_exactly(cli, retired, card, read):
    retired()
    rows = [
        change(1, "2010-03", "基本养老金", None, "¥3,456.78"),
        change(2, "2011-01", "基本养老金", "3456.78元", "３５００．００"),
    ]
    code, summary, _ = run(cli, card(*rows))
    assert code == 0, summary["errors"]
    assert [e[3] for e in entries(read)] == [345678, 350000]


@pytest.mark.parametrize("written", ["壹仟元", "3456,78"], ids=["chinese-numerals", "decimal-comma"])
def test_bad_input_29_chinese_numerals_and_a_decimal_comma_are_rejected(cli, retired, card, written):
    retired()
    code, summary, _ = run(cli, card(change(1, "2010-03", "基本养老金", None, written)))
    assert code == 1
    assert (summary["errors"][0]["column"], summary["errors"][0]["value"]) == ("G", written)


def test_bad_input_30_float_noise_in_a_level_is_accepted_as_the_cent_amount(cli, retired, card, read):
    retired()
    code, _, _ = run(cli, card(change(1, "2010-03", "各项补贴", None, 0.1 + 0.2)))
    assert code == 0
    assert entries(read)[0][3] == 30
