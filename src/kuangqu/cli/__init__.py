"""The `kuangqu` command: global options, one sub-app per noun, and error translation.

Every expected error becomes a message on stderr and its documented exit code; an
unexpected one prints its kind only (never a traceback with a person's data) unless
KUANGQU_DEBUG=1.
"""

from __future__ import annotations

import importlib
import os
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from kuangqu import __version__
from kuangqu.errors import ExitCode, KuangquError
from kuangqu.i18n import set_lang, t

# Sub-apps by noun: (module under kuangqu.cli, command name). Each module defines `app`.
SUBCOMMANDS: list[tuple[str, str]] = [
    ("retiree", "retiree"),
    ("household", "household"),
    ("grid", "grid"),
    ("db", "db"),
    ("audit", "audit"),
    *[(name, name) for name in ("benefit", "correction")],
    ("import_", "import"),
    ("relief", "relief"),
    *[(name, name) for name in ("petition", "visit", "housing", "activity", "report")],
    ("export", "export"),
]
# Single commands: (module, function name, command name).
COMMANDS: list[tuple[str, str, str]] = [
    ("check", "check", "check"),
]


class KuangquGroup(TyperGroup):
    """The root group: turns kuangqu's errors into messages and exit codes for every command below it."""

    def invoke(self, ctx: Any) -> Any:
        from kuangqu.cli.common import report_error, say

        try:
            return super().invoke(ctx)
        except KuangquError as exc:
            report_error(exc)
            raise typer.Exit(int(exc.exit_code)) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if _is_click_exception(exc):
                raise
            translated = _translate_unexpected(exc)
            if translated is not None:
                report_error(translated)
                raise typer.Exit(int(translated.exit_code)) from None
            if os.environ.get("KUANGQU_DEBUG") == "1":
                raise
            say(t("error.unexpected", kind=type(exc).__name__))
            raise typer.Exit(70) from None


def _is_click_exception(exc: Exception) -> bool:
    return type(exc).__module__.split(".")[0] in ("click", "typer", "_typer_click")


def _translate_unexpected(exc: Exception) -> KuangquError | None:
    try:
        from sqlalchemy.exc import DBAPIError
    except ImportError:  # pragma: no cover
        return None
    if isinstance(exc, DBAPIError):
        from kuangqu.db import translate_db_error

        return translate_db_error(exc)
    if isinstance(exc, OSError) and exc.errno == 28:
        from kuangqu.errors import DatabaseProblem

        return DatabaseProblem("db.disk_full", path=getattr(exc, "filename", "") or "")
    return None


app = typer.Typer(
    cls=KuangquGroup,
    name="kuangqu",
    help="矿区 kuangqu：退管中心、信访科的记录工具 / records of a coal mine's retiree office.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kuangqu {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="数据库文件或 URL（默认 KUANGQU_DATABASE_URL / KUANGQU_DB / 用户数据目录）",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="zh（默认）或 en / language")] = None,
    operator: Annotated[
        str | None,
        typer.Option("--operator", help="操作员（记入审计日志；默认 KUANGQU_OPERATOR 或系统用户）"),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本 / show version")
    ] = False,
) -> None:
    """矿区 kuangqu：离退休人员、家庭、救济、待遇、信访记录。"""
    from kuangqu.cli.common import State

    if lang:
        set_lang(lang)
    ctx.obj = State(db=db, operator=operator)


def _register() -> None:
    for module_name, command_name in SUBCOMMANDS:
        module = importlib.import_module(f"kuangqu.cli.{module_name}")
        app.add_typer(module.app, name=command_name)
    for module_name, func_name, command_name in COMMANDS:
        module = importlib.import_module(f"kuangqu.cli.{module_name}")
        app.command(command_name)(getattr(module, func_name))


_register()


def main() -> None:
    lang = os.environ.get("KUANGQU_LANG")
    if lang:
        set_lang(lang)
    app()
    raise SystemExit(ExitCode.OK)
