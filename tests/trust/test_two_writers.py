"""Fault (c), bad input #49: two writers at once.

SQLite: a third connection holds the write lock (BEGIN IMMEDIATE, with an uncommitted row)
while `kuangqu retiree add` runs in another process. Held past the busy timeout, the
command fails with the 'database busy' message and exit 5; released while it waits, the
command succeeds. PostgreSQL: a row lock and the importer's advisory lock play the same
part, bounded by the same KUANGQU_BUSY_TIMEOUT_MS. Never a half-written state: the holder's
uncommitted row and the refused command's work are both absent afterwards.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

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


# ------------------------------------------------------------ an import racing a relief pay run
#
# A pay run reads the tiers, the payments already made, the applications, the standards, the
# heads and the households in six statements; on PostgreSQL (READ COMMITTED) each statement sees
# whatever was committed when it started, so an import committing in between would leave the
# run computed from a mix of before and after. The run therefore takes the import lock in its
# shared form before its first read (imports take it exclusively; two pay runs still run side
# by side and the unique key refuses a double payment). On SQLite BEGIN IMMEDIATE does the same.

from tests.relief.conftest import approved, family, standard  # noqa: E402, F401  (fixtures)


@pytest.fixture
def tiered(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Households of two (head earning 1000.00, spouse nothing) approved for tier A (300.00 a month)."""
    make_family, approve = request.getfixturevalue("family"), request.getfixturevalue("approved")

    def _make(*names: str) -> list[Any]:
        households = [make_family("1000.00", "0", name=name) for name in names]
        for household in households:
            approve(household)
        return households

    return _make


PAY_MONTH = ("relief", "pay", "--month", "2020-03", "--on", "2020-03-20", "--format", "json")


def _start_held_import(db_url: str, kind: str, path: Path, prefix: str, release: Path):  # type: ignore[no-untyped-def]
    from tests.trust.helpers import start_writer, wait_for_line

    child = start_writer(db_url, "import-until", kind, str(path), prefix, str(release),
                         env={"KUANGQU_BUSY_TIMEOUT_MS": "60000"})  # fmt: skip
    wait_for_line(child, "READY")
    return child


def _waiting_for_the_import_lock(url: str) -> int:
    engine = _pg_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = 'advisory'")).scalar_one())  # fmt: skip
    finally:
        engine.dispose()


def _wait_until_the_pay_run_waits(db_url: str, child) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL: waits on the advisory lock, i.e. before its first read (a row lock met later, at
    its own writes, would come after it had read a half-imported state). SQLite: in BEGIN IMMEDIATE."""
    if resolve_url(db_url).get_backend_name() == "postgresql":
        deadline = time.monotonic() + 60
        while not _waiting_for_the_import_lock(db_url):
            if child.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the pay run did not wait for the import lock: {child.poll()}")
            time.sleep(0.05)
    else:
        wait_until_blocked_on(child, Path(db_url))
    assert child.poll() is None, f"the pay run did not wait for the import: {child.communicate()}"


def _payments(db_url: str) -> list[tuple[int, str, int, str]]:
    engine = _pg_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT household_id, period, amount_fen, tier FROM relief_payment ORDER BY household_id"
                )
            ).all()
    finally:
        engine.dispose()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def _finish(*children) -> list[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    done = []
    for child in children:
        out, err = child.communicate(timeout=300)
        done.append((child.returncode, out, err))
    return done


def test_a_pay_run_during_an_import_that_records_a_heads_death_waits_and_does_not_pay_the_dead(
    db_url, tmp_path, tiered
):
    from tests.importer.conftest import person_row, roster_workbook

    living, dying = tiered("王建国", "李长顺")
    shown = kuangqu(db_url, "retiree", "show", f"#{dying.head_id}", "--format", "json", "--reveal",
                    "--reason", "测试").stdout  # fmt: skip
    dying_id = json.loads(shown)["id_number"]
    path = roster_workbook(tmp_path / "roster.xlsx", [person_row(1, "李长顺", dying_id, 人员状态="已故")])
    release = tmp_path / "release"
    importer = _start_held_import(db_url, "retirees", path, "UPDATE RETIREE", release)
    try:
        pay = start_kuangqu(db_url, *PAY_MONTH, env={"KUANGQU_BUSY_TIMEOUT_MS": "60000"})
        _wait_until_the_pay_run_waits(db_url, pay)
    finally:
        release.touch()
    (imp_code, _o, imp_err), (pay_code, pay_out, pay_err) = _finish(importer, pay)
    assert (imp_code, pay_code) == (0, 0), (imp_err, pay_err)
    assert "Traceback" not in imp_err + pay_err
    # The run saw the import's commit whole: the dead head's household is skipped, the other paid.
    assert _payments(db_url) == [(living.id, "2020-03", 30000, "A")]
    assert [row["household"] for row in json.loads(pay_out)["skipped"]] == [dying.id]
    status = json.loads(kuangqu(db_url, "retiree", "show", f"#{dying.head_id}", "--format", "json").stdout)
    assert status["status"] == "deceased"


def test_a_pay_run_during_a_household_import_waits_then_pays_each_household_once_from_its_tier(
    db_url, tmp_path, tiered
):
    from tests.importer.test_import_households import households_workbook

    first, second = tiered("王建国", "李长顺")
    before = fingerprint(db_url)
    rows = []
    for household in (first, second):
        shown = json.loads(kuangqu(db_url, "retiree", "show", f"#{household.head_id}", "--format", "json",
                                   "--reveal", "--reason", "测试").stdout)  # fmt: skip
        head = shown["id_number"]
        rows.append([f"H{household.id}", head, shown["name"], "本人", head, None, None, None, None,
                     "退休", "1000.00", None, None, "1200.00"])  # fmt: skip
        rows.append([f"H{household.id}", head, "王小明", "子女", None, "1980-05-01", None, None, None,
                     "务工", "800.00", None, None, None])  # fmt: skip
    path = households_workbook(tmp_path / "households.xlsx", rows)
    release = tmp_path / "release"
    importer = _start_held_import(db_url, "households", path, "INSERT INTO HOUSEHOLD_MEMBER", release)
    try:
        pay = start_kuangqu(db_url, *PAY_MONTH, env={"KUANGQU_BUSY_TIMEOUT_MS": "60000"})
        _wait_until_the_pay_run_waits(db_url, pay)
    finally:
        release.touch()
    (imp_code, imp_out, imp_err), (pay_code, pay_out, pay_err) = _finish(importer, pay)
    assert (imp_code, pay_code) == (0, 0), (imp_err, pay_err)
    assert "Traceback" not in imp_err + pay_err
    after = fingerprint(db_url)
    # The import is there whole (both households' new member), the run once per household…
    assert after["household_member"][0] == before["household_member"][0] + 2
    assert json.loads(imp_out)["updated"] == 2
    # …at the amount of the tier each household's approval gave it, nothing else.
    assert _payments(db_url) == [(first.id, "2020-03", 30000, "A"), (second.id, "2020-03", 30000, "A")]
    assert json.loads(pay_out)["paid_count"] == 2


def test_an_import_recording_a_death_during_a_pay_run_waits_and_the_payment_matches_what_the_run_saw(
    db_url, tmp_path, tiered
):
    from tests.importer.conftest import person_row, roster_workbook
    from tests.trust.helpers import start_writer, wait_for_line

    living, dying = tiered("王建国", "李长顺")
    shown = json.loads(kuangqu(db_url, "retiree", "show", f"#{dying.head_id}", "--format", "json",
                               "--reveal", "--reason", "测试").stdout)  # fmt: skip
    path = roster_workbook(
        tmp_path / "roster.xlsx", [person_row(1, "李长顺", shown["id_number"], 人员状态="已故")]
    )
    release = tmp_path / "release"
    env = {"KUANGQU_BUSY_TIMEOUT_MS": "60000"}
    pay = start_writer(db_url, "until", "INSERT INTO RELIEF_PAYMENT", str(release), *PAY_MONTH, env=env)
    wait_for_line(pay, "READY")
    try:
        importer = start_kuangqu(db_url, "import", "retirees", str(path), "--format", "json", env=env)
        if resolve_url(db_url).get_backend_name() == "postgresql":
            deadline = time.monotonic() + 60
            while not _waiting_for_the_import_lock(db_url):  # the import waits for the run's shared lock
                assert importer.poll() is None and time.monotonic() < deadline, "the import did not wait"
                time.sleep(0.05)
        else:
            wait_until_blocked_on(importer, Path(db_url))
        assert importer.poll() is None, "the import must wait for the pay run"
    finally:
        release.touch()
    (pay_code, _o, pay_err), (imp_code, _o2, imp_err) = _finish(pay, importer)
    assert (pay_code, imp_code) == (0, 0), (pay_err, imp_err)
    # The run saw both heads alive and paid both; the death was recorded after, whole.
    assert _payments(db_url) == [(living.id, "2020-03", 30000, "A"), (dying.id, "2020-03", 30000, "A")]
    status = json.loads(kuangqu(db_url, "retiree", "show", f"#{dying.head_id}", "--format", "json").stdout)
    assert status["status"] == "deceased"
