"""The append-only audit log: every write and every `--reveal`, with operator and masked values.

A person's values (rules.masking.is_personal) never enter the append-only log in clear: the entry
holds their masked form and `has_private`, the real values go to `audit_private`, one row per
entry, which a retention purge deletes (PIPL Art. 47). Clerks may only insert into it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, false
from sqlmodel import Field, SQLModel

from kuangqu.models.base import utcnow


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    operator: str = Field(max_length=100)
    command: str = Field(default="", max_length=200)
    action: str = Field(max_length=60)
    entity: str = Field(max_length=40)
    entity_id: int | None = None
    old_values: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    new_values: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    reason: str | None = Field(default=None, max_length=1000)
    # The entry's personal values are in audit_private (or were, until a purge erased them).
    has_private: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class AuditPrivate(SQLModel, table=True):
    """The real personal values of one audit entry, and whom they are about (for the purge)."""

    __tablename__ = "audit_private"

    audit_entry_id: int = Field(
        sa_column=Column(Integer, ForeignKey("audit_log.id"), primary_key=True, autoincrement=False)
    )
    retiree_id: int | None = Field(default=None, index=True)
    household_id: int | None = Field(default=None, index=True)
    member_id: int | None = Field(default=None, index=True)
    old_values: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    new_values: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
