"""Encryption at rest with SQLCipher (bad input #57: a wrong key gets a clear message).

Runs where the `encrypted` extra (sqlcipher3-wheels) is installed, and is skipped — with
that reason — where it is not. With KUANGQU_DB_KEY set a new database is created
encrypted; the file's bytes hold neither the SQLite header nor any name; backups are
encrypted with the same key and restore; a wrong key, or no key, is refused by name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.trust.helpers import kuangqu, nth_id, run_in_process

pytest.importorskip("sqlcipher3", reason="the `encrypted` extra (sqlcipher3-wheels) is not installed")
pytestmark = pytest.mark.sqlite_only

KEY = "矿区-test-key-'quoted'"


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    path = tmp_path / "secret.db"
    ran = kuangqu(str(path), "retiree", "add", "--name", "王建国", "--id-number", nth_id(1), "--address", "矿区一号",
                  env={"KUANGQU_DB_KEY": KEY})  # fmt: skip
    assert ran.exit_code == 0, ran.stderr
    return path


def test_a_database_created_with_a_key_is_encrypted_on_disk(encrypted):
    raw = encrypted.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert "王建国".encode() not in raw and "矿区一号".encode() not in raw
    assert nth_id(1).encode() not in raw
    assert encrypted.stat().st_mode & 0o777 == 0o600


def test_the_right_key_reads_and_writes(encrypted):
    env = {"KUANGQU_DB_KEY": KEY}
    listed = kuangqu(str(encrypted), "retiree", "list", "--format", "json", env=env)
    assert listed.exit_code == 0, listed.stderr
    assert [p["name"] for p in json.loads(listed.stdout)] == ["王建国"]
    assert kuangqu(str(encrypted), "db", "check", env=env).exit_code == 0


@pytest.mark.parametrize("args", [("retiree", "list"), ("retiree", "add", "--name", "张伟", "--id-number", nth_id(2)),
                                  ("db", "status"), ("db", "backup", "x.db")])  # fmt: skip
def test_a_wrong_key_is_refused_with_a_clear_message(encrypted, args):
    before = encrypted.read_bytes()
    ran = kuangqu(str(encrypted), *args, env={"KUANGQU_DB_KEY": "not the key"})
    assert ran.exit_code == 5
    assert "密钥" in ran.stderr and str(encrypted) in ran.stderr
    assert "Traceback" not in ran.stderr and "ERROR CORE" not in ran.stderr
    assert encrypted.read_bytes() == before


def test_no_key_at_all_is_refused_and_mentions_the_key(encrypted):
    ran = run_in_process(str(encrypted), "retiree", "list")
    assert ran.exit_code == 5
    assert "密钥" in ran.stderr


def test_a_plain_database_opened_with_a_key_is_refused_not_encrypted_behind_its_back(db_url):
    before = Path(db_url).read_bytes()
    ran = kuangqu(db_url, "retiree", "list", env={"KUANGQU_DB_KEY": KEY})
    assert ran.exit_code == 5
    assert "密钥" in ran.stderr
    assert Path(db_url).read_bytes() == before


def test_an_encrypted_backup_is_encrypted_and_restores_with_the_key(encrypted, tmp_path):
    env = {"KUANGQU_DB_KEY": KEY}
    backup = tmp_path / "b.db"
    made = kuangqu(str(encrypted), "db", "backup", str(backup), env=env)
    assert made.exit_code == 0, made.stderr
    assert not backup.read_bytes().startswith(b"SQLite format 3")
    assert "王建国".encode() not in backup.read_bytes()
    kuangqu(str(encrypted), "retiree", "add", "--name", "张伟", "--id-number", nth_id(3), env=env)
    restored = kuangqu(str(encrypted), "db", "restore", str(backup), env=env)
    assert restored.exit_code == 0, restored.stderr
    listed = kuangqu(str(encrypted), "retiree", "list", "--format", "json", env=env)
    assert [p["name"] for p in json.loads(listed.stdout)] == ["王建国"]
    wrong = kuangqu(str(encrypted), "db", "restore", str(backup), env={"KUANGQU_DB_KEY": "nope"})
    assert wrong.exit_code == 5 and "密钥" in wrong.stderr


def test_a_key_without_sqlcipher_installed_says_how_to_install_it(db_url, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_sqlcipher(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name.startswith("sqlcipher3"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_sqlcipher)
    ran = run_in_process(db_url, "retiree", "list", env={"KUANGQU_DB_KEY": KEY})
    assert ran.exit_code == 5
    assert "kuangqu[encrypted]" in ran.stderr


def test_at_a_terminal_kuangqu_asks_for_the_key(encrypted, monkeypatch):
    import kuangqu.cli.common as common

    monkeypatch.setenv("KUANGQU_DB_KEY", "")  # recorded, so the key the prompt sets is removed afterwards
    monkeypatch.delenv("KUANGQU_DB_KEY")
    monkeypatch.setattr(common, "_can_prompt_for_key", lambda: True)
    ran = run_in_process(str(encrypted), "retiree", "list", "--format", "json", input=KEY + "\n")
    assert ran.exit_code == 0, ran.stderr
    assert "王建国" in ran.stdout
    monkeypatch.undo()
    import os

    assert "KUANGQU_DB_KEY" not in os.environ
