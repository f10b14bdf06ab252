"""Fault (b), bad input #51: the disk fills up during a write, an import, a backup, a restore or an export.

A write transaction meets a full disk through SQLite's `max_page_count` (the test-only hook
KUANGQU_TEST_MAX_PAGE_COUNT); files meet it on a real 1 MiB tmpfs when the test may mount
one (CI runs as root) and through an injected ENOSPC otherwise. Every time: rolled back, a
clear message, exit 5, no partial file left behind.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.trust.helpers import fingerprint, kuangqu, nth_id, nth_name, nth_person, run_in_process

from kuangqu.db import TEST_MAX_PAGE_COUNT_ENV

pytestmark = pytest.mark.sqlite_only
DISK_FULL_ZH = "磁盘已满"


def page_count(path: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA page_count").fetchone()[0])
    finally:
        conn.close()


def register_many(db_url: str, people: range) -> None:
    from kuangqu.db import open_database, transaction
    from kuangqu.services import retirees
    from kuangqu.validate import retiree_input

    database = open_database(db_url)
    try:
        with transaction(database, write=True, info={"operator": "tester", "command": "test"}) as s:
            for n in people:
                result = retiree_input({**nth_person(n), "remarks": "备注" * 400})
                assert result.value is not None
                retirees.register(s, result.value)
    finally:
        database.dispose()


def test_a_write_transaction_that_fills_the_disk_is_rolled_back_whole(db_url, monkeypatch):
    from kuangqu.errors import DatabaseProblem

    register_many(db_url, range(3))
    before = fingerprint(db_url)
    monkeypatch.setenv(TEST_MAX_PAGE_COUNT_ENV, str(page_count(db_url)))
    with pytest.raises(DatabaseProblem) as raised:
        register_many(db_url, range(10, 2010))
    assert raised.value.key == "db.disk_full"
    assert DISK_FULL_ZH in raised.value.message()

    monkeypatch.delenv(TEST_MAX_PAGE_COUNT_ENV)
    assert fingerprint(db_url) == before
    assert kuangqu(db_url, "db", "check").exit_code == 0
    register_many(db_url, range(10, 2010))  # with room again, the same work succeeds
    assert fingerprint(db_url)["retiree"][0] == 2003


def test_a_command_that_fills_the_disk_says_so_and_writes_nothing(db_url):
    before = fingerprint(db_url)
    full = {TEST_MAX_PAGE_COUNT_ENV: str(page_count(db_url))}
    ran = kuangqu(db_url, "retiree", "add", "--name", "王建国", "--id-number", nth_id(1), "--remarks", "长" * 2000,
                  env=full)  # fmt: skip
    assert ran.exit_code == 5
    assert DISK_FULL_ZH in ran.stderr
    assert "Traceback" not in ran.stderr
    assert fingerprint(db_url) == before


@pytest.mark.slow
def test_an_import_that_fills_the_disk_is_rolled_back_and_runs_again_with_room(db_url, tmp_path):
    from tests.importer.conftest import person_row, roster_workbook

    rows = [person_row(n + 1, nth_name(n), nth_id(n), 备注="说明" * 300) for n in range(1500)]
    path = roster_workbook(tmp_path / "roster.xlsx", rows)
    before = fingerprint(db_url)
    ran = kuangqu(
        db_url, "import", "retirees", str(path), env={TEST_MAX_PAGE_COUNT_ENV: str(page_count(db_url))}
    )
    assert ran.exit_code == 5, ran.stderr
    assert DISK_FULL_ZH in ran.stderr
    assert "Traceback" not in ran.stderr
    assert fingerprint(db_url) == before

    again = kuangqu(db_url, "import", "retirees", str(path))
    assert again.exit_code == 0, again.stderr
    assert fingerprint(db_url)["retiree"][0] == 1500


# ------------------------------------------------------------------ files: backup, restore, export


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs, filled to within 16 KiB of the top (skipped where mounting is not allowed)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here; the ENOSPC-injection tests cover the same paths")
    try:
        filler = mount / "filler"
        with filler.open("wb") as fh:
            free = shutil.disk_usage(mount).free
            fh.write(b"\0" * max(free - 16 * 1024, 0))
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_backup_onto_a_full_disk_fails_cleanly_and_leaves_no_partial_file(db_url, tiny_disk):
    register_many(db_url, range(50))
    before = _listing(tiny_disk)
    ran = kuangqu(db_url, "db", "backup", str(tiny_disk / "backup.db"))
    assert ran.exit_code == 5
    assert DISK_FULL_ZH in ran.stderr
    assert _listing(tiny_disk) == before


def test_an_export_onto_a_full_disk_fails_cleanly_and_leaves_no_partial_file(db_url, tiny_disk):
    register_many(db_url, range(300))
    before = _listing(tiny_disk)
    ran = kuangqu(db_url, "export", "roster", "--output", str(tiny_disk / "roster.xlsx"))
    assert ran.exit_code == 5, ran.stderr
    assert "磁盘空间不足" in ran.stderr
    assert _listing(tiny_disk) == before


def test_an_export_onto_a_full_disk_prints_no_traceback(db_url, tiny_disk):
    register_many(db_url, range(300))
    ran = kuangqu(db_url, "export", "roster", "--output", str(tiny_disk / "roster.xlsx"))
    assert ran.exit_code == 5
    assert "Traceback" not in ran.stderr


def _no_space(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_backup_that_meets_enospc_fails_cleanly_and_leaves_no_partial_file(db_url, tmp_path, monkeypatch):
    import kuangqu.services.backup as backup

    target_dir = tmp_path / "backups"
    target_dir.mkdir()
    monkeypatch.setattr(backup, "physical_problems", _no_space)  # fails after the copy was written
    ran = run_in_process(db_url, "db", "backup", str(target_dir / "b.db"))
    assert ran.exit_code == 5
    assert DISK_FULL_ZH in ran.stderr
    assert _listing(target_dir) == []


def test_a_restore_that_meets_enospc_leaves_the_database_and_its_folder_untouched(
    db_url, tmp_path, monkeypatch
):
    import kuangqu.services.backup as backup

    register_many(db_url, range(5))
    backup_file = tmp_path / "elsewhere" / "b.db"
    assert kuangqu(db_url, "db", "backup", str(backup_file)).exit_code == 0
    register_many(db_url, range(5, 8))
    before = fingerprint(db_url)
    folder = Path(db_url).parent
    listing = [n for n in _listing(folder) if not n.endswith(("-wal", "-shm"))]
    monkeypatch.setattr(backup.shutil, "copyfile", _no_space)  # the safety copy cannot be written
    ran = run_in_process(db_url, "db", "restore", str(backup_file))
    assert ran.exit_code == 5
    assert DISK_FULL_ZH in ran.stderr
    assert [n for n in _listing(folder) if not n.endswith(("-wal", "-shm"))] == listing
    monkeypatch.undo()
    assert fingerprint(db_url) == before
