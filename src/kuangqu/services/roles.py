"""PostgreSQL roles with least privilege, for a database the offices of a mining group share.

Four group roles (NOLOGIN) carry the privileges; people log in with their own login
roles, each a member of exactly one group:

- kuangqu_clerk: reads and writes records; on append-only tables (ledger, payments,
  audit — every table guarded by kuangqu.dbsql's `kuangqu_refuse_change` trigger,
  discovered from pg_trigger, so tables added by later migrations are covered) only
  INSERT and SELECT.
  The audit log's private values (audit_private): INSERT only (and SELECT of the entry id).
- kuangqu_auditor: SELECT on every table, the audit log included; writes nothing.
- kuangqu_area_leader: row-level security on retiree, household and household_member:
  only the rows of their own area(s); read-only, except that a `--reveal` is audited.
  The area comes from the table kuangqu_security.area_leader_login keyed by
  `session_user` (the login name) — not from a session setting, which any user could
  change with SET — read through a SECURITY DEFINER function.
- kuangqu_admin: owns the tables, runs migrations (its logins default to `SET ROLE
  kuangqu_admin`, so new tables are owned by the group, not by a person).

Applying is idempotent: every run revokes and re-grants from what the database holds,
so run it again (or let `db upgrade` do it) after new tables arrive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from kuangqu.errors import DatabaseProblem, RuleViolation

ROLES = {
    "clerk": "kuangqu_clerk",
    "auditor": "kuangqu_auditor",
    "area_leader": "kuangqu_area_leader",
    "admin": "kuangqu_admin",
}
AREA_TABLES = ("retiree", "household", "household_member")
# What an area leader may read besides the area-filtered tables: the grid, and the schema version.
LEADER_READ_TABLES = ("grid_leader", "alembic_version")
# The real personal values of audit entries: clerks write them with each entry but can neither
# read (only which entry ids have some), change nor delete them (only a purge, run by an admin,
# deletes); auditors read them.
PRIVATE_AUDIT_TABLES = ("audit_private",)
SECURITY_SCHEMA = "kuangqu_security"
APPEND_ONLY_FUNCTION = "kuangqu_refuse_change"
_LOGIN_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")

# Row filters of the area leader: a household belongs to its head's area; a member to its household's.
_LEADER_AREAS = f"{SECURITY_SCHEMA}.leader_areas()"
AREA_POLICIES = {
    "retiree": f"area = ANY ({_LEADER_AREAS})",
    "household": (
        f"EXISTS (SELECT 1 FROM retiree r WHERE r.id = household.head_id AND r.area = ANY ({_LEADER_AREAS}))"
    ),
    "household_member": (
        "EXISTS (SELECT 1 FROM household h JOIN retiree r ON r.id = h.head_id "
        f"WHERE h.id = household_member.household_id AND r.area = ANY ({_LEADER_AREAS}))"
    ),
}


@dataclass
class SchemaObjects:
    """The tables of kuangqu's schema, as the database holds them now."""

    schema: str
    tables: list[str]
    append_only: list[str]
    sequences: list[str] = field(default_factory=list)


def _require_postgres(conn: Connection) -> None:
    if conn.dialect.name != "postgresql":
        raise RuleViolation("trust.roles_postgres_only")


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    # standard_conforming_strings is on by default since PostgreSQL 9.1: only quotes need doubling.
    return "'" + value.replace("'", "''") + "'"


def discover(conn: Connection) -> SchemaObjects:
    """Tables, append-only tables (those with kuangqu's refuse-change trigger) and sequences."""
    _require_postgres(conn)
    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    tables = sorted(
        r[0]
        for r in conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": schema})
    )
    append_only = sorted(
        {
            r[0]
            for r in conn.execute(
                text(
                    "SELECT c.relname FROM pg_trigger t "
                    "JOIN pg_class c ON c.oid = t.tgrelid "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "JOIN pg_proc p ON p.oid = t.tgfoid "
                    "WHERE NOT t.tgisinternal AND n.nspname = :s AND p.proname = :f"
                ),
                {"s": schema, "f": APPEND_ONLY_FUNCTION},
            )
        }
    )
    sequences = sorted(
        r[0]
        for r in conn.execute(
            text("SELECT sequencename FROM pg_sequences WHERE schemaname = :s"), {"s": schema}
        )
    )
    return SchemaObjects(schema, tables, append_only, sequences)


def roles_exist(conn: Connection) -> bool:
    if conn.dialect.name != "postgresql":
        return False
    found = conn.execute(
        text("SELECT count(*) FROM pg_roles WHERE rolname = ANY (:names)"), {"names": list(ROLES.values())}
    ).scalar_one()
    return int(found) == len(ROLES)


def _run(conn: Connection, statement: str) -> None:
    try:
        conn.exec_driver_sql(statement)
    except DBAPIError as exc:
        text_ = str(getattr(exc, "orig", exc)).lower()
        if "permission denied" in text_ or "must be" in text_ or "insufficient" in text_:
            raise DatabaseProblem(
                "trust.roles_not_allowed", kind=type(getattr(exc, "orig", exc)).__name__
            ) from exc
        raise


def _create_group_roles(conn: Connection) -> None:
    existing = {
        r[0] for r in conn.execute(text("SELECT rolname FROM pg_roles WHERE rolname LIKE 'kuangqu\\_%'"))
    }
    for role in ROLES.values():
        if role not in existing:
            _run(conn, f"CREATE ROLE {role} NOLOGIN")


def _security_schema(conn: Connection) -> None:
    admin = ROLES["admin"]
    _run(conn, f"CREATE SCHEMA IF NOT EXISTS {SECURITY_SCHEMA}")
    _run(conn, f"ALTER SCHEMA {SECURITY_SCHEMA} OWNER TO {admin}")
    _run(
        conn,
        f"CREATE TABLE IF NOT EXISTS {SECURITY_SCHEMA}.area_leader_login ("
        "role_name text NOT NULL, area text NOT NULL, PRIMARY KEY (role_name, area))",
    )
    _run(conn, f"ALTER TABLE {SECURITY_SCHEMA}.area_leader_login OWNER TO {admin}")
    # SECURITY DEFINER: the leader reads their own areas without being able to read (or write) the mapping.
    _run(
        conn,
        f"CREATE OR REPLACE FUNCTION {SECURITY_SCHEMA}.leader_areas() RETURNS text[] "
        "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ "
        "SELECT coalesce(array_agg(area ORDER BY area), '{}'::text[]) "
        f"FROM {SECURITY_SCHEMA}.area_leader_login "
        "WHERE role_name = session_user $$",
    )
    _run(conn, f"ALTER FUNCTION {SECURITY_SCHEMA}.leader_areas() OWNER TO {admin}")
    _run(conn, f"REVOKE ALL ON FUNCTION {SECURITY_SCHEMA}.leader_areas() FROM PUBLIC")
    _run(conn, f"REVOKE ALL ON SCHEMA {SECURITY_SCHEMA} FROM PUBLIC")
    _run(conn, f"GRANT USAGE ON SCHEMA {SECURITY_SCHEMA} TO {ROLES['area_leader']}")
    _run(conn, f"GRANT EXECUTE ON FUNCTION {SECURITY_SCHEMA}.leader_areas() TO {ROLES['area_leader']}")


def _ownership(conn: Connection, objects: SchemaObjects) -> None:
    admin = ROLES["admin"]
    for table in objects.tables:
        _run(conn, f"ALTER TABLE {_ident(objects.schema)}.{_ident(table)} OWNER TO {admin}")
    # Sequences behind serial columns follow their table; standalone ones are moved here.
    for (seq,) in conn.execute(
        text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'S' AND n.nspname = :s AND pg_get_userbyid(c.relowner) <> :admin "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))"
        ),
        {"s": objects.schema, "admin": admin},
    ).all():
        _run(conn, f"ALTER SEQUENCE {_ident(objects.schema)}.{_ident(seq)} OWNER TO {admin}")
    for (signature,) in conn.execute(
        text(
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = :s AND p.proname = :f"
        ),
        {"s": objects.schema, "f": APPEND_ONLY_FUNCTION},
    ).all():
        _run(conn, f"ALTER FUNCTION {signature} OWNER TO {admin}")


def _privileges(conn: Connection, objects: SchemaObjects) -> None:
    s = _ident(objects.schema)
    clerk, auditor, leader, admin = (ROLES[k] for k in ("clerk", "auditor", "area_leader", "admin"))
    _run(conn, f"REVOKE CREATE ON SCHEMA {s} FROM PUBLIC")
    _run(conn, f"GRANT USAGE ON SCHEMA {s} TO {clerk}, {auditor}, {leader}")
    _run(conn, f"GRANT USAGE, CREATE ON SCHEMA {s} TO {admin}")
    # Start from nothing each time, so a table that became append-only loses UPDATE and DELETE.
    _run(conn, f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM PUBLIC, {clerk}, {auditor}, {leader}")
    _run(conn, f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM PUBLIC, {clerk}, {auditor}, {leader}")
    for table in objects.tables:
        qualified = f"{s}.{_ident(table)}"
        if table == "alembic_version":
            clerk_may = "SELECT"
        elif table in PRIVATE_AUDIT_TABLES:
            # SELECT on the entry id only: `audit list` can say which values a purge erased.
            clerk_may = "INSERT, SELECT (audit_entry_id)"
        elif table in objects.append_only:
            clerk_may = "SELECT, INSERT"
        else:
            clerk_may = "SELECT, INSERT, UPDATE, DELETE"
        _run(conn, f"GRANT {clerk_may} ON {qualified} TO {clerk}")
        _run(conn, f"GRANT SELECT ON {qualified} TO {auditor}")
        if table in AREA_TABLES or table in LEADER_READ_TABLES:
            _run(conn, f"GRANT SELECT ON {qualified} TO {leader}")
    if objects.sequences:
        _run(conn, f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {clerk}")
    if "audit_log" in objects.tables:
        # A leader's --reveal is written to the audit log; RETURNING id needs SELECT on that column only.
        _run(conn, f"GRANT INSERT, SELECT (id) ON {s}.audit_log TO {leader}")
        seq = conn.execute(
            text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": f"{objects.schema}.audit_log"}
        )
        seq_name = seq.scalar()
        if seq_name:
            _run(conn, f"GRANT USAGE ON SEQUENCE {seq_name} TO {leader}")


def _row_security(conn: Connection, objects: SchemaObjects) -> None:
    everyone = f"{ROLES['clerk']}, {ROLES['auditor']}"
    for table, condition in AREA_POLICIES.items():
        if table not in objects.tables:
            continue
        qualified = f"{_ident(objects.schema)}.{_ident(table)}"
        _run(conn, f"ALTER TABLE {qualified} ENABLE ROW LEVEL SECURITY")
        _run(conn, f"DROP POLICY IF EXISTS kuangqu_every_row ON {qualified}")
        _run(
            conn,
            f"CREATE POLICY kuangqu_every_row ON {qualified} TO {everyone} USING (true) WITH CHECK (true)",
        )
        _run(conn, f"DROP POLICY IF EXISTS kuangqu_own_area ON {qualified}")
        _run(
            conn,
            f"CREATE POLICY kuangqu_own_area ON {qualified} FOR SELECT TO {ROLES['area_leader']} "
            f"USING ({condition})",
        )


def apply_roles(conn: Connection) -> SchemaObjects:
    """Create or update the four group roles and their privileges from the tables the database holds."""
    _require_postgres(conn)
    objects = discover(conn)
    _create_group_roles(conn)
    _security_schema(conn)
    _ownership(conn, objects)
    _privileges(conn, objects)
    _row_security(conn, objects)
    return objects


def set_login(
    conn: Connection, name: str, role: str, *, areas: list[str] | None = None, password: str | None = None
) -> None:
    """Create or update the login `name` as a member of exactly one kuangqu group role."""
    _require_postgres(conn)
    if role not in ROLES:
        raise RuleViolation("rule.choice", value=role, choices="、".join(ROLES))
    if not _LOGIN_RE.match(name) or name.startswith("kuangqu_"):
        raise RuleViolation("trust.roles_bad_login", name=name)
    areas = [a.strip() for a in (areas or []) if a and a.strip()]
    if role == "area_leader" and not areas:
        raise RuleViolation("trust.roles_area_required")
    if role != "area_leader" and areas:
        raise RuleViolation("trust.roles_area_only_leader")
    existing = conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
    if existing is not None and existing[0]:
        # A superuser bypasses every privilege and row policy: making it a "clerk" would be a lie.
        raise RuleViolation("trust.roles_bad_login", name=name)
    password_clause = f" PASSWORD {_literal(password)}" if password else ""
    verb = "CREATE" if existing is None else "ALTER"
    _run(conn, f"{verb} ROLE {_ident(name)} LOGIN{password_clause}")
    for other in ROLES.values():
        if other != ROLES[role]:
            _run(conn, f"REVOKE {other} FROM {_ident(name)}")
    _run(conn, f"GRANT {ROLES[role]} TO {_ident(name)}")
    if role == "admin":
        _run(conn, f"ALTER ROLE {_ident(name)} SET role = {ROLES['admin']}")
    else:
        _run(conn, f"ALTER ROLE {_ident(name)} RESET role")
    conn.execute(text(f"DELETE FROM {SECURITY_SCHEMA}.area_leader_login WHERE role_name = :n"), {"n": name})
    for area in areas:
        conn.execute(
            text(f"INSERT INTO {SECURITY_SCHEMA}.area_leader_login (role_name, area) VALUES (:n, :a)"),
            {"n": name, "a": area},
        )


def role_matrix(conn: Connection) -> list[dict[str, Any]]:
    """What each group role may do, read back from the database's own privilege tables."""
    from kuangqu.i18n import t

    objects = discover(conn)
    rows: list[dict[str, Any]] = []
    for key, role in ROLES.items():
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
        read: list[str] = []
        write: list[str] = []
        insert_only: list[str] = []
        for table in objects.tables:
            if not exists:
                break
            qualified = f"{_ident(objects.schema)}.{_ident(table)}"
            may = conn.execute(
                text(
                    "SELECT has_table_privilege(:r, :t, 'SELECT'), has_table_privilege(:r, :t, 'INSERT'), "
                    "has_table_privilege(:r, :t, 'UPDATE'), has_table_privilege(:r, :t, 'DELETE')"
                ),
                {"r": role, "t": qualified},
            ).one()
            if may[0]:
                read.append(table)
            if may[2] or may[3]:
                write.append(table)
            elif may[1]:
                insert_only.append(table)
        logins = (
            [
                r[0]
                for r in conn.execute(
                    text(
                        "SELECT m.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
                        "JOIN pg_roles m ON m.oid = a.member WHERE g.rolname = :r ORDER BY m.rolname"
                    ),
                    {"r": role},
                )
            ]
            if exists
            else []
        )
        if key == "area_leader":
            query = text(f"SELECT area FROM {SECURITY_SCHEMA}.area_leader_login WHERE role_name = ANY (:l)")
            areas = sorted({r[0] for r in conn.execute(query, {"l": logins})}) if logins else []
            rows_scope = t("trust.scope.own_area", areas="、".join(areas) or "—")
        else:
            rows_scope = t("trust.scope.every_row")
        rows.append(
            {
                "role": role,
                "description": t(f"trust.role.{key}"),
                "read": read,
                "write": write,
                "insert_only": insert_only,
                "rows": rows_scope,
                "logins": logins,
                "all_tables": objects.tables,
            }
        )
    return rows
