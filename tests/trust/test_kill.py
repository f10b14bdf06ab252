"""Fault (a), bad input #50: a process killed with SIGKILL in the middle of a large write.

The child signals READY from inside its one transaction (after thousands of people are
flushed to the database), so the kill always lands mid-transaction. Afterwards the
database is exactly as before — same fingerprint, `db check` and `check` clean — and the
same work runs again to the end. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from tests.trust.helpers import (
    fingerprint,
    kuangqu,
    nth_id,
    nth_name,
    nth_person,
    start_writer,
    wait_for_line,
)

COUNT = 3000
HALF = 1500


def _kill(proc) -> None:  # type: ignore[no-untyped-def]
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL


def _register_some(db_url: str, people: range) -> None:
    from kuangqu.db import open_database, transaction
    from kuangqu.services import retirees
    from kuangqu.validate import retiree_input

    database = open_database(db_url)
    try:
        with transaction(database, write=True, info={"operator": "tester", "command": "test"}) as s:
            for n in people:
                result = retiree_input(nth_person(n))
                assert result.value is not None
                retirees.register(s, result.value)
    finally:
        database.dispose()


def _roster_count(db_url: str) -> int:
    return int(fingerprint(db_url)["retiree"][0])


def _assert_clean(db_url: str) -> None:
    checked = kuangqu(db_url, "db", "check")
    assert (checked.exit_code, checked.stdout) == (0, ""), checked.stderr
    domain = kuangqu(db_url, "check")
    assert domain.exit_code == 0, domain.stdout + domain.stderr


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["hold", "busy"])
def test_a_writer_killed_mid_transaction_leaves_the_database_exactly_as_before(db_url, mode):
    _register_some(db_url, range(100_000, 100_010))  # something already there, which must survive intact
    before = fingerprint(db_url)
    writer = start_writer(db_url, "register", str(COUNT), str(HALF), mode)
    wait_for_line(writer, "READY")
    _kill(writer)

    assert fingerprint(db_url) == before
    _assert_clean(db_url)


@pytest.mark.slow
def test_after_a_kill_the_same_work_runs_again_to_the_end(db_url):
    before = fingerprint(db_url)
    writer = start_writer(db_url, "register", str(COUNT), str(HALF), "hold")
    wait_for_line(writer, "READY")
    _kill(writer)
    assert fingerprint(db_url) == before

    again = start_writer(db_url, "register", str(COUNT), str(COUNT), "finish")
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert out.splitlines()[-1] == "DONE"
    assert _roster_count(db_url) == COUNT
    _assert_clean(db_url)


@pytest.mark.slow
@pytest.mark.sqlite_only
def test_a_kill_leaves_no_stray_file_beside_the_sqlite_database(db_url):
    folder = Path(db_url).parent
    before = sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm")))
    writer = start_writer(db_url, "register", str(COUNT), str(HALF), "hold")
    wait_for_line(writer, "READY")
    _kill(writer)
    kuangqu(db_url, "retiree", "list", "--limit", "1")  # the next opener recovers the journal
    after = sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm")))
    assert after == before


def _roster_file(tmp_path: Path, count: int) -> Path:
    from tests.importer.conftest import person_row, roster_workbook

    rows = [person_row(n + 1, nth_name(n), nth_id(n)) for n in range(count)]
    return roster_workbook(tmp_path / "roster.xlsx", rows)


@pytest.mark.slow
def test_an_import_killed_mid_transaction_leaves_the_database_as_before_and_runs_again(db_url, tmp_path):
    path = _roster_file(tmp_path, COUNT)
    before = fingerprint(db_url)
    importer = start_writer(db_url, "import", str(path))
    wait_for_line(importer, "READY")
    _kill(importer)

    assert fingerprint(db_url) == before
    _assert_clean(db_url)
    again = kuangqu(db_url, "import", "retirees", str(path), "--format", "json", timeout=600)
    assert again.exit_code == 0, again.stderr
    assert _roster_count(db_url) == COUNT
    _assert_clean(db_url)
