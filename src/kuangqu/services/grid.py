"""The grid of responsibility (三长合一): leaders of areas, buildings and work groups, and their people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kuangqu.errors import NotFound, RuleViolation
from kuangqu.models.enums import GridLevel, Status
from kuangqu.models.registry import GridLeader, Retiree
from kuangqu.services import audit


def unit_key(level: str, area: str | None, building: str | None = None, work_group: str | None = None) -> str:
    """The unit a leader answers for: "一片", "一片/3号楼", or "第5组"."""
    if level == GridLevel.AREA.value:
        if not area:
            raise RuleViolation("grid.area_required")
        return area
    if level == GridLevel.BUILDING.value:
        if not (area and building):
            raise RuleViolation("grid.building_required")
        return f"{area}/{building}"
    if not work_group:
        raise RuleViolation("grid.work_group_required")
    return work_group


def assign(
    session: Session,
    level: str,
    unit: str,
    name: str,
    *,
    phone: str | None = None,
    position: str | None = None,
    on: date | None = None,
    retiree_id: int | None = None,
) -> GridLeader:
    """Make `name` the leader of `unit`; the previous leader's term ends the same day."""
    on = on or date.today()
    previous = current_leader(session, level, unit)
    if previous is not None:
        previous.ended_on = on
        audit.record(
            session, "grid.end", "grid_leader", previous.id, old={"ended_on": None}, new={"ended_on": on}
        )
    leader = GridLeader(
        level=level,
        unit=unit,
        name=name,
        phone=phone,
        position=position,
        assigned_on=on,
        retiree_id=retiree_id,
    )
    session.add(leader)
    session.flush()
    audit.record(
        session,
        "grid.assign",
        "grid_leader",
        leader.id,
        new={"level": level, "unit": unit, "name": name, "phone": phone, "position": position},
    )
    return leader


def current_leader(session: Session, level: str, unit: str) -> GridLeader | None:
    return session.scalars(
        select(GridLeader).where(
            GridLeader.level == level, GridLeader.unit == unit, GridLeader.ended_on.is_(None)
        )  # type: ignore[union-attr]
    ).first()


def leaders(session: Session, *, level: str | None = None, include_ended: bool = False) -> list[GridLeader]:
    query = select(GridLeader)
    if level:
        query = query.where(GridLeader.level == level)
    if not include_ended:
        query = query.where(GridLeader.ended_on.is_(None))  # type: ignore[union-attr]
    return list(session.scalars(query.order_by(GridLeader.level, GridLeader.unit)))


def get_leader(session: Session, ref: str) -> GridLeader:
    """An active leader by `#N` / N or by name (unique among active leaders)."""
    text = ref.strip()
    if text.lstrip("#").isdigit():
        leader = session.get(GridLeader, int(text.lstrip("#")))
        if leader is not None:
            return leader
    named = [g for g in leaders(session) if g.name == text]
    if len(named) > 1:
        raise RuleViolation("grid.leader_ambiguous", name=text)
    if not named:
        raise NotFound("grid.leader_not_found", ref=text)
    return named[0]


def _unit_condition(leader: GridLeader):  # type: ignore[no-untyped-def]
    if leader.level == GridLevel.AREA.value:
        return Retiree.area == leader.unit
    if leader.level == GridLevel.BUILDING.value:
        area, _, building = leader.unit.partition("/")
        return (Retiree.area == area) & (Retiree.building == building)
    return Retiree.work_group == leader.unit


def people_of(session: Session, leader: GridLeader, *, active_only: bool = True) -> list[Retiree]:
    query = select(Retiree).where(_unit_condition(leader))
    if active_only:
        query = query.where(Retiree.status == Status.ACTIVE.value)
    return list(session.scalars(query.order_by(Retiree.building, Retiree.id)))


def count_people(session: Session, leader: GridLeader) -> int:
    query = (
        select(func.count())
        .select_from(Retiree)
        .where(_unit_condition(leader), Retiree.status == Status.ACTIVE.value)
    )
    return int(session.scalar(query) or 0)


@dataclass
class Responsible:
    area: GridLeader | None
    building: GridLeader | None
    work_group: GridLeader | None


def responsible_for(session: Session, person: Retiree) -> Responsible:
    """The three leaders answering for one person (any of them may be unassigned)."""
    return Responsible(
        area=current_leader(session, GridLevel.AREA.value, person.area) if person.area else None,
        building=(
            current_leader(session, GridLevel.BUILDING.value, f"{person.area}/{person.building}")
            if person.area and person.building
            else None
        ),
        work_group=(
            current_leader(session, GridLevel.WORK_GROUP.value, person.work_group)
            if person.work_group
            else None
        ),
    )


def uncovered_units(session: Session) -> list[tuple[str, str]]:
    """Areas, buildings and work groups with active people but no leader: gaps in the grid."""
    covered = {(g.level, g.unit) for g in leaders(session)}
    gaps: list[tuple[str, str]] = []
    active = Retiree.status == Status.ACTIVE.value
    for (area,) in session.execute(select(Retiree.area).where(active, Retiree.area.is_not(None)).distinct()):  # type: ignore[union-attr]
        if (GridLevel.AREA.value, area) not in covered:
            gaps.append((GridLevel.AREA.value, area))
    for area, building in session.execute(
        select(Retiree.area, Retiree.building).where(active, Retiree.building.is_not(None)).distinct()  # type: ignore[union-attr]
    ):
        key = f"{area}/{building}"
        if (GridLevel.BUILDING.value, key) not in covered:
            gaps.append((GridLevel.BUILDING.value, key))
    for (group,) in session.execute(
        select(Retiree.work_group).where(active, Retiree.work_group.is_not(None)).distinct()  # type: ignore[union-attr]
    ):
        if (GridLevel.WORK_GROUP.value, group) not in covered:
            gaps.append((GridLevel.WORK_GROUP.value, group))
    return sorted(gaps)
