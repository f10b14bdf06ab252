"""`kuangqu report`: the annual figures, merged from every module registered in
`kuangqu.reports.ANNUAL_FIGURES` (petitions, visits, housing, activities here; relief and the
benefit ledger register their own).

JSON is the figures object itself: `{"year": 2020, "<key>": number | {"<code>": number}, …}`
with each module's snake_case keys; the table shows `col.<key>` labels in Chinese, a nested
figure as one indented line per code.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from kuangqu.cli.common import FormatOption, OutputFormat, emit, session
from kuangqu.i18n import t

app = typer.Typer(help="报表：年度数据 / reports: the year's figures", no_args_is_help=True)
Opt = typer.Option


def _label(key: str) -> str:
    text = t(f"col.{key}")
    return key if text == f"col.{key}" else text


def _sub_label(key: str, sub: str) -> str:
    """`col.<figure>.<code>` (e.g. col.petitions_by_status.closed), else `col.<code>`, else the code."""
    from kuangqu.i18n import catalogue

    for candidate in (f"col.{key}.{sub}", f"col.{sub}"):
        if candidate in catalogue():
            return t(candidate)
    return sub


def figure_rows(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per figure (key, label, value); a nested figure adds an indented row per code."""
    rows: list[dict[str, Any]] = []
    for key, value in figures.items():
        if key == "year":
            continue
        if isinstance(value, dict):
            rows.append(
                {
                    "key": key,
                    "figure": _label(key),
                    "value": sum(v for v in value.values() if isinstance(v, int)),
                }
            )
            for sub, sub_value in value.items():
                rows.append(
                    {"key": f"{key}.{sub}", "figure": "　　" + _sub_label(key, str(sub)), "value": sub_value}
                )
        else:
            rows.append({"key": key, "figure": _label(key), "value": value})
    return rows


@app.command("annual")
def annual(
    ctx: typer.Context,
    year: Annotated[int, Opt("--year", help="年份，如 2020")],
    by_month: Annotated[bool, Opt("--by-month", help="改为按月列出（信访件、家访……）")] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """年度工作数据（各模块汇总）/ the year's figures from every module."""
    from kuangqu.render import Column, Record, Report
    from kuangqu.reports import annual_by_month, annual_figures

    with session(ctx, write=False) as s:
        if by_month:
            tables = annual_by_month(s, year)
        else:
            figures = annual_figures(s, year)
    if by_month:
        if fmt == OutputFormat.json:
            emit(Record(t("report.by_month_title", year=year), [("year", year)], sections=tables), fmt)
        else:
            for table in tables:
                emit(table, fmt)
        return
    if fmt == OutputFormat.json:
        emit(Record(t("report.annual_title", year=year), list(figures.items())), fmt)
        return
    rows = figure_rows(figures)
    columns = [Column("figure"), Column("value", justify="right")]
    if fmt == OutputFormat.csv:
        columns.insert(0, Column("key"))
    emit(Report(t("report.annual_title", year=year), columns, rows), fmt)
