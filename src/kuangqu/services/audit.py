"""Writing and reading the audit log. Values are masked before they are stored."""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.models.audit import AuditEntry
from kuangqu.rules.masking import mask_value


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
    """Append one audit entry; operator and command come from the session's info."""
    entry = AuditEntry(
        operator=str(session.info.get("operator") or default_operator()),
        command=str(session.info.get("command") or "")[:200],
        action=action,
        entity=entity,
        entity_id=entity_id,
        old_values=masked(old),
        new_values=masked(new),
        reason=reason,
    )
    session.add(entry)
    session.flush()
    return entry


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
