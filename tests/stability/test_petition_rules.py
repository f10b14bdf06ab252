"""The petition rules of the 信访工作条例: transitions, and the statutory deadlines at their edges."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kuangqu.errors import Conflict, RuleViolation
from kuangqu.rules import petitions as rules
from kuangqu.rules.petitions import Channel, PetitionDates, PetitionStatus, PetitionType

RECEIVED = date(2020, 3, 1)
S = PetitionStatus

ALLOWED = {
    ("registered", "accept"): "accepted",
    ("registered", "reject"): "not_accepted",
    ("accepted", "extend"): "accepted",
    ("accepted", "handle"): "handled",
    ("handled", "request_review"): "review_requested",
    ("review_requested", "review"): "reviewed",
    ("reviewed", "request_rereview"): "rereview_requested",
    ("rereview_requested", "rereview"): "rereviewed",
    ("not_accepted", "close"): "closed",
    ("handled", "close"): "closed",
    ("reviewed", "close"): "closed",
    ("rereviewed", "close"): "closed",
}
REFUSED = [
    (status.value, action)
    for status in PetitionStatus
    for action in rules.TRANSITIONS
    if (status.value, action) not in ALLOWED
]


@pytest.mark.parametrize(("status", "action"), sorted(ALLOWED))
def test_each_allowed_step_leads_to_its_status(status, action):
    assert rules.next_status(status, action) == ALLOWED[(status, action)]


@pytest.mark.parametrize(("status", "action"), REFUSED)
def test_every_other_step_is_refused_as_a_conflict(status, action):
    with pytest.raises(Conflict) as info:
        rules.next_status(status, action)
    assert info.value.key == "petition.transition_refused"
    assert info.value.exit_code == 4


def test_a_closed_petition_allows_no_step_at_all():
    assert rules.allowed_actions("closed") == []


@pytest.mark.parametrize(
    ("decided_on", "late"),
    [
        (date(2020, 3, 1), False),  # the day it arrived
        (date(2020, 3, 15), False),  # day 14
        (date(2020, 3, 16), False),  # day 15: on time
        (date(2020, 3, 17), True),  # day 16: overdue
    ],
)
def test_the_acceptance_decision_is_due_on_day_15_and_late_on_day_16(decided_on, late):
    deadline = rules.deadlines(PetitionDates(received_on=RECEIVED, accepted_on=decided_on))[0]
    assert deadline.due == date(2020, 3, 16)
    assert rules.day_number(RECEIVED, decided_on) == (decided_on - RECEIVED).days
    assert deadline.late(date(2020, 12, 31)) is late


@pytest.mark.parametrize(("as_of", "overdue"), [(date(2020, 3, 16), False), (date(2020, 3, 17), True)])
def test_an_undecided_petition_becomes_overdue_on_day_16(as_of, overdue):
    assert rules.is_overdue(PetitionDates(received_on=RECEIVED), as_of) is overdue


@pytest.mark.parametrize(
    ("extension", "handled_on", "late"),
    [
        (0, date(2020, 5, 15), False),  # accepted 16 March + 60 days = 15 May
        (0, date(2020, 5, 16), True),
        (30, date(2020, 6, 14), False),  # extended by 30: 14 June
        (30, date(2020, 6, 15), True),
        (10, date(2020, 5, 25), False),
        (10, date(2020, 5, 26), True),
    ],
)
def test_handling_is_due_60_days_after_acceptance_plus_any_extension(extension, handled_on, late):
    d = PetitionDates(
        received_on=RECEIVED, accepted_on=date(2020, 3, 16), extension_days=extension, opinion_on=handled_on
    )
    handling = rules.deadlines(d)[1]
    assert handling.stage == "handling"
    assert handling.late(date(2020, 12, 31)) is late


def test_review_and_rereview_answers_are_due_30_days_after_the_request():
    d = PetitionDates(
        received_on=RECEIVED,
        accepted_on=RECEIVED,
        opinion_on=date(2020, 4, 1),
        review_requested_on=date(2020, 4, 10),
        rereview_requested_on=date(2020, 6, 1),
    )
    review, rereview = rules.deadlines(d)[2:]
    assert (review.stage, review.due) == ("review", date(2020, 5, 10))
    assert (rereview.stage, rereview.due) == ("rereview", date(2020, 7, 1))


@pytest.mark.parametrize("days", [1, 29, 30])
def test_the_handling_period_may_be_extended_once_by_up_to_30_days(days):
    rules.check_extension(
        already_extended=False,
        days=days,
        reason="需外调",
        handling_due=date(2020, 5, 15),
        on=date(2020, 5, 15),
    )


@pytest.mark.parametrize("days", [0, -1, 31, 60])
def test_an_extension_outside_1_to_30_days_is_invalid(days):
    with pytest.raises(RuleViolation) as info:
        rules.check_extension(
            already_extended=False,
            days=days,
            reason="需外调",
            handling_due=date(2020, 5, 15),
            on=date(2020, 4, 1),
        )
    assert info.value.key == "petition.extension_days"


def test_a_second_extension_is_refused():
    with pytest.raises(Conflict) as info:
        rules.check_extension(
            already_extended=True, days=5, reason="再延", handling_due=date(2020, 5, 15), on=date(2020, 4, 1)
        )
    assert info.value.key == "petition.extension_once"


@pytest.mark.parametrize("reason", [None, "", "  "])
def test_an_extension_needs_a_reason(reason):
    with pytest.raises(RuleViolation) as info:
        rules.check_extension(
            already_extended=False, days=5, reason=reason, handling_due=date(2020, 5, 15), on=date(2020, 4, 1)
        )
    assert info.value.key == "petition.extension_reason"


def test_an_extension_after_the_handling_period_has_run_out_is_refused():
    with pytest.raises(Conflict) as info:
        rules.check_extension(
            already_extended=False,
            days=5,
            reason="晚了",
            handling_due=date(2020, 5, 15),
            on=date(2020, 5, 16),
        )
    assert info.value.key == "petition.extension_too_late"


@pytest.mark.parametrize("kind", ["review", "rereview"])
@pytest.mark.parametrize(("offset", "refused"), [(0, False), (30, False), (31, True)])
def test_a_review_or_rereview_request_must_come_within_30_days(kind, offset, refused):
    decided = date(2020, 4, 1)
    on = decided + timedelta(days=offset)
    if refused:
        with pytest.raises(Conflict) as info:
            rules.check_request_in_time(kind, decided, on)
        assert info.value.key == f"petition.{kind}_request_late"
    else:
        rules.check_request_in_time(kind, decided, on)


def test_a_matter_that_was_rereviewed_is_not_accepted_again():
    rules.check_not_rereviewed(None, 1)
    with pytest.raises(Conflict) as info:
        rules.check_not_rereviewed(date(2020, 6, 1), 7)
    assert info.value.params == {"earlier": 7}


@pytest.mark.parametrize(
    ("people", "reps"), [(1, []), (5, ["甲"] * 5), (300, ["甲", "乙"]), (2, ["甲", "乙"])]
)
def test_groups_with_up_to_five_representatives_are_accepted(people, reps):
    rules.check_group(people, reps)


@pytest.mark.parametrize(
    ("people", "reps", "key"),
    [
        (30, ["甲"] * 6, "petition.too_many_representatives"),
        (0, [], "petition.people_count"),
        (2, ["甲", "乙", "丙"], "petition.representatives_exceed_people"),
    ],
)
def test_a_group_with_six_representatives_or_impossible_numbers_is_invalid(people, reps, key):
    with pytest.raises(RuleViolation) as info:
        rules.check_group(people, reps)
    assert info.value.key == key


@pytest.mark.parametrize(("people", "group"), [(1, False), (4, False), (5, True), (50, True)])
def test_five_people_or_more_make_a_group_petition(people, group):
    assert rules.is_group(people) is group


@pytest.mark.parametrize("kind", list(PetitionType))
def test_accusations_are_always_confidential_and_others_only_when_flagged(kind):
    assert rules.is_confidential(kind.value) is (kind == PetitionType.ACCUSATION)
    assert rules.is_confidential(kind.value, True) is True


def test_only_petitions_to_the_province_or_beijing_are_over_level():
    assert {c for c in Channel if rules.is_over_level(c.value)} == {Channel.PROVINCE, Channel.BEIJING}


def test_a_step_may_not_precede_the_previous_one_nor_lie_in_the_future():
    rules.check_step_date(date(2020, 3, 1), after=date(2020, 3, 1), today=date(2020, 3, 1))
    with pytest.raises(RuleViolation) as info:
        rules.check_step_date(date(2020, 2, 29), after=date(2020, 3, 1), today=date(2020, 4, 1))
    assert info.value.key == "petition.date_before_previous"
    with pytest.raises(RuleViolation) as info:
        rules.check_step_date(date(2020, 4, 2), after=date(2020, 3, 1), today=date(2020, 4, 1))
    assert info.value.key == "petition.date_in_future"


def test_the_status_on_a_day_follows_from_the_dates_alone():
    d = PetitionDates(
        received_on=RECEIVED,
        accepted_on=date(2020, 3, 10),
        opinion_on=date(2020, 4, 1),
        closed_on=date(2020, 5, 1),
    )
    assert rules.status_on(d, date(2020, 2, 28)) is None
    assert rules.status_on(d, date(2020, 3, 9)) == "registered"
    assert rules.status_on(d, date(2020, 3, 10)) == "accepted"
    assert rules.status_on(d, date(2020, 4, 30)) == "handled"
    assert rules.status_on(d, date(2020, 5, 1)) == "closed"


def test_the_codes_accept_their_chinese_labels_and_short_words():
    assert Channel.parse("进京") == Channel.BEIJING
    assert Channel.parse("越级赴省") == Channel.PROVINCE
    assert PetitionType.parse("检举控告") == PetitionType.ACCUSATION
    with pytest.raises(RuleViolation):
        Channel.parse("飞鸽传书")


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)), st.integers(0, 100))
def test_a_decision_is_late_exactly_when_it_comes_after_day_15(received, offset):
    decided = received + timedelta(days=offset)
    deadline = rules.deadlines(PetitionDates(received_on=received, accepted_on=decided))[0]
    assert deadline.late(decided) is (offset > rules.ACCEPT_DAYS)


@given(st.integers(0, 30), st.integers(0, 120))
def test_with_any_extension_handling_is_late_exactly_after_60_plus_the_extension(extension, offset):
    accepted = date(2020, 3, 16)
    d = PetitionDates(
        received_on=RECEIVED,
        accepted_on=accepted,
        extension_days=extension,
        opinion_on=accepted + timedelta(days=offset),
    )
    assert rules.deadlines(d)[1].late(date(2099, 1, 1)) is (offset > 60 + extension)


@given(st.integers(0, 20), st.integers(0, 80), st.integers(0, 40))
def test_the_status_never_goes_back_as_the_days_pass(accept_after, handle_after, close_after):
    accepted = RECEIVED + timedelta(days=accept_after)
    handled = accepted + timedelta(days=handle_after)
    closed = handled + timedelta(days=close_after)
    d = PetitionDates(received_on=RECEIVED, accepted_on=accepted, opinion_on=handled, closed_on=closed)
    order = [s.value for s in PetitionStatus]
    seen = [rules.status_on(d, RECEIVED + timedelta(days=n)) for n in range(0, 150, 3)]
    positions = [order.index(s) for s in seen if s is not None]
    assert positions == sorted(positions)
