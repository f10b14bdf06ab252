"""Home-visit scheduling: intervals, due days at their edges, and quarter arithmetic."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kuangqu.errors import RuleViolation
from kuangqu.rules import visits as rules
from kuangqu.rules.visits import Quarter, parse_quarter

LAST = date(2020, 1, 10)


@pytest.mark.parametrize(
    ("key_support", "override", "expected"),
    [(False, None, 90), (True, None, 30), (False, 45, 45), (True, 60, 60)],
)
def test_the_interval_is_the_households_own_else_30_for_key_support_else_90(key_support, override, expected):
    assert rules.interval_days(key_support=key_support, override=override) == expected


def test_the_default_intervals_come_from_the_settings_when_given():
    assert rules.interval_days(key_support=False, default=60, key_support_default=15) == 60
    assert rules.interval_days(key_support=True, default=60, key_support_default=15) == 15


@pytest.mark.parametrize("override", [0, -5])
def test_a_non_positive_interval_is_invalid(override):
    with pytest.raises(RuleViolation) as info:
        rules.interval_days(key_support=False, override=override)
    assert info.value.key == "visit.interval_positive"


@pytest.mark.parametrize(
    ("interval", "as_of", "overdue"),
    [
        (90, LAST + timedelta(days=89), False),
        (90, LAST + timedelta(days=90), False),  # the due day itself is on time
        (90, LAST + timedelta(days=91), True),
        (30, LAST + timedelta(days=30), False),
        (30, LAST + timedelta(days=31), True),
    ],
)
def test_a_household_is_overdue_from_the_day_after_its_due_day(interval, as_of, overdue):
    assert rules.next_due(LAST, interval) == LAST + timedelta(days=interval)
    assert rules.is_overdue(LAST, interval, as_of) is overdue
    assert (rules.days_overdue(LAST, interval, as_of) > 0) is overdue


def test_a_household_never_visited_is_overdue_with_no_due_day():
    assert rules.next_due(None, 90) is None
    assert rules.is_overdue(None, 90, date(2020, 1, 1)) is True
    assert rules.days_overdue(None, 90, date(2020, 1, 1)) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020Q3", Quarter(2020, 3)),
        ("2020-q1", Quarter(2020, 1)),
        ("2020 Q4", Quarter(2020, 4)),
        ("2020年第三季度", Quarter(2020, 3)),
        ("2021年第1季度", Quarter(2021, 1)),
    ],
)
def test_quarters_are_read_in_the_usual_spellings(text, expected):
    assert parse_quarter(text) == expected


@pytest.mark.parametrize("text", ["2020Q5", "2020Q0", "Q3", "2020-07", ""])
def test_anything_else_is_not_a_quarter(text):
    with pytest.raises(RuleViolation) as info:
        parse_quarter(text)
    assert info.value.key == "visit.quarter_format"


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (Quarter(2020, 1), date(2020, 1, 1), date(2020, 3, 31)),
        (Quarter(2020, 2), date(2020, 4, 1), date(2020, 6, 30)),
        (Quarter(2020, 3), date(2020, 7, 1), date(2020, 9, 30)),
        (Quarter(2020, 4), date(2020, 10, 1), date(2020, 12, 31)),
    ],
)
def test_a_quarter_runs_from_its_first_to_its_last_day(quarter, start, end):
    assert (quarter.start, quarter.end) == (start, end)
    assert str(quarter) == f"2020Q{quarter.number}"


def test_the_quarter_after_q4_is_q1_of_the_next_year():
    assert Quarter(2020, 4).next() == Quarter(2021, 1)
    assert Quarter(2021, 1).previous() == Quarter(2020, 4)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_every_day_lies_in_its_own_quarter_and_no_other(day):
    quarter = Quarter.of(day)
    assert quarter.contains(day)
    assert not quarter.next().contains(day)
    assert not quarter.previous().contains(day)
    assert quarter.next().previous() == quarter


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1)), st.integers(1, 400), st.integers(0, 800)
)
def test_overdue_means_more_days_have_passed_than_the_interval(last, interval, elapsed):
    assert rules.is_overdue(last, interval, last + timedelta(days=elapsed)) is (elapsed > interval)
