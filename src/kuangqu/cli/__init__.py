"""The `kuangqu` command: global options, one sub-app per noun, and error translation.

Every expected error becomes a message on stderr and its documented exit code; an
unexpected one prints its kind only (never a traceback with a person's data) unless
KUANGQU_DEBUG=1.

Start-up is measured (the quick commands answer in half a second as whole processes): a command
loads only its own sub-app (LazyCommands), and simple option values skip pydantic (QuickCoercion).
"""

from __future__ import annotations

import gc
import importlib
import os
import re
from collections.abc import Callable, Iterator, MutableMapping
from enum import Enum
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


class LazyCommands(MutableMapping[str, Any]):
    """The root's sub-apps, each imported and converted to a click group only when first looked up.

    Converting a Typer app reads every command's signature; doing that for all ~120 commands and importing
    every cli module cost a quick command (`retiree show`) about a third of its time. Names and order are
    known without loading (list_commands); `kuangqu --help` lists each sub-app from its settings alone
    (KuangquGroup.format_help).
    """

    def __init__(self, loaded: dict[str, Any], loaders: dict[str, Callable[[], Any]]) -> None:
        self._loaded = dict(loaded)
        self._loaders = dict(loaders)
        self._order = [*loaded, *(name for name in loaders if name not in loaded)]

    def loaded(self, name: str) -> Any:
        """The command when it is already loaded, else None (nothing is loaded here)."""
        return self._loaded.get(name)

    def __getitem__(self, name: str) -> Any:
        if name not in self._loaded:
            if name not in self._loaders:
                raise KeyError(name)
            self._loaded[name] = self._loaders[name]()
        return self._loaded[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._loaded[name] = command
        if name not in self._order:
            self._order.append(name)

    def __delitem__(self, name: str) -> None:
        if name not in self._order:
            raise KeyError(name)
        self._order.remove(name)
        self._loaded.pop(name, None)
        self._loaders.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._order

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)


def _sub_app_listing(command_name: str) -> Any:
    """A sub-app as the root's help lists it: its name, help, panel and flags, none of its commands."""
    from typer.main import solve_typer_info_defaults
    from typer.models import TyperInfo

    module_name = {name: module for module, name in SUBCOMMANDS}[command_name]
    module = importlib.import_module(f"kuangqu.cli.{module_name}")
    info = solve_typer_info_defaults(TyperInfo(module.app, name=command_name))
    return TyperGroup(
        name=command_name,
        commands={},
        help=info.help,
        short_help=info.short_help,
        hidden=info.hidden,
        deprecated=info.deprecated,
        rich_help_panel=info.rich_help_panel,
        rich_markup_mode=app.rich_markup_mode,
    )


def _sub_app_loader(module_name: str, command_name: str) -> Callable[[], Any]:
    """What `app.add_typer(module.app, name=command_name)` would have converted, converted on demand."""

    def load() -> Any:
        from typer.main import get_group_from_info
        from typer.models import TyperInfo

        module = importlib.import_module(f"kuangqu.cli.{module_name}")
        group = get_group_from_info(
            TyperInfo(module.app, name=command_name),
            pretty_exceptions_short=app.pretty_exceptions_short,
            rich_markup_mode=app.rich_markup_mode,
            suggest_commands=app.suggest_commands,
        )
        return quick_coercions(group)

    return load


class QuickCoercion:
    """Typer's coercion of one CLI value for plain `str`, `bool`, `int` and Enum parameters, minus pydantic.

    Typer (0.2x) coerces every value given on the command line through a pydantic TypeAdapter built on
    first use; importing pydantic for that was about 40 % of a quick command's time (`retiree show`).
    These annotations need no pydantic: a str or bool stays itself, plain digits are an int, an Enum
    choice is matched by typer's own `coerce_cli_choice`. Anything else (a bad choice, "-5", "1e3") goes to
    typer's real coercion, so values and error messages stay typer's. Installed only where typer has its
    lazy `_runtime_param` slot (see quick_coercions); tests/cli/test_quick_reads.py compares the two.
    """

    def __init__(self, param: Any) -> None:
        self.param = param
        self.full: Any = None
        descriptor = param.type_descriptor
        info, annotation = descriptor.parameter_info, descriptor.annotation
        self.kind: Any = None  # the annotation when the fast path knows it, else None
        if info.parser is None and descriptor.file_annotation is None:
            simple = annotation in (str, bool) or (
                annotation is int and info.min is None and info.max is None
            )
            if simple or (isinstance(annotation, type) and issubclass(annotation, Enum)):
                self.kind = annotation

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        kind = self.kind
        if value is None:  # typer: an absent single value stays None (no adapter needed)
            return None
        if (kind is str and isinstance(value, str)) or (kind is bool and isinstance(value, bool)):
            return value
        if kind is int and (
            type(value) is int or (isinstance(value, str) and re.fullmatch(r"0|[1-9][0-9]{0,17}", value))
        ):
            return int(value)
        if isinstance(kind, type) and issubclass(kind, Enum):
            from typer._param_types import coerce_cli_choice

            try:
                return coerce_cli_choice(
                    value,
                    choices=tuple(kind),
                    case_sensitive=self.param.type_descriptor.parameter_info.case_sensitive,
                    ctx=ctx,
                )
            except ValueError:
                pass  # typer's own coercion words the error
        if self.full is None:
            from typer._coercion import build_runtime_param

            self.full = build_runtime_param(self.param.type_descriptor)
        return self.full.coerce(value, param=param, ctx=ctx)


def _quick_coercible(param: Any) -> bool:
    """A typer parameter of one value whose coercion typer has not built yet."""
    return (
        getattr(param, "type_descriptor", None) is not None
        and getattr(param, "_runtime_param", False) is None
        and param.nargs == 1
        and not param.multiple
    )


def quick_coercions(command: Any) -> Any:
    """Give the parameters of `command` and its sub-commands a QuickCoercion; returns `command`."""
    for param in getattr(command, "params", ()):
        if _quick_coercible(param):
            param._runtime_param = QuickCoercion(param)
    make_help_option = getattr(command, "get_help_option", None)
    if make_help_option is not None:
        # The --help option is made when a command parses its arguments; its value goes through the
        # same coercion, so it gets one too.
        def get_help_option(ctx: Any) -> Any:
            option = make_help_option(ctx)
            if option is not None and _quick_coercible(option):
                option._runtime_param = QuickCoercion(option)
            return option

        command.get_help_option = get_help_option
    commands = getattr(command, "commands", None)
    if isinstance(commands, dict):
        for sub in commands.values():
            quick_coercions(sub)
    return command


class KuangquGroup(TyperGroup):
    """The root group: turns kuangqu's errors into messages and exit codes for every command below it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        loaders = {
            command_name: _sub_app_loader(module, command_name) for module, command_name in SUBCOMMANDS
        }
        quick_coercions(self)  # the root's options and its single commands; sub-apps as they load
        self.commands = LazyCommands(dict(self.commands), loaders)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names, without loading every sub-app

    def format_help(self, ctx: Any, formatter: Any) -> None:
        # The root's help lists each sub-app's help line: read from the sub-app's settings instead of
        # converting all its commands (an eighth of a second for the whole tree).
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        commands = self.commands
        if (
            getattr(self, "_listing", False)
            and isinstance(commands, LazyCommands)
            and cmd_name in commands
            and commands.loaded(cmd_name) is None
        ):
            return _sub_app_listing(cmd_name)
        return super().get_command(ctx, cmd_name)

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
    import sqlite3

    if isinstance(exc, sqlite3.Error):  # the quick read path's driver (translated there; a safety net)
        from kuangqu.db import translate_driver_error

        return translate_driver_error(exc, "", operational=isinstance(exc, sqlite3.OperationalError))
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
    # SUBCOMMANDS are loaded on demand by KuangquGroup (LazyCommands); single commands are registered here.
    for module_name, func_name, command_name in COMMANDS:
        module = importlib.import_module(f"kuangqu.cli.{module_name}")
        app.command(command_name)(getattr(module, func_name))


_register()


def main() -> None:
    lang = os.environ.get("KUANGQU_LANG")
    if lang:
        set_lang(lang)
    try:
        app()
    finally:
        # The process ends here. The interpreter's last collections would visit every object
        # still alive (0.2 s after a 100,000-row import: the imported libraries, the caches of
        # names and cell values) to free memory the operating system takes back anyway; frozen
        # objects are skipped. The database is closed before this (the root context's on-close).
        gc.freeze()
    raise SystemExit(ExitCode.OK)
