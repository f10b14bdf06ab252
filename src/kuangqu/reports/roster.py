"""Read-side queries of the roster for exports: the registration sheet's rows, the areas offered in
drop-downs, and the roster's changes (new, died, moved) by month.

`roster_rows` streams the sheet in one Core select (no ORM objects: 100k people must not become
100k Retiree instances), already in display form — labels in Chinese as the office types them,
partial dates as stored; unless `reveal`, the ID and phone are masked and the birth date shows
its year only. Changes of a month: *new* = records
created in that month; *died* = a death date (month precision or better) in that month; *moved* =
an audited change of status to 迁出 made in that month (the audit log is the only history of a
status). Months are calendar months of the local time zone.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from kuangqu.i18n import t
from kuangqu.models.audit import AuditEntry
from kuangqu.models.enums import Category, Sex, Status
from kuangqu.models.registry import GridLeader, Retiree
from kuangqu.render import Column, Report
from kuangqu.rules.masking import mask_id, mask_phone
from kuangqu.services.retirees import RosterFilter, roster_query

# The registration sheet's fields, in the office's column order (序号 comes first, from the row count).
ROSTER_FIELDS = (
    "name", "sex", "id_number", "birth_date", "ethnicity", "category", "work_start", "retired_on",
    "former_unit", "position", "address", "phone", "family_situation", "area", "building", "work_group",
    "status", "died_on", "remarks",
)  # fmt: skip
CHANGE_KEYS = ("roster_new", "roster_died", "roster_moved")

_T = Retiree.__table__.c  # type: ignore[attr-defined]
_SEX = Sex.labels()
_CATEGORY = Category.labels()
_STATUS = Status.labels()


@dataclass
class RosterRows:
    """The rows of a roster export: how many, the extra columns' headers, and the rows themselves
    (a tuple per person: ROSTER_FIELDS' values, then one value per extra column)."""

    count: int
    extra_keys: list[str]
    rows: Iterator[tuple[Any, ...]]


def _as_text(column: Any) -> Any:
    # Partial dates and JSON are wanted as their stored text: skipping the type's parsing keeps
    # 100k rows cheap, and the ISO text is what the sheet shows anyway.
    return type_coerce(column, String)


def _extra_dict(raw: Any) -> dict[str, Any] | None:
    if raw is None or raw == "null":
        return None
    if isinstance(raw, str):
        raw = json.loads(raw)
    return raw if isinstance(raw, dict) and raw else None


def _year_month(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}"
    return str(value)[:7]


def roster_rows(session: Session, flt: RosterFilter, *, reveal: bool = False) -> RosterRows:
    """The registration sheet for `flt`, ordered by internal number (the order people were registered)."""
    base = roster_query(flt)
    count = int(session.scalar(select(func.count()).select_from(base.subquery())) or 0)

    extra_keys: dict[str, None] = {}
    for (raw,) in session.execute(base.with_only_columns(_as_text(_T.extra)).order_by(_T.id)):
        extra = _extra_dict(raw)
        if extra:
            extra_keys.update(dict.fromkeys(extra))
    keys = list(extra_keys)

    stmt = base.with_only_columns(
        _T.name, _T.sex, _T.id_number, _T.id_number_original, _as_text(_T.birth_date), _T.ethnicity,
        _T.category, _as_text(_T.work_start), _as_text(_T.retired_on), _T.former_unit, _T.position,
        _T.address, _T.phone, _T.family_situation, _T.area, _T.building, _T.work_group, _T.status,
        _as_text(_T.died_on), _T.remarks, _as_text(_T.extra),
    ).order_by(_T.id)  # fmt: skip

    def rows() -> Iterator[tuple[Any, ...]]:
        result = session.execute(stmt.execution_options(yield_per=2000))
        for (name, sex, id_number, id_original, birth, ethnicity, category, work_start, retired_on,
             former_unit, position, address, phone, family, area, building, work_group, status, died_on,
             remarks, extra_raw) in result:  # fmt: skip
            # The sheet shows the ID as the office typed it: an old 15-digit ID stays 15 digits, so a
            # re-import of the exported sheet finds nothing changed.
            shown_id = id_original or id_number
            born = _year_month(birth)
            if not reveal:
                # With the ID's first 6 and last 4 characters shown, a birth month would leave
                # only the day to guess: a masked sheet shows the year of birth only.
                shown_id = mask_id(shown_id)
                phone = mask_phone(phone) if phone else None
                born = born[:4] if born else None
            row = (
                name, _SEX.get(sex, sex), shown_id, born, ethnicity,
                _CATEGORY.get(category, category), work_start, retired_on, former_unit, position, address,
                phone, family, area, building, work_group, _STATUS.get(status, status), died_on, remarks,
            )  # fmt: skip
            if keys:
                extra = _extra_dict(extra_raw) or {}
                row += tuple(extra.get(k) for k in keys)
            yield row

    return RosterRows(count, keys, rows())


# The household member list's fields, in the layout's column order (excel.exports.layouts.HOUSEHOLDS).
HOUSEHOLD_FIELDS = (
    "household_no", "head_id_number", "name", "relation", "id_number", "birth_date", "health",
    "disability_grade", "schooling", "work_status", "monthly_income", "causes", "exclusions",
    "annual_rigid_expenses",
)  # fmt: skip
_GRADE_LABELS = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}


def household_rows(session: Session, flt: RosterFilter, *, reveal: bool = False) -> RosterRows:
    """The household member list (家庭成员) of the households whose head `flt` selects: a tuple of
    HOUSEHOLD_FIELDS per current member, the household's 本人 row first and carrying its facts
    (致困原因, 排除情形, 年刚性支出), in the words the household importer reads back; one Core select,
    streamed. Unless `reveal`, ID numbers are masked and birth dates show the year only."""
    from kuangqu.models.enums import Health, Relation
    from kuangqu.models.registry import Household, HouseholdMember
    from kuangqu.rules.codes import EXCLUSIONS, HARDSHIP_CAUSES
    from kuangqu.rules.money import format_fen

    h = Household.__table__.c  # type: ignore[attr-defined]
    m = HouseholdMember.__table__.c  # type: ignore[attr-defined]
    heads = roster_query(flt).with_only_columns(_T.id).scalar_subquery()
    where = (h.head_id.in_(heads), m.removed_on.is_(None))
    members, homes, people = (HouseholdMember.__table__, Household.__table__, Retiree.__table__)  # type: ignore[attr-defined]
    joined = members.join(homes, h.id == m.household_id).join(people, _T.id == h.head_id)
    count = int(session.scalar(select(func.count()).select_from(joined).where(*where)) or 0)
    columns = (
        h.household_no, _T.id_number, _T.id_number_original, m.name, m.relation, m.id_number,
        m.id_number_original, m.birth_date, m.health, m.disability_grade, m.schooling, m.work_status,
        m.monthly_income_fen, _as_text(h.causes), _as_text(h.exclusions), h.annual_rigid_expenses_fen,
    )  # fmt: skip
    stmt = (
        select(*columns)
        .select_from(joined)
        .where(*where)
        .order_by(h.id, (m.relation != Relation.SELF.value), m.id)
    )
    relations, health_labels = Relation.labels(), Health.labels()
    shown = (lambda number: number) if reveal else mask_id

    def codes(raw: Any, labels: dict[str, str]) -> str | None:
        items = json.loads(raw) if isinstance(raw, str) else raw
        return "、".join(labels.get(c, c) for c in items) if items else None

    def rows() -> Iterator[tuple[Any, ...]]:
        result = session.execute(stmt.execution_options(yield_per=2000))
        for (number, head_id, head_original, name, relation, id_number, id_original, birth, health, grade,
             schooling, work_status, income, causes, exclusions, rigid) in result:  # fmt: skip
            own = relation == Relation.SELF.value
            member_id = id_original or id_number
            born = birth.isoformat() if birth is not None else None
            if not reveal and born:
                born = born[:4]
            yield (
                number,
                shown(head_original or head_id),
                name,
                relations.get(relation, relation),
                shown(member_id) if member_id else None,
                born,
                health_labels.get(health, health) if health else None,
                _GRADE_LABELS.get(grade) if grade else None,
                schooling,
                work_status,
                format_fen(income) if income is not None else None,
                codes(causes, HARDSHIP_CAUSES) if own else None,
                codes(exclusions, EXCLUSIONS) if own else None,
                format_fen(rigid) if own and rigid is not None else None,
            )

    return RosterRows(count, [], rows())


_LEADING_NUMBER = re.compile(r"^([一二三四五六七八九十]+|\d+)")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _numeral(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS.get(text, 0)


def natural_key(text: str) -> tuple[int, int, str]:
    """一片 < 二片 < … < 十一片, 2号楼 < 10号楼; names without a number after those, by text."""
    match = _LEADING_NUMBER.match(text)
    return (0, _numeral(match.group(1)), text) if match else (1, 0, text)


def areas(session: Session) -> list[str]:
    """Every area on the roster or with an area leader, in natural order: the 片区 drop-down."""
    on_roster = session.scalars(select(Retiree.area).where(Retiree.area.is_not(None)).distinct())  # type: ignore[union-attr]
    led = session.scalars(select(GridLeader.unit).where(GridLeader.level == "area").distinct())
    names = {a for a in on_roster if a} | {u for u in led if u}
    return sorted(names, key=natural_key)


# ----------------------------------------------------------------------------- changes by month


def _utc_bound(day: date) -> datetime:
    """Local midnight of `day`, in UTC (timestamps are stored in UTC)."""
    return datetime(day.year, day.month, day.day).astimezone().astimezone(UTC)


def _local_month(stamp: datetime) -> int:
    aware = stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    return aware.astimezone().month


def _month_range(year: int, month: int | None) -> tuple[date, date]:
    if month is None:
        return date(year, 1, 1), date(year + 1, 1, 1)
    first = date(year, month, 1)
    return first, (first + timedelta(days=32)).replace(day=1)


def changes_by_month(session: Session, year: int, month: int | None = None) -> dict[int, Counter[str]]:
    """{month: Counter(roster_new=…, roster_died=…, roster_moved=…)} for a year or one month of it."""
    first, end = _month_range(year, month)
    start_utc, end_utc = _utc_bound(first), _utc_bound(end)
    out: dict[int, Counter[str]] = {m: Counter() for m in ([month] if month else range(1, 13))}

    created = session.scalars(
        select(Retiree.created_at).where(Retiree.created_at >= start_utc, Retiree.created_at < end_utc)
    )
    for stamp in created:
        m = _local_month(stamp)
        if m in out:
            out[m]["roster_new"] += 1

    prefix = f"{year:04d}-" if month is None else f"{year:04d}-{month:02d}"
    died = session.scalars(select(_as_text(_T.died_on)).where(_as_text(_T.died_on).startswith(prefix)))
    for text in died:
        if text and len(text) >= 7 and int(text[5:7]) in out:
            out[int(text[5:7])]["roster_died"] += 1

    entries = session.execute(
        select(AuditEntry.entity_id, AuditEntry.at, AuditEntry.old_values, AuditEntry.new_values)
        .where(AuditEntry.entity == "retiree", AuditEntry.at >= start_utc, AuditEntry.at < end_utc)
        .order_by(AuditEntry.id)
    )
    moved: dict[int, set[Any]] = {m: set() for m in out}
    for entity_id, at, old, new in entries:
        if (new or {}).get("status") == Status.MOVED.value and (old or {}).get("status") not in (
            None,
            Status.MOVED.value,
        ):
            m = _local_month(at)
            if m in moved:
                moved[m].add(entity_id)
    for m, people in moved.items():
        out[m]["roster_moved"] = len(people)
    return out


def month_changes(session: Session, month: Any) -> dict[str, int]:
    """The monthly report's roster figures: new, died and moved in `month` (a PartialDate), and the
    number on the roll now (status 在册)."""
    counts = changes_by_month(session, month.year, month.month)[month.month]
    active = session.scalar(
        select(func.count()).select_from(Retiree).where(Retiree.status == Status.ACTIVE.value)
    )
    return {**{k: counts[k] for k in CHANGE_KEYS}, "roster_active": int(active or 0)}


def annual_figures(session: Session, year: int) -> dict[str, Any]:
    """Registered in ANNUAL_FIGURES: people added to, died on and moved off the roster in the year."""
    months = changes_by_month(session, year)
    return {k: sum(c[k] for c in months.values()) for k in CHANGE_KEYS}


def annual_by_month(session: Session, year: int) -> Report:
    """Registered in ANNUAL_BY_MONTH: the roster's changes month by month."""
    months = changes_by_month(session, year)
    rows = [{"month": f"{year:04d}-{m:02d}", **{k: months[m][k] for k in CHANGE_KEYS}} for m in range(1, 13)]
    columns = [Column("month"), *(Column(k, justify="right") for k in CHANGE_KEYS)]
    return Report(t("export.roster_by_month_title", year=year), columns, rows, json_key="roster_by_month")
