"""Relief tables: standard versions, recorded assessments, applications with their review events
and objections, the append-only payments, and assistance pairs (帮扶对子).

Payments are never edited: a mistake is a new negative row pointing at the original. The key
(household, kind, period, attempt) of non-reversal rows is unique in the database, so two pay
runs racing on PostgreSQL cannot pay the same household twice for the same month or festival.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, Text, text
from sqlmodel import Field, SQLModel

from kuangqu.models.base import utcnow


class ReliefStandard(SQLModel, table=True):
    """One loaded version of the relief standard, with the TOML text exactly as the office wrote it."""

    __tablename__ = "relief_standard"

    id: int | None = Field(default=None, primary_key=True)
    version: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200)
    effective_from: date = Field(index=True)
    dibao_monthly_fen: int = Field(sa_type=BigInteger)
    source_text: str = Field(sa_column=Column(Text, nullable=False))
    source_sha256: str = Field(max_length=64)
    source_name: str | None = Field(default=None, max_length=300)
    loaded_at: datetime = Field(default_factory=utcnow)


class ReliefAssessment(SQLModel, table=True):
    """A recorded tier placement: the numbers and the standard version it used, frozen as they were."""

    __tablename__ = "relief_assessment"
    __table_args__ = (Index("ix_relief_assessment_household", "household_id", "as_of"),)

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id")
    standard_id: int = Field(foreign_key="relief_standard.id")
    as_of: date
    status: str = Field(max_length=16)
    tier: str | None = Field(default=None, max_length=16)
    per_capita_income_fen: int | None = Field(default=None, sa_type=BigInteger)
    snapshot: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    recorded_at: datetime = Field(default_factory=utcnow)


class ReliefApplication(SQLModel, table=True):
    """An application for daily (日常) or temporary (临时) relief, moving through review to a decision."""

    __tablename__ = "relief_application"
    __table_args__ = (Index("ix_relief_application_household", "household_id", "kind", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id")
    kind: str = Field(max_length=16)
    status: str = Field(max_length=16, index=True)
    applied_on: date
    reason: str | None = Field(default=None, max_length=1000)
    requested_amount_fen: int | None = Field(default=None, sa_type=BigInteger)
    approved_amount_fen: int | None = Field(default=None, sa_type=BigInteger)
    reviewed_on: date | None = None
    # The home visit is another capability's record: cited by reference, not a foreign key.
    visit_ref: str | None = Field(default=None, max_length=200)
    visit_on: date | None = None
    notice_from: date | None = None
    notice_days: int | None = None
    decided_on: date | None = None
    decision_reason: str | None = Field(default=None, max_length=1000)
    assessment_id: int | None = Field(default=None, foreign_key="relief_assessment.id")
    standard_id: int | None = Field(default=None, foreign_key="relief_standard.id")
    tier: str | None = Field(default=None, max_length=16)
    next_review_on: date | None = None
    closed_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ReliefApplicationEvent(SQLModel, table=True):
    """One step of an application's history (applied, reviewed, notice, objection, decision). Append-only."""

    __tablename__ = "relief_application_event"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="relief_application.id", index=True)
    action: str = Field(max_length=30)
    on_date: date
    status: str = Field(max_length=16)
    note: str | None = Field(default=None, max_length=1000)
    visit_ref: str | None = Field(default=None, max_length=200)
    visit_on: date | None = None
    operator: str = Field(default="", max_length=100)
    at: datetime = Field(default_factory=utcnow)


class ReliefObjection(SQLModel, table=True):
    """An objection raised during the public notice (公示), and how it was settled."""

    __tablename__ = "relief_objection"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="relief_application.id", index=True)
    received_on: date
    objector: str | None = Field(default=None, max_length=100)
    content: str = Field(max_length=2000)
    resolution: str | None = Field(default=None, max_length=2000)
    upheld: bool | None = None
    resolved_on: date | None = None


class ReliefPayment(SQLModel, table=True):
    """One relief payment (or the reversal of one, with a negative amount). Append-only."""

    __tablename__ = "relief_payment"
    __table_args__ = (
        # Paying the same household, kind and period twice is impossible, even for two concurrent runs.
        Index(
            "uq_relief_payment_key",
            "household_id",
            "kind",
            "period",
            "attempt",
            unique=True,
            sqlite_where=text("reversal_of IS NULL"),
            postgresql_where=text("reversal_of IS NULL"),
        ),
        Index("ix_relief_payment_paid_on", "paid_on", "kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", index=True)
    kind: str = Field(max_length=16)
    period: str = Field(max_length=40)
    # 0 for the first payment of a key; a payment made again after a reversal takes the next number.
    attempt: int = Field(default=0)
    amount_fen: int = Field(sa_type=BigInteger)
    tier: str | None = Field(default=None, max_length=16)
    application_id: int | None = Field(default=None, foreign_key="relief_application.id", index=True)
    standard_id: int | None = Field(default=None, foreign_key="relief_standard.id")
    paid_on: date
    reversal_of: int | None = Field(default=None, foreign_key="relief_payment.id", unique=True)
    reason: str | None = Field(default=None, max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)


class ReliefPair(SQLModel, table=True):
    """An assistance pair (帮扶对子): a cadre answering for one household (leaders: 包户到人)."""

    __tablename__ = "relief_pair"
    __table_args__ = (
        Index(
            "uq_relief_pair_active_household",
            "household_id",
            unique=True,
            sqlite_where=text("ended_on IS NULL"),
            postgresql_where=text("ended_on IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id")
    cadre_name: str = Field(max_length=50, index=True)
    position: str | None = Field(default=None, max_length=100)
    phone: str | None = Field(default=None, max_length=20)
    leader: bool = Field(default=False)
    started_on: date
    ended_on: date | None = None
    end_reason: str | None = Field(default=None, max_length=1000)
