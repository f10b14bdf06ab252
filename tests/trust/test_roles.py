"""Fault (h): PostgreSQL roles — log in as each role and check that what it must not do fails.

`kuangqu db roles` is run through the CLI as the test server's superuser; the tests then
connect as login roles it created (the test server trusts local logins, so no password
is needed) and try what each role may and may not do, in SQL and through kuangqu's own
commands. A table made append-only by kuangqu.dbsql after the fact stands for the ledger
and payment tables other branches add: it is found from pg_trigger, not from a list.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from tests.trust.helpers import kuangqu, nth_id, run_in_process

from kuangqu.db import resolve_url

pytestmark = pytest.mark.postgres_only

SUFFIX = f"t{os.getpid()}"
LOGINS = {
    "clerk": f"kq_{SUFFIX}_clerk",
    "auditor": f"kq_{SUFFIX}_auditor",
    "leader": f"kq_{SUFFIX}_leader",
    "nobody_leader": f"kq_{SUFFIX}_leader2",
    "admin": f"kq_{SUFFIX}_admin",
}
FAKE_LEDGER = "trust_test_ledger"
LATER_LEDGER = "trust_test_payment"


class _Op:
    """Just enough of Alembic's `op` for kuangqu.dbsql.make_append_only."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def get_bind(self) -> Any:
        return self.conn

    def execute(self, sql: str) -> None:
        self.conn.execute(text(sql))


def superuser(url: str) -> Any:
    return create_engine(resolve_url(url))


def as_login(url: str, login: str) -> str:
    return (
        make_url(str(resolve_url(url).render_as_string(hide_password=False)))
        .set(username=login)
        .render_as_string(hide_password=False)
    )


def make_ledger_table(url: str, name: str) -> None:
    from kuangqu.dbsql import make_append_only

    engine = superuser(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE TABLE IF NOT EXISTS {name} (id serial PRIMARY KEY, amount_fen bigint)")
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}_append_only ON {name}")
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}_no_truncate ON {name}")
        make_append_only(_Op(conn), name)
    engine.dispose()


def drop_login(conn: Any, login: str) -> None:
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}).first()
    if exists:
        conn.exec_driver_sql(f'DROP OWNED BY "{login}"')
        conn.exec_driver_sql(f'DROP ROLE "{login}"')
    conn.execute(text("DELETE FROM kuangqu_security.area_leader_login WHERE role_name = :n"), {"n": login})


@pytest.fixture(scope="module")
def roles_db(template_db: str) -> Iterator[str]:
    make_ledger_table(template_db, FAKE_LEDGER)
    ran = run_in_process(template_db, "db", "roles", "--format", "json")
    assert ran.exit_code == 0, ran.stderr
    for key, role in (("clerk", "clerk"), ("auditor", "auditor"), ("admin", "admin")):
        made = run_in_process(template_db, "db", "roles", "--login", LOGINS[key], "--role", role)
        assert made.exit_code == 0, made.stderr
    made = run_in_process(template_db, "db", "roles", "--login", LOGINS["leader"], "--role", "area_leader",
                          "--area", "一片")  # fmt: skip
    assert made.exit_code == 0, made.stderr
    made = run_in_process(template_db, "db", "roles", "--login", LOGINS["nobody_leader"], "--role", "area_leader",
                          "--area", "没有这个片区")  # fmt: skip
    assert made.exit_code == 0, made.stderr
    yield template_db
    engine = superuser(template_db)
    with engine.begin() as conn:
        for login in LOGINS.values():
            drop_login(conn, login)
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FAKE_LEDGER}, {LATER_LEDGER}, trust_admin_made")
    engine.dispose()


@pytest.fixture
def world(roles_db: str, db_url: str, person: Any, write: Any) -> dict[str, Any]:
    """Two areas, each with a person, a household and a member; a row in the fake ledger."""
    from kuangqu.services import households
    from kuangqu.validate import member_input

    one = person("王建国", area="一片")
    two = person("李秀英", id_number=nth_id(2), area="二片")
    made = {}
    for head, kid_id in ((one, nth_id(11)), (two, nth_id(12))):
        with write() as s:
            household = households.create(s, head)
            result = member_input({"name": "王小明", "id_number": kid_id, "relation": "子女"})
            assert result.value is not None, [p.message() for p in result.problems]
            households.add_member(s, household, result.value)
            made[head.area] = household.id
    engine = superuser(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"INSERT INTO {FAKE_LEDGER} (amount_fen) VALUES (41250)")
    engine.dispose()
    return {"one": one, "two": two, "households": made, "url": db_url}


def sql_as(url: str, login: str, statement: str, params: dict[str, Any] | None = None) -> Any:
    """Run one statement as `login` in its own transaction; returns the rows or raises DBAPIError."""
    engine = create_engine(resolve_url(as_login(url, login)))
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement), params or {})
            return result.all() if result.returns_rows else result.rowcount
    finally:
        engine.dispose()


def refused(url: str, login: str, statement: str) -> str:
    with pytest.raises(DBAPIError) as raised:
        sql_as(url, login, statement)
    return str(raised.value.orig).lower()


# ------------------------------------------------------------------ the matrix


def test_db_roles_prints_what_each_role_may_do(world):
    ran = run_in_process(world["url"], "db", "roles", "--format", "json")
    assert ran.exit_code == 0, ran.stderr
    matrix = {row["role"]: row for row in json.loads(ran.stdout)}
    clerk, auditor, leader, admin = (
        matrix[f"kuangqu_{k}"] for k in ("clerk", "auditor", "area_leader", "admin")
    )
    assert {"audit_log", FAKE_LEDGER} <= set(clerk["insert_only"])
    assert not {"audit_log", FAKE_LEDGER, "alembic_version"} & set(clerk["write"])
    assert "retiree" in clerk["write"] and "household_member" in clerk["write"]
    tables = {r[0] for r in sql_as(world["url"], LOGINS["auditor"],
                                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}  # fmt: skip
    assert set(auditor["read"]) == tables and auditor["write"] == auditor["insert_only"] == []
    assert set(leader["read"]) == {
        "retiree",
        "household",
        "household_member",
        "grid_leader",
        "alembic_version",
    }
    assert leader["write"] == [] and leader["insert_only"] == ["audit_log"]
    assert "一片" in leader["rows"]
    assert set(admin["write"]) == tables
    assert LOGINS["clerk"] in clerk["logins"] and LOGINS["leader"] in leader["logins"]


def test_db_roles_table_output_is_readable(world):
    ran = run_in_process(world["url"], "db", "roles")
    assert ran.exit_code == 0
    assert "kuangqu_area_leader" in ran.stdout and "全部表" in ran.stdout


# ------------------------------------------------------------------ clerk


def test_a_clerk_reads_and_writes_records_through_kuangqu(world):
    url = as_login(world["url"], LOGINS["clerk"])
    added = kuangqu(url, "retiree", "add", "--name", "张伟", "--id-number", nth_id(5), "--format", "json")
    assert added.exit_code == 0, added.stderr
    edited = kuangqu(url, "retiree", "edit", f"#{world['one'].id}", "--phone", "13812345678")
    assert edited.exit_code == 0, edited.stderr
    assert sql_as(world["url"], LOGINS["clerk"], f"INSERT INTO {FAKE_LEDGER} (amount_fen) VALUES (1)") == 1


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET reason = 'rewritten'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        f"UPDATE {FAKE_LEDGER} SET amount_fen = 0",
        f"DELETE FROM {FAKE_LEDGER}",
        f"TRUNCATE {FAKE_LEDGER}",
        "UPDATE alembic_version SET version_num = version_num",
        "ALTER TABLE retiree ADD COLUMN x int",
        "DROP TABLE household_member",
        "CREATE TABLE mine (x int)",
        "SET ROLE kuangqu_admin",
        "ALTER TABLE retiree DISABLE ROW LEVEL SECURITY",
    ],
)
def test_a_clerk_cannot_rewrite_history_or_the_schema(world, statement):
    message = refused(world["url"], LOGINS["clerk"], statement)
    assert "permission denied" in message or "must be owner" in message or "append-only" in message


def test_a_clerk_appending_to_a_table_added_later_needs_db_roles_run_again(world):
    make_ledger_table(world["url"], LATER_LEDGER)
    refused(world["url"], LOGINS["clerk"], f"INSERT INTO {LATER_LEDGER} (amount_fen) VALUES (1)")
    assert run_in_process(world["url"], "db", "roles").exit_code == 0
    assert sql_as(world["url"], LOGINS["clerk"], f"INSERT INTO {LATER_LEDGER} (amount_fen) VALUES (1)") == 1
    assert "permission denied" in refused(
        world["url"], LOGINS["clerk"], f"UPDATE {LATER_LEDGER} SET amount_fen = 2"
    )
    assert sql_as(world["url"], LOGINS["auditor"], f"SELECT count(*) FROM {LATER_LEDGER}") == [(1,)]


# ------------------------------------------------------------------ auditor


def test_an_auditor_reads_everything_including_the_audit_log(world):
    for table in ("retiree", "household", "household_member", "audit_log", FAKE_LEDGER, "grid_leader"):
        assert sql_as(world["url"], LOGINS["auditor"], f"SELECT count(*) FROM {table}")[0][0] >= 0
    people = sql_as(world["url"], LOGINS["auditor"], "SELECT count(*) FROM retiree")[0][0]
    assert people == 2
    listed = kuangqu(as_login(world["url"], LOGINS["auditor"]), "audit", "list", "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    assert json.loads(listed.stdout)


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO retiree (name, name_pinyin, name_initials, id_number, sex, birth_date, category, status, "
        "created_at, updated_at) VALUES ('x', '', '', 'x', 'male', '1950-01-01', 'retired', 'active', now(), now())",
        "UPDATE retiree SET phone = NULL",
        "DELETE FROM household_member",
        "INSERT INTO audit_log (at, operator, command, action, entity) VALUES (now(), 'a', '', 'x', 'x')",
        f"INSERT INTO {FAKE_LEDGER} (amount_fen) VALUES (1)",
    ],
)
def test_an_auditor_writes_nothing(world, statement):
    assert "permission denied" in refused(world["url"], LOGINS["auditor"], statement)


def test_an_auditor_writing_through_kuangqu_gets_a_clear_refusal(world):
    ran = kuangqu(
        as_login(world["url"], LOGINS["auditor"]),
        "retiree",
        "add",
        "--name",
        "张伟",
        "--id-number",
        nth_id(6),
    )
    assert ran.exit_code == 5
    assert "无权" in ran.stderr
    assert "Traceback" not in ran.stderr


# ------------------------------------------------------------------ area leader


def test_an_area_leader_sees_only_the_people_households_and_members_of_their_area(world):
    url, login = world["url"], LOGINS["leader"]
    assert sql_as(url, login, "SELECT area FROM retiree") == [("一片",)]
    assert sql_as(url, login, "SELECT id FROM household") == [(world["households"]["一片"],)]
    members = sql_as(url, login, "SELECT household_id FROM household_member")
    assert {m[0] for m in members} == {world["households"]["一片"]}


def test_an_area_leader_using_kuangqu_sees_only_their_area(world):
    url = as_login(world["url"], LOGINS["leader"])
    listed = kuangqu(url, "retiree", "list", "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    assert [p["area"] for p in json.loads(listed.stdout)] == ["一片"]
    other = kuangqu(url, "retiree", "show", f"#{world['two'].id}")
    assert other.exit_code == 3
    households = kuangqu(url, "household", "show", str(world["households"]["二片"]))
    assert households.exit_code == 3


def test_an_area_leaders_reveal_is_audited_but_the_audit_log_stays_closed_to_them(world):
    url = as_login(world["url"], LOGINS["leader"])
    shown = kuangqu(url, "retiree", "show", f"#{world['one'].id}", "--reveal", "--reason", "家访核对")
    assert shown.exit_code == 0, shown.stderr
    assert "permission denied" in refused(world["url"], LOGINS["leader"], "SELECT reason FROM audit_log")
    entries = sql_as(
        world["url"], LOGINS["auditor"], "SELECT operator, action FROM audit_log WHERE action = 'reveal'"
    )
    assert entries and entries[-1][1] == "reveal"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE retiree SET phone = NULL",
        "DELETE FROM household_member",
        "INSERT INTO household_member (household_id, name, relation, created_at) VALUES (1, 'x', 'child', now())",
        "SELECT count(*) FROM kuangqu_security.area_leader_login",
        "INSERT INTO kuangqu_security.area_leader_login VALUES (session_user, '二片')",
        f"SELECT count(*) FROM {FAKE_LEDGER}",
        "SET ROLE kuangqu_clerk",
    ],
)
def test_an_area_leader_cannot_write_widen_their_area_or_read_other_records(world, statement):
    assert "permission denied" in refused(world["url"], LOGINS["leader"], statement)


def test_an_area_leader_cannot_widen_their_view_with_a_session_setting(world):
    engine = create_engine(resolve_url(as_login(world["url"], LOGINS["leader"])))
    with engine.connect() as conn:
        conn.exec_driver_sql("SET kuangqu.area = '二片'")
        areas = conn.execute(text("SELECT area FROM retiree")).all()
    engine.dispose()
    assert areas == [("一片",)]


def test_an_area_leader_of_an_area_with_nobody_sees_nobody(world):
    assert sql_as(world["url"], LOGINS["nobody_leader"], "SELECT count(*) FROM retiree") == [(0,)]


# ------------------------------------------------------------------ admin


def test_an_admin_runs_migrations_and_what_they_create_belongs_to_the_admin_group(world):
    sql_as(world["url"], LOGINS["admin"], "CREATE TABLE trust_admin_made (id int)")
    owner = sql_as(world["url"], LOGINS["auditor"],
                   "SELECT tableowner FROM pg_tables WHERE tablename = 'trust_admin_made'")  # fmt: skip
    assert owner == [("kuangqu_admin",)]
    status = kuangqu(as_login(world["url"], LOGINS["admin"]), "db", "upgrade")
    assert status.exit_code == 0, status.stderr
    assert sql_as(world["url"], LOGINS["admin"], "SELECT count(*) FROM retiree") == [(2,)]


def test_a_clerk_cannot_hand_out_roles(world):
    ran = kuangqu(as_login(world["url"], LOGINS["clerk"]), "db", "roles", "--login", f"kq_{SUFFIX}_x",
                  "--role", "admin")  # fmt: skip
    assert ran.exit_code == 5
    assert "无权" in ran.stderr


# ------------------------------------------------------------------ the command's own checks


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--login", "Bad-Name", "--role", "clerk"), "不合规"),
        (("--login", "kuangqu_clerk", "--role", "clerk"), "不合规"),
        (("--login", "postgres", "--role", "clerk"), "不合规"),
        (("--login", f"kq_{SUFFIX}_y", "--role", "area_leader"), "--area"),
        (("--login", f"kq_{SUFFIX}_y", "--role", "clerk", "--area", "一片"), "--area"),
        (("--login", f"kq_{SUFFIX}_y"), "--role"),
    ],
)
def test_db_roles_refuses_bad_logins(roles_db, db_url, args, message):
    ran = run_in_process(db_url, "db", "roles", *args)
    assert ran.exit_code == 1
    assert message in ran.stderr


def test_a_login_can_be_given_a_password_and_moved_to_another_role(roles_db, db_url):
    login = f"kq_{SUFFIX}_moved"
    try:
        made = run_in_process(
            db_url, "db", "roles", "--login", login, "--role", "clerk", "--password", "s3cret'x"
        )
        assert made.exit_code == 0, made.stderr
        engine = superuser(db_url)
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT rolpassword IS NOT NULL FROM pg_authid WHERE rolname = :n"),
                                  {"n": login}).scalar()  # fmt: skip
        engine.dispose()
        assert stored is True
        moved = run_in_process(db_url, "db", "roles", "--login", login, "--role", "auditor")
        assert moved.exit_code == 0
        member_of = sql_as(
            db_url,
            login,
            "SELECT g.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
            "JOIN pg_roles m ON m.oid = a.member WHERE m.rolname = session_user",
        )
        assert member_of == [("kuangqu_auditor",)]
    finally:
        engine = superuser(db_url)
        with engine.begin() as conn:
            drop_login(conn, login)
        engine.dispose()
