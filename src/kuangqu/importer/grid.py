"""Importing the grid of responsibility (三长合一): one row per post — 片长 of an area, 楼长 of a
building, 工作组长 of a work group — and the leader holding it.

A post is known by its level and unit (the area, "area/building", or the work group: see
services.grid.unit_key). Each row goes through the grid service, so a new leader of a post ends
the previous leader's term the day the new one starts (audited), exactly as `kuangqu grid assign`.

- A post nobody holds: the row's leader is assigned (created).
- The post held by the same person: unchanged, or their phone/position/roster link brought up to
  the sheet's (updated); a different start date on the sheet is kept as stored, with a warning.
- The post held by someone else: the old assignment ends and the row's starts (updated, listed in
  `changes` as old → new leader) — refused when the row's start is not after the current
  leader's, since the sheet would then rewrite history (an older sheet imported late).

A leader's 身份证号 is optional (a leader need not be a retiree): when given it must be on the
roster under the same name, and the assignment is linked to that person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

from sqlalchemy.orm import Session

from kuangqu.importer.located import Located, People, each_row, problem_at
from kuangqu.importer.rows import ReadResult, SourceRow
from kuangqu.importer.summary import ImportSummary
from kuangqu.models.enums import GridLevel
from kuangqu.models.registry import GridLeader
from kuangqu.rules.masking import mask_phone
from kuangqu.rules.phones import normalize_phone
from kuangqu.services import audit
from kuangqu.services import grid as grid_service

SYNONYMS = MappingProxyType(
    {
        "level": ("职务", "岗位", "负责类别", "级别", "三长"),
        "area": ("片区", "片", "所在片区"),
        "building": ("楼栋", "楼号", "楼", "楼栋号"),
        "work_group": ("工作组", "组别", "所在工作组"),
        "name": ("姓名", "负责人", "负责人姓名"),
        "id_number": ("身份证号", "身份证号码", "公民身份号码"),
        "phone": ("电话", "联系电话", "手机", "手机号"),
        "position": ("身份", "原职务", "现职务", "备注职务"),
        "assigned_on": ("任职日期", "起始日期", "任职时间", "开始日期", "任命日期"),
    }
)
REQUIRED = ("level", "name", "assigned_on")
EXPECTED_SHEETS = ("三长名单", "三长合一", "片长楼长工作组长", "网格", "Sheet1")

_POSITION_LIMIT = 100


@dataclass
class GridRow:
    source: SourceRow
    columns: dict[str, str]
    level: str
    unit: str
    name: str
    phone: str | None
    position: str | None
    assigned_on: date
    retiree_id: int | None

    @property
    def key(self) -> tuple[str, str]:
        return (self.level, self.unit)


def plan(
    session: Session,
    read: ReadResult,
    summary: ImportSummary,
    *,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[GridRow]:
    """Validate every row; problems go to `summary.errors`. One row per post in a file."""
    today = today or date.today()
    people = People(session)
    people.prefetch(read, payees=False)
    return each_row(
        read, summary, lambda at: _validate(at, people, today), key=lambda row: row.key, progress=progress
    )


def _validate(at: Located, people: People, today: date) -> GridRow | None:
    level = at.parsed("level", lambda raw: GridLevel.parse(raw, "level").value, required=True)
    area = at.text("area", limit=50)
    building = at.plain_text("building", limit=50)
    work_group = at.plain_text("work_group", limit=50)
    unit: str | None = None
    if level is not None:
        # The unit's own columns (grid.unit_key's refusals name the CLI's options, not columns).
        needed = {
            GridLevel.AREA.value: ("area",),
            GridLevel.BUILDING.value: ("area", "building"),
            GridLevel.WORK_GROUP.value: ("work_group",),
        }[level]
        given = {"area": area, "building": building, "work_group": work_group}
        missing = [f for f in needed if not given[f]]
        for field_name in missing:
            if at.blank(field_name):  # else its own rule has said what is wrong with it
                at.error("import.grid_unit_required", field_name, level=GridLevel(level).label)
        if not missing:
            unit = grid_service.unit_key(level, area, building, work_group)
    name = at.name()
    person_id: int | None = None
    if not at.blank("id_number"):
        person = people.retiree(at, name)
        person_id = person.id if person is not None else None
    phone = at.parsed("phone", lambda raw: normalize_phone(raw)[0])
    position = at.text("position", limit=_POSITION_LIMIT)
    assigned_on = at.past_day("assigned_on", today=today, required=True)
    if at.failed or level is None or unit is None or name is None or assigned_on is None:
        return None
    return GridRow(at.source, at.columns, level, unit, name, phone, position, assigned_on, person_id)


def apply(session: Session, rows: list[GridRow], summary: ImportSummary) -> None:
    """Assign the rows' leaders through the grid service; a refused change is a located error."""
    for row in rows:
        current = grid_service.current_leader(session, row.level, row.unit)
        if current is None:
            _assign(session, row)
            summary.created += 1
        elif current.name == row.name:
            if current.assigned_on != row.assigned_on:
                summary.warnings.append(
                    problem_at(
                        row,
                        "assigned_on",
                        "import.grid_start_differs",
                        name=row.name,
                        unit=row.unit,
                        stored=current.assigned_on.isoformat(),
                        given=row.assigned_on.isoformat(),
                    )
                )
            changed = _update(session, current, row)
            if changed:
                summary.updated += 1
                summary.changes.append({"id": current.id, "name": current.name, "fields": changed})
            else:
                summary.unchanged += 1
        elif row.assigned_on <= current.assigned_on:
            summary.errors.append(
                problem_at(
                    row,
                    "assigned_on",
                    "import.grid_change_not_later",
                    unit=row.unit,
                    level=GridLevel(row.level).label,
                    current=current.name,
                    since=current.assigned_on.isoformat(),
                    given=row.assigned_on.isoformat(),
                )
            )
        else:
            leader = _assign(session, row)
            summary.updated += 1
            summary.changes.append(
                {
                    "id": leader.id,
                    "name": leader.name,
                    "level": GridLevel(row.level).label,
                    "unit": row.unit,
                    "fields": {"grid_leader": {"old": current.name, "new": leader.name}},
                }
            )
    session.flush()


def _assign(session: Session, row: GridRow) -> GridLeader:
    return grid_service.assign(
        session,
        row.level,
        row.unit,
        row.name,
        phone=row.phone,
        position=row.position,
        on=row.assigned_on,
        retiree_id=row.retiree_id,
    )


def _update(session: Session, leader: GridLeader, row: GridRow) -> dict[str, dict[str, Any]]:
    """Bring the current leader's phone, position and roster link up to the sheet's (a blank
    cell keeps what is stored); the changed fields, old → new (phones masked)."""
    changed: dict[str, dict[str, Any]] = {}
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for field_name, value in (
        ("phone", row.phone),
        ("position", row.position),
        ("retiree_id", row.retiree_id),
    ):
        stored = getattr(leader, field_name)
        if value is None or value == stored:
            continue
        old[field_name], new[field_name] = stored, value
        setattr(leader, field_name, value)
        if field_name == "phone":
            changed["phone"] = {"old": mask_phone(stored) if stored else None, "new": mask_phone(value)}
        elif field_name == "position":
            changed["position"] = {"old": stored, "new": value}
    if old:
        session.flush()
        audit.record(session, "grid.update", "grid_leader", leader.id, old=old, new=new)
    if "retiree_id" in new:
        changed["retiree_id"] = {"old": old["retiree_id"], "new": new["retiree_id"]}
    return changed
