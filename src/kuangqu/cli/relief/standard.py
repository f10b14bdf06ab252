"""`kuangqu relief standard load|show|list`: the versioned relief standard (tiers, income limits,
exclusions) read from a TOML file, and how it is shown.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kuangqu.cli.common import FormatOption, OutputFormat, emit, emit_created, say, session
from kuangqu.cli.relief._common import col, money
from kuangqu.i18n import t

if TYPE_CHECKING:
    from kuangqu.render import Record


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
                    col("code"),
                    col("label"),
                    col("max_income_ratio", justify="right"),
                    col("income_limit", justify="right"),
                    col("causes"),
                    col("monthly_relief", justify="right"),
                    col("festival_relief", justify="right"),
                ],
                tiers,
                json_key="tiers",
            )
        ],
        json_extra={"exclusions": data["exclusions"], "tiers": data["tiers"], "source_text": row.source_text},
    )


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
                    "dibao_monthly": money(row.dibao_monthly_fen),
                    "tiers": [tier.code for tier in std.tiers],
                    "loaded_at": row.loaded_at.replace(microsecond=0),
                    "source_name": row.source_name,
                }
            )
    columns = [
        col(c)
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
