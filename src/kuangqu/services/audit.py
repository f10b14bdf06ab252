"""Writing and reading the audit log. Values are masked before they are stored.

A person's values (rules.masking.is_personal: names, IDs, phones, addresses, family and
hardship facts, notes, petition texts …) go to the append-only log masked ("王**", "***");
their real values go to `audit_private` (one row per entry, with whom they are about), which
only a retention purge deletes (`erase_private`). The log itself never holds them in clear,
so a purge can erase a person without rewriting history.

`reason=` is typed by clerks and stays in the log in clear (auditors read it by default), but
ID numbers, phone numbers and the names of the people the entry is about are masked in it
(rules.masking.scrub_text): a reason is a justification, not a place for personal data.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from kuangqu.models.audit import AuditEntry, AuditPrivate
from kuangqu.rules.masking import is_person_name, is_personal, mask_personal, mask_value, scrub_text


def default_operator() -> str:
    try:
        return os.environ.get("KUANGQU_OPERATOR") or getpass.getuser()
    except Exception:  # getuser raises when no user name can be found (containers)
        return "unknown"


def jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    return str(value)


def masked(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {
        k: (mask_value(k, v) if v is not None else None)
        for k, v in ((k, jsonable(v)) for k, v in values.items())
    }


def split(
    entity: str, values: Mapping[str, Any] | None
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(what the log keeps, the personal values kept apart) — the second is None when there are none."""
    if values is None:
        return None, None
    kept: dict[str, Any] = {}
    private: dict[str, Any] = {}
    for key, raw in values.items():
        value = jsonable(raw)
        if value is None:
            kept[key] = None
        elif is_personal(entity, key):
            kept[key] = mask_personal(entity, key, value)
            private[key] = value
        else:
            kept[key] = mask_value(key, value)
    return kept, (private or None)


# Entities whose row says whom it is about through one more row (an objection → its application).
_PARENTS = {"application_id": "relief_application", "correction_id": "correction", "petition_id": "petition"}


def _table_class(name: str) -> Any:
    from sqlmodel import SQLModel

    for mapper in SQLModel._sa_registry.mappers:  # type: ignore[attr-defined]
        if getattr(mapper.local_table, "name", None) == name:
            return mapper.class_
    return None


def _row(session: Session, table: str, row_id: Any) -> Any:
    cls = _table_class(table)
    if cls is None or not isinstance(row_id, int):
        return None
    return session.get(cls, row_id)


def subject(
    session: Session, entity: str, entity_id: int | None, *values: Mapping[str, Any] | None
) -> dict[str, int | None]:
    """Whom an entry is about: retiree, household and household member ids (for the purge)."""
    found: dict[str, int | None] = {"retiree_id": None, "household_id": None, "member_id": None}
    for mapping in values:
        for key in ("retiree_id", "household_id"):
            value = (mapping or {}).get(key)
            if found[key] is None and isinstance(value, int) and not isinstance(value, bool):
                found[key] = value
    if entity == "retiree":
        found["retiree_id"] = entity_id
    elif entity == "household":
        found["household_id"] = entity_id
    elif entity == "household_member":
        found["member_id"] = entity_id
    row = _row(session, entity, entity_id) if entity_id is not None else None
    for _ in range(2):  # the row itself, then the row it belongs to
        if row is None:
            break
        for key in ("retiree_id", "household_id"):
            value = getattr(row, key, None)
            if found[key] is None and isinstance(value, int):
                found[key] = value
        parent = next((p for p in _PARENTS if getattr(row, p, None) is not None), None)
        row = _row(session, _PARENTS[parent], getattr(row, parent)) if parent else None
    return found


def _names(
    session: Session, entity: str, entity_id: int | None, *values: Mapping[str, Any] | None
) -> list[str]:
    """The names a reason may mention: the entry's own name values and the person it is about."""
    from kuangqu.models.registry import Household, HouseholdMember, Retiree

    names = [
        str(v) for mapping in values for k, v in (mapping or {}).items() if v and is_person_name(entity, k)
    ]
    person: Any = None
    if entity_id is not None and entity in ("retiree", "household", "household_member"):
        if entity == "household":
            household = session.get(Household, entity_id)
            person = session.get(Retiree, household.head_id) if household is not None else None
        else:
            person = session.get(Retiree if entity == "retiree" else HouseholdMember, entity_id)
    else:
        retiree_id = next((m.get("retiree_id") for m in values if m and m.get("retiree_id")), None)
        if isinstance(retiree_id, int) and not isinstance(retiree_id, bool):
            person = session.get(Retiree, retiree_id)
    if person is not None and person.name:
        names.append(person.name)
    return names


def record(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    *,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    reason: str | None = None,
) -> AuditEntry:
    """Append one audit entry; operator and command come from the session's info.

    Personal values go to the entry masked and to `audit_private` in clear; the reason is
    stored with ID numbers, phones and the names of the people concerned masked.
    """
    old_kept, old_private = split(entity, old)
    new_kept, new_private = split(entity, new)
    if reason:
        reason = scrub_text(reason, _names(session, entity, entity_id, old, new))
    entry = AuditEntry(
        operator=str(session.info.get("operator") or default_operator()),
        command=str(session.info.get("command") or "")[:200],
        action=action,
        entity=entity,
        entity_id=entity_id,
        old_values=old_kept,
        new_values=new_kept,
        reason=reason,
        has_private=bool(old_private or new_private),
    )
    session.add(entry)
    session.flush()
    if entry.has_private:
        assert entry.id is not None
        about = subject(session, entity, entity_id, old, new)
        session.add(
            AuditPrivate(audit_entry_id=entry.id, old_values=old_private, new_values=new_private, **about)
        )
        session.flush()
    return entry


def private_values(session: Session, entries: list[AuditEntry]) -> dict[int, AuditPrivate]:
    """The personal values of `entries` that are still kept (a purge deletes them), by entry id."""
    ids = [e.id for e in entries if e.has_private and e.id is not None]
    if not ids:
        return {}
    rows = session.scalars(select(AuditPrivate).where(AuditPrivate.audit_entry_id.in_(ids)))  # type: ignore[attr-defined]
    return {row.audit_entry_id: row for row in rows}


def kept_private(session: Session, entries: list[AuditEntry]) -> set[int]:
    """Which of `entries` still have their personal values kept (reads only the ids, not the values)."""
    ids = [e.id for e in entries if e.has_private and e.id is not None]
    if not ids:
        return set()
    query = select(AuditPrivate.audit_entry_id).where(AuditPrivate.audit_entry_id.in_(ids))  # type: ignore[attr-defined]
    return set(session.scalars(query))


def erase_private(
    session: Session,
    *,
    retiree_ids: Sequence[int],
    member_ids: Sequence[int],
    household_ids: Sequence[int] = (),
) -> int:
    """Delete the personal values the audit log kept about these people (a purge); returns how many entries.

    `household_ids`: households whose own entries (facts, visits, relief) go too — not their
    members' entries, which are about the members.
    """
    conditions = []
    if retiree_ids:
        conditions.append(AuditPrivate.retiree_id.in_(retiree_ids))  # type: ignore[union-attr]
    if member_ids:
        conditions.append(AuditPrivate.member_id.in_(member_ids))  # type: ignore[union-attr]
    if household_ids:
        conditions.append(
            AuditPrivate.household_id.in_(household_ids) & AuditPrivate.member_id.is_(None)  # type: ignore[union-attr]
        )
    if not conditions:
        return 0
    result = session.execute(delete(AuditPrivate).where(or_(*conditions)))
    session.flush()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def list_entries(
    session: Session,
    *,
    entity: str | None = None,
    entity_id: int | None = None,
    operator: str | None = None,
    action: str | None = None,
    limit: int = 100,
) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)  # type: ignore[union-attr]
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if entity_id is not None:
        query = query.where(AuditEntry.entity_id == entity_id)
    if operator:
        query = query.where(AuditEntry.operator == operator)
    if action:
        query = query.where(AuditEntry.action.startswith(action))  # type: ignore[attr-defined]
    return list(session.scalars(query))
