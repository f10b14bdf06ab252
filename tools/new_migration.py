"""Autogenerate an Alembic migration against a scratch SQLite database (developer tool).

    .venv/bin/python tools/new_migration.py "relief: standards" 0002 [--head 0001]

Creates migrations/versions/<rev>_<slug>.py from the difference between the models and
the migrations that exist. Review the file: keep only your own tables, and add what
autogenerate cannot see (append-only triggers via kuangqu.dbsql.make_append_only).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from kuangqu.db import migrations_dir


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("message")
    parser.add_argument("rev_id")
    parser.add_argument("--head", default=None, help="the revision the new one follows (for branches)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp()) / "scratch.db"
    engine = create_engine(f"sqlite:///{scratch}")
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "heads")
        conn.commit()
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.revision(
            config,
            message=args.message,
            autogenerate=True,
            rev_id=args.rev_id,
            head=args.head or "head",
            splice=bool(args.head),
        )


if __name__ == "__main__":
    main()
