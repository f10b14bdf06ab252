"""The application state machine, notice dates, tier holding, payment periods and school age."""

from __future__ import annotations

from datetime import date

import pytest

from kuangqu.errors import Conflict, RuleViolation
from kuangqu.rules.relief import (
    TRANSITIONS,
    ApplicationStatus,
    Decision,
    add_months,
    check_approval_date,
    holding_on,
    month_reference_day,
    next_status,
    notice_ends,
    parse_festival,
    school_age,
)

S = ApplicationStatus
ALLOWED = {
    ("review", S.SUBMITTED): S.REVIEWED,
    ("notice", S.REVIEWED): S.IN_NOTICE,
    ("approve", S.IN_NOTICE): S.APPROVED,
    ("reject", S.SUBMITTED): S.REJECTED,
    ("reject", S.REVIEWED): S.REJECTED,
    ("reject", S.IN_NOTICE): S.REJECTED,
    ("withdraw", S.SUBMITTED): S.WITHDRAWN,
    ("withdraw", S.REVIEWED): S.WITHDRAWN,
    ("withdraw", S.IN_NOTICE): S.WITHDRAWN,
    ("close", S.APPROVED): S.CLOSED,
}
EVERY_STEP = [(action, status) for action in TRANSITIONS for status in S]


@pytest.mark.parametrize(("action", "status"), [k for k in EVERY_STEP if k in ALLOWED])
def test_each_allowed_step_leads_to_its_status(action, status):
    assert next_status(status.value, action) == ALLOWED[(action, status)]


@pytest.mark.parametrize(("action", "status"), [k for k in EVERY_STEP if k not in ALLOWED])
def test_every_other_step_is_refused_as_a_conflict(action, status):
    with pytest.raises(Conflict) as info:
        next_status(status.value, action)
    assert info.value.key == "relief.transition_refused"
    assert info.value.exit_code == 4


@pytest.mark.parametrize(
    ("start", "days", "last"),
    [
        (date(2020, 1, 4), 7, date(2020, 1, 10)),
        (date(2020, 1, 4), 1, date(2020, 1, 4)),
        (date(2020, 2, 25), 7, date(2020, 3, 2)),  # across a leap February
    ],
)
def test_a_notice_of_n_days_counts_its_first_day(start, days, last):
    assert notice_ends(start, days) == last


def test_a_notice_needs_at_least_one_day():
    with pytest.raises(RuleViolation):
        notice_ends(date(2020, 1, 4), 0)


@pytest.mark.parametrize(
    ("on", "refused"),
    [
        (date(2020, 1, 3), True),
        (date(2020, 1, 10), True),  # the notice's last day: not yet over
        (date(2020, 1, 11), False),  # the day after
    ],
)
def test_approval_comes_after_the_notice_ends(on, refused):
    if refused:
        with pytest.raises(Conflict):
            check_approval_date(date(2020, 1, 4), 7, on)
    else:
        check_approval_date(date(2020, 1, 4), 7, on)


def approval(app_id: int, on: date, tier: str = "A", *, closed: date | None = None) -> Decision:
    return Decision(app_id, on, True, tier, add_months(on, 12), closed)


def rejection(app_id: int, on: date) -> Decision:
    return Decision(app_id, on, False, None, None)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2020, 1, 10), None),  # before the approval
        (date(2020, 1, 11), 1),  # from the approval day
        (date(2021, 1, 10), 1),  # the last day before the yearly re-check
        (date(2021, 1, 11), None),  # re-check due: the tier lapses until the household is re-checked
    ],
)
def test_an_approval_holds_for_a_year(day, expected):
    held = holding_on([approval(1, date(2020, 1, 11))], day)
    assert (held.application_id if held else None) == expected


def test_a_later_approval_replaces_the_tier_and_a_later_rejection_ends_it():
    decisions = [
        approval(1, date(2020, 1, 11), "B"),
        approval(2, date(2020, 6, 1), "A"),
        rejection(3, date(2020, 9, 1)),
    ]
    assert holding_on(decisions, date(2020, 3, 1)).tier == "B"
    assert holding_on(decisions, date(2020, 7, 1)).tier == "A"
    assert holding_on(decisions, date(2020, 9, 1)) is None


def test_a_closed_approval_stops_holding_on_the_day_it_is_closed():
    decisions = [approval(1, date(2020, 1, 11), closed=date(2020, 5, 1))]
    assert holding_on(decisions, date(2020, 4, 30)) is not None
    assert holding_on(decisions, date(2020, 5, 1)) is None


@pytest.mark.parametrize(
    ("paid_on", "reference"),
    [
        (date(2020, 3, 20), date(2020, 3, 20)),
        (date(2020, 3, 31), date(2020, 3, 31)),
        (date(2020, 4, 5), date(2020, 3, 31)),  # paid late: judged on the month's last day
    ],
)
def test_a_months_tier_is_judged_on_its_last_day_or_the_payment_day_if_earlier(paid_on, reference):
    assert month_reference_day(2020, 3, paid_on) == reference


def test_a_month_cannot_be_paid_before_it_begins():
    with pytest.raises(RuleViolation):
        month_reference_day(2020, 3, date(2020, 2, 28))


@pytest.mark.parametrize(
    ("raw", "name"), [("春节", "春节"), ("spring", "春节"), ("Spring_Festival", "春节"), (" 中秋节 ", "中秋")]
)
def test_festival_names_are_normalised(raw, name):
    assert parse_festival(raw) == name


def test_an_unknown_festival_is_refused():
    with pytest.raises(RuleViolation):
        parse_festival("圣诞")


@pytest.mark.parametrize(
    ("birth", "expected"),
    [
        (date(2014, 6, 2), None),  # 5 on 1 June 2020
        (date(2014, 6, 1), 6),  # 6 that day
        (date(2002, 6, 2), 17),
        (date(2002, 6, 1), None),  # 18 that day
        (None, None),
    ],
)
def test_school_age_is_six_to_seventeen(birth, expected):
    assert school_age(birth, date(2020, 6, 1)) == expected


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(date(2020, 1, 31), 1) == date(2020, 2, 29)
    assert add_months(date(2020, 2, 29), 12) == date(2021, 2, 28)
