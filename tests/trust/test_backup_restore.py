"""Fault (g): `kuangqu db backup PATH` and `kuangqu db restore PATH`.

Backups are verified copies (integrity, foreign keys, the registered checks); restore
takes only a verified backup, keeps a byte copy of what it replaces, swaps with one
atomic rename, leaves no -wal/-shm of the old file behind, writes owner-only files, and
refuses — leaving the database untouched — a missing, foreign, newer or damaged backup
and a database that another connection has open.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from tests.trust.helpers import fingerprint, kuangqu, nth_id, run_in_process

from kuangqu.errors import Problem

REGISTRY = ("retiree", "household", "household_member", "grid_leader")


def registry(fp: dict) -> dict:  # type: ignore[type-arg]
    return {k: v for k, v in fp.items() if k in REGISTRY}


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if not p.name.endswith(("-wal", "-shm")))


@pytest.fixture
def closed(db):  # type: ignore[no-untyped-def]
    """Restore refuses while any connection has the file open: the fixtures' own engine included."""

    def _close() -> None:
        db.dispose()

    return _close


@pytest.mark.sqlite_only
def test_backup_then_restore_brings_back_exactly_the_backed_up_records(db_url, person, closed, tmp_path):
    person("王建国")
    backup = tmp_path / "backups" / "monday.db"
    made = kuangqu(db_url, "db", "backup", str(backup))
    assert made.exit_code == 0, made.stderr
    at_backup = fingerprint(str(backup))
    person("李秀英", id_number=nth_id(3))
    before_restore = fingerprint(db_url)
    closed()

    ran = run_in_process(db_url, "db", "restore", str(backup), "--format", "json")
    assert ran.exit_code == 0, ran.stderr
    result = json.loads(ran.stdout)
    assert registry(fingerprint(db_url)) == registry(at_backup)
    safety = Path(result["safety_copy"])
    assert registry(fingerprint(str(safety))) == registry(before_restore)
    assert result["needs_upgrade"] is False
    assert "kuangqu db restore" in ran.stderr  # how to undo the restore
    for path in (Path(db_url), backup, safety):
        assert mode(path) == 0o600
    assert not Path(db_url + "-wal").exists() or Path(db_url + "-wal").stat().st_size == 0
    audit = json.loads(run_in_process(db_url, "audit", "list", "--format", "json").stdout)
    assert audit[0]["action"] == "db.restore"


@pytest.mark.sqlite_only
def test_a_backup_is_a_single_self_contained_verified_file(db_url, person, tmp_path):
    from kuangqu.services.backup import physical_problems, stored_revision

    person("王建国")
    backup = tmp_path / "b.db"
    assert kuangqu(db_url, "db", "backup", str(backup)).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("b.db")) == ["b.db"]
    assert physical_problems(backup) == []
    assert stored_revision(backup) == fingerprint_revision(db_url)
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def fingerprint_revision(db_url: str) -> str:
    conn = sqlite3.connect(db_url)
    try:
        return ",".join(sorted(r[0] for r in conn.execute("SELECT version_num FROM alembic_version")))
    finally:
        conn.close()


@pytest.mark.sqlite_only
def test_a_backup_into_a_folder_gets_a_timestamped_name(db_url, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    ran = kuangqu(db_url, "db", "backup", str(folder))
    assert ran.exit_code == 0
    made = list(folder.iterdir())
    assert len(made) == 1 and made[0].suffix == ".db"


@pytest.mark.sqlite_only
def test_a_backup_onto_the_database_itself_is_refused(db_url):
    ran = run_in_process(db_url, "db", "backup", db_url)
    assert ran.exit_code == 1
    assert "数据库文件本身" in ran.stderr


def _another_sqlite(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    return path


def _newer_backup(db_url: str, path: Path) -> Path:
    assert kuangqu(db_url, "db", "backup", str(path)).exit_code == 0
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_future' "
                 "WHERE rowid = (SELECT min(rowid) FROM alembic_version)")  # fmt: skip
    conn.commit()
    conn.close()
    return path


def _damaged_backup(db_url: str, path: Path) -> Path:
    from tests.trust.helpers import nth_person
    from tests.trust.test_database_refusals import corrupt

    from kuangqu.db import open_database, transaction
    from kuangqu.services import retirees
    from kuangqu.validate import retiree_input

    database = open_database(db_url)
    with transaction(database, write=True, info={}) as s:
        for n in range(300):
            value = retiree_input({**nth_person(n), "remarks": "记" * 100}).value
            assert value is not None
            retirees.register(s, value)
    database.dispose()
    assert kuangqu(db_url, "db", "backup", str(path)).exit_code == 0
    corrupt(path)
    return path


def _spreadsheet(path: Path) -> Path:
    from openpyxl import Workbook

    Workbook().save(path)
    return path


BAD_BACKUPS = {
    "missing": (lambda db_url, p: p, "不存在"),
    "not-kuangqu": (lambda db_url, p: _another_sqlite(p), "不是 kuangqu 数据库的备份"),
    "newer": (_newer_backup, "请先升级 kuangqu"),
    "damaged": (_damaged_backup, "未通过校验"),
    "spreadsheet": (lambda db_url, p: _spreadsheet(p.with_suffix(".xlsx")), "kuangqu import"),
    "text": (lambda db_url, p: (p.write_text("id,name\n"), p)[1], "不是 kuangqu 数据库的备份"),
}


@pytest.mark.sqlite_only
@pytest.mark.parametrize("kind", sorted(BAD_BACKUPS))
def test_restore_refuses_a_backup_that_is_not_sound_and_leaves_the_database_untouched(
    db_url, person, closed, tmp_path, kind
):
    person("王建国")
    make, message = BAD_BACKUPS[kind]
    (tmp_path / "elsewhere").mkdir()
    source = make(db_url, tmp_path / "elsewhere" / "b.db" if kind != "missing" else tmp_path / "none.db")
    closed()
    before = fingerprint(db_url)
    listing = siblings(Path(db_url))
    ran = run_in_process(db_url, "db", "restore", str(source))
    assert ran.exit_code == 5, ran.stderr
    assert message in ran.stderr
    assert "Traceback" not in ran.stderr
    assert fingerprint(db_url) == before
    assert siblings(Path(db_url)) == listing


@pytest.mark.sqlite_only
def test_restore_refuses_while_another_connection_has_the_database_open(db_url, person, tmp_path):
    person("王建国")
    backup = tmp_path / "b.db"
    assert kuangqu(db_url, "db", "backup", str(backup)).exit_code == 0
    person("李秀英", id_number=nth_id(3))
    before = fingerprint(db_url)
    reader = sqlite3.connect(db_url)
    reader.execute("SELECT count(*) FROM retiree").fetchone()
    try:
        ran = run_in_process(db_url, "db", "restore", str(backup))
    finally:
        reader.close()
    assert ran.exit_code == 5
    assert "正在被其他程序使用" in ran.stderr
    assert fingerprint(db_url) == before


@pytest.mark.sqlite_only
def test_restore_onto_a_corrupted_database_keeps_its_bytes_in_the_safety_copy(
    db_url, person, closed, tmp_path
):
    from tests.trust.test_database_refusals import corrupt

    person("王建国")
    backup = tmp_path / "b.db"
    assert kuangqu(db_url, "db", "backup", str(backup)).exit_code == 0
    closed()
    corrupt(Path(db_url))
    damaged = Path(db_url).read_bytes()
    ran = run_in_process(db_url, "db", "restore", str(backup), "--format", "json")
    assert ran.exit_code == 0, ran.stderr
    assert Path(json.loads(ran.stdout)["safety_copy"]).read_bytes() == damaged
    assert run_in_process(db_url, "db", "check").exit_code == 0
    assert registry(fingerprint(db_url)) == registry(fingerprint(str(backup)))


@pytest.mark.sqlite_only
def test_restore_into_a_place_with_no_database_yet_needs_no_safety_copy(db_url, tmp_path):
    backup = tmp_path / "b.db"
    assert kuangqu(db_url, "db", "backup", str(backup)).exit_code == 0
    fresh = tmp_path / "new" / "kuangqu.db"
    ran = run_in_process(str(fresh), "db", "restore", str(backup), "--format", "json")
    assert ran.exit_code == 0, ran.stderr
    assert json.loads(ran.stdout)["safety_copy"] is None
    assert mode(fresh) == 0o600


@pytest.mark.sqlite_only
def test_restore_refuses_a_read_only_target(db_url, tmp_path):
    backup = tmp_path / "b.db"
    assert kuangqu(db_url, "db", "backup", str(backup)).exit_code == 0
    ran = run_in_process(f"file:{db_url}?mode=ro", "db", "restore", str(backup))
    assert ran.exit_code == 5
    assert "只读" in ran.stderr


def flag_named_bad(session) -> list[Problem]:  # type: ignore[no-untyped-def]
    """A stand-in for a domain check (the ledger chain): flags anyone named 坏账."""
    from sqlalchemy import select

    from kuangqu.models.registry import Retiree

    found = session.scalars(select(Retiree.id).where(Retiree.name == "坏账")).all()
    return [Problem("db.error", {"kind": f"flagged #{i}"}) for i in found]


@pytest.mark.sqlite_only
def test_a_backup_keeps_problems_the_database_itself_has_and_says_so(db_url, person, tmp_path, monkeypatch):
    import kuangqu.services.checks as checks

    monkeypatch.setattr(checks, "REGISTERED_CHECKS", ["tests.trust.test_backup_restore:flag_named_bad"])
    person("坏账")
    backup = tmp_path / "b.db"
    ran = run_in_process(db_url, "db", "backup", str(backup))
    assert ran.exit_code == 0, ran.stderr
    assert backup.exists()
    assert "备份如实保留" in ran.stderr and "flagged" in ran.stderr


@pytest.mark.sqlite_only
def test_a_backup_whose_copy_shows_a_problem_the_database_does_not_is_refused(
    db_url, person, tmp_path, monkeypatch
):
    import kuangqu.services.backup as backup_module

    person("王建国")
    monkeypatch.setattr(backup_module, "domain_problems", lambda path: ["ledger chain broken at #1"])
    target = tmp_path / "b.db"
    ran = run_in_process(db_url, "db", "backup", str(target))
    assert ran.exit_code == 5
    assert "校验失败" in ran.stderr
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".b.db")]


@pytest.mark.postgres_only
@pytest.mark.parametrize("args", [("db", "backup", "/tmp/x.db"), ("db", "restore", "/tmp/x.db")])
def test_postgres_backup_and_restore_point_to_the_postgres_tools(db_url, args):
    ran = run_in_process(db_url, *args)
    assert ran.exit_code == 1
    assert "pg_dump" in ran.stderr or "pg_restore" in ran.stderr
