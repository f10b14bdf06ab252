"""The registry tables: retirees (the roster), households and their members, grid leaders."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, text
from sqlmodel import Field, SQLModel

from kuangqu.models.base import CodeList, PartialDateType, utcnow
from kuangqu.rules.dates import PartialDate


class Retiree(SQLModel, table=True):
    """One person on the office's roll (离休 / 退休 / 退职 / 遗属): a row of the registration sheet."""

    __tablename__ = "retiree"
    __table_args__ = (
        Index("ix_retiree_grid", "area", "building", "work_group"),
        Index("ix_retiree_status_category", "status", "category"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=50)
    name_pinyin: str = Field(default="", max_length=300, index=True)
    name_initials: str = Field(default="", max_length=60, index=True)
    id_number: str = Field(max_length=18, unique=True)
    id_number_original: str | None = Field(default=None, max_length=15)
    sex: str = Field(max_length=8)
    birth_date: date
    ethnicity: str | None = Field(default=None, max_length=20)
    category: str = Field(max_length=16)
    work_start: PartialDate | None = Field(default=None, sa_type=PartialDateType)
    retired_on: PartialDate | None = Field(default=None, sa_type=PartialDateType)
    former_unit: str | None = Field(default=None, max_length=100)
    position: str | None = Field(default=None, max_length=100)
    address: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=20)
    family_situation: str | None = Field(default=None, max_length=500)
    photo_path: str | None = Field(default=None, max_length=300)
    status: str = Field(default="active", max_length=16)
    died_on: PartialDate | None = Field(default=None, sa_type=PartialDateType)
    area: str | None = Field(default=None, max_length=50, index=True)
    building: str | None = Field(default=None, max_length=50)
    work_group: str | None = Field(default=None, max_length=50)
    remarks: str | None = Field(default=None, max_length=2000)
    # Values from spreadsheet columns kuangqu does not know: kept, never silently dropped.
    extra: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    model_config = {"arbitrary_types_allowed": True}  # type: ignore[assignment]


class Household(SQLModel, table=True):
    """A household (户): the unit relief is assessed and paid for, headed by a person on the roll."""

    __tablename__ = "household"

    id: int | None = Field(default=None, primary_key=True)
    household_no: str | None = Field(default=None, max_length=30, unique=True)
    head_id: int = Field(foreign_key="retiree.id", unique=True)
    kind: str = Field(default="retiree", max_length=16)
    # None means "not known yet": relief assessment reports it missing instead of guessing zero.
    annual_rigid_expenses_fen: int | None = Field(default=None, sa_type=BigInteger)
    causes: list[str] = Field(default_factory=list, sa_column=Column(CodeList, nullable=False))
    exclusions: list[str] = Field(default_factory=list, sa_column=Column(CodeList, nullable=False))
    facts_recorded: bool = Field(default=False)
    key_support: bool = Field(default=False)
    visit_interval_days: int | None = Field(default=None)
    remarks: str | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class HouseholdMember(SQLModel, table=True):
    """A member of a household, with what relief assessment needs: relation, health, income."""

    __tablename__ = "household_member"
    __table_args__ = (
        Index("ix_member_household", "household_id", "removed_on"),
        # One person belongs to one household at a time; removed members keep their history.
        Index(
            "uq_member_active_id_number",
            "id_number",
            unique=True,
            sqlite_where=text("removed_on IS NULL"),
            postgresql_where=text("removed_on IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id")
    retiree_id: int | None = Field(default=None, foreign_key="retiree.id", index=True)
    name: str = Field(max_length=50)
    id_number: str | None = Field(default=None, max_length=18)
    id_number_original: str | None = Field(default=None, max_length=15)
    sex: str | None = Field(default=None, max_length=8)
    birth_date: date | None = None
    relation: str = Field(max_length=16)
    health: str | None = Field(default=None, max_length=16)
    disability_grade: int | None = Field(default=None, ge=1, le=4)
    schooling: str | None = Field(default=None, max_length=20)
    work_status: str | None = Field(default=None, max_length=20)
    monthly_income_fen: int | None = Field(default=None, sa_type=BigInteger)
    removed_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)


class GridLeader(SQLModel, table=True):
    """A leader of the grid (三长合一): 片长 of an area, 楼长 of a building, 工作组长 of a work group.

    `unit` is the area name, "area/building" for a building (building numbers repeat across
    areas), or the work group name.
    """

    __tablename__ = "grid_leader"
    __table_args__ = (Index("ix_grid_leader_unit", "level", "unit", "ended_on"),)

    id: int | None = Field(default=None, primary_key=True)
    level: str = Field(max_length=16)
    unit: str = Field(max_length=110)
    name: str = Field(max_length=50)
    phone: str | None = Field(default=None, max_length=20)
    position: str | None = Field(default=None, max_length=100)
    retiree_id: int | None = Field(default=None, foreign_key="retiree.id")
    assigned_on: date
    ended_on: date | None = None
