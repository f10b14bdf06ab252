"""`kuangqu grid`: the leaders of areas, buildings and work groups (三长合一), and whom they answer for."""

from __future__ import annotations

from typing import Annotated

import typer

from kuangqu.cli.common import FormatOption, OutputFormat, emit, emit_created, session
from kuangqu.i18n import t

app = typer.Typer(help="片长、楼长、工作组长（三长合一）/ the grid of responsibility", no_args_is_help=True)
Opt = typer.Option


@app.command("assign")
def assign(
    ctx: typer.Context,
    level: Annotated[str, Opt("--level", help="片长|楼长|工作组长")],
    name: Annotated[str, Opt("--name", help="负责人姓名")],
    area: Annotated[str | None, Opt("--area", help="片区（片长、楼长必填）")] = None,
    building: Annotated[str | None, Opt("--building", help="楼栋（楼长必填）")] = None,
    work_group: Annotated[str | None, Opt("--work-group", help="工作组（工作组长必填）")] = None,
    phone: Annotated[str | None, Opt("--phone", help="电话")] = None,
    position: Annotated[str | None, Opt("--position", help="职务")] = None,
    on: Annotated[str | None, Opt("--on", help="任职日期（默认今天）")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """指定片区、楼栋或工作组的负责人（原负责人同日卸任）/ assign a grid leader."""
    from kuangqu.models.enums import GridLevel
    from kuangqu.rules.dates import parse_partial_date
    from kuangqu.rules.names import normalize_name
    from kuangqu.rules.phones import normalize_phone
    from kuangqu.services import grid

    level_code = GridLevel.parse(level, "level").value
    unit = grid.unit_key(level_code, area, building, work_group)
    leader_name, _ = normalize_name(name)
    phone_text = normalize_phone(phone)[0] if phone else None
    day = parse_partial_date(on).to_date() if on else None
    with session(ctx, write=True) as s:
        leader = grid.assign(s, level_code, unit, leader_name, phone=phone_text, position=position, on=day)
        new_id = leader.id
    emit_created(new_id, t("entity.grid_leader"), fmt)


@app.command("list")
def list_(
    ctx: typer.Context,
    level: Annotated[str | None, Opt("--level", help="只列某一级：片长|楼长|工作组长")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """列出各级负责人及其负责的人数，并指出无人负责的单元 / list leaders and gaps."""
    from kuangqu.models.enums import GridLevel
    from kuangqu.render import Column, Report
    from kuangqu.rules.masking import mask_phone
    from kuangqu.services import grid

    level_code = GridLevel.parse(level, "level").value if level else None
    with session(ctx, write=False) as s:
        rows = [
            {
                "id": g.id,
                "level": GridLevel(g.level),
                "unit": g.unit,
                "name": g.name,
                "phone": mask_phone(g.phone) if g.phone else None,
                "position": g.position,
                "people": grid.count_people(s, g),
                "assigned_on": g.assigned_on,
            }
            for g in grid.leaders(s, level=level_code)
        ]
        gaps = [gap for gap in grid.uncovered_units(s) if level_code in (None, gap[0])]
    footer = [t("grid.gaps", count=len(gaps), units="、".join(u for _, u in gaps[:20]))] if gaps else []
    columns = [
        Column("id"),
        Column("level"),
        Column("unit"),
        Column("name"),
        Column("phone"),
        Column("position"),
        Column("people", justify="right"),
        Column("assigned_on"),
    ]
    report = Report(
        t("grid.list_title"),
        columns,
        rows,
        footer=footer,
        json_extra={"uncovered": [{"level": lvl, "unit": u} for lvl, u in gaps]} if fmt == "json" else None,
    )
    emit(report, fmt)


@app.command("people")
def people(
    ctx: typer.Context,
    leader: Annotated[str, typer.Argument(help="负责人：#编号或姓名")],
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """列出某位负责人负责的人员 / list the people a leader is responsible for."""
    from kuangqu.render import Column, Report
    from kuangqu.services import grid
    from kuangqu.views import retiree_row

    with session(ctx, write=False) as s:
        chief = grid.get_leader(s, leader)
        rows = [retiree_row(p) for p in grid.people_of(s, chief)]
        title = t("grid.people_title", name=chief.name, unit=chief.unit)
    columns = [
        Column(c) for c in ("id", "name", "sex", "age", "category", "phone", "area", "building", "work_group")
    ]
    emit(Report(title, columns, rows, footer=[t("cli.count", count=len(rows))]), fmt)


@app.command("who")
def who(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="人员：身份证号、后6位或 #编号")],
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """某人由谁负责（片长、楼长、工作组长）/ who is responsible for a person."""
    from kuangqu.render import Column, Report
    from kuangqu.rules.masking import mask_phone
    from kuangqu.services import grid, retirees

    with session(ctx, write=False) as s:
        target = retirees.get(s, person)
        found = grid.responsible_for(s, target)
        rows = [
            {
                "level": t(f"grid.level.{lvl}"),
                "unit": g.unit if g else None,
                "name": g.name if g else None,
                "phone": mask_phone(g.phone) if g and g.phone else None,
            }
            for lvl, g in (
                ("area", found.area),
                ("building", found.building),
                ("work_group", found.work_group),
            )
        ]
        title = t("grid.who_title", name=target.name)
    emit(Report(title, [Column("level"), Column("unit"), Column("name"), Column("phone")], rows), fmt)
