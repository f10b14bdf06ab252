"""Importing activities with their participants (组织活动、参加活动人次、获奖): one row per
participant of an activity.

An activity is known by its name and its (start) date: the rows naming the same activity and
date are its participants, and they must agree on its category, place and end date (a row that
says otherwise is an error naming the first row). A participant is found by 身份证号 on the
roster — not on the roster is an error asking to import the roster first; another name for that
ID is an identity conflict. Everything goes through services.activities, as `kuangqu activity`.

- An activity not on record is added (its category 其他 when the sheet has none); one already
  recorded is kept as it is — a different category, place or end date on the sheet is a warning.
- A participant not yet in the activity joins it (created); one already in it is unchanged.
- A 名次/获奖 cell records the person's award (名称 "活动名称 名次", dated the activity's end, else
  its start; level from 获奖级别, 其他 when blank) unless that award is already recorded — for a
  participant already in the activity that is an update.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.importer.located import Located, People, each_row, problem_at
from kuangqu.importer.rows import ReadResult, SourceRow
from kuangqu.importer.summary import ImportSummary
from kuangqu.models.stability import Activity, ActivityKind, ActivityParticipant, Award, AwardLevel
from kuangqu.services import activities as activity_service

SYNONYMS = MappingProxyType(
    {
        "activity": ("活动名称", "活动", "活动项目", "项目名称"),
        "start_on": ("活动日期", "日期", "开始日期", "活动时间", "出发日期"),
        "end_on": ("结束日期", "返回日期", "截止日期"),
        "kind": ("类别", "活动类别", "形式", "活动形式", "类别/形式"),
        "place": ("地点", "活动地点", "目的地"),
        "name": ("参加人姓名", "姓名", "参加人"),
        "id_number": ("身份证号", "身份证号码", "公民身份号码"),
        "award": ("名次/获奖", "名次", "获奖", "获奖情况", "奖项"),
        "award_level": ("获奖级别", "奖项级别"),
        "note": ("备注", "说明"),
    }
)
REQUIRED = ("activity", "start_on", "name", "id_number")
EXPECTED_SHEETS = ("活动参加人员名单", "活动", "参加活动人员", "Sheet1")

_NAME_LIMIT = 100  # Activity.name
_PLACE_LIMIT = 100
_AWARD_LIMIT = 80  # the award's name is "活动名称 名次" (Award.name holds 200)
_NOTE_LIMIT = 200  # ActivityParticipant.note


@dataclass
class ActivityRow:
    source: SourceRow
    columns: dict[str, str]
    activity: str
    start_on: date
    end_on: date | None
    kind: str | None  # None: the sheet names none
    place: str | None
    retiree_id: int
    award: str | None
    award_level: str
    note: str | None

    @property
    def activity_key(self) -> tuple[str, date]:
        return (self.activity, self.start_on)


def plan(
    session: Session,
    read: ReadResult,
    summary: ImportSummary,
    *,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[ActivityRow]:
    """Validate every row; problems go to `summary.errors`. A person once per activity in a file."""
    today = today or date.today()
    people = People(session)
    people.prefetch(read, payees=False)
    rows = each_row(
        read,
        summary,
        lambda at: _validate(at, people, today),
        key=lambda row: (*row.activity_key, row.retiree_id),
        progress=progress,
    )
    _check_agreement(rows, summary)
    return rows


def _validate(at: Located, people: People, today: date) -> ActivityRow | None:
    activity = at.text("activity", limit=_NAME_LIMIT, required_key="import.value_required")
    start_on = at.past_day("start_on", today=today, required=True)
    end_on = at.past_day("end_on", today=today)
    if start_on is not None and end_on is not None and end_on < start_on:
        at.error(
            "activity.end_before_start", "end_on", end_on, start=start_on.isoformat(), end=end_on.isoformat()
        )
    kind = at.parsed("kind", lambda raw: ActivityKind.parse(str(raw).strip(), "kind").value)
    place = at.text("place", limit=_PLACE_LIMIT)
    name = at.name()
    person = people.retiree(at, name)
    award = at.text("award", limit=_AWARD_LIMIT)
    level = at.parsed("award_level", lambda raw: AwardLevel.parse(str(raw).strip(), "level").value)
    if level is not None and award is None and not at.blank("award_level"):
        at.error("import.activity_level_without_award", "award_level", at.values.get("award_level"))
    note = at.text("note", limit=_NOTE_LIMIT)
    if at.failed or activity is None or start_on is None or person is None or person.id is None:
        return None
    return ActivityRow(
        at.source,
        at.columns,
        activity,
        start_on,
        end_on,
        kind,
        place,
        person.id,
        award,
        level or AwardLevel.OTHER.value,
        note,
    )


def _check_agreement(rows: list[ActivityRow], summary: ImportSummary) -> None:
    """The rows of one activity must agree on its category, place and end date (each given value)."""
    first: dict[tuple[str, date], dict[str, tuple[Any, ActivityRow]]] = {}
    for row in rows:
        seen = first.setdefault(row.activity_key, {})
        for field_name in ("kind", "place", "end_on"):
            value = getattr(row, field_name)
            if value is None:
                continue
            if field_name not in seen:
                seen[field_name] = (value, row)
                continue
            earlier, where = seen[field_name]
            if value != earlier:
                summary.errors.append(
                    problem_at(
                        row,
                        field_name,
                        "import.activity_rows_disagree",
                        value=_shown(field_name, value),
                        activity=row.activity,
                        first_row=where.source.row,
                        first=_shown(field_name, earlier),
                    )
                )


def apply(session: Session, rows: list[ActivityRow], summary: ImportSummary) -> None:
    """Add the activities not on record, join their participants, record their awards."""
    activities: dict[tuple[str, date], Activity] = {}
    joined: dict[int, set[int]] = {}
    for row in rows:
        activity = activities.get(row.activity_key)
        if activity is None:
            activity = _activity(session, row, summary)
            activities[row.activity_key] = activity
        assert activity.id is not None
        members = joined.get(activity.id)
        if members is None:
            members = set(
                session.scalars(
                    select(ActivityParticipant.retiree_id).where(
                        ActivityParticipant.activity_id == activity.id
                    )
                )
            )
            joined[activity.id] = members
        person = _person(session, row.retiree_id)
        is_new = row.retiree_id not in members
        if is_new:
            activity_service.join(session, activity, person, row.note)
            members.add(row.retiree_id)
        award_added = row.award is not None and _award(session, activity, row, person)
        if is_new:
            summary.created += 1
        elif award_added:
            summary.updated += 1
            summary.changes.append(
                {
                    "id": activity.id,
                    "activity": activity.name,
                    "name": person.name,
                    "fields": {"award": {"old": None, "new": _award_name(activity, row.award or "")}},
                }
            )
        else:
            summary.unchanged += 1
    session.flush()


def _activity(session: Session, row: ActivityRow, summary: ImportSummary) -> Activity:
    found = session.scalars(
        select(Activity)
        .where(Activity.name == row.activity, Activity.start_on == row.start_on)
        .order_by(Activity.id)  # type: ignore[arg-type]
        .limit(1)
    ).first()
    if found is None:
        return activity_service.add_activity(
            session,
            name=row.activity,
            kind=row.kind or ActivityKind.OTHER.value,
            start_on=row.start_on,
            end_on=row.end_on,
            place=row.place,
        )
    for field_name in ("kind", "place", "end_on"):
        given, stored = getattr(row, field_name), getattr(found, field_name)
        if given is not None and given != stored:
            summary.warnings.append(
                problem_at(
                    row,
                    field_name,
                    "import.activity_kept",
                    activity=found.name,
                    id=found.id,
                    stored=_shown(field_name, stored),
                    given=_shown(field_name, given),
                )
            )
    return found


def _person(session: Session, retiree_id: int) -> Any:
    from kuangqu.models.registry import Retiree

    person = session.get(Retiree, retiree_id)
    assert person is not None  # found on the roster while planning, in this transaction
    return person


def _award_name(activity: Activity, award: str) -> str:
    return f"{activity.name} {award}"


def _award(session: Session, activity: Activity, row: ActivityRow, person: Any) -> bool:
    """Record the row's award unless that person already has it; whether it was recorded."""
    name = _award_name(activity, row.award or "")
    on = activity.end_on or activity.start_on
    exists = session.scalars(
        select(Award.id).where(Award.retiree_id == row.retiree_id, Award.name == name, Award.awarded_on == on)
    ).first()
    if exists is not None:
        return False
    activity_service.add_award(session, name=name, level=row.award_level, awarded_on=on, person=person)
    return True


def _shown(field_name: str, value: Any) -> str:
    if value is None:
        return "（空）"
    if field_name == "kind":
        return ActivityKind(value).label
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
