"""Shared fixtures: a fresh database per test (SQLite copied from a template migrated once, or
PostgreSQL when KUANGQU_TEST_DATABASE_URL is set), a CLI runner, and small builders.

On PostgreSQL the schema is migrated once per run and every table is emptied between
tests (TRUNCATE with triggers bypassed: the append-only guards refuse it otherwise).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import make_id

PG_URL = os.environ.get("KUANGQU_TEST_DATABASE_URL")
BACKEND = "postgresql" if PG_URL else "sqlite"

# Tests must never depend on the machine's user or data folder.
os.environ.pop("KUANGQU_DB", None)
os.environ.pop("KUANGQU_DATABASE_URL", None)
os.environ.setdefault("KUANGQU_OPERATOR", "tester")
os.environ["KUANGQU_WIDTH"] = "200"
os.environ["KUANGQU_LANG"] = "zh"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if BACKEND == "postgresql" and item.get_closest_marker("sqlite_only"):
            item.add_marker(pytest.mark.skip(reason="SQLite-specific behaviour"))
        if BACKEND == "sqlite" and item.get_closest_marker("postgres_only"):
            item.add_marker(pytest.mark.skip(reason="needs KUANGQU_TEST_DATABASE_URL (CI sets it)"))


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database migrated once per run: a SQLite file to copy, or the PostgreSQL URL."""
    from kuangqu.db import open_database, resolve_url, upgrade

    if PG_URL:
        from sqlalchemy import create_engine

        engine = create_engine(resolve_url(PG_URL))
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        engine.dispose()
        database = open_database(PG_URL, check_schema=False)
        upgrade(database, backup=False)
        database.dispose()
        return PG_URL
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = open_database(str(path))
    database.dispose()
    return str(path)


def _empty_postgres(url: str) -> None:
    from sqlalchemy import create_engine

    from kuangqu.db import resolve_url

    engine = create_engine(resolve_url(url))
    with engine.begin() as conn:
        tables = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )
        ]
        if tables:
            conn.exec_driver_sql("SET session_replication_role = replica")
            conn.exec_driver_sql(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            conn.exec_driver_sql("SET session_replication_role = DEFAULT")
    engine.dispose()


@pytest.fixture
def db_url(template_db: str, tmp_path: Path) -> str:
    """A fresh, migrated, empty database for this test: a path (SQLite) or a URL (PostgreSQL)."""
    if PG_URL:
        _empty_postgres(template_db)
        return template_db
    target = tmp_path / "kuangqu.db"
    shutil.copyfile(template_db, target)
    target.chmod(0o600)
    return str(target)


@pytest.fixture
def db(db_url: str) -> Iterator[Any]:
    from kuangqu.db import open_database

    database = open_database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def write(db: Any) -> Any:
    """`with write() as s:` — one committed write transaction, as a command would run it."""
    from kuangqu.db import transaction

    def _open(**info: Any) -> Any:
        return transaction(db, write=True, info={"operator": "tester", "command": "test", **info})

    return _open


@pytest.fixture
def read(db: Any) -> Any:
    from kuangqu.db import transaction

    def _open() -> Any:
        return transaction(db, write=False)

    return _open


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        import json

        return json.loads(self.stdout)


@pytest.fixture
def cli(db_url: str) -> Any:
    """Run `kuangqu …` in-process against this test's database; returns exit code, stdout, stderr."""
    from typer.testing import CliRunner

    from kuangqu.cli import app
    from kuangqu.i18n import set_lang

    runner = CliRunner()

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> CliResult:
        set_lang(None)
        result = runner.invoke(app, ["--db", db_url, *args], input=input, env=env, catch_exceptions=False)
        set_lang(None)
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return run


# ------------------------------------------------------------------ builders

VALID_IDS = {
    # name: (ID, sex)
    "张三": ("11010519491231002X", "女"),
    "李四": ("440524188001010014", "男"),
}


@pytest.fixture
def person(write: Any) -> Any:
    """Register one person through the service and return a function for more."""
    from kuangqu.services import retirees
    from kuangqu.validate import retiree_input

    def _add(name: str = "王建国", **fields: Any) -> Any:
        raw = {"name": name, "id_number": make_id(), "category": "退休", **fields}
        result = retiree_input(raw)
        assert result.ok, [p.message() for p in result.problems]
        assert result.value is not None
        with write() as s:
            return retirees.register(s, result.value)

    return _add
