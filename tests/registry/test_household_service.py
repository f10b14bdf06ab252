"""Households, members and their relief facts."""

from __future__ import annotations

import pytest
from tests.helpers import make_id

from kuangqu.errors import Conflict, RuleViolation
from kuangqu.models.registry import Household
from kuangqu.services import households
from kuangqu.validate import member_input


def _member(**raw):
    result = member_input({"name": "王小明", "relation": "子女", **raw})
    assert result.ok, [p.message() for p in result.problems]
    return result.value


def test_a_new_household_has_its_head_as_the_member_self(person, write):
    head = person("王建国")
    with write() as s:
        household = households.create(s, head)
        members = households.members(s, household)
    assert [(m.name, m.relation, m.retiree_id) for m in members] == [("王建国", "self", head.id)]


def test_a_survivor_heads_a_survivor_household(person, write):
    widow = person("刘桂兰", id_number=make_id(birth="19550101", seq="122"), category="遗属")
    with write() as s:
        assert households.create(s, widow).kind == "survivor"


def test_a_person_heads_at_most_one_household(person, write):
    head = person("王建国")
    with write() as s:
        households.create(s, head)
    with pytest.raises(Conflict), write() as s:
        households.create(s, head)


def test_a_member_with_income_is_stored_in_fen(person, write):
    head = person("王建国")
    with write() as s:
        household = households.create(s, head)
        child = households.add_member(s, household, _member(monthly_income="1200.50"))
    assert child.monthly_income_fen == 120050


def test_a_member_cannot_be_in_two_households(person, write):
    first, second = person("甲", id_number=make_id(seq="111")), person("乙", id_number=make_id(seq="113"))
    child_id = make_id(birth="19800101", seq="135")
    with write() as s:
        h1, h2 = households.create(s, first), households.create(s, second)
        households.add_member(s, h1, _member(id_number=child_id))
    with pytest.raises(Conflict), write() as s:
        households.add_member(s, s.get(Household, h2.id), _member(id_number=child_id))


def test_a_removed_member_can_join_another_household(person, write):
    first, second = person("甲", id_number=make_id(seq="111")), person("乙", id_number=make_id(seq="113"))
    child_id = make_id(birth="19800101", seq="135")
    with write() as s:
        h1, h2 = households.create(s, first), households.create(s, second)
        child = households.add_member(s, h1, _member(id_number=child_id))
        households.remove_member(s, h1, child, reason="分户")
        households.add_member(s, h2, _member(id_number=child_id))
        assert [m.name for m in households.members(s, h1)] == ["甲"]
        assert len(households.members(s, h1, include_removed=True)) == 2


def test_the_head_cannot_be_removed(person, write):
    head = person("王建国")
    with pytest.raises(Conflict), write() as s:
        household = households.create(s, head)
        households.remove_member(s, household, households.members(s, household)[0])


def test_a_member_whose_id_is_on_the_roster_must_have_the_same_name(person, write):
    head = person("王建国", id_number=make_id(seq="111"))
    spouse = person("李秀英", id_number=make_id(seq="122"))
    with write() as s:
        household = households.create(s, head)
        linked = households.add_member(
            s, household, _member(name="李秀英", relation="配偶", id_number=spouse.id_number)
        )
        assert linked.retiree_id == spouse.id
    with pytest.raises(Conflict), write() as s:
        household = s.get(Household, household.id)
        households.add_member(
            s, household, _member(name="李秀兰", relation="配偶", id_number=spouse.id_number)
        )


def test_relief_facts_accumulate_and_clear(person, write):
    head = person("王建国")
    with write() as s:
        household = households.create(s, head)
        households.set_facts(
            s,
            household,
            households.FactsUpdate(annual_rigid_expenses_fen=500000, add_causes=["serious_illness"]),
        )
        households.set_facts(
            s,
            household,
            households.FactsUpdate(add_causes=["school_children"], add_exclusions=["private_car"]),
        )
        assert household.causes == ["serious_illness", "school_children"]
        households.set_facts(s, household, households.FactsUpdate(clear_exclusions=True))
        assert household.exclusions == []
        assert household.annual_rigid_expenses_fen == 500000


def test_more_than_four_causes_are_refused(person, write):
    head = person("王建国")
    with pytest.raises(RuleViolation), write() as s:
        household = households.create(s, head)
        households.set_facts(
            s,
            household,
            households.FactsUpdate(
                add_causes=["serious_illness", "school_children", "disability", "accident", "disaster"]
            ),
        )
