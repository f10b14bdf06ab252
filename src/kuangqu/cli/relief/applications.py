"""`kuangqu relief apply|review|notice|objection …|approve|reject|withdraw|close|list|show|due`:
a relief application from its opening through first review, public notice and objections to the
decision, the listing and history of applications, and the approved tiers due for the yearly re-check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from kuangqu.cli.common import FormatOption, OutputFormat, day_or_today, emit, emit_created, say, session
from kuangqu.cli.relief._common import (
    ApplicationArg,
    AsOfOpt,
    HouseholdArg,
    OnOpt,
    Opt,
    col,
    money,
)
from kuangqu.i18n import t

if TYPE_CHECKING:
    from kuangqu.models.relief import ReliefApplication


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
    amount_fen, day = _amount(amount), day_or_today(on)
    with session(ctx, write=True) as s:
        household = households.get(s, ref)
        application = applications.apply(
            s, household, kind_code, on=day, reason=reason, amount_fen=amount_fen
        )
        new_id = application.id
    emit_created(new_id, t("entity.relief_application"), fmt)


def _amount(text: str | None) -> int | None:
    from kuangqu.rules.money import parse_yuan

    return parse_yuan(text) if text is not None else None


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

    day, visit_day = day_or_today(on), day_or_today(visit_date) if visit_date else None
    with session(ctx, write=True) as s:
        application = applications.get(s, application_ref)
        applications.review(s, application, on=day, visit_ref=visit, visit_on=visit_day, note=note)
    _step_done("relief.step_done", application)


def notice(
    ctx: typer.Context,
    application_ref: ApplicationArg,
    start: Annotated[str | None, Opt("--from", help="公示开始日期（默认今天）")] = None,
    days: Annotated[int, Opt("--days", help="公示天数（日历日）")] = 7,
) -> None:
    """开始公示（公示期内可登记异议）/ start the public notice."""
    from kuangqu.services.relief import applications

    day = day_or_today(start)
    with session(ctx, write=True) as s:
        application = applications.get(s, application_ref)
        last = applications.notice(s, application, start=day, days=days)
    _step_done("relief.notice_done", application, last=last.isoformat())


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

    day = day_or_today(on)
    with session(ctx, write=True) as s:
        application = applications.get(s, application_ref)
        new_id = applications.add_objection(s, application, on=day, content=content, objector=by).id
    emit_created(new_id, t("entity.relief_objection"), fmt)


def objection_resolve(
    ctx: typer.Context,
    objection_ref: Annotated[str, typer.Argument(help="异议编号")],
    resolution: Annotated[str, Opt("--resolution", help="核实结果")],
    upheld: Annotated[bool, Opt("--upheld/--dismissed", help="异议成立（则不能批准）或不成立")] = False,
    on: OnOpt = None,
) -> None:
    """核实并处理异议（成立的异议使申请不能批准）/ settle an objection."""
    from kuangqu.services.relief import applications

    day = day_or_today(on)
    with session(ctx, write=True) as s:
        objection = applications.get_objection(s, objection_ref)
        applications.resolve_objection(s, objection, on=day, resolution=resolution, upheld=upheld)
    say(t("relief.objection_resolved", id=objection.id))


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

    day, amount_fen = day_or_today(on), _amount(amount)
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


def reject(
    ctx: typer.Context,
    application_ref: ApplicationArg,
    reason: Annotated[str, Opt("--reason", help="不予批准的理由（必填，书面告知）")],
    on: OnOpt = None,
) -> None:
    """不予批准（须写明理由）/ reject with a written reason."""
    from kuangqu.services.relief import applications

    day = day_or_today(on)
    with session(ctx, write=True) as s:
        application = applications.get(s, application_ref)
        applications.reject(s, application, on=day, reason=reason)
    _step_done("relief.step_done", application)


def withdraw(
    ctx: typer.Context,
    application_ref: ApplicationArg,
    on: OnOpt = None,
    reason: Annotated[str | None, Opt("--reason", help="撤回原因")] = None,
) -> None:
    """撤回尚未决定的申请 / withdraw an undecided application."""
    from kuangqu.services.relief import applications

    day = day_or_today(on)
    with session(ctx, write=True) as s:
        application = applications.get(s, application_ref)
        applications.withdraw(s, application, on=day, reason=reason)
    _step_done("relief.step_done", application)


def close(
    ctx: typer.Context,
    application_ref: ApplicationArg,
    reason: Annotated[str, Opt("--reason", help="终止原因（如已脱困）")],
    on: OnOpt = None,
) -> None:
    """终止已批准的日常救济档次（如家庭已脱困）/ end the tier an approval gave."""
    from kuangqu.services.relief import applications

    day = day_or_today(on)
    with session(ctx, write=True) as s:
        application = applications.get(s, application_ref)
        applications.close(s, application, on=day, reason=reason)
    _step_done("relief.step_done", application)


def _step_done(key: str, application: ReliefApplication, **params: Any) -> None:
    from kuangqu.rules.relief import ApplicationStatus

    say(t(key, id=application.id, status=ApplicationStatus(application.status).label, **params))


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
        col(c)
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
        ("requested_amount", money(a.requested_amount_fen)),
        ("approved_amount", money(a.approved_amount_fen)),
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
                        col(c)
                        for c in ("on_date", "action", "status", "note", "visit_ref", "visit_on", "operator")
                    ],
                    events,
                    json_key="events",
                ),
                Report(
                    t("relief.objections_title"),
                    [
                        col(c)
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
        "amount": money(a.approved_amount_fen or a.requested_amount_fen),
        "decided_on": a.decided_on,
        "next_review_on": a.next_review_on,
    }


def due(
    ctx: typer.Context,
    as_of: AsOfOpt = None,
    within: Annotated[int, Opt("--within", help="列出多少天内到期的年度复核")] = 30,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """列出年度复核（动态管理）到期或逾期的家庭 / households due or overdue for the yearly re-check."""
    from kuangqu.render import Report
    from kuangqu.services.relief import tiers

    day = day_or_today(as_of)
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
        col(c)
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
