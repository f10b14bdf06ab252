"""The grid of responsibility (三长合一)."""

from __future__ import annotations

from tests.helpers import make_id

from kuangqu.services import grid


def test_each_person_has_an_area_a_building_and_a_group_leader(person, write):
    someone = person("王建国", area="一片", building="3号楼", work_group="第5组")
    with write() as s:
        grid.assign(s, "area", "一片", "片长甲", phone="13800000001")
        grid.assign(s, "building", "一片/3号楼", "楼长乙")
        grid.assign(s, "work_group", "第5组", "组长丙")
        found = grid.responsible_for(s, someone)
    assert (found.area.name, found.building.name, found.work_group.name) == ("片长甲", "楼长乙", "组长丙")


def test_a_new_leader_ends_the_previous_leaders_term(write):
    with write() as s:
        first = grid.assign(s, "area", "一片", "片长甲")
        grid.assign(s, "area", "一片", "片长乙")
        assert first.ended_on is not None
        assert [g.name for g in grid.leaders(s)] == ["片长乙"]


def test_a_building_leader_answers_only_for_that_buildings_people(person, write):
    person("甲", id_number=make_id(seq="111"), area="一片", building="3号楼")
    person("乙", id_number=make_id(seq="113"), area="二片", building="3号楼")
    with write() as s:
        leader = grid.assign(s, "building", "一片/3号楼", "楼长")
        assert [p.name for p in grid.people_of(s, leader)] == ["甲"]
        assert grid.count_people(s, leader) == 1


def test_units_with_people_but_no_leader_are_listed_as_gaps(person, write):
    person("甲", id_number=make_id(seq="111"), area="一片", building="3号楼", work_group="第1组")
    with write() as s:
        grid.assign(s, "area", "一片", "片长")
        assert grid.uncovered_units(s) == [("building", "一片/3号楼"), ("work_group", "第1组")]
