"""Home visits (家访): recording them, each household's schedule, and the grid leaders' quarterly
assessment (季度奖惩).

A household belongs to the leaders of its head's area (片长), building (楼长) and work group
(工作组长). Only households whose head is active on the roster are scheduled: a household
whose head has died waits for a new head and is not counted against anyone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kuangqu.config import settings
from kuangqu.errors import RuleViolation
from kuangqu.models.enums import GridLevel, Status
from kuangqu.models.registry import GridLeader, Household, Retiree
from kuangqu.models.stability import HomeVisit
from kuangqu.rules import visits as rules
from kuangqu.rules.visits import Quarter
from kuangqu.services import audit


def interval_for(household: Household) -> int:
    config = settings()
    return rules.interval_days(
        key_support=household.key_support,
        override=household.visit_interval_days,
        default=config.default_visit_interval_days,
        key_support_default=config.key_support_visit_interval_days,
    )


def add(
    session: Session,
    household: Household,
    *,
    on: date,
    today: date,
    leader: GridLeader | None = None,
    visitor: str | None = None,
    notes: str | None = None,
    findings: str | None = None,
    needs: str | None = None,
    follow_up: str | None = None,
) -> HomeVisit:
    """Record a visit to `household` by a grid leader or a named visitor."""
    visitor = visitor.strip() if visitor else None
    if leader is None and not visitor:
        raise RuleViolation("visit.visitor_required")
    if on > today:
        raise RuleViolation("visit.date_in_future", on=on.isoformat())
    visit = HomeVisit(
        household_id=household.id or 0,
        leader_id=leader.id if leader else None,
        visitor=visitor,
        visited_on=on,
        notes=notes,
        findings=findings,
        needs=needs,
        follow_up=follow_up,
    )
    session.add(visit)
    session.flush()
    audit.record(
        session,
        "visit.add",
        "home_visit",
        visit.id,
        new={
            "household_id": household.id,
            "leader_id": visit.leader_id,
            "visitor": visitor,
            "visited_on": on,
            "findings": findings,
            "needs": needs,
            "follow_up": follow_up,
        },
    )
    return visit


def list_visits(
    session: Session,
    *,
    household_id: int | None = None,
    leader_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int | None = None,
) -> list[tuple[HomeVisit, Household, Retiree, GridLeader | None]]:
    query = (
        select(HomeVisit, Household, Retiree, GridLeader)
        .join(Household, Household.id == HomeVisit.household_id)
        .join(Retiree, Retiree.id == Household.head_id)
        .outerjoin(GridLeader, GridLeader.id == HomeVisit.leader_id)
    )
    if household_id is not None:
        query = query.where(HomeVisit.household_id == household_id)
    if leader_id is not None:
        query = query.where(HomeVisit.leader_id == leader_id)
    if start is not None:
        query = query.where(HomeVisit.visited_on >= start)
    if end is not None:
        query = query.where(HomeVisit.visited_on <= end)
    query = query.order_by(HomeVisit.visited_on.desc(), HomeVisit.id.desc())  # type: ignore[attr-defined]
    if limit:
        query = query.limit(limit)
    return [(v, h, r, g) for v, h, r, g in session.execute(query).all()]


def last_visits(session: Session, *, as_of: date) -> dict[int, date]:
    """Each household's last visit on or before `as_of`."""
    query = (
        select(HomeVisit.household_id, func.max(HomeVisit.visited_on))
        .where(HomeVisit.visited_on <= as_of)
        .group_by(HomeVisit.household_id)
    )
    return {int(h): d for h, d in session.execute(query)}


def unit_keys(head: Retiree) -> list[tuple[str, str]]:
    """The grid units a person belongs to: (level, unit) as GridLeader stores them."""
    keys = []
    if head.area:
        keys.append((GridLevel.AREA.value, head.area))
        if head.building:
            keys.append((GridLevel.BUILDING.value, f"{head.area}/{head.building}"))
    if head.work_group:
        keys.append((GridLevel.WORK_GROUP.value, head.work_group))
    return keys


def leaders_on(session: Session, day: date, *, since: date | None = None) -> list[GridLeader]:
    """Leaders in office on `day` (or at any time between `since` and `day`)."""
    since = since or day
    query = select(GridLeader).where(
        GridLeader.assigned_on <= day,
        GridLeader.ended_on.is_(None) | (GridLeader.ended_on > since),  # type: ignore[union-attr]
    )
    return list(session.scalars(query.order_by(GridLeader.level, GridLeader.unit, GridLeader.id)))


@dataclass
class Scheduled:
    """One household's place in the visiting schedule on a given day."""

    household: Household
    head: Retiree
    interval: int
    last_visit: date | None
    next_due: date | None
    overdue: bool
    days_overdue: int | None
    leaders: dict[str, GridLeader]  # level → leader

    def as_row(self) -> dict[str, Any]:
        building = self.leaders.get(GridLevel.BUILDING.value)
        area = self.leaders.get(GridLevel.AREA.value)
        group = self.leaders.get(GridLevel.WORK_GROUP.value)
        return {
            "household_id": self.household.id,
            "household_no": self.household.household_no,
            "head_name": self.head.name,
            "area": self.head.area,
            "building": self.head.building,
            "leader": (building or area).name if (building or area) else None,
            "area_leader": area.name if area else None,
            "building_leader": building.name if building else None,
            "work_group_leader": group.name if group else None,
            "key_support": self.household.key_support,
            "interval_days": self.interval,
            "last_visit": self.last_visit,
            "next_due": self.next_due,
            "days_overdue": self.days_overdue,
        }


def schedule(session: Session, *, as_of: date, leaders: list[GridLeader] | None = None) -> list[Scheduled]:
    """Every scheduled household on `as_of`, with its last visit, due day and leaders."""
    last = last_visits(session, as_of=as_of)
    by_unit = {(g.level, g.unit): g for g in (leaders if leaders is not None else leaders_on(session, as_of))}
    query = (
        select(Household, Retiree)
        .join(Retiree, Retiree.id == Household.head_id)
        .where(Retiree.status == Status.ACTIVE.value)
        .order_by(Retiree.area, Retiree.building, Household.id)
    )
    out = []
    for household, head in session.execute(query).all():
        interval = interval_for(household)
        visited = last.get(household.id or 0)
        out.append(
            Scheduled(
                household=household,
                head=head,
                interval=interval,
                last_visit=visited,
                next_due=rules.next_due(visited, interval),
                overdue=rules.is_overdue(visited, interval, as_of),
                days_overdue=rules.days_overdue(visited, interval, as_of),
                leaders={
                    level: by_unit[(level, unit)]
                    for level, unit in unit_keys(head)
                    if (level, unit) in by_unit
                },
            )
        )
    return out


def overdue(
    session: Session, *, as_of: date, area: str | None = None, leader: GridLeader | None = None
) -> list[Scheduled]:
    """Overdue households by area and leader (never-visited first within a building)."""
    rows = [s for s in schedule(session, as_of=as_of) if s.overdue]
    if area:
        rows = [s for s in rows if s.head.area == area]
    if leader is not None:
        rows = [s for s in rows if leader.id in {g.id for g in s.leaders.values()}]

    def key(s: Scheduled) -> tuple[Any, ...]:
        row = s.as_row()
        return (
            s.head.area or "",
            row["leader"] or "",
            -(s.days_overdue if s.days_overdue is not None else 10**6),
            s.household.id or 0,
        )

    return sorted(rows, key=key)


@dataclass
class Assessment:
    leader: GridLeader
    households: int
    households_visited: int
    visits_by_leader: int
    overdue: int

    def as_row(self) -> dict[str, Any]:
        return {
            "leader_id": self.leader.id,
            "level": GridLevel(self.leader.level),
            "unit": self.leader.unit,
            "name": self.leader.name,
            "households": self.households,
            "households_visited": self.households_visited,
            "visits_by_leader": self.visits_by_leader,
            "overdue": self.overdue,
            "visited_share": f"{self.households_visited * 100 / self.households:.1f}"
            if self.households
            else None,
        }


def assess(session: Session, quarter: Quarter) -> list[Assessment]:
    """Each leader's households, how many were visited in the quarter (by anyone), the leader's own
    visits, and how many were overdue at the quarter's end."""
    in_office = leaders_on(session, quarter.end, since=quarter.start)
    scheduled = schedule(session, as_of=quarter.end, leaders=in_office)
    visits = session.execute(
        select(HomeVisit.household_id, HomeVisit.leader_id).where(
            HomeVisit.visited_on >= quarter.start, HomeVisit.visited_on <= quarter.end
        )
    ).all()
    visited = {int(h) for h, _ in visits}
    own: dict[int, int] = defaultdict(int)
    for _h, leader_id in visits:
        if leader_id is not None:
            own[int(leader_id)] += 1
    mine: dict[int, list[Scheduled]] = defaultdict(list)
    by_unit = defaultdict(list)
    for g in in_office:
        by_unit[(g.level, g.unit)].append(g)
    for s in scheduled:
        for key in unit_keys(s.head):
            for g in by_unit.get(key, []):
                mine[g.id or 0].append(s)
    return [
        Assessment(
            leader=g,
            households=len(mine[g.id or 0]),
            households_visited=sum(1 for s in mine[g.id or 0] if s.household.id in visited),
            visits_by_leader=own.get(g.id or 0, 0),
            overdue=sum(1 for s in mine[g.id or 0] if s.overdue),
        )
        for g in in_office
    ]
