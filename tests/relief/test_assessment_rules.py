"""Tier placement: the income computation, every threshold from both sides, causes, exclusions,
missing facts (reported, never guessed) and the distance to the next tier."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kuangqu.rules.relief import HouseholdFacts, MemberFacts, assess, compute_income, parse_standard
from tests.relief.conftest import ISSUE_STANDARD

STD = parse_standard(ISSUE_STANDARD)


def one_person(
    per_capita_fen: int, *, causes: tuple[str, ...] = (), exclusions: tuple[str, ...] = ()
) -> HouseholdFacts:
    """A one-person household whose per-capita income is exactly `per_capita_fen`."""
    return HouseholdFacts((MemberFacts("甲", per_capita_fen),), 0, causes, exclusions)


def tier_of(facts: HouseholdFacts) -> str | None:
    result = assess(STD, facts)
    return result.tier.code if result.tier else None


# ---------------------------------------------------------------- income


def test_per_capita_income_follows_the_issues_formula():
    facts = HouseholdFacts(
        (MemberFacts("甲", 150000), MemberFacts("乙", 50000), MemberFacts("丙", 0)), 360000
    )
    income, missing = compute_income(facts)
    assert missing == []
    assert (income.monthly_total_fen, income.annual_income_fen, income.net_annual_fen) == (
        200000,
        2400000,
        2040000,
    )
    assert income.per_capita_fen == 56667  # 20400 / 12 / 3 = 566.666… → 566.67


@pytest.mark.parametrize(
    ("net_annual_fen", "members", "expected"),
    [
        (12 * 3 * 100 + 18, 3, 101),  # 1.005 yuan → 1.01 (half up)
        (12 * 3 * 100 + 17, 3, 100),  # 1.00472… → 1.00
        (12 * 2 * 100 + 12, 2, 101),  # exactly 1.005 → 1.01
        (-(12 * 2 * 100 + 12), 2, -101),  # rigid expenses above income: negative, half away from zero
    ],
)
def test_per_capita_income_is_rounded_half_up_to_the_fen(net_annual_fen, members, expected):
    facts = HouseholdFacts(tuple(MemberFacts(str(i), 0) for i in range(members)), -net_annual_fen)
    assert compute_income(facts)[0].per_capita_fen == expected


@given(st.lists(st.integers(0, 2_000_000), min_size=1, max_size=8), st.integers(0, 50_000_000))
def test_per_capita_income_equals_the_decimal_formula_rounded_half_up(incomes, rigid):
    facts = HouseholdFacts(tuple(MemberFacts(str(i), v) for i, v in enumerate(incomes)), rigid)
    exact = Decimal(sum(incomes) * 12 - rigid) / 12 / len(incomes)
    expected = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert compute_income(facts)[0].per_capita_fen == expected


# ---------------------------------------------------------------- thresholds


@pytest.mark.parametrize(
    ("per_capita", "expected"),
    [
        (0, "A"),
        (51999, "A"),  # 519.99: below 1.0 × 520
        (52000, None),  # exactly 1.0 × dibao is NOT below it; no cause → no tier
        (52001, None),
    ],
)
def test_tier_a_needs_income_strictly_below_one_dibao(per_capita, expected):
    assert tier_of(one_person(per_capita)) == expected


@pytest.mark.parametrize(
    ("per_capita", "expected"),
    [
        (51999, "A"),
        (52000, "B"),  # exactly at 1.0×: not A; with a B cause it is B
        (77999, "B"),
        (78000, "C"),  # exactly at 1.5×: not B; serious_illness is also a C cause
        (155999, "C"),
        (156000, None),  # exactly at 3.0×: not C
        (156001, None),
    ],
)
def test_each_threshold_is_exclusive_with_a_cause_that_both_b_and_c_accept(per_capita, expected):
    assert tier_of(one_person(per_capita, causes=("serious_illness",))) == expected


@pytest.mark.parametrize(
    ("per_capita", "causes", "expected"),
    [
        (60000, (), None),  # between 1.0× and 1.5× without a cause
        (60000, ("unemployed",), None),  # a cause neither B nor C lists
        (60000, ("disability",), "B"),
        (60000, ("accident",), "C"),  # C's cause but not B's: falls through to C
        (100000, ("disability",), None),  # above 1.5×, and disability is not a C cause
        (100000, ("work_death",), "C"),
        (10000, ("accident",), "A"),  # A needs no cause and comes first
    ],
)
def test_causes_decide_between_tiers(per_capita, causes, expected):
    assert tier_of(one_person(per_capita, causes=causes)) == expected


def test_a_ratio_that_gives_a_fraction_of_a_fen_is_compared_exactly():
    std = parse_standard(ISSUE_STANDARD.replace('dibao_monthly = "520.00"', 'dibao_monthly = "520.01"'))
    # 1.5 × 520.01 = 780.015: 780.01 is below it, 780.02 is not.
    assert assess(std, one_person(78001, causes=("disability",))).tier.code == "B"
    assert assess(std, one_person(78002, causes=("disability",))).tier is None


# ---------------------------------------------------------------- exclusions and missing facts


def test_an_exclusion_makes_the_household_ineligible_for_every_tier():
    result = assess(STD, one_person(0, exclusions=("two_homes",)))
    assert result.tier is None and result.status == "excluded"
    assert result.excluded_by == ("two_homes",)
    assert all(check.passed is False for check in result.checks)
    assert result.as_dict()["excluded_by"] == ["two_homes"]


def test_an_exclusion_the_standard_does_not_list_does_not_apply():
    assert tier_of(one_person(0, exclusions=("private_car",))) == "A"


def test_a_member_with_unknown_income_is_reported_and_no_tier_is_guessed():
    facts = HouseholdFacts((MemberFacts("甲", 0), MemberFacts("乙", None)), 0)
    result = assess(STD, facts)
    assert result.tier is None and result.status == "incomplete"
    assert result.missing == ({"fact": "monthly_income", "member": "乙"},)
    assert result.income.per_capita_fen is None
    assert [c.passed for c in result.checks] == [None, False, False]  # B and C fail on the cause anyway
    assert result.distance is None


def test_unknown_rigid_expenses_are_reported_not_taken_as_zero():
    result = assess(STD, HouseholdFacts((MemberFacts("甲", 0),), None))
    assert result.tier is None
    assert result.missing == ({"fact": "annual_rigid_expenses", "member": ""},)


def test_a_household_without_members_cannot_be_assessed():
    result = assess(STD, HouseholdFacts((), 0))
    assert result.tier is None and {"fact": "members", "member": ""} in result.missing


# ---------------------------------------------------------------- explanation


def test_each_tiers_tests_show_the_values_compared():
    data = assess(STD, one_person(52000, causes=("disability",))).as_dict()
    assert data["tier"] == "B" and data["per_capita_monthly_income"] == "520.00"
    a, b, c = data["checks"]
    assert (a["tier"], a["passed"]) == ("A", False)
    assert a["reasons"][0] | {"text": ""} == {
        "test": "income",
        "passed": False,
        "ratio": "1.0",
        "dibao": "520.00",
        "limit": "520.00",
        "value": "520.00",
        "text": "",
    }
    assert "不低于" in a["reasons"][0]["text"]
    assert [r["test"] for r in b["reasons"]] == ["income", "cause"] and b["passed"] is True
    assert c["passed"] is False and c["reasons"][1]["passed"] is False


@pytest.mark.parametrize(
    ("per_capita", "causes", "next_tier", "drop", "margin"),
    [
        (50000, (), None, None, 2000),  # A: deepest; 20.00 more leaves A
        (52000, ("disability",), "A", 1, 26000),  # B: 0.01 less reaches A; 260.00 more leaves B
        (78000, ("serious_illness",), "B", 1, 78000),  # C, exactly at 1.5×
        (200000, (), "A", 148001, None),  # no tier, no cause: A is the only reachable tier
        (200000, ("accident",), "C", 44001, None),  # no tier: C is the nearest it has a cause for
    ],
)
def test_the_distance_to_the_next_tier(per_capita, causes, next_tier, drop, margin):
    d = assess(STD, one_person(per_capita, causes=causes)).distance
    assert d is not None
    assert (d.next_tier, d.per_capita_drop_fen, d.margin_fen) == (next_tier, drop, margin)


def test_the_distance_names_a_cause_the_next_tier_needs_and_the_household_lacks():
    std = parse_standard(ISSUE_STANDARD.replace("causes = []", 'causes = ["disability"]'))
    d = assess(std, one_person(60000)).distance  # no tier; every tier needs a cause it lacks
    assert d is not None and d.next_tier == "B" and d.per_capita_drop_fen == 0
    assert d.causes_needed == (
        "serious_illness",
        "disability",
        "school_children",
        "single_parent",
        "no_work_capacity",
    )


def test_a_household_in_the_deepest_tier_has_no_next_tier():
    d = assess(STD, one_person(40000, causes=("unemployed",))).distance
    assert d is not None and d.next_tier is None and d.margin_fen == 12000


# ---------------------------------------------------------------- properties


@given(
    st.integers(-100_000, 400_000),
    st.sets(st.sampled_from(["serious_illness", "disability", "accident", "unemployed", "work_death"])),
)
def test_a_placed_household_is_below_its_tiers_limit_and_fails_every_earlier_tier(per_capita, causes):
    result = assess(STD, one_person(per_capita, causes=tuple(sorted(causes))))
    if result.tier is None:
        assert all(c.passed is False for c in result.checks)
        return
    index = [t.code for t in STD.tiers].index(result.tier.code)
    assert Decimal(per_capita) < result.tier.limit_fen(STD.dibao_monthly_fen)
    assert all(c.passed is False for c in result.checks[:index])


@given(st.integers(0, 300_000), st.integers(1, 5_000))
def test_a_lower_income_never_moves_a_household_to_a_lesser_tier(per_capita, drop):
    order = {"A": 0, "B": 1, "C": 2, None: 3}
    causes = ("serious_illness",)
    assert (
        order[tier_of(one_person(per_capita - drop, causes=causes))]
        <= order[tier_of(one_person(per_capita, causes=causes))]
    )


@given(
    st.integers(-50_000, 300_000), st.sampled_from([(), ("disability",), ("accident",), ("serious_illness",)])
)
def test_falling_by_the_reported_drop_reaches_the_named_tier(per_capita, causes):
    result = assess(STD, one_person(per_capita, causes=causes))
    d = result.distance
    if d is None or d.next_tier is None or d.causes_needed:
        return
    assert tier_of(one_person(per_capita - d.per_capita_drop_fen, causes=causes)) == d.next_tier
    if d.per_capita_drop_fen > 0:
        reached = tier_of(one_person(per_capita - d.per_capita_drop_fen + 1, causes=causes))
        assert reached != d.next_tier
