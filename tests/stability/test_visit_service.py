"""Home visits through the service: recording, each household's schedule, overdue lists, the assessment."""

from __future__ import annotations

from datetime import date

import pytest

from kuangqu.errors import RuleViolation
from kuangqu.rules.visits import Quarter
from kuangqu.services import households, visits

TODAY = date(2021, 1, 1)


def _visit(write, household, on, leader=None, visitor=None):
    with write() as s:
        return visits.add(
            s, household, on=on, today=TODAY, leader=leader, visitor=None if leader else visitor or "主任"
        )


def test_a_visit_needs_a_leader_or_a_named_visitor(household, write):
    home = household()
    with pytest.raises(RuleViolation) as info, write() as s:
        visits.add(s, home, on=date(2020, 1, 1), today=TODAY)
    assert info.value.key == "visit.visitor_required"


def test_a_visit_in_the_future_is_invalid(household, write):
    home = household()
    with pytest.raises(RuleViolation) as info, write() as s:
        visits.add(s, home, on=date(2021, 1, 2), today=TODAY, visitor="主任")
    assert info.value.key == "visit.date_in_future"


def test_an_ordinary_household_is_due_90_days_after_its_last_visit(household, write, read):
    home = household()
    _visit(write, home, date(2020, 1, 10))
    _visit(write, home, date(2020, 3, 1))
    with read() as s:
        (entry,) = visits.schedule(s, as_of=date(2020, 5, 30))
    assert (entry.last_visit, entry.interval, entry.next_due, entry.overdue) == (
        date(2020, 3, 1),
        90,
        date(2020, 5, 30),
        False,
    )
    with read() as s:
        assert visits.schedule(s, as_of=date(2020, 5, 31))[0].overdue


def test_a_key_support_household_is_due_after_30_days(household, write, read):
    home = household(key_support=True)
    _visit(write, home, date(2020, 3, 1))
    with read() as s:
        assert not visits.schedule(s, as_of=date(2020, 3, 31))[0].overdue
        entry = visits.schedule(s, as_of=date(2020, 4, 1))[0]
    assert (entry.interval, entry.overdue, entry.days_overdue) == (30, True, 1)


def test_a_households_own_interval_overrides_both_defaults(household, write, read):
    home = household(key_support=True)
    with write() as s:
        households.set_facts(
            s, households.get(s, f"#{home.id}"), households.FactsUpdate(visit_interval_days=14)
        )
    _visit(write, home, date(2020, 3, 1))
    with read() as s:
        assert visits.schedule(s, as_of=date(2020, 3, 16))[0].days_overdue == 1


def test_visits_after_the_day_asked_about_are_ignored(household, write, read):
    home = household()
    _visit(write, home, date(2020, 1, 1))
    _visit(write, home, date(2020, 9, 1))
    with read() as s:
        assert visits.schedule(s, as_of=date(2020, 6, 1))[0].last_visit == date(2020, 1, 1)


def test_overdue_households_are_listed_by_area_and_with_their_leaders(household, leader, write, read):
    a = household("甲", area="一片", building="1号楼")
    b = household("乙", area="二片", building="2号楼")
    c = household("丙", area="一片", building="1号楼")
    chief = leader("building", "一片/1号楼", "楼长张")
    leader("area", "一片", "片长李")
    _visit(write, c, date(2020, 5, 1), leader=chief)
    with read() as s:
        rows = [x.as_row() for x in visits.overdue(s, as_of=date(2020, 6, 1))]
        only_chief = visits.overdue(s, as_of=date(2020, 6, 1), leader=chief)
        only_area = visits.overdue(s, as_of=date(2020, 6, 1), area="二片")
    assert [(r["household_id"], r["area"], r["leader"], r["area_leader"]) for r in rows] == [
        (a.id, "一片", "楼长张", "片长李"),
        (b.id, "二片", None, None),
    ]
    assert [x.household.id for x in only_chief] == [a.id]
    assert [x.household.id for x in only_area] == [b.id]


def test_a_household_whose_head_has_died_is_not_scheduled(household, write, read):
    home = household()
    with write() as s:
        from kuangqu.models.registry import Retiree

        s.get(Retiree, home.head_id).status = "deceased"
    with read() as s:
        assert visits.schedule(s, as_of=date(2020, 6, 1)) == []


def test_the_quarterly_assessment_counts_each_leaders_households_visits_and_overdue(
    household, leader, write, read
):
    a = household("甲", area="一片", building="1号楼", work_group="第1组")
    b = household("乙", area="一片", building="1号楼", work_group="第1组")
    household("丙", area="一片", building="2号楼", work_group="第2组")
    building = leader("building", "一片/1号楼", "楼长张")
    area = leader("area", "一片", "片长李")
    _visit(write, a, date(2020, 7, 15), leader=building)
    _visit(write, a, date(2020, 8, 15), leader=building)
    _visit(write, b, date(2020, 9, 1), visitor="主任")
    _visit(write, b, date(2020, 6, 30), leader=building)  # the quarter before: not counted
    with read() as s:
        rows = {x.leader.name: x for x in visits.assess(s, Quarter(2020, 3))}
    assert (
        rows["楼长张"].households,
        rows["楼长张"].households_visited,
        rows["楼长张"].visits_by_leader,
        rows["楼长张"].overdue,
    ) == (2, 2, 2, 0)
    assert (
        rows["片长李"].households,
        rows["片长李"].households_visited,
        rows["片长李"].visits_by_leader,
        rows["片长李"].overdue,
    ) == (3, 2, 0, 1)
    assert area.id is not None


def test_a_leader_appointed_after_the_quarter_is_not_assessed_for_it(household, leader, read):
    household("甲", area="一片", building="1号楼")
    leader("area", "一片", "片长新", on=date(2020, 10, 1))
    with read() as s:
        assert visits.assess(s, Quarter(2020, 3)) == []
        assert [x.leader.name for x in visits.assess(s, Quarter(2020, 4))] == ["片长新"]
