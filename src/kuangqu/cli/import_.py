"""`kuangqu import`: the office's sheets in, all or nothing, with a row-by-row error report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from kuangqu.cli.common import FormatOption, OutputFormat, describe, emit, say, session
from kuangqu.errors import ExitCode, InvalidInput
from kuangqu.i18n import t

app = typer.Typer(help="导入 Excel 表格（.xlsx .xls .ods）/ import the office's sheets", no_args_is_help=True)
Opt = typer.Option

FileArg = Annotated[Path, typer.Argument(help="表格文件（.xlsx、.xlsm、.xls、.ods）")]
SheetOpt = Annotated[str | None, Opt("--sheet", help="工作表名称")]
AllSheetsOpt = Annotated[bool, Opt("--all-sheets", help="导入所有可见工作表")]
DryRunOpt = Annotated[bool, Opt("--dry-run", help="只检查、不写入 / check only, write nothing")]
ErrorsOpt = Annotated[
    Path | None, Opt("--errors", help="把出错的行写入此 xlsx（附“错误说明”列）以便修改后重新导入")
]
SynonymsOpt = Annotated[Path | None, Opt("--synonyms", help="表头别名配置文件（TOML）")]

# Record types `kuangqu import` reads: command name -> (module under kuangqu.importer, help).
# Each module defines SYNONYMS (its header table), REQUIRED (field keys), EXPECTED_SHEETS,
# plan(session, read, summary, progress=…) and apply(session, planned, summary).
RECORD_TYPES: dict[str, tuple[str, str]] = {
    "retirees": ("retirees", "导入离退休人员情况登记表：新人登记，已登记的人逐项更新 / import the roster."),
    "households": ("households", "导入家庭及成员（收入、致困原因、排除情形）/ import households."),
    "payments": ("payments", "导入救助金发放表/签领表（已发放的不改写）/ import past relief payment sheets."),
    "benefits": ("benefits", "导入待遇变更明白卡（按人按序记入待遇台账）/ import benefit-change entries."),
    "petitions": ("petitions", "导入信访登记表（按身份证号对应名册；受理、答复、办结）/ import petitions."),
    "visits": ("visits", "导入入户走访记录（按身份证号对应名册和家庭）/ import home visits."),
    "grid": ("grid", "导入片长、楼长、工作组长名单（三长合一；换人则原任卸任）/ import the grid's leaders."),
    "pairs": ("pairs", "导入帮扶对子（按户主身份证号对应家庭；一户一个在帮对子）/ import assistance pairs."),
    "housing": ("housing", "导入房改申请及一审、二审、三审结果（按身份证号对应家庭）/ import housing."),
    "activities": ("activities", "导入活动及参加人员、获奖（按身份证号对应名册）/ import activities."),
    "dissuasions": ("dissuasions", "导入劝阻/劝返记录（同日同地为一次）/ import dissuasion trips."),
    "applications": ("applications", "导入困难救助申请登记表（依次初审、公示、审批）/ import applications."),
}


def _progress(total: int) -> tuple[Any, Any]:
    """A progress bar on a terminal only; never on a pipe."""
    if not sys.stderr.isatty() or total < 2000:
        return None, None
    from rich.progress import Progress

    bar = Progress(transient=True, console=None)
    task = bar.add_task(t("import.progress"), total=total)
    bar.start()
    return bar, lambda done: bar.update(task, completed=done)


def _run(
    ctx: typer.Context,
    kind: str,
    path: Path,
    *,
    sheet: str | None,
    all_sheets: bool,
    dry_run: bool,
    errors: Path | None,
    synonyms: Path | None,
    fmt: OutputFormat,
) -> None:
    import importlib

    from kuangqu.config import settings
    from kuangqu.excel.headers import load_synonyms
    from kuangqu.excel.reader import read_workbook
    from kuangqu.importer.rows import fewer_full_collections, locate_rows
    from kuangqu.importer.summary import ImportSummary, file_sha256, record_run

    if not path.is_file():
        raise InvalidInput([], key="import.file_missing", path=str(path))
    importer = f"kuangqu.importer.{RECORD_TYPES[kind][0]}"
    # The whole import keeps a large live set: full garbage collections between the phases
    # would visit every row object again for nothing (see importer.rows.fewer_full_collections).
    with fewer_full_collections():
        book = read_workbook(
            path,
            sheet=sheet,
            all_sheets=all_sheets,
            expected_sheet_names=lambda: importlib.import_module(importer).EXPECTED_SHEETS,
            max_bytes=settings().max_import_bytes,
            # The importer, with SQLAlchemy and the models (0.4 s), loads while calamine parses.
            beside_parse=lambda: importlib.import_module(importer),
        )
        module: Any = importlib.import_module(importer)
        extra_synonyms = synonyms or (Path(settings().synonyms_file) if settings().synonyms_file else None)
        table = load_synonyms(extra_synonyms, base=module.SYNONYMS) if extra_synonyms else module.SYNONYMS
        read = locate_rows(book, table, module.REQUIRED)
        summary = ImportSummary(
            kind,
            path.name,
            file_sha256(path),
            [s.name for s in read.sheets],
            rows_read=read.row_count,
            skipped=read.skipped,
            warnings=list(read.warnings),
            errors=list(read.errors),
            dry_run=dry_run,
        )
        bar, progress = _progress(read.row_count)
        try:
            with session(ctx, write=True) as s:
                from kuangqu.db import IMPORT_LOCK, advisory_lock

                advisory_lock(s, IMPORT_LOCK)
                planned = module.plan(s, read, summary, progress=progress)
                if not summary.errors:
                    # A dry run applies too (so conflicts with the database show), then rolls back.
                    module.apply(s, planned, summary)
                if summary.errors or dry_run:
                    raise _Discard()  # leaves the transaction: nothing is written
                summary.import_id = record_run(s, summary)
        except _Discard:
            pass
        finally:
            if bar is not None:
                bar.stop()
        # Still inside: the report's first imports would otherwise set off a full collection
        # over the 100,000 rows read (0.3 s for nothing).
        _report(summary, fmt)
        if summary.errors and errors is not None:
            from kuangqu.excel.error_report import write_error_workbook

            count = write_error_workbook(errors, read.sheets, summary.errors, describe)
            say(t("import.errors_written", path=str(errors), rows=count))
    if summary.errors:
        raise typer.Exit(int(ExitCode.INVALID))


class _Discard(Exception):
    """Raised inside the transaction to roll back a dry run or a failed import."""


def _report(summary: Any, fmt: OutputFormat) -> None:
    if fmt == OutputFormat.json:
        import json

        sys.stdout.write(json.dumps(summary.as_json(describe), ensure_ascii=False, indent=2) + "\n")
        return
    from kuangqu.render import Column, Record, Report

    fields = [
        ("file", summary.file_name),
        ("rows_read", summary.rows_read),
        ("created", summary.created),
        ("updated", summary.updated),
        ("unchanged", summary.unchanged),
        ("skipped_rows", summary.skipped_rows),
    ]
    if summary.skipped:
        fields.append(
            (
                "skipped_by_reason",
                "、".join(f"{t('import.skip.' + k)} {v}" for k, v in summary.skipped.items()),
            )
        )
    if summary.dry_run:
        fields.append(("dry_run", True))
    title = t("import.summary_title_failed") if summary.errors else t("import.summary_title")
    sections = []
    if summary.changes:
        rows = [
            {
                "id": c.get("id") or c.get("household_id"),
                "name": c.get("name") or c.get("head"),
                "fields": "；".join(
                    f"{t('col.' + k)}：{v['old']} → {v['new']}" for k, v in c.get("fields", {}).items()
                ),
            }
            for c in summary.changes[:200]
        ]
        sections.append(
            Report(t("import.changes_title"), [Column("id"), Column("name"), Column("fields")], rows)
        )
    emit(Record(title, fields, sections=sections), OutputFormat.table)
    for warning in summary.warnings[:100]:
        say(t("cli.warning_prefix") + describe(warning))
    if len(summary.warnings) > 100:
        say(t("cli.more_problems", count=len(summary.warnings) - 100))
    if summary.errors:
        say(t("import.failed", count=len(summary.errors)))
        for problem in summary.errors[:200]:
            say("  - " + describe(problem))
        if len(summary.errors) > 200:
            say(t("cli.more_problems", count=len(summary.errors) - 200))


def _import_command(kind: str, help_text: str) -> None:
    """Register `kuangqu import KIND FILE …` for one record type of RECORD_TYPES."""

    def command(
        ctx: typer.Context,
        path: FileArg,
        sheet: SheetOpt = None,
        all_sheets: AllSheetsOpt = False,
        dry_run: DryRunOpt = False,
        errors: ErrorsOpt = None,
        synonyms: SynonymsOpt = None,
        fmt: FormatOption = OutputFormat.table,
    ) -> None:
        _run(
            ctx,
            kind,
            path,
            sheet=sheet,
            all_sheets=all_sheets,
            dry_run=dry_run,
            errors=errors,
            synonyms=synonyms,
            fmt=fmt,
        )

    command.__doc__ = help_text
    command.__name__ = f"import_{kind}"
    app.command(kind)(command)


for _kind, (_module, _help) in RECORD_TYPES.items():
    _import_command(_kind, _help)


@app.command("history")
def history(
    ctx: typer.Context,
    limit: Annotated[int, Opt("--limit", help="最多显示条数")] = 50,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """列出导入记录（文件名、SHA-256、数量、操作员）/ list past imports."""
    from sqlalchemy import select

    from kuangqu.models.imports import ImportRun
    from kuangqu.render import Column, Report
    from kuangqu.views import local_time

    with session(ctx, write=False) as s:
        runs = s.scalars(select(ImportRun).order_by(ImportRun.id.desc()).limit(limit)).all()
        rows = [
            {
                "id": r.id,
                "at": local_time(r.at),
                "operator": r.operator,
                "kind": r.kind,
                "file": r.file_name,
                "sha256": r.sha256,
                "rows_read": r.rows_read,
                "created": r.created,
                "updated": r.updated,
                "unchanged": r.unchanged,
                "skipped_rows": r.skipped_rows,
                "warnings": r.warnings,
            }
            for r in runs
        ]
    columns = [
        Column(c)
        for c in (
            "id",
            "at",
            "operator",
            "kind",
            "file",
            "sha256",
            "rows_read",
            "created",
            "updated",
            "unchanged",
            "skipped_rows",
            "warnings",
        )
    ]
    emit(Report(t("import.history_title"), columns, rows), fmt)
