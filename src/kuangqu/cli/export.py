"""`kuangqu export`: Excel files for the office — blank import templates, the registration sheet,
the monthly and the annual report.

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
from kuangqu.i18n import t

if TYPE_CHECKING:
    from kuangqu.excel.writer import Saved

app = typer.Typer(help="导出 Excel：导入模板、登记表、月报、年报 / export to Excel", no_args_is_help=True)

Opt = typer.Option


class TemplateKind(StrEnum):
    retirees = "retirees"
    households = "households"


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
    kind: Annotated[TemplateKind, typer.Argument(help="retirees（登记表）| households（家庭成员）")],
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
    building: Annotated[str | None, Opt("--building", help="楼栋")] = None,
    work_group: Annotated[str | None, Opt("--work-group", help="工作组")] = None,
    category: Annotated[str | None, Opt("--category", help="类别：离休|退休|退职|遗属")] = None,
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
    from kuangqu.excel.writer import check_target
    from kuangqu.models.enums import Category, Status
    from kuangqu.reports import roster
    from kuangqu.services.retirees import RosterFilter

    require_reason(reveal, reason)
    check_target(output, force=force)
    flt = RosterFilter(
        area=area,
        building=building,
        work_group=work_group,
        category=Category.parse(category, "category").value if category else None,
        status=Status.parse(status, "status").value if status else None,
    )
    if reveal:
        # Recorded in its own short transaction: the export itself only reads, holding no write lock.
        with session(ctx, write=True) as s:
            audit_reveal(s, "retiree", None, reason)
    with session(ctx, write=False) as s:
        areas = roster.areas(s)
        data = roster.roster_rows(s, flt, reveal=reveal)
        with _progress(data.count) as advance:
            saved = write_roster(
                output,
                data,
                areas=areas,
                reveal=reveal,
                title=title,
                unit=unit,
                force=force,
                progress=advance,
            )
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


def _sections(s: Any, month: Any, reveal: bool) -> list[Any]:
    """The registered monthly sections; those that take `reveal` get it."""
    import inspect

    from kuangqu import reports

    if not reveal:
        return list(reports.monthly_sections(s, month))
    sections: list[Any] = []
    for dotted in reports.MONTHLY_SECTIONS:
        func = reports.resolve(dotted)
        takes = "reveal" in inspect.signature(func).parameters
        sections.extend(func(s, month, reveal=True) if takes else func(s, month))
    return sections


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
        sections = _sections(s, when, reveal)
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
