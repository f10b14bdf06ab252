"""Fault (d), bad input #52: a read-only database (SQLite `mode=ro`, not chmod: CI runs as root).

Every spelling of a read-only database — `--db 'file:PATH?mode=ro'`, the URL
`sqlite:///file:PATH?mode=ro&uri=true`, KUANGQU_DB — answers read commands and refuses
every write command with exit 5 and the read-only message, before any work: the file's
bytes do not change.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from tests.trust.helpers import kuangqu, nth_id, run_in_process

pytestmark = pytest.mark.sqlite_only
READONLY_ZH = "只读"


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def filled(db_url, person):  # type: ignore[no-untyped-def]
    person("王建国", area="一片")
    person("李秀英", id_number=nth_id(7), area="二片")
    person("周大山", id_number=nth_id(8), status="已故", died_on="2001-03")  # past retention: purge has work
    return Path(db_url)


def spellings(path: Path) -> list[str]:
    return [f"file:{path}?mode=ro", f"sqlite:///file:{path}?mode=ro&uri=true"]


READS = [
    ("retiree", "list", "--format", "json"),
    ("retiree", "show", "#1", "--format", "json"),
    ("retiree", "search", "王"),
    ("household", "list"),
    ("audit", "list"),
    ("db", "status"),
    ("db", "check"),
    ("check",),
]

WRITES = [
    ("retiree", "add", "--name", "张伟", "--id-number", nth_id(9)),
    ("retiree", "edit", "#1", "--phone", "13812345678"),
    ("retiree", "show", "#1", "--reveal", "--reason", "核对"),
    ("household", "add", "--head", "#1"),
    ("retiree", "purge", "--yes", "--years", "1"),
]


@pytest.mark.parametrize("spelling", [0, 1], ids=["file-uri", "sqlalchemy-url"])
@pytest.mark.parametrize("args", READS, ids=[" ".join(a[:2]) for a in READS])
def test_a_read_only_database_answers_read_commands(filled, spelling, args):
    digest = file_digest(filled)
    ran = run_in_process(spellings(filled)[spelling], *args)
    assert ran.exit_code == 0, ran.stderr
    assert file_digest(filled) == digest


@pytest.mark.parametrize("spelling", [0, 1], ids=["file-uri", "sqlalchemy-url"])
@pytest.mark.parametrize(
    "args", WRITES, ids=[" ".join(a[:2]) + (" reveal" if "--reveal" in a else "") for a in WRITES]
)
def test_a_read_only_database_refuses_writes_before_any_work(filled, spelling, args):
    digest = file_digest(filled)
    listing = sorted(p.name for p in filled.parent.iterdir())
    ran = run_in_process(spellings(filled)[spelling], *args)
    assert ran.exit_code == 5, ran.stdout + ran.stderr
    assert READONLY_ZH in ran.stderr
    assert "Traceback" not in ran.stderr
    assert file_digest(filled) == digest
    assert sorted(p.name for p in filled.parent.iterdir()) == listing


def test_an_import_into_a_read_only_database_is_refused_and_writes_nothing(filled, tmp_path):
    from tests.importer.conftest import person_row, roster_workbook

    path = roster_workbook(tmp_path / "roster.xlsx", [person_row(1, "赵敏", nth_id(11))])
    digest = file_digest(filled)
    ran = kuangqu(f"file:{filled}?mode=ro", "import", "retirees", str(path))
    assert ran.exit_code == 5
    assert READONLY_ZH in ran.stderr
    assert file_digest(filled) == digest


def test_kuangqu_db_naming_a_read_only_uri_is_read_only_too(filled):
    from typer.testing import CliRunner

    from kuangqu.cli import app

    digest = file_digest(filled)
    env = {"KUANGQU_DB": f"file:{filled}?mode=ro"}
    listed = CliRunner().invoke(app, ["retiree", "list", "--format", "json"], env=env, catch_exceptions=False)
    assert listed.exit_code == 0
    added = CliRunner().invoke(app, ["retiree", "add", "--name", "张伟", "--id-number", nth_id(9)], env=env,
                               catch_exceptions=False)  # fmt: skip
    assert added.exit_code == 5
    assert READONLY_ZH in added.stderr
    assert file_digest(filled) == digest


def test_a_read_only_database_that_does_not_exist_is_not_created(tmp_path):
    missing = tmp_path / "nowhere.db"
    ran = run_in_process(f"file:{missing}?mode=ro", "retiree", "list")
    assert ran.exit_code == 5
    assert not missing.exists()
