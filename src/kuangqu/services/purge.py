"""Retention (PIPL Art. 47): erase the personal data of people whose records are past the retention period.

A person is due when they died (the last possible day of a partial date of death) or
moved out (the last change to their record, a conservative stand-in for the move) more
than the retention period ago (KUANGQU_RETENTION_YEARS, default 10). A household member
is due when they were removed from the household that long ago, or when they are the
household copy of a due person. Erasing keeps the row and its id — the benefit ledger,
payments and petitions reference it, and their hash chains and totals stay intact — but
replaces the name by a pseudonym (已清除-000123), the ID number by a unique token that
can never be a valid ID (P00000000000000123), coarsens the birth date to its year and
removes phone, address, ethnicity, family situation, photo, remarks and extra columns;
members lose name, ID, birth date, health, disability, schooling, work and income.
Category, sex, dates of work, retirement and death, area and unit stay for the records.

On SQLite the erasing transaction runs with `PRAGMA secure_delete = ON` (freed pages are
zeroed) and `vacuum` afterwards rewrites the file, so the old values leave the file and
its WAL. The purge is audited with counts and ids, never the erased values.

The audit log never held these values in clear (services.audit keeps them masked there and
the real ones in `audit_private`); the purge deletes the private audit rows about the erased
people — their own entries, their household members' entries as members, and the entries on
the households they headed (facts, visits, relief) — in the same transaction.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.db import Database
from kuangqu.errors import RuleViolation
from kuangqu.models.registry import Household, HouseholdMember, Retiree
from kuangqu.services import audit

DEFAULT_RETENTION_YEARS = 10
PURGED_PREFIX = "已清除-"
TOKEN_PREFIX = "P"

# The fields erased on a person, and on a household member (set to None unless listed elsewhere).
RETIREE_ERASED = (
    "id_number_original", "ethnicity", "address", "phone", "family_situation", "photo_path", "remarks",
    "extra",
)  # fmt: skip
MEMBER_ERASED = (
    "id_number", "id_number_original", "birth_date", "health", "disability_grade", "schooling", "work_status",
    "monthly_income_fen",
)  # fmt: skip


def retention_years() -> int:
    raw = os.environ.get("KUANGQU_RETENTION_YEARS")
    return int(raw) if raw and raw.strip().isdigit() else DEFAULT_RETENTION_YEARS


def cutoff_for(today: date, years: int) -> date:
    """The day `years` before `today` (29 February → the 28th): records ending before it are due."""
    if years < 1:
        raise RuleViolation("trust.purge_years_invalid", years=years)
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def pseudonym(retiree_id: int) -> str:
    return f"{PURGED_PREFIX}{retiree_id:06d}"


def member_pseudonym(member_id: int) -> str:
    return f"{PURGED_PREFIX}M{member_id:06d}"


def id_token(retiree_id: int) -> str:
    """18 characters, unique per person, and never a valid resident ID (it starts with a letter)."""
    return f"{TOKEN_PREFIX}{retiree_id:017d}"


def is_purged(person: Retiree) -> bool:
    return person.name.startswith(PURGED_PREFIX) and person.id_number.startswith(TOKEN_PREFIX)


@dataclass
class Due:
    """One record past the retention period: why, and since when."""

    kind: str  # "retiree" | "member"
    id: int
    name: str
    reason: str  # "deceased" | "moved" | "member_removed"
    since: date
    household_id: int | None = None


@dataclass
class Plan:
    years: int
    cutoff: date
    retirees: list[Due] = field(default_factory=list)
    members: list[Due] = field(default_factory=list)


@dataclass
class Result:
    retirees: int
    members: int
    photos: list[str]
    audit_private: int = 0  # audit entries whose private values were erased


def _since(person: Retiree) -> tuple[str, date] | None:
    if person.status == "deceased":
        if person.died_on is not None:
            return "deceased", person.died_on.last_day()
        return "deceased", person.updated_at.date()
    if person.status == "moved":
        # The roster has no move-out date; its last change is never earlier than the move.
        return "moved", person.updated_at.date()
    return None


def plan(session: Session, *, years: int | None = None, today: date | None = None) -> Plan:
    """Who is past the retention period (nothing is written)."""
    years = retention_years() if years is None else years
    today = today or date.today()
    result = Plan(years=years, cutoff=cutoff_for(today, years))
    due_ids: set[int] = set()
    candidates = session.scalars(
        select(Retiree).where(Retiree.status.in_(("deceased", "moved"))).order_by(Retiree.id)  # type: ignore[attr-defined]
    )
    for person in candidates:
        since = _since(person)
        if since is None or is_purged(person) or not since[1] < result.cutoff:
            continue
        assert person.id is not None
        due_ids.add(person.id)
        result.retirees.append(Due("retiree", person.id, person.name, since[0], since[1]))
    members = session.scalars(select(HouseholdMember).order_by(HouseholdMember.id))  # type: ignore[arg-type]
    for member in members:
        if member.name.startswith(PURGED_PREFIX):
            continue
        assert member.id is not None
        if member.retiree_id in due_ids:
            owner = next(d for d in result.retirees if d.id == member.retiree_id)
            result.members.append(
                Due("member", member.id, member.name, owner.reason, owner.since, member.household_id)
            )
        elif member.removed_on is not None and member.removed_on < result.cutoff:
            result.members.append(
                Due(
                    "member", member.id, member.name, "member_removed", member.removed_on, member.household_id
                )
            )
    return result


def purge(session: Session, due: Plan) -> Result:
    """Erase the personal fields of everything in `due`, in the caller's transaction, and audit the counts.

    Returns the photo files (relative to the data folder) to delete once the transaction commits.
    """
    if session.get_bind().dialect.name == "sqlite":
        # Freed pages are overwritten with zeros, so erased values do not linger in free space.
        session.connection().exec_driver_sql("PRAGMA secure_delete = ON")
    now = datetime.now(UTC)
    photos: list[str] = []
    for item in due.retirees:
        person = session.get(Retiree, item.id)
        if person is None:
            continue
        if person.photo_path:
            photos.append(person.photo_path)
        person.name = pseudonym(item.id)
        person.name_pinyin = ""
        person.name_initials = ""
        person.id_number = id_token(item.id)
        person.birth_date = date(person.birth_date.year, 1, 1)
        for name in RETIREE_ERASED:
            setattr(person, name, None)
        person.updated_at = now
    for item in due.members:
        member = session.get(HouseholdMember, item.id)
        if member is None:
            continue
        member.name = member_pseudonym(item.id)
        for name in MEMBER_ERASED:
            setattr(member, name, None)
    session.flush()
    retiree_ids = [d.id for d in due.retirees]
    households = (
        list(session.scalars(select(Household.id).where(Household.head_id.in_(retiree_ids))))  # type: ignore[attr-defined]
        if retiree_ids
        else []
    )
    erased_audit = audit.erase_private(
        session, retiree_ids=retiree_ids, member_ids=[d.id for d in due.members], household_ids=households
    )
    details: dict[str, Any] = {
        "retirees": len(due.retirees),
        "members": len(due.members),
        "years": due.years,
        "cutoff": due.cutoff.isoformat(),
        "retiree_ids": [d.id for d in due.retirees],
        "member_ids": [d.id for d in due.members],
        "audit_private": erased_audit,
    }
    audit.record(session, "retiree.purge", "retiree", None, new=details, reason="PIPL Art. 47")
    return Result(len(due.retirees), len(due.members), photos, erased_audit)


def compact(database: Database) -> bool:
    """Rewrite the SQLite file so erased values leave it (VACUUM, then truncate the WAL); PostgreSQL: VACUUM.

    Runs outside any transaction, after the purge has committed. Returns whether it ran.
    """
    if database.is_sqlite:
        raw = database.engine.raw_connection()
        try:
            conn = raw.driver_connection
            conn.execute("PRAGMA secure_delete = ON")  # type: ignore[union-attr]
            conn.execute("VACUUM")  # type: ignore[union-attr]
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        finally:
            raw.close()
        return True
    if database.is_postgres:
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            # Only the tables' owner may vacuum them; PostgreSQL skips the rest with a warning.
            conn.exec_driver_sql("VACUUM retiree, household_member, audit_private")
        return True
    return False
