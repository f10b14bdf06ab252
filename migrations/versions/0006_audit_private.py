"""audit: a person's values kept apart from the append-only log, so a purge can erase them

Revision ID: 0006_audit_private
Revises: 0001
Create Date: 2026-11-29 16:57:10.561840

`audit_private` holds the real personal values of an audit entry (one row per entry, with
whom it is about); `audit_log.has_private` says the entry had some. Entries written before
this revision are split the same way: their personal values move to audit_private and the
log keeps the masked form (the append-only guard is lifted for that one rewrite only).
"""

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate renders sqlmodel.sql.sqltypes.AutoString)
from alembic import op

from kuangqu.dbsql import drop_append_only, make_append_only

revision: str = "0006_audit_private"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A row that says whom it is about through its parent row (an objection → its application).
_PARENTS = {"application_id": "relief_application", "correction_id": "correction", "petition_id": "petition"}


def upgrade() -> None:
    op.create_table(
        "audit_private",
        sa.Column("audit_entry_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("retiree_id", sa.Integer(), nullable=True),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("old_values", sa.JSON(), nullable=True),
        sa.Column("new_values", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["audit_entry_id"], ["audit_log.id"]),
        sa.PrimaryKeyConstraint("audit_entry_id"),
    )
    with op.batch_alter_table("audit_private", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_private_household_id"), ["household_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_private_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_private_retiree_id"), ["retiree_id"], unique=False)
    # A plain ADD COLUMN (not a batch copy of the table), so the append-only triggers stay in place.
    op.add_column(
        "audit_log", sa.Column("has_private", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    _split_existing_entries()


def _loads(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _split(entity: str, values: Any) -> tuple[Any, Any]:
    from kuangqu.rules.masking import is_personal, mask_personal

    if not isinstance(values, dict):
        return values, None
    kept: dict[str, Any] = {}
    private: dict[str, Any] = {}
    for key, value in values.items():
        if value is not None and is_personal(entity, key):
            kept[key] = mask_personal(entity, key, value)
            private[key] = value
        else:
            kept[key] = value
    return kept, (private or None)


def _subject(
    conn: Any, tables: dict[str, set[str]], entity: str, entity_id: Any, *values: Any
) -> dict[str, Any]:
    found: dict[str, Any] = {"retiree_id": None, "household_id": None, "member_id": None}
    for mapping in values:
        for key in ("retiree_id", "household_id"):
            value = mapping.get(key) if isinstance(mapping, dict) else None
            if found[key] is None and isinstance(value, int) and not isinstance(value, bool):
                found[key] = value
    if entity == "retiree":
        found["retiree_id"] = entity_id
    elif entity == "household":
        found["household_id"] = entity_id
    elif entity == "household_member":
        found["member_id"] = entity_id
    table, row_id = entity, entity_id
    for _ in range(2):
        columns = tables.get(table, set())
        wanted = [c for c in ("retiree_id", "household_id", *_PARENTS) if c in columns]
        if not isinstance(row_id, int) or not wanted:
            break
        row = conn.execute(sa.text(f"SELECT {', '.join(wanted)} FROM {table} WHERE id = :id"), {"id": row_id})
        first = row.mappings().first()
        if first is None:
            break
        for key in ("retiree_id", "household_id"):
            if found[key] is None and first.get(key) is not None:
                found[key] = first[key]
        parent = next((p for p in _PARENTS if first.get(p) is not None), None)
        if parent is None:
            break
        table, row_id = _PARENTS[parent], first[parent]
    return found


def _split_existing_entries() -> None:
    from kuangqu.rules.masking import is_person_name, scrub_text

    conn = op.get_bind()
    inspector = sa.inspect(conn)
    tables = {name: {c["name"] for c in inspector.get_columns(name)} for name in inspector.get_table_names()}
    audit_log = sa.table(
        "audit_log",
        sa.column("id", sa.Integer),
        sa.column("entity", sa.String),
        sa.column("entity_id", sa.Integer),
        sa.column("old_values", sa.JSON),
        sa.column("new_values", sa.JSON),
        sa.column("reason", sa.String),
        sa.column("has_private", sa.Boolean),
    )
    private_table = sa.table(
        "audit_private",
        sa.column("audit_entry_id", sa.Integer),
        sa.column("retiree_id", sa.Integer),
        sa.column("household_id", sa.Integer),
        sa.column("member_id", sa.Integer),
        sa.column("old_values", sa.JSON),
        sa.column("new_values", sa.JSON),
    )
    # The log is read a chunk at a time (by id), so a group database with millions of entries is
    # never held in memory at once; each chunk's entries are rewritten before the next is read.
    lifted = False
    gone: tuple[set[Any], set[Any], set[Any]] | None = None
    last_id = 0
    while True:
        rows = (
            conn.execute(
                sa.select(audit_log).where(audit_log.c.id > last_id).order_by(audit_log.c.id).limit(_CHUNK)
            )
            .mappings()
            .all()
        )
        if not rows:
            break
        last_id = rows[-1]["id"]
        for row in rows:
            old, new = _loads(row["old_values"]), _loads(row["new_values"])
            old_kept, old_private = _split(row["entity"], old)
            new_kept, new_private = _split(row["entity"], new)
            names = [
                str(v)
                for mapping in (old, new)
                if isinstance(mapping, dict)
                for k, v in mapping.items()
                if v and is_person_name(row["entity"], k)
            ]
            reason = scrub_text(row["reason"], names) if row["reason"] else row["reason"]
            if not (old_private or new_private or reason != row["reason"]):
                continue
            if not lifted:
                drop_append_only(op, "audit_log")
                lifted = True
            has_private = bool(old_private or new_private)
            conn.execute(
                audit_log.update()
                .where(audit_log.c.id == row["id"])
                .values(old_values=old_kept, new_values=new_kept, reason=reason, has_private=has_private)
            )
            if not has_private:
                continue
            gone = gone if gone is not None else _purged_before(conn)
            gone_retirees, gone_members, gone_households = gone
            about = _subject(conn, tables, row["entity"], row["entity_id"], old, new)
            if (
                about["retiree_id"] in gone_retirees
                or about["member_id"] in gone_members
                or (about["member_id"] is None and about["household_id"] in gone_households)
            ):
                continue  # a person erased before this revision: the values are dropped, not kept
            conn.execute(
                private_table.insert().values(
                    audit_entry_id=row["id"], old_values=old_private, new_values=new_private, **about
                )
            )
    if lifted:
        make_append_only(op, "audit_log")


_CHUNK = 1000  # audit entries read at a time


def _purged_before(conn: Any) -> tuple[set[Any], set[Any], set[Any]]:
    """The retirees, members and households a purge erased before this revision."""
    purged = "已清除-%"
    retirees = {
        r[0] for r in conn.execute(sa.text("SELECT id FROM retiree WHERE name LIKE :p"), {"p": purged})
    }
    members = {
        r[0]
        for r in conn.execute(sa.text("SELECT id FROM household_member WHERE name LIKE :p"), {"p": purged})
    }
    households = {
        r[0]
        for r in conn.execute(
            sa.text("SELECT h.id FROM household h JOIN retiree r ON r.id = h.head_id WHERE r.name LIKE :p"),
            {"p": purged},
        )
    }
    return retirees, members, households


def downgrade() -> None:
    # The masked entries stay masked: the real values are dropped with the table (a downgrade
    # cannot rewrite the append-only log back to clear text, and should not).
    op.drop_column("audit_log", "has_private")
    with op.batch_alter_table("audit_private", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_private_retiree_id"))
        batch_op.drop_index(batch_op.f("ix_audit_private_member_id"))
        batch_op.drop_index(batch_op.f("ix_audit_private_household_id"))
    op.drop_table("audit_private")
