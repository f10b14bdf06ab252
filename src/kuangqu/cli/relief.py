"""`kuangqu relief`: the tier standard, assessing households, applications and their review,
payments, assistance pairs, the relief checks and the year's figures.

Every command is a thin translation: parse options, call kuangqu.services.relief inside one
transaction, render the result.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kuangqu.cli.common import (
    FormatOption,
    OutputFormat,
    ReasonOption,
    RevealOption,
    audit_reveal,
    emit,
    emit_created,
    require_reason,
    say,
    session,
)
from kuangqu.i18n import t

if TYPE_CHECKING:
    from kuangqu.models.relief import ReliefApplication
    from kuangqu.render import Record
    from kuangqu.rules.relief import Assessment

app = typer.Typer(help="救济：救济标准、评定档次、申请审核、发放、帮扶对子 / relief", no_args_is_help=True)
standard_app = typer.Typer(help="救济标准（版本化）/ relief standard versions", no_args_is_help=True)
payments_app = typer.Typer(help="救济发放记录（只增不改，错误用冲正）/ relief payments", no_args_is_help=True)
pair_app = typer.Typer(help="帮扶对子、包户到人 / assistance pairs", no_args_is_help=True)
objection_app = typer.Typer(
    help="公示期异议 / objections raised during the public notice", no_args_is_help=True
)
app.add_typer(standard_app, name="standard")
app.add_typer(payments_app, name="payments")
app.add_typer(pair_app, name="pair")
app.add_typer(objection_app, name="objection")

Opt = typer.Option
HouseholdArg = Annotated[str, typer.Argument(help="户：#编号、户号，或户主的身份证号/后6位")]
ApplicationArg = Annotated[str, typer.Argument(help="申请编号")]
OnOpt = Annotated[str | None, Opt("--on", help="日期（默认今天）")]
AsOfOpt = Annotated[str | None, Opt("--as-of", help="评定/检查日期（默认今天）")]


def _day(text: str | None) -> date:
    from kuangqu.rules.dates import parse_partial_date

    return parse_partial_date(text).to_date() if text else date.today()


def _month(text: str) -> tuple[int, int]:
    from kuangqu.errors import RuleViolation
    from kuangqu.rules.dates import parse_partial_date

    month = parse_partial_date(text)
    if month.precision != "month" or month.month is None:
        raise RuleViolation("relief.bad_month", value=text)
    return month.year, month.month


def _amount(text: str | None) -> int | None:
    from kuangqu.rules.money import parse_yuan

    return parse_yuan(text) if text is not None else None


def _money(fen: int | None) -> str | None:
    from kuangqu.rules.money import format_fen

    return None if fen is None else format_fen(fen)


def _col(key: str, justify: str = "left") -> Any:
    """A column whose header is relief's own label where other areas use the same key differently."""
    from kuangqu.i18n import catalogue
    from kuangqu.render import Column

    own = f"relief.col.{key}"
    return Column(key, label_key=own if own in catalogue() else None, justify=justify)


def _passed(value: bool | None) -> str:
    return t("relief.passed_unknown") if value is None else t("word.yes") if value else t("word.no")


# ---------------------------------------------------------------- standard


@standard_app.command("load")
def standard_load(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="救济标准 TOML 文件", exists=True, dir_okay=False, readable=True)
    ],
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """载入救济标准文件，存为新版本（旧版本保留）/ load a standard file as a new version."""
    from kuangqu.errors import RuleViolation
    from kuangqu.services.relief import standards

    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise RuleViolation("relief.std.not_utf8", path=str(file)) from None
    with session(ctx, write=True) as s:
        row, created = standards.load(s, text, source_name=file.name)
        new_id, version = row.id, row.version
    if not created:
        say(t("relief.standard_unchanged", version=version))
    emit_created(new_id, t("entity.relief_standard"), fmt, extra={"version": version, "created": created})


def _standard_record(row: Any) -> Record:
    from kuangqu.render import Record, Report
    from kuangqu.services.relief import standards

    std = standards.parsed(row)
    data = std.as_dict()
    tiers = [{**tier, "causes": tier["causes"] or [t("relief.no_cause_needed")]} for tier in data["tiers"]]
    return Record(
        title=t("relief.standard_title", name=std.name, version=std.version),
        fields=[
            ("version", std.version),
            ("standard_name", std.name),
            ("effective_from", std.effective_from),
            ("dibao_monthly", data["dibao_monthly"]),
            ("loaded_at", row.loaded_at.replace(microsecond=0)),
            ("source_name", row.source_name),
            ("exclusions", [e["code"] for e in data["exclusions"]]),
        ],
        sections=[
            Report(
                t("relief.tiers_title"),
                [
                    _col("code"),
                    _col("label"),
                    _col("max_income_ratio", justify="right"),
                    _col("income_limit", justify="right"),
                    _col("causes"),
                    _col("monthly_relief", justify="right"),
                    _col("festival_relief", justify="right"),
                ],
                tiers,
                json_key="tiers",
            )
        ],
        json_extra={"exclusions": data["exclusions"], "tiers": data["tiers"], "source_text": row.source_text},
    )


@standard_app.command("show")
def standard_show(
    ctx: typer.Context,
    version: Annotated[str | None, typer.Argument(help="版本（默认今天生效的版本）")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """查看一个版本的救济标准 / show a standard version."""
    from kuangqu.services.relief import standards

    with session(ctx, write=False) as s:
        row = standards.resolve(s, version, date.today())
        record = _standard_record(row)
    emit(record, fmt)


@standard_app.command("list")
def standard_list(ctx: typer.Context, fmt: FormatOption = OutputFormat.table) -> None:
    """列出已载入的救济标准版本 / list loaded standard versions."""
    from kuangqu.render import Report
    from kuangqu.services.relief import standards

    with session(ctx, write=False) as s:
        rows = []
        for row in standards.list_all(s):
            std = standards.parsed(row)
            rows.append(
                {
                    "id": row.id,
                    "version": row.version,
                    "standard_name": row.name,
                    "effective_from": row.effective_from,
                    "dibao_monthly": _money(row.dibao_monthly_fen),
                    "tiers": [tier.code for tier in std.tiers],
                    "loaded_at": row.loaded_at.replace(microsecond=0),
                    "source_name": row.source_name,
                }
            )
    columns = [
        _col(c)
        for c in (
            "id",
            "version",
            "standard_name",
            "effective_from",
            "dibao_monthly",
            "tiers",
            "loaded_at",
            "source_name",
        )
    ]
    emit(
        Report(t("relief.standard_list_title"), columns, rows, footer=[t("cli.count", count=len(rows))]), fmt
    )


# ---------------------------------------------------------------- assess


def _assessment_json(result: Assessment, household: Any, head: Any, as_of: date) -> dict[str, Any]:
    return {
        "household": household.id,
        "household_no": household.household_no,
        "head_name": head.name,
        "as_of": as_of.isoformat(),
        **result.as_dict(),
    }


def _distance_text(result: Assessment) -> str | None:
    d = result.distance
    if d is None:
        return None
    parts = []
    if d.margin_fen is not None and result.tier is not None:
        parts.append(t("relief.distance.margin", tier=result.tier.code, amount=_money(d.margin_fen)))
    if d.next_tier is not None:
        if d.per_capita_drop_fen:
            parts.append(t("relief.distance.drop", tier=d.next_tier, amount=_money(d.per_capita_drop_fen)))
        if d.causes_needed:
            parts.append(t("relief.distance.cause", tier=d.next_tier, causes=", ".join(d.causes_needed)))
    elif result.tier is not None:
        parts.append(t("relief.distance.deepest"))
    return "；".join(parts) or None


def _assessment_record(result: Assessment, household: Any, head: Any, as_of: date) -> Record:
    from kuangqu.render import Record, Report

    data = result.as_dict()
    income = data["income"]
    missing = [t(f"relief.missing.{m['fact']}", member=m["member"]) for m in data["missing"]]
    checks = [
        {
            "tier": c["tier"],
            "label": c["label"],
            "passed": _passed(c["passed"]),
            "reasons": "；".join(r["text"] for r in c["reasons"]),
        }
        for c in data["checks"]
    ]
    return Record(
        title=t(
            "relief.assess_title", household=household.household_no or f"#{household.id}", head=head.name
        ),
        fields=[
            ("household", household.id),
            ("head_name", head.name),
            ("as_of", as_of),
            ("standard_version", result.standard_version),
            ("members", income["size"]),
            ("monthly_total", income["monthly_total"]),
            ("annual_income", income["annual_income"]),
            ("annual_rigid_expenses", income["annual_rigid_expenses"]),
            ("net_annual_income", income["net_annual_income"]),
            ("per_capita_monthly_income", data["per_capita_monthly_income"]),
            ("dibao_monthly", data["dibao_monthly"]),
            ("tier", data["tier"] or t("relief.no_tier")),
            ("tier_label", data["tier_label"]),
            ("excluded_by", data["excluded_by"]),
            ("missing", missing),
            ("distance", _distance_text(result)),
        ],
        sections=[
            Report(
                t("relief.checks_title"),
                [_col("tier"), _col("label"), _col("passed"), _col("reasons")],
                checks,
                json_key="checks",
            ),
            Report(
                t("relief.income_title"),
                [_col("name"), _col("monthly_income", justify="right")],
                income["members"],
                json_key="members",
            ),
        ],
    )


@app.command("assess")
def assess(
    ctx: typer.Context,
    ref: Annotated[str | None, typer.Argument(help="户（或用 --all 评定全部）")] = None,
    all_: Annotated[bool, Opt("--all", help="评定全部家庭，按档次汇总")] = False,
    as_of: AsOfOpt = None,
    standard: Annotated[str | None, Opt("--standard", help="使用的标准版本（默认评定日生效的版本）")] = None,
    record: Annotated[bool, Opt("--record", help="记录评定结果（含数字快照和标准版本）")] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """评定档次并说明理由（收入计算、各档检验、排除情形、距下一档的差距）/ assess a household's tier."""
    import json

    from kuangqu.models.registry import Retiree
    from kuangqu.services import households
    from kuangqu.services.relief import assessment as assessing
    from kuangqu.services.relief import standards

    if (ref is None) == (not all_):
        raise typer.BadParameter(t("relief.assess_one_or_all"))
    day = _day(as_of)
    with session(ctx, write=record) as s:
        row = standards.resolve(s, standard, day)
        if all_:
            results = assessing.assess_all(s, as_of=day, standard_row=row)
            if record:
                for item in results:
                    assessing.record(s, item.household, item.assessment, as_of=day, standard_row=row)
            version = row.version
            summary = _assess_summary(results, standards.parsed(row))
        else:
            assert ref is not None
            household = households.get(s, ref)
            head = s.get(Retiree, household.head_id)
            result = assessing.assess_household(s, household, as_of=day, standard_row=row)
            recorded_id = (
                assessing.record(s, household, result, as_of=day, standard_row=row).id if record else None
            )
    if all_:
        from kuangqu.render import Report

        footer = [t("relief.assess_all_footer", version=version, as_of=day.isoformat(), count=len(results))]
        if record:
            say(t("relief.assess_recorded_all", count=len(results)))
        emit(
            Report(
                t("relief.assess_all_title", as_of=day.isoformat()),
                [_col("tier"), _col("label"), _col("households", justify="right")],
                summary,
                footer=footer,
                json_extra={
                    "standard_version": version,
                    "as_of": day.isoformat(),
                    "households": len(results),
                    "recorded": record,
                },
            ),
            fmt,
        )
        return
    if recorded_id is not None:
        say(t("relief.assess_recorded", id=recorded_id))
    if fmt == OutputFormat.json:
        data = _assessment_json(result, household, head, day)
        if recorded_id is not None:
            data["assessment_id"] = recorded_id
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        emit(_assessment_record(result, household, head, day), fmt)


def _assess_summary(results: list[Any], standard: Any) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for item in results:
        key = item.assessment.tier.code if item.assessment.tier else item.assessment.status
        counts[key] = counts.get(key, 0) + 1
    rows = [
        {"tier": tier.code, "label": tier.label, "households": counts.get(tier.code, 0)}
        for tier in standard.tiers
    ]
    for status in ("none", "excluded", "incomplete"):
        rows.append(
            {
                "tier": None,
                "label": t(f"relief.status.{status}"),
                "households": counts.get(status, 0),
                "status": status,
            }
        )
    return rows


# ---------------------------------------------------------------- applications


@app.command("apply")
def apply(
    ctx: typer.Context,
    ref: HouseholdArg,
    kind: Annotated[str, Opt("--kind", help="daily（日常救济）| temporary（临时救济）")] = "daily",
    amount: Annotated[str | None, Opt("--amount", help="临时救济申请金额（元）")] = None,
    reason: Annotated[str | None, Opt("--reason", help="申请理由（临时救济必填）")] = None,
    on: OnOpt = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """提出救济申请（日常救济或临时救济）/ open a relief application."""
    from kuangqu.rules.relief import ApplicationKind, parse_kind
    from kuangqu.services import households
    from kuangqu.services.relief import applications

    kind_code = parse_kind(kind, ApplicationKind, "kind").value
    amount_fen, day = _amount(amount), _day(on)
    with session(ctx, write=True) as s:
        household = households.get(s, ref)
        application = applications.apply(
            s, household, kind_code, on=day, reason=reason, amount_fen=amount_fen
        )
        new_id = application.id
    emit_created(new_id, t("entity.relief_application"), fmt)


def _step_done(key: str, application: ReliefApplication, **params: Any) -> None:
    from kuangqu.rules.relief import ApplicationStatus

    say(t(key, id=application.id, status=ApplicationStatus(application.status).label, **params))


@app.command("review")
def review(
    ctx: typer.Context,
    application_ref: ApplicationArg,
    visit: Annotated[str, Opt("--visit", help="所依据的家访记录（编号或说明，如“家访#12”）")],
    visit_date: Annotated[str | None, Opt("--visit-date", help="家访日期")] = None,
    on: OnOpt = None,
    note: Annotated[str | None, Opt("--note", help="初审意见")] = None,
) -> None:
    """初审（须引用一次家访）/ first review, citing a home visit."""
    from kuangqu.services.relief import applications

    day, visit_day = _day(on), _day(visit_date) if visit_date else None
    with session(ctx, write=True) as s:
        application = applications.get(s, application_ref)
        applications.review(s, application, on=day, visit_ref=visit, visit_on=visit_day, note=note)
    _step_done("relief.step_done", application)


@app.command("notice")
def notice(
    ctx: typer.Context,
    application_ref: ApplicationArg,
    start: Annotated[str | None, Opt("--from", help="公示开始日期（默认今天）")] = None,
    days: Annotated[int, Opt("--days", help="公示天数（日历日）")] = 7,
) -> None:
    """开始公示（公示期内可登记异议）/ start the public notice."""
    from kuangqu.services.relief import applications

    day = _day(start)
    with session(ctx, write=True) as s:
        application = applications.get(s, application_ref)
        last = applications.notice(s, application, start=day, days=days)
    _step_done("relief.notice_done", application, last=last.isoformat())


@objection_app.command("add")
def objection_add(
    ctx: typer.Context,
    application_ref: ApplicationArg,
    content: Annotated[str, Opt("--content", help="异议内容")],
    by: Annotated[str | None, Opt("--by", help="提出人（可匿名）")] = None,
    on: OnOpt = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """登记公示期内的异议 / record an objection during the notice."""
    from kuangqu.services.relief import applications

    day = _day(on)
    with session(ctx, write=True) as s:
        application = applications.get(s, application_ref)
        new_id = applications.add_objection(s, application, on=day, content=content, objector=by).id
    emit_created(new_id, t("entity.relief_objection"), fmt)


@objection_app.command("resolve")
def objection_resolve(
    ctx: typer.Context,
    objection_ref: Annotated[str, typer.Argument(help="异议编号")],
    resolution: Annotated[str, Opt("--resolution", help="核实结果")],
    upheld: Annotated[bool, Opt("--upheld/--dismissed", help="异议成立（则不能批准）或不成立")] = False,
    on: OnOpt = None,
) -> None:
    """核实并处理异议（成立的异议使申请不能批准）/ settle an objection."""
    from kuangqu.services.relief import applications

    day = _day(on)
    with session(ctx, write=True) as s:
        objection = applications.get_objection(s, objection_ref)
        applications.resolve_objection(s, objection, on=day, resolution=resolution, upheld=upheld)
    say(t("relief.objection_resolved", id=objection.id))


@app.command("approve")
def approve(
    ctx: typer.Context,
    application_ref: ApplicationArg,
    on: OnOpt = None,
    amount: Annotated[str | None, Opt("--amount", help="临时救济批准金额（默认申请金额）")] = None,
    standard: Annotated[
        str | None, Opt("--standard", help="评定所用标准版本（默认批准日生效的版本）")
    ] = None,
    note: Annotated[str | None, Opt("--note", help="审批意见")] = None,
) -> None:
    """批准（须在公示期满之后；日常救济按批准日评定的档次）/ approve after the notice."""
    from kuangqu.services.relief import applications, standards

    day, amount_fen = _day(on), _amount(amount)
    with session(ctx, write=True) as s:
        application = applications.get(s, application_ref)
        row = standards.get(s, standard) if standard else None
        applications.approve(s, application, on=day, note=note, amount_fen=amount_fen, standard_row=row)
    if application.tier:
        _step_done(
            "relief.approved_tier", application, tier=application.tier, review=str(application.next_review_on)
        )
    else:
        _step_done("relief.step_done", application)


@app.command("reject")
def reject(
    ctx: typer.Context,
    application_ref: ApplicationArg,
    reason: Annotated[str, Opt("--reason", help="不予批准的理由（必填，书面告知）")],
    on: OnOpt = None,
) -> None:
    """不予批准（须写明理由）/ reject with a written reason."""
    from kuangqu.services.relief import applications

    day = _day(on)
    with session(ctx, write=True) as s:
        application = applications.get(s, application_ref)
        applications.reject(s, application, on=day, reason=reason)
    _step_done("relief.step_done", application)


@app.command("withdraw")
def withdraw(
    ctx: typer.Context,
    application_ref: ApplicationArg,
    on: OnOpt = None,
    reason: Annotated[str | None, Opt("--reason", help="撤回原因")] = None,
) -> None:
    """撤回尚未决定的申请 / withdraw an undecided application."""
    from kuangqu.services.relief import applications

    day = _day(on)
    with session(ctx, write=True) as s:
        application = applications.get(s, application_ref)
        applications.withdraw(s, application, on=day, reason=reason)
    _step_done("relief.step_done", application)


@app.command("close")
def close(
    ctx: typer.Context,
    application_ref: ApplicationArg,
    reason: Annotated[str, Opt("--reason", help="终止原因（如已脱困）")],
    on: OnOpt = None,
) -> None:
    """终止已批准的日常救济档次（如家庭已脱困）/ end the tier an approval gave."""
    from kuangqu.services.relief import applications

    day = _day(on)
    with session(ctx, write=True) as s:
        application = applications.get(s, application_ref)
        applications.close(s, application, on=day, reason=reason)
    _step_done("relief.step_done", application)


def _application_row(a: Any, h: Any, head: Any) -> dict[str, Any]:
    from kuangqu.rules.relief import ApplicationKind, ApplicationStatus

    return {
        "id": a.id,
        "household": h.id,
        "household_no": h.household_no,
        "head_name": head.name,
        "kind": ApplicationKind(a.kind),
        "status": ApplicationStatus(a.status),
        "applied_on": a.applied_on,
        "tier": a.tier,
        "amount": _money(a.approved_amount_fen or a.requested_amount_fen),
        "decided_on": a.decided_on,
        "next_review_on": a.next_review_on,
    }


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        str | None,
        Opt("--status", help="状态：submitted|reviewed|in_notice|approved|rejected|withdrawn|closed"),
    ] = None,
    kind: Annotated[str | None, Opt("--kind", help="daily | temporary")] = None,
    household: Annotated[str | None, Opt("--household", help="户")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """列出救济申请 / list relief applications."""
    from kuangqu.render import Report
    from kuangqu.rules.relief import ApplicationKind, ApplicationStatus, parse_kind
    from kuangqu.services import households
    from kuangqu.services.relief import applications

    status_code = parse_kind(status, ApplicationStatus, "status").value if status else None
    kind_code = parse_kind(kind, ApplicationKind, "kind").value if kind else None
    with session(ctx, write=False) as s:
        household_id = households.get(s, household).id if household else None
        rows = [
            _application_row(a, h, r)
            for a, h, r in applications.list_applications(
                s, status=status_code, kind=kind_code, household_id=household_id
            )
        ]
    columns = [
        _col(c)
        for c in (
            "id",
            "household",
            "household_no",
            "head_name",
            "kind",
            "status",
            "applied_on",
            "tier",
            "amount",
            "decided_on",
            "next_review_on",
        )
    ]
    emit(Report(t("relief.list_title"), columns, rows, footer=[t("cli.count", count=len(rows))]), fmt)


@app.command("show")
def show(ctx: typer.Context, application_ref: ApplicationArg, fmt: FormatOption = OutputFormat.table) -> None:
    """查看一份申请及其审核经过、异议 / show an application with its history."""
    from kuangqu.models.registry import Household, Retiree
    from kuangqu.models.relief import ReliefStandard
    from kuangqu.render import Record, Report
    from kuangqu.rules.relief import ApplicationStatus, notice_ends
    from kuangqu.services.relief import applications

    with session(ctx, write=False) as s:
        a = applications.get(s, application_ref)
        h = s.get(Household, a.household_id)
        head = s.get(Retiree, h.head_id) if h else None
        std = s.get(ReliefStandard, a.standard_id) if a.standard_id else None
        row = _application_row(a, h, head)
        events = [
            {
                "on_date": e.on_date,
                "action": t(f"relief.action.{e.action}"),
                "status": ApplicationStatus(e.status),
                "note": e.note,
                "visit_ref": e.visit_ref,
                "visit_on": e.visit_on,
                "operator": e.operator,
            }
            for e in applications.events(s, a)
        ]
        objections = [
            {
                "id": o.id,
                "received_on": o.received_on,
                "objector": o.objector,
                "content": o.content,
                "resolution": o.resolution,
                "upheld": o.upheld,
                "resolved_on": o.resolved_on,
            }
            for o in applications.objections(s, a)
        ]
    last = notice_ends(a.notice_from, a.notice_days) if a.notice_from and a.notice_days else None
    fields = [
        *row.items(),
        ("reason", a.reason),
        ("requested_amount", _money(a.requested_amount_fen)),
        ("approved_amount", _money(a.approved_amount_fen)),
        ("first_review_on", a.reviewed_on),
        ("visit_ref", a.visit_ref),
        ("visit_on", a.visit_on),
        ("notice_from", a.notice_from),
        ("notice_days", a.notice_days),
        ("notice_last_day", last),
        ("decision_reason", a.decision_reason),
        ("standard_version", std.version if std else None),
        ("assessment_id", a.assessment_id),
        ("tier_closed_on", a.closed_on),
    ]
    emit(
        Record(
            title=t("relief.application_title", id=a.id),
            fields=[(k, v) for k, v in fields if v is not None or fmt == OutputFormat.json],
            sections=[
                Report(
                    t("relief.events_title"),
                    [
                        _col(c)
                        for c in ("on_date", "action", "status", "note", "visit_ref", "visit_on", "operator")
                    ],
                    events,
                    json_key="events",
                ),
                Report(
                    t("relief.objections_title"),
                    [
                        _col(c)
                        for c in (
                            "id",
                            "received_on",
                            "objector",
                            "content",
                            "resolution",
                            "upheld",
                            "resolved_on",
                        )
                    ],
                    objections,
                    json_key="objections",
                ),
            ],
        ),
        fmt,
    )


@app.command("due")
def due(
    ctx: typer.Context,
    as_of: AsOfOpt = None,
    within: Annotated[int, Opt("--within", help="列出多少天内到期的年度复核")] = 30,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """列出年度复核（动态管理）到期或逾期的家庭 / households due or overdue for the yearly re-check."""
    from kuangqu.render import Report
    from kuangqu.services.relief import tiers

    day = _day(as_of)
    with session(ctx, write=False) as s:
        rows = [
            {
                "household": d.household.id,
                "household_no": d.household.household_no,
                "head_name": d.head.name,
                "tier": d.decision.tier,
                "approved_on": d.decision.decided_on,
                "due_on": d.decision.next_review_on,
                "overdue": d.overdue,
                "days": ((d.decision.next_review_on or day) - day).days,
                "open_application": d.open_application,
            }
            for d in tiers.due(s, as_of=day, within_days=within)
        ]
    columns = [
        _col(c)
        for c in (
            "household",
            "household_no",
            "head_name",
            "tier",
            "approved_on",
            "due_on",
            "overdue",
            "days",
            "open_application",
        )
    ]
    emit(
        Report(
            t("relief.due_title", as_of=day.isoformat(), within=within),
            columns,
            rows,
            footer=[t("cli.count", count=len(rows))],
        ),
        fmt,
    )


# ---------------------------------------------------------------- paying


def _run_record(result: Any, title: str) -> Record:
    from kuangqu.render import Record, Report

    skipped = [{"household": sk.household_id, "reason": t(sk.reason)} for sk in result.skipped]
    paid = [
        {"household": p.household_id, "tier": p.tier, "amount": _money(p.amount_fen), "id": p.id}
        for p in result.paid
    ]
    return Record(
        title=title,
        fields=[
            ("period", result.period),
            ("reference_day", result.reference_day),
            ("dry_run", result.dry_run),
            ("paid_count", len(result.paid)),
            ("paid_total", _money(result.total_fen)),
            ("already_paid", result.already_paid),
            ("skipped_count", len(result.skipped)),
        ],
        sections=[
            Report(
                t("relief.skipped_title"),
                [_col("household"), _col("reason")],
                skipped,
                json_key="skipped",
            ),
            Report(
                t("relief.paid_title"),
                [_col("id"), _col("household"), _col("tier"), _col("amount", justify="right")],
                paid,
                json_key="payments",
            ),
        ],
    )


def _emit_run(result: Any, title: str, fmt: OutputFormat) -> None:
    record = _run_record(result, title)
    if fmt == OutputFormat.table:
        # The full list of payments is for JSON/CSV consumers; the terminal gets the summary.
        record.sections = record.sections[:1] if result.skipped else []
    emit(record, fmt)
    if not result.paid and not result.dry_run:
        say(t("relief.nothing_to_pay", already=result.already_paid))


DryRunOpt = Annotated[bool, Opt("--dry-run", help="只预览，不写入")]
RepayOpt = Annotated[bool, Opt("--repay-reversed", help="对已冲正的发放重新发放")]


@app.command("pay")
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
    day = _day(on)
    with session(ctx, write=not dry_run) as s:
        result = payments.pay_month(
            s, year, month_no, paid_on=day, dry_run=dry_run, repay_reversed=repay_reversed
        )
    _emit_run(result, t("relief.pay_title", period=result.period), fmt)


@app.command("festival")
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

    name, day = parse_festival(festival_name), _day(on)
    with session(ctx, write=not dry_run) as s:
        result = payments.pay_festival(
            s, year, name, paid_on=day, dry_run=dry_run, repay_reversed=repay_reversed
        )
    _emit_run(result, t("relief.pay_title", period=result.period), fmt)


@app.command("pay-temporary")
def pay_temporary(
    ctx: typer.Context,
    application_ref: ApplicationArg,
    on: Annotated[str | None, Opt("--on", help="发放日期（默认今天）")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """按批准金额发放一笔临时救济（只发一次）/ pay an approved temporary application."""
    from kuangqu.services.relief import applications, payments

    day = _day(on)
    with session(ctx, write=True) as s:
        application = applications.get(s, application_ref)
        payment = payments.pay_temporary(s, application, paid_on=day)
        new_id, amount = payment.id, payment.amount_fen
    emit_created(new_id, t("entity.relief_payment"), fmt, extra={"amount": _money(amount)})


@payments_app.command("list")
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
    columns = [_col(c) for c in ("id", "paid_on", "household_no", "head_name", "kind", "period", "tier")]
    columns += [
        _col("amount", justify="right"),
        _col("reversal_of"),
        _col("reversed_by"),
        _col("reason"),
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


@payments_app.command("reverse")
def payments_reverse(
    ctx: typer.Context,
    payment_ref: Annotated[str, typer.Argument(help="发放记录编号")],
    reason: Annotated[str, Opt("--reason", help="冲正原因（必填）")],
    on: OnOpt = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """冲正一笔发放（新增一条负数记录，原记录不变）/ reverse a payment."""
    from kuangqu.services.relief import payments

    day = _day(on)
    with session(ctx, write=True) as s:
        original = payments.get(s, payment_ref)
        reversal = payments.reverse(s, original, on=day, reason=reason)
        new_id, amount = reversal.id, reversal.amount_fen
    emit_created(new_id, t("entity.relief_reversal"), fmt, extra={"amount": _money(amount)})


# ---------------------------------------------------------------- pairs


@pair_app.command("add")
def pair_add(
    ctx: typer.Context,
    ref: HouseholdArg,
    cadre: Annotated[str, Opt("--cadre", help="帮扶干部姓名")],
    position: Annotated[str | None, Opt("--position", help="职务")] = None,
    phone: Annotated[str | None, Opt("--phone", help="电话")] = None,
    leader: Annotated[bool, Opt("--leader", help="副处级以上领导包户（包户到人）")] = False,
    on: OnOpt = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """结成帮扶对子：一名干部帮扶一户 / pair a cadre with a household."""
    from kuangqu.rules.names import normalize_name
    from kuangqu.rules.phones import normalize_phone
    from kuangqu.services import households
    from kuangqu.services.relief import pairs

    name, _ = normalize_name(cadre)
    phone_text = normalize_phone(phone)[0] if phone else None
    day = _day(on)
    with session(ctx, write=True) as s:
        household = households.get(s, ref)
        new_id = pairs.add(
            s,
            household,
            cadre_name=name,
            position=(position or "").strip() or None,
            phone=phone_text,
            leader=leader,
            on=day,
        ).id
    emit_created(new_id, t("entity.relief_pair"), fmt)


@pair_app.command("end")
def pair_end(
    ctx: typer.Context,
    pair_ref: Annotated[str, typer.Argument(help="帮扶对子编号")],
    on: OnOpt = None,
    reason: Annotated[str | None, Opt("--reason", help="结束原因")] = None,
) -> None:
    """结束一个帮扶对子 / end an assistance pair."""
    from kuangqu.services.relief import pairs

    day = _day(on)
    with session(ctx, write=True) as s:
        pair = pairs.get(s, pair_ref)
        pairs.end(s, pair, on=day, reason=reason)
    say(t("relief.pair_ended", id=pair.id))


@pair_app.command("list")
def pair_list(
    ctx: typer.Context,
    include_ended: Annotated[bool, Opt("--all", help="包括已结束的对子")] = False,
    unpaired: Annotated[bool, Opt("--unpaired", help="改为列出没有帮扶对子的在档家庭")] = False,
    as_of: AsOfOpt = None,
    fmt: FormatOption = OutputFormat.table,
    reveal: RevealOption = False,
    reason: ReasonOption = None,
) -> None:
    """列出帮扶对子（电话默认脱敏），或没有对子的在档家庭 / list pairs, or tiered households without one."""
    from kuangqu.render import Report
    from kuangqu.rules.masking import mask_phone
    from kuangqu.services.relief import pairs

    require_reason(reveal, reason)
    day = _day(as_of)
    with session(ctx, write=reveal) as s:
        if unpaired:
            rows: list[dict[str, Any]] = [
                {
                    "household": h.id,
                    "household_no": h.household_no,
                    "head_name": head.name,
                    "tier": tier,
                    "area": head.area,
                }
                for h, head, tier in pairs.unpaired_tiered(s, day)
            ]
        else:
            if reveal:
                audit_reveal(s, "relief_pair", None, reason)
            rows = [
                {
                    "id": p.id,
                    "cadre_name": p.cadre_name,
                    "position": p.position,
                    "phone": (p.phone if reveal else mask_phone(p.phone)) if p.phone else None,
                    "leader": p.leader,
                    "household": h.id,
                    "household_no": h.household_no,
                    "head_name": head.name,
                    "started_on": p.started_on,
                    "ended_on": p.ended_on,
                }
                for p, h, head in pairs.list_pairs(s, include_ended=include_ended)
            ]
    if unpaired:
        report = Report(
            t("relief.unpaired_title", as_of=day.isoformat()),
            [_col(c) for c in ("household", "household_no", "head_name", "tier", "area")],
            rows,
            footer=[t("cli.count", count=len(rows))],
        )
    else:
        report = Report(
            t("relief.pairs_title"),
            [
                _col(c)
                for c in (
                    "id",
                    "cadre_name",
                    "position",
                    "phone",
                    "leader",
                    "household",
                    "household_no",
                    "head_name",
                    "started_on",
                    "ended_on",
                )
            ],
            rows,
            footer=[t("cli.count", count=len(rows))],
        )
    emit(report, fmt)


# ---------------------------------------------------------------- check and stats


@app.command("check")
def check(ctx: typer.Context, as_of: AsOfOpt = None, fmt: FormatOption = OutputFormat.table) -> None:
    """检查救济：春节救济到户、无档发放、户主去世后发放、学龄儿童助学；无问题时不输出 / relief checks."""
    import json

    from kuangqu.cli.common import describe
    from kuangqu.errors import ExitCode
    from kuangqu.services.relief import checks

    with session(ctx, write=False) as s:
        problems = checks.run(s, _day(as_of))
    if not problems:
        return
    if fmt == OutputFormat.json:
        typer.echo(
            json.dumps(
                [{"key": p.key, "message": p.message(), **p.params} for p in problems],
                ensure_ascii=False,
                indent=2,
                default=str,
            )
        )
    else:
        for problem in problems:
            typer.echo(describe(problem))
    raise typer.Exit(int(ExitCode.INVALID))


@app.command("stats")
def stats(
    ctx: typer.Context,
    year: Annotated[int, Opt("--year", help="年度")],
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """全年救济数字：人次、日常/春节/临时救济总额、各档户数、帮扶对子 / the year's relief figures."""
    from kuangqu.render import Record
    from kuangqu.reports.relief import year_stats

    with session(ctx, write=False) as s:
        data = year_stats(s, year).as_dict()
    emit(Record(t("relief.stats_title", year=year), list(data.items())), fmt)
