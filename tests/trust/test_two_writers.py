"""Fault (c), bad input #49: two writers at once.

SQLite: a third connection holds the write lock (BEGIN IMMEDIATE, with an uncommitted row)
while `kuangqu retiree add` runs in another process. Held past the busy timeout, the
command fails with the 'database busy' message and exit 5; released while it waits, the
command succeeds. PostgreSQL: a row lock and the importer's advisory lock play the same
part, bounded by the same KUANGQU_BUSY_TIMEOUT_MS. Never a half-written state: the holder's
uncommitted row and the refused command's work are both absent afterwards.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from tests.trust.helpers import (
    fingerprint,
    kuangqu,
    nth_id,
    nth_name,
    nth_person,
    start_kuangqu,
    wait_until_blocked_on,
)

from kuangqu.db import resolve_url

BUSY_ZH = "正被其他操作占用"


def add_args(n: int) -> list[str]:
    person = nth_person(n)
    return [
        "retiree",
        "add",
        "--name",
        person["name"],
        "--id-number",
        person["id_number"],
        "--format",
        "json",
    ]


class SqliteHolder:
    """A connection that holds SQLite's write lock with an uncommitted insert."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=10)
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO audit_log (at, operator, command, action, entity) "
                          "VALUES ('2020-01-01', 'holder', 'x', 'uncommitted', 'x')")  # fmt: skip

    def release(self) -> None:
        self.conn.execute("ROLLBACK")
        self.conn.close()


@pytest.mark.sqlite_only
def test_a_writer_held_up_past_the_busy_timeout_fails_with_a_clear_message_and_writes_nothing(db_url):
    before = fingerprint(db_url)
    holder = SqliteHolder(db_url)
    try:
        ran = kuangqu(db_url, *add_args(1), env={"KUANGQU_BUSY_TIMEOUT_MS": "300"})
    finally:
        holder.release()
    assert ran.exit_code == 5
    assert BUSY_ZH in ran.stderr
    assert "Traceback" not in ran.stderr
    assert fingerprint(db_url) == before


@pytest.mark.sqlite_only
def test_a_writer_that_waits_for_the_lock_succeeds_once_it_is_released(db_url):
    before = fingerprint(db_url)
    holder = SqliteHolder(db_url)
    try:
        child = start_kuangqu(db_url, *add_args(2), env={"KUANGQU_BUSY_TIMEOUT_MS": "60000"})
        wait_until_blocked_on(child, Path(db_url))
        assert child.poll() is None, "the second writer must still be waiting while the lock is held"
    finally:
        holder.release()
    _out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    after = fingerprint(db_url)
    assert after["retiree"][0] == before["retiree"][0] + 1
    assert after["audit_log"][0] == before["audit_log"][0] + 1  # the holder's row never landed


@pytest.mark.slow
def test_two_imports_of_the_same_file_at_once_leave_every_person_exactly_once(db_url, tmp_path):
    from tests.importer.conftest import person_row, roster_workbook

    path = roster_workbook(
        tmp_path / "roster.xlsx", [person_row(n + 1, nth_name(n), nth_id(n)) for n in range(800)]
    )
    env = {"KUANGQU_BUSY_TIMEOUT_MS": "120000"}
    first = start_kuangqu(db_url, "import", "retirees", str(path), "--format", "json", env=env)
    second = start_kuangqu(db_url, "import", "retirees", str(path), "--format", "json", env=env)
    results = [p.communicate(timeout=600) for p in (first, second)]
    codes = sorted(p.returncode for p in (first, second))
    assert codes in ([0, 0], [0, 5]), results
    counts = fingerprint(db_url)
    assert counts["retiree"][0] == 800
    listed = kuangqu(db_url, "retiree", "list", "--format", "json").stdout
    assert listed.count('"id_number"') == 800


# ------------------------------------------------------------------ PostgreSQL


def _pg_engine(url: str):  # type: ignore[no-untyped-def]
    return create_engine(resolve_url(url))


def _waiting_locks(url: str) -> int:
    engine = _pg_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM pg_locks WHERE NOT granted")).scalar_one())
    finally:
        engine.dispose()


def _wait_for_a_waiter(url: str, child) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise AssertionError(f"the second writer did not wait: {child.communicate()}")
        if _waiting_locks(url):
            return
        time.sleep(0.05)
    raise AssertionError("the second writer never waited for the lock")


@pytest.mark.postgres_only
def test_postgres_a_row_lock_held_past_the_timeout_refuses_the_second_editor_cleanly(db_url, person):
    first = person("王建国")
    before = fingerprint(db_url)
    engine = _pg_engine(db_url)
    with engine.connect() as holder:
        holder.execute(text("UPDATE retiree SET remarks = 'uncommitted' WHERE id = :id"), {"id": first.id})
        ran = kuangqu(db_url, "retiree", "edit", f"#{first.id}", "--phone", "13812345678",
                      env={"KUANGQU_BUSY_TIMEOUT_MS": "300"})  # fmt: skip
        holder.rollback()
    engine.dispose()
    assert ran.exit_code == 5, ran.stderr
    assert BUSY_ZH in ran.stderr
    assert fingerprint(db_url) == before


@pytest.mark.postgres_only
def test_postgres_a_second_editor_waits_for_the_row_lock_then_succeeds(db_url, person):
    first = person("王建国")
    engine = _pg_engine(db_url)
    with engine.connect() as holder:
        holder.execute(text("UPDATE retiree SET remarks = 'first' WHERE id = :id"), {"id": first.id})
        child = start_kuangqu(db_url, "retiree", "edit", f"#{first.id}", "--phone", "13812345678",
                              env={"KUANGQU_BUSY_TIMEOUT_MS": "60000"})  # fmt: skip
        _wait_for_a_waiter(db_url, child)
        holder.commit()
    engine.dispose()
    _out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    shown = kuangqu(db_url, "retiree", "show", f"#{first.id}", "--format", "json").stdout
    assert '"remarks": "first"' in shown and "138****5678" in shown


@pytest.mark.postgres_only
def test_postgres_an_import_waits_on_the_import_lock_and_gives_up_cleanly(db_url, tmp_path):
    from sqlalchemy.orm import Session
    from tests.importer.conftest import person_row, roster_workbook

    from kuangqu.db import advisory_lock

    path = roster_workbook(
        tmp_path / "roster.xlsx", [person_row(n + 1, nth_name(n), nth_id(n)) for n in range(20)]
    )
    before = fingerprint(db_url)
    engine = _pg_engine(db_url)
    with Session(engine) as holder:
        advisory_lock(holder, "kuangqu-import")  # another import is running
        refused = kuangqu(db_url, "import", "retirees", str(path), env={"KUANGQU_BUSY_TIMEOUT_MS": "300"})
        assert refused.exit_code == 5, refused.stderr
        assert BUSY_ZH in refused.stderr
        assert fingerprint(db_url) == before

        waiting = start_kuangqu(
            db_url, "import", "retirees", str(path), env={"KUANGQU_BUSY_TIMEOUT_MS": "60000"}
        )
        _wait_for_a_waiter(db_url, waiting)
        holder.commit()  # the advisory lock ends with the holder's transaction
    engine.dispose()
    _out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    assert fingerprint(db_url)["retiree"][0] == 20


def test_the_advisory_lock_is_a_no_op_on_sqlite_and_a_transaction_lock_on_postgres(db, write):
    from sqlalchemy import text as sql

    from kuangqu.db import advisory_lock

    with write() as s:
        advisory_lock(s, "kuangqu-import")
        advisory_lock(s, "kuangqu-import")  # re-entrant within one transaction
        if db.is_postgres:
            held = s.execute(sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).scalar_one()
            assert held >= 1
    if db.is_postgres:
        with write() as s:
            assert (
                s.execute(sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).scalar_one() == 0
            )
