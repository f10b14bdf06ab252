"""What every command shares: global state, the session helper, output options, error display.

A data command reads:

    with session(ctx, write=True) as s:
        person = retirees.register(s, data)
    emit(ctx, record, fmt)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kuangqu.errors import InvalidInput, KuangquError, Problem
from kuangqu.i18n import t

if TYPE_CHECKING:
    from rich.console import Console
    from sqlalchemy.orm import Session

    from kuangqu.db import Database, QuickSqlite
    from kuangqu.quickread import Reader
    from kuangqu.render import Record, Report


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="输出格式 output format: table | json | csv")
]
RevealOption = Annotated[
    bool,
    typer.Option("--reveal", help="显示完整身份证号和电话（记入审计日志）/ show unmasked data (audited)"),
]
ReasonOption = Annotated[
    str | None, typer.Option("--reason", help="原因（--reveal 时必填）/ reason, required with --reveal")
]


@dataclass
class State:
    db: str | None = None
    operator: str | None = None
    database: Database | None = None
    warnings_shown: set[str] = field(default_factory=set)


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


def out() -> Console:
    """The console for data (stdout). Width comes from KUANGQU_WIDTH, so tests render at a fixed width."""
    from rich.console import Console

    width = os.environ.get("KUANGQU_WIDTH")
    return Console(width=int(width) if width else None, highlight=False, soft_wrap=False)


def err() -> Console:
    from rich.console import Console

    width = os.environ.get("KUANGQU_WIDTH")
    return Console(stderr=True, width=int(width) if width else None, highlight=False)


def say(message: str) -> None:
    """A message for the user (stderr, so stdout stays data)."""
    err().print(message, markup=False)


def database(ctx: typer.Context) -> Database:
    st = state(ctx)
    if st.database is None:
        st.database = open_with_key(st.db)
        ctx.find_root().call_on_close(st.database.dispose)
        if st.database.created:
            say(t("db.created", path=st.database.display_name))
        for key in st.database.warnings:
            say(t(key, path=st.database.display_name))
    return st.database


def open_with_key(db: str | None, **options: Any) -> Database:
    """open_database, asking for the SQLCipher key at a terminal when the file is encrypted and no
    KUANGQU_DB_KEY is set."""
    from kuangqu.db import open_database
    from kuangqu.errors import DatabaseProblem

    try:
        return open_database(db, **options)
    except DatabaseProblem as exc:
        if exc.key != "db.not_sqlite" or not _can_prompt_for_key():
            raise
    os.environ["KUANGQU_DB_KEY"] = typer.prompt(t("trust.key_prompt"), hide_input=True)
    return open_database(db, **options)


def _can_prompt_for_key() -> bool:
    import importlib.util

    return (
        not os.environ.get("KUANGQU_DB_KEY")
        and sys.stdin.isatty()
        and importlib.util.find_spec("sqlcipher3") is not None
    )


def data_dir(ctx: typer.Context) -> Path:
    """Where files that belong to the database live (photos): beside the SQLite file."""
    db = database(ctx)
    if db.path is not None:
        return db.path.parent
    from kuangqu.db import default_sqlite_path

    return default_sqlite_path().parent


@contextmanager
def session(ctx: typer.Context, *, write: bool) -> Iterator[Session]:
    """One transaction for the command; its operator and command path go to the audit log."""
    from kuangqu.db import transaction
    from kuangqu.services.audit import default_operator

    st = state(ctx)
    info = {
        "operator": st.operator or default_operator(),
        "command": ctx.command_path.removeprefix("kuangqu "),
    }
    try:
        with transaction(database(ctx), write=write, info=info) as s:
            if write and "clock" not in st.warnings_shown:
                behind = _clock_behind(s)
                if behind is not None:
                    st.warnings_shown.add("clock")
                    now, last = (f"{moment:%Y-%m-%d %H:%M:%S} UTC" for moment in behind)
                    say(t("trust.clock_backwards", now=now, last=last))
            yield s
    except (TypeError, ValueError, LookupError, ArithmeticError) as exc:
        # Garbage read from a damaged page can surface as any error (a TypeError decoding a date …):
        # when SQLite's quick check fails too, say "corrupt, restore a backup" instead of "internal error".
        if st.database is not None and _sqlite_damaged(st.database):
            from kuangqu.errors import DatabaseProblem

            raise DatabaseProblem("db.corrupt", path=st.database.display_name) from exc
        raise


@contextmanager
def quick_reader(ctx: typer.Context) -> Iterator[Reader]:
    """One read-only transaction for the quick read commands (`retiree show`, `retiree search`,
    `benefit card`), without SQLAlchemy when it can: see kuangqu.quickread.

    A kuangqu SQLite file is read with sqlite3 alone (db.open_sqlite_reader: the same refusals of an old,
    newer or foreign database as open_database). Anything else — PostgreSQL, a file still to be created,
    a network share — is opened as every command opens it and read through SQLAlchemy Core.
    """
    from kuangqu.quickread import CoreReader

    st = state(ctx)
    quick = _open_quick(st.db) if st.database is None else None
    if quick is None:
        with database(ctx).engine.connect() as conn, conn.begin():
            yield CoreReader(conn)
        return
    yield from _sqlite_transaction(quick)


def _open_quick(db: str | None) -> QuickSqlite | None:
    """db.open_sqlite_reader, asking for the SQLCipher key at a terminal like open_with_key."""
    from kuangqu.db import open_sqlite_reader
    from kuangqu.errors import DatabaseProblem

    try:
        return open_sqlite_reader(db)
    except DatabaseProblem as exc:
        if exc.key != "db.not_sqlite" or not _can_prompt_for_key():
            raise
    os.environ["KUANGQU_DB_KEY"] = typer.prompt(t("trust.key_prompt"), hide_input=True)
    return open_sqlite_reader(db)


def _sqlite_transaction(quick: QuickSqlite) -> Iterator[Reader]:
    from kuangqu.db import translate_driver_error
    from kuangqu.errors import DatabaseProblem
    from kuangqu.quickread import SqliteReader

    conn, errors, name = quick.connection, quick.errors, quick.display_name
    for key in quick.warnings:
        say(t(key, path=name))
    try:
        conn.execute("BEGIN")
        try:
            yield SqliteReader(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    except errors.Error as exc:
        operational = isinstance(exc, errors.OperationalError)
        raise translate_driver_error(exc, name, encrypted=quick.encrypted, operational=operational) from exc
    except (TypeError, ValueError, LookupError, ArithmeticError) as exc:
        # As in session(): garbage read from a damaged page → "corrupt, restore a backup".
        if _quick_check_fails(conn):
            raise DatabaseProblem("db.corrupt", path=name) from exc
        raise
    finally:
        quick.close()


def _quick_check_fails(conn: Any) -> bool:
    try:
        (first,) = conn.execute("PRAGMA quick_check(1)").fetchone()
    except Exception:
        return True
    return bool(first != "ok")


def _clock_behind(s: Session) -> Any:
    """The clock check, in a savepoint: a role that may not read the audit log (an area leader) skips it."""
    from sqlalchemy.exc import DBAPIError

    from kuangqu.services.clock import clock_behind

    try:
        with s.begin_nested():
            return clock_behind(s)
    except DBAPIError:
        return None


def _sqlite_damaged(db: Database) -> bool:
    if not db.is_sqlite:
        return False
    try:
        raw = db.engine.raw_connection()
        try:
            (first,) = raw.driver_connection.execute("PRAGMA quick_check(1)").fetchone()  # type: ignore[union-attr]
        finally:
            raw.close()
    except Exception:
        return True
    return first != "ok"


def require_reason(reveal: bool, reason: str | None) -> None:
    if reveal and not (reason and reason.strip()):
        raise KuangquError("cli.reveal_needs_reason")


def audit_reveal(s: Session, entity: str, entity_id: int | None, reason: str | None) -> None:
    from kuangqu.services import audit

    audit.record(s, "reveal", entity, entity_id, reason=reason)


def emit(data: Report | Record, fmt: OutputFormat | str = OutputFormat.table) -> None:
    from kuangqu.render import render

    render(data, str(fmt.value if isinstance(fmt, OutputFormat) else fmt), out())


def emit_created(
    entity_id: int | None, label: str, fmt: OutputFormat | str, extra: dict[str, Any] | None = None
) -> None:
    """Creation commands print the new id: a line, or `{"id": …}` with --format json."""
    if OutputFormat(fmt) == OutputFormat.json:
        import json

        sys.stdout.write(json.dumps({"id": entity_id, **(extra or {})}, ensure_ascii=False) + "\n")
    else:
        out().print(t("cli.created", what=label, id=entity_id), markup=False)


def day_or_today(raw: str | None) -> date:
    """A day option (2020-03-05, 2020年3月5日 …) as a date; today when not given."""
    from kuangqu.rules.dates import parse_partial_date

    return parse_partial_date(raw).to_date() if raw else date.today()


def option_text(raw: str | None) -> str | None:
    """A free-text option as stored: normalised, control characters and overlong text refused."""
    from kuangqu.rules.text import check_cell_text, normalize_text

    if raw is None:
        return None
    text, _ = normalize_text(raw)
    check_cell_text(text)
    return text or None


def show_warnings(problems: list[Problem]) -> None:
    for problem in problems:
        say(t("cli.warning_prefix") + describe(problem))


def describe(problem: Problem) -> str:
    """'身份证号（4104**********1234）：校验位错误…' — place, masked value, message."""
    place = []
    if problem.sheet:
        place.append(t("cli.place_sheet", sheet=problem.sheet))
    if problem.row:
        place.append(t("cli.place_row", row=problem.row))
    if problem.column:
        place.append(t("cli.place_column", column=problem.column))
    if problem.field:
        place.append(t(f"col.{problem.field}"))
    where = " ".join(place)
    value = f"（{problem.value}）" if problem.value not in (None, "") else ""
    prefix = f"{where}{value}：" if where or value else ""
    return prefix + problem.message()


def report_error(exc: KuangquError) -> None:
    say(t("cli.error_prefix") + exc.message())
    if isinstance(exc, InvalidInput):
        for problem in exc.problems[:200]:
            say("  - " + describe(problem))
        if len(exc.problems) > 200:
            say(t("cli.more_problems", count=len(exc.problems) - 200))


def fail_on_problems(problems: list[Problem]) -> None:
    if problems:
        raise InvalidInput(problems)
