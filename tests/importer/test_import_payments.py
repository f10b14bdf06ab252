"""Importing past relief sign-off sheets: each row a payment of the payee's household, never twice,
never rewritten, every problem located, all or nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.helpers import make_id
from tests.relief.conftest import ISSUE_STANDARD

HEAD = make_id(birth="19480312", seq="211")
WIDOW = make_id(birth="19520101", seq="222")
HEADER = [
    "序号",
    "姓名",
    "身份证号",
    "救助类别",
    "档次",
    "发放月份",
    "发放金额（元）",
    "发放日期",
    "领款人签字",
    "备注",
]
COLUMN = {name: "ABCDEFGHIJ"[i] for i, name in enumerate(HEADER)}


def sign_off_sheet(path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> Path:
    """The office's layout: a title, the unit line, then the header on row 3."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "签领表"
    ws.append(["十矿困难职工救助金发放签领表"])
    ws.append(["单位：十矿退管中心"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    for cell in ws["C"]:
        cell.number_format = "@"
    wb.save(path)
    return path


def pay_row(
    n: int = 1,
    name: str = "王建国",
    id_number: str = HEAD,
    *,
    kind: Any = "日常救济",
    tier: Any = None,
    month: Any = "2020-02",
    amount: Any = "300.00",
    paid: Any = "2020-02-10",
    remarks: Any = None,
) -> list[Any]:
    return [n, name, id_number, kind, tier, month, amount, paid, None, remarks]


@pytest.fixture
def household(person: Any, write: Any) -> Any:
    """王建国 on the roster, heading a household (nothing approved)."""
    from kuangqu.services import households

    def _make(name: str = "王建国", id_number: str = HEAD, **fields: Any) -> Any:
        head = person(name, id_number=id_number, **fields)
        with write() as s:
            return households.create(s, head)

    return _make


@pytest.fixture
def tiered(person: Any, write: Any) -> Any:
    """A household taken through the relief review to tier A (the issue's standard), or to an
    approved temporary application; returns (household, application, the head's ID)."""
    from kuangqu.services import households
    from kuangqu.services.relief import applications, standards

    def _make(kind: str = "daily", amount_fen: int | None = None) -> tuple[Any, Any, str]:
        head = person("王建国", id_number=HEAD)
        with write() as s:
            standards.load(s, ISSUE_STANDARD, source_name="issue.toml")
            home = households.create(s, head)
            [self_member] = households.members(s, home)
            households.edit_member(s, home, self_member, {"monthly_income_fen": 20000})
            households.set_facts(s, home, households.FactsUpdate(annual_rigid_expenses_fen=0))
            app = applications.apply(s, home, kind, on=date(2020, 1, 2), reason="住院", amount_fen=amount_fen)
            applications.review(s, app, on=date(2020, 1, 3), visit_ref="家访#1", visit_on=date(2020, 1, 2))
            applications.notice(s, app, start=date(2020, 1, 4), days=7)
            applications.approve(s, app, on=date(2020, 1, 11))
        return home, app, HEAD

    return _make


@pytest.fixture
def sheet(tmp_path: Path) -> Any:
    counter = iter(range(1000))

    def _make(*rows: list[Any], header: list[str] = HEADER) -> Path:
        return sign_off_sheet(tmp_path / f"sheet{next(counter)}.xlsx", list(rows), header)

    return _make


def payments(read: Any) -> list[tuple[Any, ...]]:
    from sqlalchemy import select

    from kuangqu.models.relief import ReliefPayment

    with read() as s:
        rows = s.scalars(select(ReliefPayment).order_by(ReliefPayment.id)).all()
        return [(p.household_id, p.kind, p.period, p.attempt, p.amount_fen, p.paid_on, p.tier) for p in rows]


def run(cli: Any, path: Path, *extra: str) -> tuple[int, dict[str, Any], str]:
    result = cli("import", "payments", str(path), "--format", "json", *extra)
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_a_sign_off_sheet_records_a_payment_for_the_household_of_the_person_with_that_id(
    cli, household, sheet, read
):
    home = household()
    path = sheet(
        pay_row(1, month="2020-01", paid="2020-01-10"), pay_row(2, month="2020年2月", paid="2020-02-10")
    )
    code, summary, _ = run(cli, path)
    assert code == 0
    assert (summary["created"], summary["unchanged"], summary["errors"]) == (2, 0, [])
    assert payments(read) == [
        (home.id, "daily", "2020-01", 0, 30000, date(2020, 1, 10), None),
        (home.id, "daily", "2020-02", 0, 30000, date(2020, 2, 10), None),
    ]


def test_importing_the_same_sheet_twice_changes_nothing(cli, household, sheet, read):
    household()
    path = sheet(pay_row(1, month="2020-01", paid="2020-01-10"), pay_row(2))
    run(cli, path)
    code, again, _ = run(cli, path)
    assert code == 0
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert len(payments(read)) == 2


def test_a_recorded_payment_with_another_amount_is_an_error_and_nothing_is_written(
    cli, household, sheet, read
):
    household()
    run(cli, sheet(pay_row(1)))
    code, summary, _ = run(
        cli, sheet(pay_row(1, amount="350.00"), pay_row(2, month="2020-03", paid="2020-03-10"))
    )
    assert code == 1
    [error] = summary["errors"]
    assert (error["sheet"], error["row"], error["column"]) == ("签领表", 4, COLUMN["发放金额（元）"])
    assert "已发放 300.00 元" in error["message"] and "不能改写" in error["message"]
    assert "冲正" in error["message"]
    assert [p[2] for p in payments(read)] == ["2020-02"]  # the March row was not written either


def test_a_payment_that_was_reversed_is_paid_again_with_the_next_attempt(cli, household, sheet, read, write):
    from kuangqu.services.relief import payments as payment_service

    home = household()
    run(cli, sheet(pay_row(1)))
    with write() as s:
        payment_service.reverse(s, payment_service.get(s, 1), on=date(2020, 2, 20), reason="金额有误")
    code, summary, _ = run(cli, sheet(pay_row(1, amount="280.00", paid="2020-02-25")))
    assert (code, summary["created"]) == (0, 1)
    assert payments(read)[-1] == (home.id, "daily", "2020-02", 1, 28000, date(2020, 2, 25), None)


def test_an_id_not_on_the_roster_nor_in_a_household_is_a_row_error_with_the_id_masked(cli, household, sheet):
    household()
    stranger = make_id(birth="19600101", seq="333")
    code, summary, stderr = run(cli, sheet(pay_row(1), pay_row(2, "李四", stranger)))
    assert code == 1
    [error] = summary["errors"]
    assert (error["row"], error["column"]) == (5, COLUMN["身份证号"])
    assert error["value"] == stranger[:6] + "********" + stranger[-4:]
    assert "不在人员名册中" in error["message"]
    assert stranger not in json.dumps(summary, ensure_ascii=False) + stderr
    assert summary["created"] == 0


def test_a_person_on_the_roster_without_a_household_is_told_to_import_households_first(cli, person, sheet):
    person("王建国", id_number=HEAD)
    code, summary, _ = run(cli, sheet(pay_row(1)))
    assert code == 1
    assert "kuangqu import households" in summary["errors"][0]["message"]


def test_a_household_member_is_paid_through_the_household_they_belong_to(cli, household, sheet, read, write):
    from kuangqu.models.registry import Household
    from kuangqu.services import households
    from kuangqu.validate import member_input

    home = household()
    with write() as s:
        widow = member_input({"name": "李秀英", "relation": "配偶", "id_number": WIDOW}).value
        households.add_member(s, s.get(Household, home.id), widow)
    code, summary, _ = run(cli, sheet(pay_row(1, "李秀英", WIDOW)))
    assert (code, summary["created"]) == (0, 1)
    assert payments(read)[0][0] == home.id


def test_a_name_that_is_not_the_name_of_that_id_is_an_identity_conflict(cli, household, sheet):
    household()
    code, summary, _ = run(cli, sheet(pay_row(1, "王健国")))
    assert code == 1
    [error] = summary["errors"]
    assert (error["column"], error["value"]) == (COLUMN["姓名"], "王健国")


def test_festival_relief_is_keyed_by_year_and_festival_whichever_column_names_the_festival(
    cli, household, sheet, read
):
    household()
    path = sheet(
        pay_row(1, kind="春节", month="2020", amount="1500", paid="2020-01-20"),
        pay_row(2, kind="节日救济", month="2020年中秋", amount="800", paid="2020-09-28"),
        pay_row(3, kind="端午节", month="2020-06", amount="500", paid="2020-06-20"),
    )
    code, summary, _ = run(cli, path)
    assert (code, summary["created"]) == (0, 3)
    assert [(p[1], p[2], p[4]) for p in payments(read)] == [
        ("festival", "2020-春节", 150000),
        ("festival", "2020-中秋", 80000),
        ("festival", "2020-端午", 50000),
    ]


def test_a_festival_row_without_a_festival_is_an_error(cli, household, sheet):
    household()
    code, summary, _ = run(cli, sheet(pay_row(1, kind="节日救济", month="2020", paid="2020-01-20")))
    assert code == 1
    assert "节日" in summary["errors"][0]["message"]
    assert summary["errors"][0]["column"] == COLUMN["发放月份"]


def test_two_rows_for_the_same_household_and_month_are_an_error_naming_the_first(cli, household, sheet, read):
    household()
    code, summary, _ = run(cli, sheet(pay_row(1), pay_row(2, paid="2020-02-11")))
    assert code == 1
    [error] = summary["errors"]
    assert error["row"] == 5 and "第4行" in error["message"]
    assert payments(read) == []


def test_a_payment_dated_before_its_month_is_refused(cli, household, sheet):
    household()
    code, summary, _ = run(cli, sheet(pay_row(1, month="2020-03", paid="2020-02-28")))
    assert code == 1
    assert summary["errors"][0]["column"] == COLUMN["发放月份"]


def test_a_payment_date_without_a_day_is_refused(cli, household, sheet):
    household()
    code, summary, _ = run(cli, sheet(pay_row(1, paid="2020-02")))
    assert code == 1
    error = summary["errors"][0]
    assert (error["column"], error["message"]) == (COLUMN["发放日期"], "须写到日，如 2020-01-15")


def test_a_payment_after_the_head_died_is_refused_unless_a_survivor_household(cli, household, sheet):
    household(status="已故", died_on="2019-12-05")
    code, summary, _ = run(cli, sheet(pay_row(1)))
    assert code == 1
    assert "户主已去世" in summary["errors"][0]["message"]


def test_an_unknown_relief_kind_is_an_error_listing_the_kinds(cli, household, sheet):
    household()
    code, summary, _ = run(cli, sheet(pay_row(1, kind="慰问品")))
    assert code == 1
    error = summary["errors"][0]
    assert error["column"] == COLUMN["救助类别"] and "临时救济" in error["message"]


def test_a_sheet_without_a_kind_column_is_the_monthly_sheet(cli, household, sheet, read):
    household()
    header = ["序号", "户主", "身份证号码", "月份", "金额", "发放日期", "签领人"]
    code, summary, _ = run(
        cli, sheet([1, "王建国", HEAD, "2020-02", 300, "2020-02-10", "王建国"], header=header)
    )
    assert (code, summary["created"], summary["warnings"][:0]) == (0, 1, [])
    assert payments(read)[0][1:3] == ("daily", "2020-02")


def test_a_dry_run_checks_everything_and_writes_nothing(cli, household, sheet, read):
    household()
    code, summary, _ = run(cli, sheet(pay_row(1)), "--dry-run")
    assert (code, summary["created"], summary["dry_run"]) == (0, 1, True)
    assert payments(read) == []


def test_the_errors_workbook_holds_the_rows_to_fix(cli, household, sheet, tmp_path):
    from openpyxl import load_workbook

    household()
    out = tmp_path / "errors.xlsx"
    code, _, _ = run(cli, sheet(pay_row(1), pay_row(2, amount="-300.00", month="2020-03", paid="2020-03-10")),
                     "--errors", str(out))  # fmt: skip
    assert code == 1
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert len(rows) == 2 and "冲正" in str(rows[1][-1])


def test_a_payment_of_an_approved_household_is_linked_to_its_application_and_tier(cli, tiered, sheet, read):
    _, app, head_id = tiered()
    code, summary, _ = run(
        cli, sheet(pay_row(1, id_number=head_id, tier="一档", month="2020-02", paid="2020-02-10"))
    )
    assert (code, summary["created"], summary["warnings"]) == (0, 1, [])
    from sqlalchemy import select

    from kuangqu.models.relief import ReliefPayment

    with read() as s:
        payment = s.scalars(select(ReliefPayment)).one()
        assert (payment.application_id, payment.tier, payment.standard_id) == (app.id, "A", app.standard_id)


def test_a_tier_that_contradicts_the_approved_tier_is_an_error(cli, tiered, sheet):
    tiered()
    code, summary, _ = run(cli, sheet(pay_row(1, tier="B")))
    assert code == 1
    error = summary["errors"][0]
    assert error["column"] == COLUMN["档次"] and "一档" in error["message"]


def test_payments_without_an_approval_on_record_are_taken_as_written_with_one_warning_per_household(
    cli, household, sheet
):
    household()
    path = sheet(pay_row(1, tier="A", month="2020-01", paid="2020-01-10"), pay_row(2, tier="A"))
    code, summary, _ = run(cli, path)
    assert (code, summary["created"]) == (0, 2)
    [warning] = [w for w in summary["warnings"] if "没有已批准的救济档次" in w]
    assert "第4行" in warning and "2 笔" in warning and "最早 2020-01-10" in warning
    code, again, _ = run(cli, path)
    assert (again["unchanged"], again["warnings"]) == (2, [])


def test_temporary_relief_pays_the_approved_application_once(cli, tiered, sheet, read):
    _, app, _ = tiered("temporary", amount_fen=50000)
    row = pay_row(1, kind="临时救助", month=None, amount="500", paid="2020-01-20")
    code, summary, _ = run(cli, sheet(row))
    assert (code, summary["created"]) == (0, 1)
    assert payments(read)[0][1:5] == ("temporary", f"application-{app.id}", 0, 50000)
    code, again, _ = run(cli, sheet(row))
    assert (code, again["created"], again["unchanged"]) == (0, 0, 1)


def test_temporary_relief_without_an_approved_application_is_an_error(cli, household, sheet):
    household()
    code, summary, _ = run(cli, sheet(pay_row(1, kind="临时救济", month=None, amount="500")))
    assert code == 1
    assert "临时救济申请" in summary["errors"][0]["message"]


# ------------------------------------------------ bad inputs 26–30 (../shared/bad-inputs.md), file level


def test_bad_input_26_a_negative_payment_is_rejected_and_the_message_points_to_a_reversal(
    cli, household, sheet
):
    household()
    code, summary, stderr = run(cli, sheet(pay_row(1, amount="-300.00")))
    assert code == 1
    error = summary["errors"][0]
    assert (error["sheet"], error["row"], error["column"], error["value"]) == ("签领表", 4, "G", "-300.00")
    assert "冲正" in error["message"]
    assert "Traceback" not in stderr


def test_bad_input_27_an_absurd_amount_above_the_configured_ceiling_is_rejected(cli, household, sheet, read):
    household()
    code, summary, _ = run(cli, sheet(pay_row(1, amount=99_999_999)))
    assert code == 1
    assert "上限" in summary["errors"][0]["message"] and summary["errors"][0]["column"] == "G"
    assert payments(read) == []


def test_bad_input_28_three_decimals_are_rejected_never_rounded(cli, household, sheet, read):
    household()
    code, summary, _ = run(
        cli,
        sheet(pay_row(1, amount="3456.785"), pay_row(2, month="2020-03", amount=300.125, paid="2020-03-10")),
    )
    assert code == 1
    assert [e["row"] for e in summary["errors"]] == [4, 5]
    assert all("两位小数" in e["message"] for e in summary["errors"])
    assert payments(read) == []


@pytest.mark.parametrize(
    ("written", "fen"),
    [
        ("¥3,456.78", 345678),
        ("3456.78元", 345678),
        ("３４５６．７８", 345678),
        ("￥３，４５６．７８元", 345678),
    ],
    ids=["yuan-sign-and-thousands", "yuan-suffix", "full-width-digits", "full-width-everything"],
)
def test_bad_input_29_a_yuan_sign_thousands_separators_a_yuan_suffix_and_full_width_digits_are_accepted(
    cli, household, sheet, read, written, fen
):
    household()
    code, summary, _ = run(cli, sheet(pay_row(1, amount=written)))
    assert (code, summary["created"]) == (0, 1)
    assert payments(read)[0][4] == fen


@pytest.mark.parametrize("written", ["壹仟元", "3456,78"], ids=["chinese-numerals", "decimal-comma"])
def test_bad_input_29_chinese_numerals_and_a_decimal_comma_are_rejected(cli, household, sheet, read, written):
    household()
    code, summary, _ = run(cli, sheet(pay_row(1, amount=written)))
    assert code == 1
    error = summary["errors"][0]
    assert (error["column"], error["value"]) == ("G", written)
    assert "金额格式错误" in error["message"]
    assert payments(read) == []


def test_bad_input_30_float_noise_from_a_formula_is_accepted_as_the_cent_amount(cli, household, sheet, read):
    household()
    noisy = 0.1 + 0.2
    assert noisy == 0.30000000000000004
    code, summary, _ = run(
        cli, sheet(pay_row(1, amount=noisy), pay_row(2, month="2020-03", amount=1.1 + 2.2, paid="2020-03-10"))
    )
    assert (code, summary["created"]) == (0, 2)
    assert [p[4] for p in payments(read)] == [30, 330]


def test_every_message_key_of_the_payment_and_benefit_imports_has_both_texts_with_the_same_parameters():
    import re
    import string

    import kuangqu.importer
    from kuangqu.i18n import catalogue

    folder = Path(kuangqu.importer.__file__).parent
    literal = re.compile(r"""["']((?:import|relief|ledger|rule|retiree)\.[a-z0-9_]+)["']""")
    used = {
        key
        for name in ("payments.py", "benefits.py", "located.py")
        for key in literal.findall((folder / name).read_text("utf-8"))
        if key not in ("relief.import_payments", "benefit.import")  # audit actions, not messages
    }
    assert "import.payment_amount_differs" in used and "import.benefit_before_differs" in used
    assert used - set(catalogue()) == set()
    for key in used:
        zh, en = catalogue()[key]

        def names(text: str) -> set[str]:
            return {name for _, name, _, _ in string.Formatter().parse(text) if name}

        assert names(zh) == names(en), key
        assert re.search(r"[\u4e00-\u9fff]", zh), key
