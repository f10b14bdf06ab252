"""`kuangqu relief pay|festival|pay-temporary` and `relief payments list|reverse`: paying daily,
festival and temporary relief (runs that never pay twice), listing payments and reversing one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from kuangqu.cli.common import FormatOption, OutputFormat, day_or_today, emit, emit_created, say, session
from kuangqu.cli.relief._common import ApplicationArg, OnOpt, Opt, col, money
from kuangqu.i18n import t

if TYPE_CHECKING:
    from kuangqu.render import Record


DryRunOpt = Annotated[bool, Opt("--dry-run", help="只预览，不写入")]


RepayOpt = Annotated[bool, Opt("--repay-reversed", help="对已冲正的发放重新发放")]


def pay(
    ctx: typer.Context,
    month: Annotated[str, Opt("--month", help="发放月份，如 2020-03")],
    on: Annotated[str | None, Opt("--on", help="发放日期（默认今天）")] = None,
    dry_run: DryRunOpt = False,
    repay_reversed: RepayOpt = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """发放某月的日常救济（重复运行不会重复发放）/ pay a month's daily relief."""
    from kuangqu.services.relief import payments

    year, month_no = _month(month)
    day = day_or_today(on)
    with session(ctx, write=not dry_run) as s:
        result = payments.pay_month(
            s, year, month_no, paid_on=day, dry_run=dry_run, repay_reversed=repay_reversed
        )
    _emit_run(result, t("relief.pay_title", period=result.period), fmt)


def festival(
    ctx: typer.Context,
    year: Annotated[int, Opt("--year", help="年度")],
    festival_name: Annotated[str, Opt("--festival", help="节日：春节、中秋…")] = "春节",
    on: Annotated[str | None, Opt("--on", help="发放日期（默认今天）")] = None,
    dry_run: DryRunOpt = False,
    repay_reversed: RepayOpt = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """发放节日救济（每户每年每节日至多一次）/ pay festival relief."""
    from kuangqu.rules.relief import parse_festival
    from kuangqu.services.relief import payments

    name, day = parse_festival(festival_name), day_or_today(on)
    with session(ctx, write=not dry_run) as s:
        result = payments.pay_festival(
            s, year, name, paid_on=day, dry_run=dry_run, repay_reversed=repay_reversed
        )
    _emit_run(result, t("relief.pay_title", period=result.period), fmt)


def pay_temporary(
    ctx: typer.Context,
    application_ref: ApplicationArg,
    on: Annotated[str | None, Opt("--on", help="发放日期（默认今天）")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """按批准金额发放一笔临时救济（只发一次）/ pay an approved temporary application."""
    from kuangqu.services.relief import applications, payments

    day = day_or_today(on)
    with session(ctx, write=True) as s:
        application = applications.get(s, application_ref)
        payment = payments.pay_temporary(s, application, paid_on=day)
        new_id, amount = payment.id, payment.amount_fen
    emit_created(new_id, t("entity.relief_payment"), fmt, extra={"amount": money(amount)})


def payments_list(
    ctx: typer.Context,
    month: Annotated[str | None, Opt("--month", help="发放月份（按发放日期），如 2020-03")] = None,
    year: Annotated[int | None, Opt("--year", help="发放年度")] = None,
    household: Annotated[str | None, Opt("--household", help="户")] = None,
    kind: Annotated[str | None, Opt("--kind", help="daily | festival | temporary")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """列出救济发放记录（含冲正）/ list relief payments."""
    from kuangqu.render import Report
    from kuangqu.rules.money import format_fen
    from kuangqu.rules.relief import PaymentKind, parse_kind
    from kuangqu.services import households
    from kuangqu.services.relief import payments

    month_key = _month(month) if month else None
    kind_code = parse_kind(kind, PaymentKind, "kind").value if kind else None
    with session(ctx, write=False) as s:
        household_id = households.get(s, household).id if household else None
        found = payments.list_payments(
            s, month=month_key, year=year, household_id=household_id, kind=kind_code
        )
        rows = [
            {
                "id": r.payment.id,
                "paid_on": r.payment.paid_on,
                "household": r.household.id,
                "household_no": r.household.household_no,
                "head_name": r.head.name,
                "kind": PaymentKind(r.payment.kind),
                "period": r.payment.period,
                "tier": r.payment.tier,
                "amount": format_fen(r.payment.amount_fen),
                "reversal_of": r.payment.reversal_of,
                "reversed_by": r.reversed_by,
                "reason": r.payment.reason,
            }
            for r in found
        ]
    total = sum(r.payment.amount_fen for r in found)
    columns = [col(c) for c in ("id", "paid_on", "household_no", "head_name", "kind", "period", "tier")]
    columns += [
        col("amount", justify="right"),
        col("reversal_of"),
        col("reversed_by"),
        col("reason"),
    ]
    emit(
        Report(
            t("relief.payments_title"),
            columns,
            rows,
            footer=[t("relief.payments_footer", count=len(rows), total=format_fen(total))],
        ),
        fmt,
    )


def payments_reverse(
    ctx: typer.Context,
    payment_ref: Annotated[str, typer.Argument(help="发放记录编号")],
    reason: Annotated[str, Opt("--reason", help="冲正原因（必填）")],
    on: OnOpt = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """冲正一笔发放（新增一条负数记录，原记录不变）/ reverse a payment."""
    from kuangqu.services.relief import payments

    day = day_or_today(on)
    with session(ctx, write=True) as s:
        original = payments.get(s, payment_ref)
        reversal = payments.reverse(s, original, on=day, reason=reason)
        new_id, amount = reversal.id, reversal.amount_fen
    emit_created(new_id, t("entity.relief_reversal"), fmt, extra={"amount": money(amount)})


def _emit_run(result: Any, title: str, fmt: OutputFormat) -> None:
    record = _run_record(result, title)
    if fmt == OutputFormat.table:
        # The full list of payments is for JSON/CSV consumers; the terminal gets the summary.
        record.sections = record.sections[:1] if result.skipped else []
    emit(record, fmt)
    if not result.paid and not result.dry_run:
        say(t("relief.nothing_to_pay", already=result.already_paid))


def _run_record(result: Any, title: str) -> Record:
    from kuangqu.render import Record, Report

    skipped = [{"household": sk.household_id, "reason": t(sk.reason)} for sk in result.skipped]
    paid = [
        {"household": p.household_id, "tier": p.tier, "amount": money(p.amount_fen), "id": p.id}
        for p in result.paid
    ]
    return Record(
        title=title,
        fields=[
            ("period", result.period),
            ("reference_day", result.reference_day),
            ("dry_run", result.dry_run),
            ("paid_count", len(result.paid)),
            ("paid_total", money(result.total_fen)),
            ("already_paid", result.already_paid),
            ("skipped_count", len(result.skipped)),
        ],
        sections=[
            Report(
                t("relief.skipped_title"),
                [col("household"), col("reason")],
                skipped,
                json_key="skipped",
            ),
            Report(
                t("relief.paid_title"),
                [col("id"), col("household"), col("tier"), col("amount", justify="right")],
                paid,
                json_key="payments",
            ),
        ],
    )


def _month(text: str) -> tuple[int, int]:
    from kuangqu.errors import RuleViolation
    from kuangqu.rules.dates import parse_partial_date

    month = parse_partial_date(text)
    if month.precision != "month" or month.month is None:
        raise RuleViolation("relief.bad_month", value=text)
    return month.year, month.month
