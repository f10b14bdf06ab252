"""The trust commands' own edges: help, `db roles` on SQLite, owner-only files, `db upgrade`'s messages."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from tests.trust.helpers import kuangqu, nth_id, run_in_process


@pytest.mark.parametrize("command", ["restore", "roles", "upgrade", "backup", "status", "check"])
def test_every_db_command_has_help(cli, command):
    ran = cli("db", command, "--help")
    assert ran.exit_code == 0
    assert "/" in ran.stdout  # Chinese / English summary


@pytest.mark.sqlite_only
def test_db_roles_on_sqlite_is_refused_with_a_clear_message_and_creates_nothing(tmp_path):
    path = tmp_path / "none.db"
    ran = run_in_process(str(path), "db", "roles")
    assert ran.exit_code == 1
    assert "只用于 PostgreSQL" in ran.stderr
    assert not path.exists()


@pytest.mark.sqlite_only
def test_db_restore_named_at_postgres_points_to_pg_restore_without_touching_files(tmp_path):
    ran = run_in_process("postgresql://nobody@127.0.0.1:1/none", "db", "restore", str(tmp_path / "x.db"))
    assert ran.exit_code == 1
    assert "pg_restore" in ran.stderr


@pytest.mark.sqlite_only
def test_files_kuangqu_writes_are_owner_only_whatever_the_umask(tmp_path):
    import os

    old = os.umask(0o022)
    try:
        db = tmp_path / "new.db"
        assert (
            run_in_process(str(db), "retiree", "add", "--name", "王建国", "--id-number", nth_id(1)).exit_code
            == 0
        )
        backup = tmp_path / "b.db"
        assert run_in_process(str(db), "db", "backup", str(backup)).exit_code == 0
        export = tmp_path / "roster.xlsx"
        assert run_in_process(str(db), "export", "roster", "--output", str(export)).exit_code == 0
    finally:
        os.umask(old)
    for path in (db, backup, export):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


@pytest.mark.sqlite_only
def test_db_upgrade_of_a_current_database_takes_no_backup(db_url):
    folder = Path(db_url).parent
    before = sorted(folder.iterdir())
    ran = kuangqu(db_url, "db", "upgrade")
    assert ran.exit_code == 0
    assert "db restore" not in ran.stderr
    assert sorted(p for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        p for p in before if not p.name.endswith(("-wal", "-shm"))
    ]
