"""`kuangqu db`: create/upgrade the schema, show its status, check integrity, back up, restore, roles."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kuangqu.cli.common import FormatOption, OutputFormat, emit, open_with_key, say, state
from kuangqu.errors import ExitCode
from kuangqu.i18n import t

app = typer.Typer(help="数据库：升级、状态、检查、备份、恢复、角色 / the database", no_args_is_help=True)


def _open(ctx: typer.Context, *, check_schema: bool):  # type: ignore[no-untyped-def]
    database = open_with_key(state(ctx).db, check_schema=check_schema)
    ctx.call_on_close(database.dispose)
    if database.created:
        say(t("db.created", path=database.display_name))
    for key in database.warnings:
        say(t(key, path=database.display_name))
    return database


def _status(database):  # type: ignore[no-untyped-def]
    """schema_status, with a driver error (a wrong key, a damaged file) named against this database."""
    from sqlalchemy.exc import DBAPIError

    from kuangqu.db import schema_status, translate_db_error

    try:
        return schema_status(database)
    except DBAPIError as exc:
        raise translate_db_error(exc, database) from exc


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """把数据库升级到最新结构（先做经校验的备份）/ migrate to the newest schema (backup first)."""
    from kuangqu.db import known_revisions, transaction
    from kuangqu.db import upgrade as run_upgrade

    database = _open(ctx, check_schema=False)
    status = _status(database)
    known = set(str(status["current"] or "").split(",")) <= known_revisions()[0]
    if not status["up_to_date"] and status["current"] and known:  # a newer database is refused below
        if database.is_sqlite and database.path is not None:
            # The verified backup is taken, and its restore command printed, before any migration runs:
            # if the upgrade is killed half-way the clerk already knows how to go back.
            from kuangqu.services.backup import backup_sqlite, timestamped_sibling

            target = timestamped_sibling(
                database.path, f"before-upgrade-{status['current'].replace(',', '+')}"
            )
            problems: list[str] = []
            written = backup_sqlite(database, target, warnings=problems)
            say(t("trust.upgrade_backup_first", path=str(written)))
            _warn_problems(problems)
        elif database.is_postgres:
            say(t("trust.upgrade_pg_backup"))
    run_upgrade(database, backup=False)
    if database.is_postgres:
        from kuangqu.services import roles

        with transaction(database, write=False) as s:
            present = roles.roles_exist(s.connection())
        if present:
            try:
                with transaction(database, write=True) as s:
                    roles.apply_roles(s.connection())
                say(t("trust.roles_refreshed"))
            except Exception:  # the upgrading login may not grant: the upgrade itself stands
                say(t("trust.roles_refresh_hint"))
    say(t("db.upgraded", path=database.display_name))


@app.command("status")
def status(ctx: typer.Context, fmt: FormatOption = OutputFormat.table) -> None:
    """显示数据库位置和结构版本 / show where the database is and its schema version."""
    from kuangqu.render import Record

    database = _open(ctx, check_schema=False)
    info = _status(database)
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
    problems: list[str] = []
    written = backup_sqlite(database, target, warnings=problems)
    say(t("db.backup_done", path=str(written)))
    _warn_problems(problems)


def _warn_problems(problems: list[str]) -> None:
    """The database's own check problems, carried faithfully into the backup: said, not hidden."""
    if problems:
        say(t("trust.backup_with_problems", count=len(problems)))
        for line in problems[:20]:
            say("  - " + line)


@app.command("restore")
def restore(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="备份文件（kuangqu db backup 或升级前自动备份的文件）")],
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """从经校验的备份恢复 SQLite 数据库，并保留被替换文件的安全副本 / restore a verified backup.

    The backup is verified first (integrity, foreign keys, the domain checks); the file it
    replaces is kept as `<db>.before-restore.<time>.bak`; the swap is one atomic rename.
    Close other kuangqu sessions first: restore refuses while the database is in use.
    """
    from kuangqu.db import _sqlite_target, resolve_url
    from kuangqu.errors import DatabaseProblem, RuleViolation
    from kuangqu.render import Record
    from kuangqu.services.backup import restore_sqlite

    url = resolve_url(state(ctx).db)
    if url.get_backend_name() != "sqlite":
        raise RuleViolation("trust.restore_sqlite_only")
    path, readonly = _sqlite_target(url)
    if path is None:
        raise RuleViolation("trust.restore_sqlite_only")
    if readonly:
        raise DatabaseProblem("db.readonly", path=str(path))
    result = restore_sqlite(path, source)
    say(t("trust.restore_done", path=str(result.database), source=str(result.source)))
    if result.safety_copy is not None:
        say(t("trust.restore_safety", path=str(result.safety_copy)))
    if result.older_schema:
        say(t("trust.restore_older"))
    else:
        _audit_restore(ctx, result)
    fields = [
        ("database", str(result.database)),
        ("restored_from", str(result.source)),
        ("safety_copy", str(result.safety_copy) if result.safety_copy else None),
        ("revision", result.revision),
        ("needs_upgrade", result.older_schema),
    ]
    emit(Record(t("trust.restore_done", path=str(result.database), source=str(result.source)), fields), fmt)


def _audit_restore(ctx: typer.Context, result: object) -> None:
    """The restored database records that it was restored, and from which file."""
    from kuangqu.cli.common import session
    from kuangqu.services import audit

    with session(ctx, write=True) as s:
        audit.record(
            s,
            "db.restore",
            "database",
            None,
            new={"restored_from": str(result.source), "safety_copy": str(result.safety_copy or "")},  # type: ignore[attr-defined]
        )


class RoleName(StrEnum):
    clerk = "clerk"
    auditor = "auditor"
    area_leader = "area_leader"
    admin = "admin"


@app.command("roles")
def roles_(
    ctx: typer.Context,
    login: Annotated[
        str | None, typer.Option("--login", help="要创建或修改的登录名（小写字母、数字、下划线）")
    ] = None,
    role: Annotated[
        RoleName | None, typer.Option("--role", help="角色：clerk|auditor|area_leader|admin")
    ] = None,
    area: Annotated[list[str] | None, typer.Option("--area", help="片长负责的片区（可重复）")] = None,
    password: Annotated[
        str | None, typer.Option("--password", help="登录密码；写 - 则提示输入（不在命令行中显示）")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """（仅 PostgreSQL）建立最小权限的数据库角色，并列出每个角色能做什么 / least-privilege PostgreSQL roles.

    Roles: kuangqu_clerk (records read/write; append-only tables insert+select only),
    kuangqu_auditor (reads everything, writes nothing), kuangqu_area_leader (only the
    people and households of their area, row-level security), kuangqu_admin (owns the
    tables, runs migrations). Run by a database administrator; run again after upgrades.
    """
    from kuangqu.db import resolve_url, transaction
    from kuangqu.errors import RuleViolation
    from kuangqu.render import Column, Report
    from kuangqu.services import audit, roles

    if resolve_url(state(ctx).db).get_backend_name() != "postgresql":
        raise RuleViolation("trust.roles_postgres_only")
    if login and role is None:
        raise RuleViolation("trust.roles_login_needs_role")
    if password == "-":
        password = typer.prompt(t("trust.password_prompt"), hide_input=True)
    database = _open(ctx, check_schema=True)
    info = {"operator": state(ctx).operator or audit.default_operator(), "command": "db roles"}
    with transaction(database, write=True, info=info) as s:
        conn = s.connection()
        roles.apply_roles(conn)
        if login and role is not None:
            roles.set_login(conn, login, role.value, areas=area, password=password)
            audit.record(
                s, "db.roles", "db_role", None, new={"login": login, "role": role.value, "areas": area or []}
            )
    if login and role is not None:
        say(t("trust.roles_login_done", name=login, role=roles.ROLES[role.value]))
    with transaction(database, write=False) as s:
        matrix = roles.role_matrix(s.connection())
    every = t("trust.scope.all")
    none = t("trust.scope.none")

    def listed(tables: list[str], all_tables: list[str]) -> str:
        if tables and set(tables) == set(all_tables):
            return every
        return ", ".join(tables) or none

    rows = matrix
    if fmt == OutputFormat.table:
        rows = [
            {
                **r,
                "read": listed(r["read"], r["all_tables"]),
                "write": listed(r["write"], r["all_tables"]),
                "insert_only": listed(r["insert_only"], r["all_tables"]),
                "logins": ", ".join(r["logins"]) or none,
            }
            for r in matrix
        ]
    columns = [Column(c) for c in ("role", "description", "read", "write", "insert_only", "rows", "logins")]
    emit(Report(t("trust.roles_title"), columns, rows), fmt)
