"""`kuangqu housing`: housing-reform applications (房改) and their review stages.

Stages default to 单位初审 → 房改办复审 → 领导小组终审; override them with
KUANGQU_HOUSING_STAGES="甲,乙,丙", with `housing_stages = [...]` under `[kuangqu]` in the
KUANGQU_CONFIG file, or per application with `apply --stages`. `stats` counts eligible
households as all registered households unless `--eligible N` gives the office's number.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from kuangqu.cli.common import FormatOption, OutputFormat, day_or_today, emit, emit_created, say, session
from kuangqu.i18n import t

app = typer.Typer(
    help="房改：申请、逐级审核、统计 / housing-reform applications and reviews", no_args_is_help=True
)
Opt = typer.Option
ApplicationArg = Annotated[str, typer.Argument(help="申请编号（#N 或 N）")]


def _row(application: Any, head_name: str | None) -> dict[str, Any]:
    from kuangqu.models.stability import HousingStatus

    stages = list(application.stages)
    return {
        "id": application.id,
        "household_id": application.household_id,
        "head_name": head_name,
        "applied_on": application.applied_on,
        "status": HousingStatus(application.status),
        "stages_passed": f"{application.stages_passed}/{len(stages)}",
        "next_stage": stages[application.stages_passed]
        if application.status == HousingStatus.PENDING.value
        else None,
        "decided_on": application.decided_on,
    }


@app.command("apply")
def apply(
    ctx: typer.Context,
    household: Annotated[str, typer.Argument(help="户：#编号、户号，或户主的身份证号/后6位")],
    on: Annotated[str | None, Opt("--on", help="申请日期（默认今天）")] = None,
    stages: Annotated[str | None, Opt("--stages", help="本申请的审核环节，逗号分隔（默认按配置）")] = None,
    notes: Annotated[str | None, Opt("--notes", help="备注")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """登记一户的房改申请 / file a housing-reform application."""
    from kuangqu.services import households, housing

    stage_list = housing.parse_stages(stages) if stages else None
    with session(ctx, write=True) as s:
        application = housing.apply(
            s,
            households.get(s, household),
            on=day_or_today(on),
            today=date.today(),
            stages=stage_list,
            notes=notes,
        )
        new_id = application.id
    emit_created(new_id, t("entity.housing_application"), fmt)


@app.command("review")
def review(
    ctx: typer.Context,
    application: ApplicationArg,
    stage: Annotated[str, Opt("--stage", help="审核环节：名称或序号（须为下一环节）")],
    reviewer: Annotated[str, Opt("--reviewer", help="审核人")],
    passed: Annotated[bool | None, Opt("--pass/--return", help="通过或退回（必选其一）")] = None,
    opinion: Annotated[str | None, Opt("--opinion", help="审核意见（退回时必填）")] = None,
    on: Annotated[str | None, Opt("--on", help="审核日期（默认今天）")] = None,
) -> None:
    """记录一个环节的审核：通过进入下一环节，退回则结束 / review the next stage."""
    from kuangqu.errors import RuleViolation
    from kuangqu.models.stability import HousingStatus
    from kuangqu.services import housing

    if passed is None:
        raise RuleViolation("housing.pass_or_return")
    with session(ctx, write=True) as s:
        app_ = housing.get(s, application)
        record = housing.review(
            s,
            app_,
            stage=stage,
            passed=passed,
            reviewer=reviewer,
            on=day_or_today(on),
            today=date.today(),
            opinion=opinion,
        )
        stage_name, status, app_id = record.stage, app_.status, app_.id
    say(
        t(
            "housing.review_done",
            id=app_id,
            stage=stage_name,
            result=t("housing.passed") if passed else t("housing.returned"),
            status=HousingStatus(status).label,
        )
    )


@app.command("show")
def show(ctx: typer.Context, application: ApplicationArg, fmt: FormatOption = OutputFormat.table) -> None:
    """查看一件申请及各环节审核 / show an application and its reviews."""
    from kuangqu.models.registry import Household, Retiree
    from kuangqu.render import Column, Record, Report
    from kuangqu.services import housing

    with session(ctx, write=False) as s:
        app_ = housing.get(s, application)
        hh = s.get(Household, app_.household_id)
        head = s.get(Retiree, hh.head_id) if hh else None
        row = _row(app_, head.name if head else None)
        row["stages"] = list(app_.stages)
        row["notes"] = app_.notes
        reviews = [
            {
                "stage_no": r.stage_no,
                "stage": r.stage,
                "reviewer": r.reviewer,
                "reviewed_on": r.reviewed_on,
                "passed": r.passed,
                "opinion": r.opinion,
            }
            for r in housing.reviews(s, app_)
        ]
    columns = [Column(c) for c in ("stage_no", "stage", "reviewer", "reviewed_on", "passed", "opinion")]
    emit(
        Record(
            t("housing.show_title", id=row["id"]),
            [(k, v) for k, v in row.items() if v not in (None, "")],
            sections=[Report(t("housing.reviews_title"), columns, reviews, json_key="reviews")],
        ),
        fmt,
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[str | None, Opt("--status", help="状态：审核中|已通过全部审核|已退回")] = None,
    household: Annotated[str | None, Opt("--household", help="只列某户")] = None,
    year: Annotated[int | None, Opt("--year", help="申请年份")] = None,
    limit: Annotated[int | None, Opt("--limit", help="最多显示条数")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """列出房改申请 / list applications."""
    from sqlalchemy import select

    from kuangqu.models.registry import Household, Retiree
    from kuangqu.models.stability import HousingStatus
    from kuangqu.render import Column, Report
    from kuangqu.services import households, housing

    code = HousingStatus.parse(status, "status").value if status else None
    with session(ctx, write=False) as s:
        household_id = households.get(s, household).id if household else None
        found = housing.list_applications(s, status=code, household_id=household_id, year=year, limit=limit)
        ids = {a.household_id for a in found}
        names = (
            dict(
                s.execute(
                    select(Household.id, Retiree.name)
                    .join(Retiree, Retiree.id == Household.head_id)
                    .where(Household.id.in_(ids))
                ).all()
            )
            if ids
            else {}
        )  # type: ignore[union-attr]
        rows = [_row(a, names.get(a.household_id)) for a in found]
    columns = [
        Column(c)
        for c in (
            "id",
            "household_id",
            "head_name",
            "applied_on",
            "status",
            "stages_passed",
            "next_stage",
            "decided_on",
        )
    ]
    emit(Report(t("housing.list_title"), columns, rows, footer=[t("cli.count", count=len(rows))]), fmt)


@app.command("stats")
def stats(
    ctx: typer.Context,
    eligible: Annotated[
        int | None, Opt("--eligible", help="符合条件的户数（默认：登记的全部家庭数）")
    ] = None,
    year: Annotated[int | None, Opt("--year", help="只统计某年的申请")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """申请数、申请户占符合条件户的比例、通过全部审核数 / applications, share applied, passed all stages."""
    from kuangqu.render import Column, Record, Report
    from kuangqu.services import housing

    with session(ctx, write=False) as s:
        figures = housing.stats(s, eligible=eligible, year=year)
    by_stage = figures.pop("by_stage")
    if figures["eligible_basis"] == "registered_households":
        figures["eligible_basis"] = (
            t("housing.basis_registered") if fmt != "json" else "registered_households"
        )
    elif fmt != "json":
        figures["eligible_basis"] = t("housing.basis_given")
    columns = [Column("stage"), Column("passed", justify="right"), Column("returned", justify="right")]
    emit(
        Record(
            t("housing.stats_title"),
            [(k, v) for k, v in figures.items() if v is not None or k != "year"],
            sections=[Report(t("housing.by_stage_title"), columns, by_stage, json_key="by_stage")],
        ),
        fmt,
    )
