"""Fault (f), bad input #58: a migration interrupted half-way.

The test adds a migration of its own to a copy of migrations/ (a merge of today's heads
that creates a table, rewrites rows, then kills its own process with SIGKILL). `db
upgrade` must have taken a verified backup and printed how to restore it before the
first migration ran; the database is left as it was (SQLite and PostgreSQL run the
upgrade in one transaction); restoring the backup and upgrading again both work.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from tests.trust.helpers import ROOT, child_env, fingerprint, run_in_process

import kuangqu.db
from kuangqu.db import known_revisions, migrations_dir

FAKE = "ffff_trust_interrupted"

MIGRATION = '''"""trust test: a migration that dies half-way"""
import os
import signal

import sqlalchemy as sa
from alembic import op

revision = "{fake}"
down_revision = {heads!r}
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("trust_probe", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO trust_probe (id) VALUES (1)")
    op.execute("UPDATE retiree SET remarks = 'half-migrated'")
    if os.environ.get("TRUST_KILL_MIGRATION") == "1":
        os.kill(os.getpid(), signal.SIGKILL)


def downgrade():
    op.drop_table("trust_probe")
'''

LAUNCH = (
    "import sys, pathlib, kuangqu.db as d; folder = pathlib.Path(sys.argv.pop(1)); "
    "d.migrations_dir = lambda: folder; d.known_revisions.cache_clear(); "
    "from kuangqu.cli import main; main()"
)


@pytest.fixture
def newer_code(tmp_path: Path) -> Path:
    """A copy of migrations/ with one more (deadly) migration on top of today's heads."""
    folder = tmp_path / "migrations"
    shutil.copytree(migrations_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    heads = tuple(sorted(known_revisions()[1]))
    (folder / "versions" / f"{FAKE}.py").write_text(
        MIGRATION.format(fake=FAKE, heads=heads), encoding="utf-8"
    )
    return folder


def upgrade_with(folder: Path, db: str, *, kill: bool) -> subprocess.CompletedProcess[str]:
    env = child_env(**({"TRUST_KILL_MIGRATION": "1"} if kill else {}))
    return subprocess.run(
        [sys.executable, "-c", LAUNCH, str(folder), "--db", db, "db", "upgrade"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )  # fmt: skip


@pytest.fixture
def as_newer_code(newer_code, monkeypatch):  # type: ignore[no-untyped-def]
    """In this process too, kuangqu reads the copied migrations (and forgets them afterwards)."""
    monkeypatch.setattr(kuangqu.db, "migrations_dir", lambda: newer_code)
    known_revisions.cache_clear()
    yield newer_code
    monkeypatch.undo()
    known_revisions.cache_clear()


def backup_named_in(stderr: str) -> Path:
    marker = "kuangqu db restore "
    assert marker in stderr, stderr
    return Path(stderr.split(marker, 1)[1].split()[0].rstrip("，。,."))


@pytest.mark.sqlite_only
@pytest.mark.slow
def test_an_upgrade_killed_half_way_leaves_the_database_as_it_was_with_a_verified_backup_named(
    db_url, person, newer_code
):
    person("王建国", remarks="原样")
    before = fingerprint(db_url)
    ran = upgrade_with(newer_code, db_url, kill=True)
    assert ran.returncode == -signal.SIGKILL
    backup = backup_named_in(ran.stderr)
    assert backup.is_file()
    assert backup.stat().st_mode & 0o777 == 0o600

    from kuangqu.services.backup import physical_problems

    assert physical_problems(backup) == []
    assert fingerprint(db_url) == before
    assert fingerprint(str(backup))["retiree"] == before["retiree"]


@pytest.mark.sqlite_only
@pytest.mark.slow
def test_after_an_interrupted_upgrade_the_backup_restores_and_the_upgrade_runs_again(
    db_url, db, person, newer_code, as_newer_code
):
    person("王建国", remarks="原样")
    db.dispose()  # restore refuses while any connection — this test's own included — has the file open
    ran = upgrade_with(newer_code, db_url, kill=True)
    backup = backup_named_in(ran.stderr)

    refused = run_in_process(db_url, "retiree", "list")
    assert refused.exit_code == 5 and "kuangqu db upgrade" in refused.stderr

    restored = run_in_process(db_url, "db", "restore", str(backup), "--format", "json")
    assert restored.exit_code == 0, restored.stderr
    assert json.loads(restored.stdout)["needs_upgrade"] is True

    again = upgrade_with(newer_code, db_url, kill=False)
    assert again.returncode == 0, again.stderr
    listed = run_in_process(db_url, "retiree", "list", "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    after = fingerprint(db_url)
    assert after["trust_probe"][0] == 1


@pytest.mark.postgres_only
@pytest.mark.slow
def test_postgres_an_upgrade_killed_half_way_is_rolled_back_whole(db_url, person, newer_code):
    person("王建国", remarks="原样")
    before = fingerprint(db_url)
    ran = upgrade_with(newer_code, db_url, kill=True)
    assert ran.returncode == -signal.SIGKILL
    assert "pg_dump" in ran.stderr
    assert fingerprint(db_url) == before
    assert "trust_probe" not in before
