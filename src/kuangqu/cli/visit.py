"""`kuangqu visit`: home visits (家访) by the grid leaders, who is overdue, and the quarterly
assessment of the leaders (季度奖惩).

Every household has a visit interval: its own (`household set --visit-interval`), else 30 days
for key-support households, else 90 (KUANGQU_DEFAULT_VISIT_INTERVAL_DAYS /
KUANGQU_KEY_SUPPORT_VISIT_INTERVAL_DAYS). A household never visited counts as overdue.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from kuangqu.cli.common import (
    FormatOption,
    OutputFormat,
    day_or_today,
    emit,
    emit_created,
    option_text,
    session,
)
from kuangqu.i18n import t

app = typer.Typer(help="家访：记录、超期户、负责人季度考核 / home visits", no_args_is_help=True)
Opt = typer.Option


@app.command("add")
def add(
    ctx: typer.Context,
    household: Annotated[str, typer.Argument(help="户：#编号、户号，或户主的身份证号/后6位")],
    by: Annotated[str | None, Opt("--by", help="走访的网格负责人（#编号或姓名）")] = None,
    visitor: Annotated[str | None, Opt("--visitor", help="走访人（不是网格负责人时填姓名）")] = None,
    on: Annotated[str | None, Opt("--on", help="走访日期（默认今天）")] = None,
    notes: Annotated[str | None, Opt("--notes", help="走访情况")] = None,
    findings: Annotated[str | None, Opt("--findings", help="发现的问题")] = None,
    needs: Annotated[str | None, Opt("--needs", help="提出的诉求")] = None,
    follow_up: Annotated[str | None, Opt("--follow-up", help="后续处理")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """记录一次家访 / record a home visit."""
    from kuangqu.services import grid, households, visits

    with session(ctx, write=True) as s:
        target = households.get(s, household)
        leader = grid.get_leader(s, by) if by else None
        visit = visits.add(
            s,
            target,
            on=day_or_today(on),
            today=date.today(),
            leader=leader,
            visitor=visitor,
            notes=option_text(notes),
            findings=option_text(findings),
            needs=option_text(needs),
            follow_up=option_text(follow_up),
        )
        new_id = visit.id
    emit_created(new_id, t("entity.home_visit"), fmt)


@app.command("list")
def list_(
    ctx: typer.Context,
    household: Annotated[str | None, Opt("--household", help="只列某户")] = None,
    leader: Annotated[str | None, Opt("--leader", help="只列某负责人的走访")] = None,
    year: Annotated[int | None, Opt("--year", help="年份")] = None,
    limit: Annotated[int | None, Opt("--limit", help="最多显示条数")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """列出家访记录（最近的在前）/ list home visits, newest first."""
    from kuangqu.render import Column, Report
    from kuangqu.services import grid, households, visits

    with session(ctx, write=False) as s:
        household_id = households.get(s, household).id if household else None
        leader_id = grid.get_leader(s, leader).id if leader else None
        found = visits.list_visits(
            s,
            household_id=household_id,
            leader_id=leader_id,
            start=date(year, 1, 1) if year else None,
            end=date(year, 12, 31) if year else None,
            limit=limit,
        )
        rows = [
            {
                "id": v.id,
                "visited_on": v.visited_on,
                "household_id": h.id,
                "head_name": r.name,
                "area": r.area,
                "building": r.building,
                "visitor": g.name if g else v.visitor,
                "notes": v.notes,
                "findings": v.findings,
                "needs": v.needs,
                "follow_up": v.follow_up,
            }
            for v, h, r, g in found
        ]
    columns = [
        Column(c)
        for c in (
            "id",
            "visited_on",
            "household_id",
            "head_name",
            "area",
            "building",
            "visitor",
            "notes",
            "findings",
            "needs",
            "follow_up",
        )
    ]
    emit(Report(t("visit.list_title"), columns, rows, footer=[t("cli.count", count=len(rows))]), fmt)


@app.command("due")
def due(
    ctx: typer.Context,
    as_of: Annotated[str | None, Opt("--as-of", help="按此日期计算（默认今天）")] = None,
    area: Annotated[str | None, Opt("--area", help="只列某片区")] = None,
    leader: Annotated[str | None, Opt("--leader", help="只列某负责人（#编号或姓名）负责的户")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """超期未访的户，按片区和负责人排列 / overdue households by area and leader."""
    from collections import Counter

    from kuangqu.render import Column, Report
    from kuangqu.services import grid, visits

    day = day_or_today(as_of)
    with session(ctx, write=False) as s:
        chief = grid.get_leader(s, leader) if leader else None
        rows = [x.as_row() for x in visits.overdue(s, as_of=day, area=area, leader=chief)]
    per_area = Counter(r["area"] or "-" for r in rows)
    columns = [
        Column(c)
        for c in (
            "household_id",
            "household_no",
            "head_name",
            "area",
            "building",
            "leader",
            "key_support",
            "interval_days",
            "last_visit",
            "next_due",
            "days_overdue",
        )
    ]
    footer = [
        t(
            "visit.due_footer",
            count=len(rows),
            areas="；".join(f"{a} {n}" for a, n in sorted(per_area.items())),
        )
    ]
    emit(Report(t("visit.due_title", as_of=day.isoformat()), columns, rows, footer=footer), fmt)


@app.command("assess")
def assess(
    ctx: typer.Context,
    quarter: Annotated[str, Opt("--quarter", help="季度，如 2020Q3")],
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """网格负责人季度考核：负责户数、本季度走访、季末超期 / quarterly assessment of the grid leaders."""
    from kuangqu.render import Column, Report
    from kuangqu.rules.visits import parse_quarter
    from kuangqu.services import visits

    q = parse_quarter(quarter)
    with session(ctx, write=False) as s:
        rows = [a.as_row() for a in visits.assess(s, q)]
    columns = [
        Column("leader_id"),
        Column("level"),
        Column("unit"),
        Column("name"),
        Column("households", justify="right"),
        Column("households_visited", justify="right"),
        Column("visited_share", justify="right"),
        Column("visits_by_leader", justify="right"),
        Column("overdue", justify="right"),
    ]
    emit(
        Report(
            t("visit.assess_title", quarter=str(q), start=q.start.isoformat(), end=q.end.isoformat()),
            columns,
            rows,
        ),
        fmt,
    )
