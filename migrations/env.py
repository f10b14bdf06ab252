"""Alembic environment: runs on the connection kuangqu hands it (see kuangqu.db.upgrade).

Run by hand (`alembic -c migrations/alembic.ini upgrade heads`) it opens the database
kuangqu would open (KUANGQU_DATABASE_URL / KUANGQU_DB).
"""

from __future__ import annotations

from alembic import context

from kuangqu.models import load_all

target_metadata = load_all().metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        from kuangqu.db import open_database

        database = open_database(check_schema=False)
        with database.engine.connect() as conn:
            _run(conn)
            conn.commit()
        return
    _run(connection)


def render_item(type_, obj, autogen_context):  # type: ignore[no-untyped-def]
    """Render kuangqu's column types as their plain storage types, so migrations never import app code."""
    from kuangqu.models.base import CodeList, PartialDateType

    if type_ == "type" and isinstance(obj, PartialDateType):
        return "sa.String(length=10)"
    if type_ == "type" and isinstance(obj, CodeList):
        return "sa.JSON()"
    if type_ == "type" and type(obj).__name__ == "UTCDateTime":
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
