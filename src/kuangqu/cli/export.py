"""`kuangqu export`: Excel files for the office — blank import templates, the registration sheet,
the household member list, the monthly and the annual report.

Every export is masked unless --reveal (audited, with --reason), written to a temporary file
beside the target and renamed over it (owner-only), and prints the path, the sheets and the
number of data rows (`--format json`: {"path", "sheets", "rows", "replaced"}).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kuangqu.cli.common import ReasonOption, RevealOption, audit_reveal, require_reason, say, session
from kuangqu.cli.filters import BuildingOpt, CategoryOpt, WorkGroupOpt, roster_filter
from kuangqu.cli.import_ import RECORD_TYPES
from kuangqu.i18n import t

if TYPE_CHECKING:
    from kuangqu.excel.writer import Saved

app = typer.Typer(help="导出 Excel：导入模板、登记表、月报、年报 / export to Excel", no_args_is_help=True)

Opt = typer.Option


# One blank template per record type `kuangqu import` reads (kuangqu.excel.exports.template.TEMPLATES).
TemplateKind = StrEnum("TemplateKind", {kind: kind for kind in RECORD_TYPES})  # type: ignore[misc]


class ExportFormat(StrEnum):
    table = "table"
    json = "json"


OutputOption = Annotated[
    Path, Opt("--output", "-o", help="输出文件（.xlsx）/ output file", show_default=False)
]
ForceOption = Annotated[
    bool,
    Opt("--force", help="允许覆盖已存在的非 Excel 文件 / overwrite an existing file that is not a workbook"),
]
FormatOption = Annotated[
    ExportFormat, Opt("--format", "-f", help="结果输出格式 / result format: table | json")
]


def _done(saved: Saved, fmt: ExportFormat) -> None:
    path = str(saved.path.resolve())
    if saved.replaced:
        say(t("export.replaced", path=path))
    if fmt == ExportFormat.json:
        import json

        data = {"path": path, "sheets": saved.sheets, "rows": saved.rows, "replaced": saved.replaced}
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(
            t(
                "export.done",
                path=path,
                sheets=t("export.sheet_separator").join(saved.sheets),
                rows=saved.rows,
            )
            + "\n"
        )


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr when it is a terminal and the export is big enough to wait for."""
    if total < 5_000 or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    from kuangqu.cli.common import err

    with Progress(console=err(), transient=True) as bar:
        task = bar.add_task(t("export.progress"), total=total)
        yield lambda n: bar.advance(task, n)


@app.command("template")
def template(
    ctx: typer.Context,
    kind: Annotated[
        TemplateKind,
        typer.Argument(
            help="retirees（登记表）| households（家庭成员）| payments（签领表）| benefits（待遇变更）"
            "| petitions（信访登记表）| visits（走访记录）"
        ),
    ],
    output: OutputOption,
    force: ForceOption = False,
    fmt: FormatOption = ExportFormat.table,
) -> None:
    """空白导入模板：表头、下拉列表、文本格式的身份证号和电话列、填写说明 / a blank import template."""
    from kuangqu.excel.exports.template import write_template
    from kuangqu.excel.writer import check_target
    from kuangqu.reports import roster

    check_target(output, force=force)
    with session(ctx, write=False) as s:
        areas = roster.areas(s)
    _done(write_template(kind.value, output, areas=areas, force=force), fmt)


@app.command("roster")
def roster_(
    ctx: typer.Context,
    output: OutputOption,
    area: Annotated[str | None, Opt("--area", help="片区")] = None,
    building: BuildingOpt = None,
    work_group: WorkGroupOpt = None,
    category: CategoryOpt = None,
    status: Annotated[str | None, Opt("--status", help="状态：在册|已故|迁出")] = None,
    title: Annotated[str | None, Opt("--title", help="表头标题（默认 离退休人员情况登记表）")] = None,
    unit: Annotated[str, Opt("--unit", help="填报单位")] = "",
    reveal: RevealOption = False,
    reason: ReasonOption = None,
    force: ForceOption = False,
    fmt: FormatOption = ExportFormat.table,
) -> None:
    """导出离退休人员情况登记表（与导入模板同一格式，可打印；默认脱敏）/ the registration sheet."""
    from kuangqu.excel.exports.roster import write_roster
    from kuangqu.reports import roster

    def read(s: Any, flt: Any) -> tuple[Any, dict[str, Any]]:
        areas = roster.areas(s)
        return roster.roster_rows(s, flt, reveal=reveal), {"areas": areas}

    filters = {
        "area": area,
        "building": building,
        "work_group": work_group,
        "category": category,
        "status": status,
    }
    _export_people(ctx, "retiree", filters, read, write_roster, output=output, reveal=reveal, reason=reason,
                   title=title, unit=unit, force=force, fmt=fmt)  # fmt: skip


@app.command("households")
def households(
    ctx: typer.Context,
    output: OutputOption,
    area: Annotated[str | None, Opt("--area", help="片区（户主所在）")] = None,
    building: BuildingOpt = None,
    work_group: WorkGroupOpt = None,
    title: Annotated[str | None, Opt("--title", help="表头标题（默认 困难职工家庭成员登记表）")] = None,
    unit: Annotated[str, Opt("--unit", help="填报单位")] = "",
    reveal: RevealOption = False,
    reason: ReasonOption = None,
    force: ForceOption = False,
    fmt: FormatOption = ExportFormat.table,
) -> None:
    """导出家庭成员表（与导入模板同一格式，可打印；默认脱敏；--reveal 导出的表改后可重新导入）/ households."""
    from kuangqu.excel.exports.households import write_households
    from kuangqu.reports import roster

    def read(s: Any, flt: Any) -> tuple[Any, dict[str, Any]]:
        return roster.household_rows(s, flt, reveal=reveal), {}

    filters = {"area": area, "building": building, "work_group": work_group}
    _export_people(ctx, "household", filters, read, write_households, output=output, reveal=reveal,
                   reason=reason, title=title, unit=unit, force=force, fmt=fmt)  # fmt: skip


def _export_people(
    ctx: typer.Context,
    entity: str,
    filters: dict[str, str | None],
    read: Callable[[Any, Any], tuple[Any, dict[str, Any]]],
    write: Callable[..., Saved],
    *,
    output: Path,
    reveal: bool,
    reason: str | None,
    title: str | None,
    unit: str,
    force: bool,
    fmt: ExportFormat,
) -> None:
    """The roster and household exports: check the reason and the target, audit a reveal, read the
    rows (`read(session, filter)` → rows and the writer's further arguments) and write them."""
    from kuangqu.excel.writer import check_target

    require_reason(reveal, reason)
    check_target(output, force=force)
    flt = roster_filter(**filters)
    if reveal:
        # Recorded in its own short transaction: the export itself only reads, holding no write lock.
        with session(ctx, write=True) as s:
            audit_reveal(s, entity, None, reason)
    from kuangqu.excel.exports.template import ExportOptions

    with session(ctx, write=False) as s:
        data, extra = read(s, flt)
        with _progress(data.count) as advance:
            options = ExportOptions(reveal=reveal, title=title, unit=unit, force=force, progress=advance)
            saved = write(output, data, options, **extra)
    _done(saved, fmt)


def _month(value: str) -> Any:
    from kuangqu.errors import RuleViolation
    from kuangqu.rules.dates import parse_partial_date

    try:
        month = parse_partial_date(value)
    except RuleViolation:
        month = None
    if month is None or month.precision != "month":
        raise RuleViolation("export.month_format", value=value)
    return month


@app.command("monthly")
def monthly(
    ctx: typer.Context,
    month: Annotated[str, Opt("--month", help="月份，如 2020-03", show_default=False)],
    output: OutputOption,
    reveal: RevealOption = False,
    reason: ReasonOption = None,
    force: ForceOption = False,
    fmt: FormatOption = ExportFormat.table,
) -> None:
    """月度报表：汇总（含图表）、救济发放、签领表及其他已有的月报内容 / the monthly report."""
    from kuangqu import reports
    from kuangqu.excel.exports.monthly import write_monthly
    from kuangqu.excel.writer import check_target
    from kuangqu.reports import roster

    require_reason(reveal, reason)
    when = _month(month)
    check_target(output, force=force)
    if reveal:
        with session(ctx, write=True) as s:
            audit_reveal(s, "monthly_report", None, reason)
    with session(ctx, write=False) as s:
        changes = roster.month_changes(s, when)
        sections = reports.monthly_sections(s, when, reveal=reveal)
    _done(write_monthly(output, when, changes, sections, force=force), fmt)


@app.command("annual")
def annual(
    ctx: typer.Context,
    year: Annotated[int, Opt("--year", help="年份，如 2020", show_default=False)],
    output: OutputOption,
    force: ForceOption = False,
    fmt: FormatOption = ExportFormat.table,
) -> None:
    """年度数据：全年各项数字及逐月表格和图表 / the year's figures, by month, with charts."""
    from kuangqu import reports
    from kuangqu.errors import RuleViolation
    from kuangqu.excel.exports.annual import write_annual
    from kuangqu.excel.writer import check_target

    if not 1900 <= year <= 9999:
        raise RuleViolation("export.year_range", value=year)
    check_target(output, force=force)
    with session(ctx, write=False) as s:
        figures = reports.annual_figures(s, year)
        by_month = reports.annual_by_month(s, year)
    _done(write_annual(output, year, figures, by_month, force=force), fmt)
