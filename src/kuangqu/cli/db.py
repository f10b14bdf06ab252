"""`kuangqu db`: create/upgrade the schema, show its status, check integrity, back up."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kuangqu.cli.common import FormatOption, OutputFormat, emit, say, state
from kuangqu.errors import ExitCode
from kuangqu.i18n import t

app = typer.Typer(help="数据库：升级、状态、检查、备份 / the database", no_args_is_help=True)


def _open(ctx: typer.Context, *, check_schema: bool):  # type: ignore[no-untyped-def]
    from kuangqu.db import open_database

    database = open_database(state(ctx).db, check_schema=check_schema)
    ctx.call_on_close(database.dispose)
    if database.created:
        say(t("db.created", path=database.display_name))
    return database


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """把数据库升级到最新结构（先做经校验的备份）/ migrate to the newest schema (backup first)."""
    from kuangqu.db import upgrade as run_upgrade

    database = _open(ctx, check_schema=False)
    backup = run_upgrade(database)
    if backup is not None:
        say(t("db.upgrade_backup", path=str(backup)))
    say(t("db.upgraded", path=database.display_name))


@app.command("status")
def status(ctx: typer.Context, fmt: FormatOption = OutputFormat.table) -> None:
    """显示数据库位置和结构版本 / show where the database is and its schema version."""
    from kuangqu.db import schema_status
    from kuangqu.render import Record

    database = _open(ctx, check_schema=False)
    info = schema_status(database)
    emit(Record(t("db.status_title"), list(info.items())), fmt)


@app.command("check")
def check(ctx: typer.Context) -> None:
    """完整性与外键检查；无问题时不输出 / integrity and foreign-key checks (silent when clean)."""
    from kuangqu.db import integrity_problems

    database = _open(ctx, check_schema=True)
    problems = integrity_problems(database)
    if problems:
        for line in problems:
            typer.echo(line)
        say(t("db.check_failed", count=len(problems)))
        raise typer.Exit(int(ExitCode.DATABASE))


@app.command("backup")
def backup(
    ctx: typer.Context,
    target: Annotated[Path, typer.Argument(help="备份文件路径（或目录）")],
) -> None:
    """在线备份 SQLite 数据库并校验副本 / online backup of the SQLite file, verified."""
    from kuangqu.services.backup import backup_sqlite

    database = _open(ctx, check_schema=True)
    written = backup_sqlite(database, target)
    say(t("db.backup_done", path=str(written)))
