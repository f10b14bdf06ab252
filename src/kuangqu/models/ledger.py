"""The benefit ledger's tables: entries (append-only, hash-chained per retiree), corrections and
their inquiries, yearly adjustment batches, and retired cadres' newspaper subscriptions.

Each retiree's entries form one chain ordered by `seq` (1, 2, 3 …), never by time: the clock may
go backwards. `(retiree_id, seq)` is unique, so two writers can never both append the same link;
the service also locks the retiree's row (FOR UPDATE on PostgreSQL) so the second one waits.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from kuangqu.models.base import PartialDateType, utcnow
from kuangqu.rules.dates import PartialDate


class AdjustmentBatch(SQLModel, table=True):
    """One yearly increase applied to everyone it concerns, with the rule file it was computed from."""

    __tablename__ = "adjustment_batch"

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    effective: PartialDate = Field(sa_type=PartialDateType)
    rule_name: str | None = Field(default=None, max_length=200)
    rule_text: str = Field(sa_column=Column(Text, nullable=False))
    people: int = 0
    total_increase_fen: int = Field(default=0, sa_type=BigInteger)
    operator: str = Field(default="", max_length=100)
    created_at: datetime = Field(default_factory=utcnow)
    # Reversing a batch writes a reversing entry for each of its entries; these only say it was done.
    reversed_at: datetime | None = None
    reversal_reason: str | None = Field(default=None, max_length=500)

    model_config = {"arbitrary_types_allowed": True}  # type: ignore[assignment]


class Correction(SQLModel, table=True):
    """A benefit problem found in a review (纠错): found → investigating → corrected → answered / no_error."""

    __tablename__ = "correction"
    __table_args__ = (Index("ix_correction_status", "status", "found_on"),)

    id: int | None = Field(default=None, primary_key=True)
    retiree_id: int = Field(foreign_key="retiree.id", index=True)
    problem: str = Field(max_length=2000)
    source: str | None = Field(default=None, max_length=100)
    found_on: date
    status: str = Field(default="found", max_length=16)
    finding: str | None = Field(default=None, max_length=2000)
    corrected_on: date | None = None
    paid_through: PartialDate | None = Field(default=None, sa_type=PartialDateType)
    arrears_fen: int | None = Field(default=None, sa_type=BigInteger)
    # Month-by-month lines as computed when the correction was made: [{month, component, paid_fen, due_fen}].
    arrears_detail: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    answer: str | None = Field(default=None, max_length=4000)
    answer_document: str | None = Field(default=None, max_length=100)
    answered_on: date | None = None
    closed_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    model_config = {"arbitrary_types_allowed": True}  # type: ignore[assignment]


class Inquiry(SQLModel, table=True):
    """An inquiry sent elsewhere for a correction (外调): where, when, and the reply."""

    __tablename__ = "correction_inquiry"

    id: int | None = Field(default=None, primary_key=True)
    correction_id: int = Field(foreign_key="correction.id", index=True)
    place: str = Field(max_length=100)
    matter: str | None = Field(default=None, max_length=1000)
    method: str | None = Field(default=None, max_length=20)
    document: str | None = Field(default=None, max_length=100)
    sent_on: date
    reply: str | None = Field(default=None, max_length=2000)
    replied_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)


class LedgerEntry(SQLModel, table=True):
    """One dated benefit entry; never updated or deleted (triggers refuse it), corrected by reversal."""

    __tablename__ = "ledger_entry"
    __table_args__ = (
        UniqueConstraint("retiree_id", "seq", name="uq_ledger_entry_retiree_seq"),
        Index("ix_ledger_entry_effective", "effective"),
        # An entry is reversed at most once; the database holds that line too.
        Index("uq_ledger_entry_reverses", "reverses_id", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    retiree_id: int = Field(foreign_key="retiree.id")
    seq: int
    effective: PartialDate = Field(sa_type=PartialDateType)
    component: str = Field(max_length=32)
    amount_fen: int = Field(sa_type=BigInteger)
    reason: str = Field(max_length=500)
    document: str | None = Field(default=None, max_length=100)
    reverses_id: int | None = Field(default=None, foreign_key="ledger_entry.id")
    batch_id: int | None = Field(default=None, foreign_key="adjustment_batch.id", index=True)
    correction_id: int | None = Field(default=None, foreign_key="correction.id", index=True)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    recorded_at: datetime = Field(default_factory=utcnow)
    operator: str = Field(default="", max_length=100)

    model_config = {"arbitrary_types_allowed": True}  # type: ignore[assignment]

    def content(self) -> dict[str, Any]:
        """The fields the hash covers (see rules.ledger.HASHED_FIELDS)."""
        from kuangqu.rules.ledger import HASHED_FIELDS

        return {name: getattr(self, name) for name in HASHED_FIELDS}


class NewspaperSubscription(SQLModel, table=True):
    """A paper or magazine a retired cadre receives in a year (离退休干部订阅报刊)."""

    __tablename__ = "newspaper_subscription"
    __table_args__ = (UniqueConstraint("retiree_id", "year", "paper", name="uq_newspaper_subscription"),)

    id: int | None = Field(default=None, primary_key=True)
    retiree_id: int = Field(foreign_key="retiree.id", index=True)
    year: int = Field(index=True)
    paper: str = Field(max_length=32)
    copies: int = 1
    remarks: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
