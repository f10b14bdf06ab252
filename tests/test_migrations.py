"""Migrations and models agree, and the schema version is checked without Alembic."""

from __future__ import annotations

import pytest

from kuangqu.db import known_revisions, migrations_dir


def test_models_and_migrations_agree(db):
    """Alembic's `check` fails when autogenerate would write a new migration."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with db.engine.connect() as conn:
        config.attributes["connection"] = conn
        command.check(config)


def test_the_migration_files_heads_match_alembics_own_view():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    script = ScriptDirectory.from_config(config)
    revisions, heads = known_revisions()
    assert set(script.get_heads()) == set(heads)
    assert {r.revision for r in script.walk_revisions()} == set(revisions)


def test_a_fresh_database_is_at_every_head(db):
    from kuangqu.db import schema_status

    assert schema_status(db)["up_to_date"] is True


@pytest.mark.sqlite_only
def test_a_new_sqlite_file_is_created_owner_only(tmp_path):
    from kuangqu.db import open_database

    database = open_database(str(tmp_path / "new.db"))
    database.dispose()
    assert oct((tmp_path / "new.db").stat().st_mode & 0o777) == "0o600"
