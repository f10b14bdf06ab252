"""Fault (e), bad inputs #53–#56: databases kuangqu must refuse, or open with care — by name, exit 5,
never a traceback.

A schema older than the code asks for `db upgrade`; one newer asks to upgrade kuangqu; a
SQLite file without kuangqu's schema, a spreadsheet, a text file and a corrupted database
are refused naming the file; a database on a network share is opened without WAL and
with a warning.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from tests.trust.helpers import fingerprint, kuangqu, nth_person, run_in_process

from kuangqu.db import known_revisions, migrations_dir

pytestmark = pytest.mark.sqlite_only

COMMANDS = [
    ("retiree", "list"),
    ("retiree", "add", "--name", "张伟", "--id-number", nth_person(1)["id_number"]),
    ("check",),
    ("db", "check"),
    ("db", "backup", "somewhere.db"),
]


def assert_refused(ran, *fragments: str) -> None:  # type: ignore[no-untyped-def]
    assert ran.exit_code == 5, ran.stdout + ran.stderr
    for fragment in fragments:
        assert fragment in ran.stderr
    assert "Traceback" not in ran.stdout + ran.stderr


def migrate_to(path: Path, revision: str) -> None:
    """A database migrated only up to `revision` — what an older kuangqu left behind."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        conn.commit()
    engine.dispose()


@pytest.mark.skipif(known_revisions()[1] == frozenset({"0001"}), reason="no migration after 0001 yet")
def test_a_database_at_an_older_revision_asks_for_db_upgrade_and_upgrade_brings_it_current(tmp_path):
    old = tmp_path / "old.db"
    migrate_to(old, "0001")
    for args in COMMANDS[:3]:
        assert_refused(run_in_process(str(old), *args), str(old), "kuangqu db upgrade")
    upgraded = kuangqu(str(old), "db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.stderr
    assert "kuangqu db restore" in upgraded.stderr
    assert run_in_process(str(old), "retiree", "list").exit_code == 0


def test_code_that_knows_a_newer_revision_than_the_database_asks_for_db_upgrade(db_url, monkeypatch):
    revisions, _heads = known_revisions()
    monkeypatch.setattr(
        "kuangqu.db.known_revisions", lambda: (revisions | {"zz_future"}, frozenset({"zz_future"}))
    )
    assert_refused(run_in_process(db_url, "retiree", "list"), db_url, "kuangqu db upgrade")


def test_a_database_newer_than_the_code_asks_to_upgrade_kuangqu_and_is_not_touched(db_url):
    conn = sqlite3.connect(db_url)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future' WHERE rowid = "
                 "(SELECT min(rowid) FROM alembic_version)")  # fmt: skip
    conn.commit()
    conn.close()
    before = fingerprint(db_url)
    listing = sorted(p.name for p in Path(db_url).parent.iterdir() if not p.name.endswith(("-wal", "-shm")))
    for args in [*COMMANDS, ("db", "upgrade")]:
        assert_refused(run_in_process(db_url, *args), db_url, "请升级 kuangqu", "ffff_from_the_future")
    assert fingerprint(db_url) == before
    after = sorted(p.name for p in Path(db_url).parent.iterdir() if not p.name.endswith(("-wal", "-shm")))
    assert after == listing  # not even a backup was written


def test_another_programs_sqlite_file_is_refused_by_name(tmp_path):
    other = tmp_path / "wechat.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE message (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO message (body) VALUES ('hello')")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    for args in [*COMMANDS, ("db", "upgrade")]:
        assert_refused(run_in_process(str(other), *args), str(other), "不是 kuangqu 的数据库")
    assert other.read_bytes() == before


def test_a_spreadsheet_passed_as_the_database_is_refused_and_pointed_to_import(tmp_path):
    from openpyxl import Workbook

    sheet = tmp_path / "roster.xlsx"
    Workbook().save(sheet)
    before = sheet.read_bytes()
    for args in [*COMMANDS, ("db", "upgrade")]:
        assert_refused(run_in_process(str(sheet), *args), str(sheet), "kuangqu import")
    assert sheet.read_bytes() == before


@pytest.mark.parametrize("content", [b"id,name\n1,x\n", b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n" + b"\0" * 100])
def test_a_file_that_is_not_a_database_at_all_is_refused_by_name(tmp_path, content):
    path = tmp_path / "data.db"
    path.write_bytes(content)
    assert_refused(run_in_process(str(path), "retiree", "list"), str(path), "不是 SQLite 数据库")
    assert path.read_bytes() == content


def test_an_empty_sqlite_file_becomes_a_new_database_but_a_directory_is_refused(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch(mode=0o600)
    assert run_in_process(str(empty), "retiree", "list").exit_code == 0
    assert_refused(run_in_process(str(tmp_path), "retiree", "list"), str(tmp_path))


def corrupt(path: Path) -> None:
    """Overwrite the second half of the file, page-aligned, with garbage: the header page stays valid."""
    data = bytearray(path.read_bytes())
    page = 4096
    start = (len(data) // 2 // page) * page
    for offset in range(start, len(data), 7):
        data[offset] = (offset * 131) % 251
    path.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def corrupted_template(template_db, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    from kuangqu.db import open_database, transaction
    from kuangqu.services import retirees
    from kuangqu.validate import retiree_input

    path = tmp_path_factory.mktemp("corrupted") / "kuangqu.db"
    shutil.copyfile(template_db, path)
    database = open_database(str(path))
    with transaction(database, write=True, info={"operator": "t", "command": "t"}) as s:
        for n in range(600):
            value = retiree_input({**nth_person(n), "remarks": "记录" * 50}).value
            assert value is not None
            retirees.register(s, value)
    raw = database.engine.raw_connection()
    raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
    raw.close()
    database.dispose()
    corrupt(path)
    return path


@pytest.fixture
def corrupted(corrupted_template, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "kuangqu.db"
    shutil.copyfile(corrupted_template, path)
    return path


@pytest.mark.parametrize(
    "args",
    [("retiree", "list"), ("retiree", "add", "--name", "张伟", "--id-number", nth_person(5000)["id_number"]),
     ("retiree", "search", "测"), ("db", "backup", "copy.db")],
    ids=["list", "add", "search", "backup"],
)  # fmt: skip
def test_a_corrupted_database_is_refused_by_name_and_points_to_restore(corrupted, args, tmp_path):
    if args[0] == "db":
        args = ("db", "backup", str(tmp_path / "copy.db"))
    ran = run_in_process(str(corrupted), *args)
    assert ran.exit_code == 5, ran.stdout + ran.stderr
    assert "Traceback" not in ran.stderr
    assert str(corrupted) in ran.stderr
    assert "损坏" in ran.stderr or "校验失败" in ran.stderr
    assert not (tmp_path / "copy.db").exists()


def test_db_check_lists_what_is_wrong_with_a_corrupted_database(corrupted):
    ran = run_in_process(str(corrupted), "db", "check")
    assert ran.exit_code == 5
    assert "Traceback" not in ran.stderr
    assert "integrity" in ran.stdout or "损坏" in ran.stderr


def test_a_database_on_a_network_share_is_opened_without_wal_and_with_a_warning(db_url, monkeypatch):
    from kuangqu.db import open_database

    monkeypatch.setattr("kuangqu.db._filesystem_type", lambda _path: "cifs")
    ran = run_in_process(db_url, "retiree", "list")
    assert ran.exit_code == 0
    assert "网络共享盘" in ran.stderr
    database = open_database(db_url)
    try:
        raw = database.engine.raw_connection()
        mode = raw.driver_connection.execute("PRAGMA journal_mode").fetchone()[0]  # type: ignore[union-attr]
        raw.close()
    finally:
        database.dispose()
    assert mode == "delete"
    assert database.warnings == ["db.network_share"]


def test_a_database_on_a_local_disk_uses_wal_without_a_warning(db_url, monkeypatch):
    from kuangqu.db import open_database

    monkeypatch.setattr("kuangqu.db._filesystem_type", lambda _path: "ext4")
    database = open_database(db_url)
    try:
        raw = database.engine.raw_connection()
        mode = raw.driver_connection.execute("PRAGMA journal_mode").fetchone()[0]  # type: ignore[union-attr]
        raw.close()
    finally:
        database.dispose()
    assert (mode, database.warnings) == ("wal", [])
