"""Relief use cases against a real database: standards, assessment, the review, payments, checks."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text

from kuangqu.errors import Conflict, InvalidInput, KuangquError, NotFound, RuleViolation
from kuangqu.models.audit import AuditEntry
from kuangqu.models.registry import Household, Retiree
from kuangqu.models.relief import ReliefAssessment, ReliefPayment, ReliefStandard
from kuangqu.rules.dates import PartialDate
from kuangqu.services.relief import applications, assessment, checks, pairs, payments, standards, tiers
from tests.relief.conftest import ISSUE_STANDARD

JAN11 = date(2020, 1, 11)


def reload(s, obj):
    return s.get(type(obj), obj.id)


# ---------------------------------------------------------------- standards


def test_a_loaded_standard_keeps_its_text_and_loading_it_again_changes_nothing(write, read):
    with write() as s:
        row, created = standards.load(s, ISSUE_STANDARD, source_name="a.toml")
    with write() as s:
        again, created_again = standards.load(s, ISSUE_STANDARD)
    assert created and not created_again and again.id == row.id
    with read() as s:
        stored = s.scalars(select(ReliefStandard)).one()
        assert stored.source_text == ISSUE_STANDARD and stored.dibao_monthly_fen == 52000


def test_a_version_is_never_reused_for_different_text(write, standard):
    with pytest.raises(Conflict), write() as s:
        standards.load(s, ISSUE_STANDARD.replace('"300.00"', '"350.00"'))


def test_an_invalid_standard_is_not_stored(write, read):
    with pytest.raises(InvalidInput), write() as s:
        standards.load(s, ISSUE_STANDARD.replace("causes = []", 'causes = ["flood"]'))
    with read() as s:
        assert s.scalar(select(func.count()).select_from(ReliefStandard)) == 0


def test_the_standard_in_force_is_the_latest_effective_on_the_day(write, read, standard):
    with write() as s:
        standards.load(
            s,
            ISSUE_STANDARD.replace('version = "2020"', 'version = "2021"')
            .replace('"2020-01-01"', '"2021-01-01"')
            .replace('"520.00"', '"560.00"'),
        )
    with read() as s:
        assert standards.in_force(s, date(2020, 12, 31)).version == "2020"
        assert standards.in_force(s, date(2021, 1, 1)).version == "2021"
        with pytest.raises(NotFound):
            standards.in_force(s, date(2019, 12, 31))


# ---------------------------------------------------------------- assessing


def test_assessing_writes_nothing_unless_recorded(write, read, standard, family):
    household = family("1000.00", "0")
    with read() as s:
        result = assessment.assess_household(s, household, as_of=JAN11, standard_row=standard)
        assert result.tier.code == "A" and result.income.per_capita_fen == 50000
        assert s.scalar(select(func.count()).select_from(ReliefAssessment)) == 0
    with write() as s:
        row = assessment.record(s, household, result, as_of=JAN11, standard_row=standard)
    with read() as s:
        stored = s.get(ReliefAssessment, row.id)
        assert (stored.tier, stored.standard_id, stored.per_capita_income_fen) == ("A", standard.id, 50000)
        assert (
            stored.snapshot["standard_version"] == "2020"
            and stored.snapshot["per_capita_monthly_income"] == "500.00"
        )


def test_a_removed_member_and_a_dead_member_no_longer_count(write, read, standard, family, person):
    from kuangqu.services import households
    from kuangqu.validate import member_input
    from tests.helpers import make_id

    household = family("1000.00", "1000.00")  # two members, 1000.00 each
    grandpa = person("王老汉", id_number=make_id(birth="19300101", seq="999"))
    with write() as s:
        h = reload(s, household)
        households.add_member(
            s,
            h,
            member_input(
                {"name": "王老汉", "relation": "父母", "monthly_income": "0", "id_number": grandpa.id_number}
            ).value,
        )
        spouse = households.members(s, h)[1]
        households.remove_member(s, h, spouse, on=date(2020, 1, 5))
        dead = s.get(Retiree, grandpa.id)
        dead.status, dead.died_on = "deceased", PartialDate(2020, 1)
    with read() as s:
        before = assessment.assess_household(s, household, as_of=date(2019, 12, 31), standard_row=standard)
        after = assessment.assess_household(s, household, as_of=JAN11, standard_row=standard)
    assert before.income.size == 3 and after.income.size == 1


# ---------------------------------------------------------------- the review


def test_an_application_goes_through_review_notice_and_approval(write, read, standard, family, approved):
    household = family("1000.00", "0")
    app = approved(household)
    with read() as s:
        app = reload(s, app)
        assert (app.status, app.tier, app.decided_on, app.next_review_on) == (
            "approved",
            "A",
            JAN11,
            date(2021, 1, 11),
        )
        assert app.visit_ref == "家访#1" and app.assessment_id is not None
        assert [e.action for e in applications.events(s, app)] == ["apply", "review", "notice", "approve"]
        actions = [
            a.action
            for a in s.scalars(
                select(AuditEntry).where(AuditEntry.entity == "relief_application").order_by(AuditEntry.id)
            )
        ]
        assert actions == ["relief.apply", "relief.review", "relief.notice", "relief.approve"]
        assert tiers.holding(s, household.id, JAN11).tier == "A"


def test_the_first_review_must_cite_a_home_visit_made_before_it(write, standard, family):
    household = family()
    with write() as s:
        app = applications.apply(s, household, "daily", on=date(2020, 1, 2))
    with pytest.raises(RuleViolation), write() as s:
        applications.review(s, reload(s, app), on=date(2020, 1, 3), visit_ref="  ")
    with pytest.raises(Conflict), write() as s:
        applications.review(
            s, reload(s, app), on=date(2020, 1, 3), visit_ref="家访#2", visit_on=date(2020, 1, 4)
        )


def notice_started(write, household, *, days=7):
    with write() as s:
        app = applications.apply(s, household, "daily", on=date(2020, 1, 2))
        applications.review(s, app, on=date(2020, 1, 3), visit_ref="家访#1")
        applications.notice(s, app, start=date(2020, 1, 4), days=days)
    return app


def test_approving_before_the_notice_ends_is_refused_and_changes_nothing(write, read, standard, family):
    app = notice_started(write, family())
    with pytest.raises(Conflict) as info, write() as s:
        applications.approve(s, reload(s, app), on=date(2020, 1, 10))
    assert info.value.key == "relief.notice_not_over"
    with read() as s:
        assert reload(s, app).status == "in_notice"


def test_an_open_or_upheld_objection_blocks_approval(write, read, standard, family):
    app = notice_started(write, family())
    with write() as s:
        objection = applications.add_objection(s, reload(s, app), on=date(2020, 1, 5), content="有私家车")
    with pytest.raises(Conflict) as info, write() as s:
        applications.approve(s, reload(s, app), on=JAN11)
    assert info.value.key == "relief.objection_open"
    with write() as s:
        applications.resolve_objection(
            s, reload(s, objection), on=date(2020, 1, 8), resolution="属实", upheld=True
        )
    with pytest.raises(Conflict) as info, write() as s:
        applications.approve(s, reload(s, app), on=JAN11)
    assert info.value.key == "relief.objection_upheld"
    with write() as s:
        applications.reject(s, reload(s, app), on=JAN11, reason="异议属实：有私家车")
    with read() as s:
        assert reload(s, app).status == "rejected"


@pytest.mark.parametrize("on", [date(2020, 1, 3), date(2020, 1, 11)])
def test_an_objection_outside_the_notice_period_is_refused(write, standard, family, on):
    app = notice_started(write, family())
    with pytest.raises(Conflict), write() as s:
        applications.add_objection(s, reload(s, app), on=on, content="x")


def test_an_objection_before_the_notice_starts_is_refused(write, standard, family):
    household = family()
    with write() as s:
        app = applications.apply(s, household, "daily", on=date(2020, 1, 2))
    with pytest.raises(Conflict) as info, write() as s:
        applications.add_objection(s, reload(s, app), on=date(2020, 1, 2), content="x")
    assert info.value.key == "relief.objection_not_in_notice"


def test_a_household_in_no_tier_cannot_be_approved_but_can_be_rejected_with_a_reason(
    write, read, standard, family
):
    app = notice_started(write, family("3000.00"))
    with pytest.raises(Conflict) as info, write() as s:
        applications.approve(s, reload(s, app), on=JAN11)
    assert info.value.key == "relief.approve_no_tier"
    with pytest.raises(RuleViolation), write() as s:
        applications.reject(s, reload(s, app), on=JAN11, reason=" ")
    with write() as s:
        applications.reject(s, reload(s, app), on=JAN11, reason="人均收入超过标准")
    with read() as s:
        assert reload(s, app).decision_reason == "人均收入超过标准"
        assert tiers.holding(s, app.household_id, JAN11) is None


def test_a_withdrawn_application_cannot_be_approved_or_withdrawn_again(write, standard, family):
    app = notice_started(write, family())
    with write() as s:
        applications.withdraw(s, reload(s, app), on=date(2020, 1, 5), reason="不再申请")
    for action in (
        lambda s: applications.approve(s, reload(s, app), on=JAN11),
        lambda s: applications.withdraw(s, reload(s, app), on=JAN11),
    ):
        with pytest.raises(Conflict), write() as s:
            action(s)


def test_a_household_has_one_open_daily_application_at_a_time(write, standard, family):
    household = family()
    with write() as s:
        applications.apply(s, household, "daily", on=date(2020, 1, 2))
    with pytest.raises(Conflict), write() as s:
        applications.apply(s, household, "daily", on=date(2020, 1, 3))


@pytest.mark.parametrize(("amount", "reason"), [(None, "住院"), (0, "住院"), (10000, None)])
def test_temporary_relief_needs_an_amount_and_a_reason(write, standard, family, amount, reason):
    household = family()
    with pytest.raises(RuleViolation), write() as s:
        applications.apply(s, household, "temporary", on=date(2020, 1, 2), amount_fen=amount, reason=reason)


def test_closing_an_approval_ends_the_tier_and_a_superseded_one_cannot_be_closed(
    write, read, standard, family, approved
):
    household = family("1000.00", "0")
    first = approved(household)
    second = approved(household, applied=date(2020, 6, 1))
    with pytest.raises(Conflict), write() as s:
        applications.close(s, reload(s, first), on=date(2020, 7, 1), reason="脱困")
    with write() as s:
        applications.close(s, reload(s, second), on=date(2020, 7, 1), reason="脱困")
    with read() as s:
        assert tiers.holding(s, household.id, date(2020, 6, 30)) is not None
        assert tiers.holding(s, household.id, date(2020, 7, 1)) is None


# ---------------------------------------------------------------- paying


def tiered(family, approved, *, causes=("serious_illness",)):
    """Households in A, B and C (approved on 11 January 2020)."""
    a = family("1000.00", "0", name="甲户")
    b = family("1300.00", "0", causes=causes, name="乙户")  # 650.00 per person
    c = family("2000.00", "0", causes=causes, name="丙户")  # 1000.00 per person
    for household in (a, b, c):
        approved(household)
    return a, b, c


def amounts(s, **filters):
    return sorted(
        (r.household.id, r.payment.kind, r.payment.amount_fen) for r in payments.list_payments(s, **filters)
    )


def test_a_month_pays_each_tier_its_monthly_amount_and_twice_pays_nothing_twice(
    write, read, standard, family, approved
):
    a, b, _c = tiered(family, approved)
    with write() as s:
        first = payments.pay_month(s, 2020, 3, paid_on=date(2020, 3, 20))
    with write() as s:
        second = payments.pay_month(s, 2020, 3, paid_on=date(2020, 3, 25))
    assert first.total_fen == 50000 and len(first.paid) == 2
    assert [sk.reason for sk in first.skipped] == ["relief.skip_no_amount"]  # C has no monthly amount
    assert second.paid == [] and second.already_paid == 2
    with read() as s:
        assert amounts(s) == sorted([(a.id, "daily", 30000), (b.id, "daily", 20000)])


def test_a_dry_run_writes_nothing(write, read, standard, family, approved):
    tiered(family, approved)
    with write() as s:
        result = payments.pay_month(s, 2020, 3, paid_on=date(2020, 3, 20), dry_run=True)
    assert len(result.paid) == 2
    with read() as s:
        assert amounts(s) == []


def test_festival_relief_is_paid_once_per_festival_and_year(write, read, standard, family, approved):
    a, b, c = tiered(family, approved)
    with write() as s:
        payments.pay_festival(s, 2020, "春节", paid_on=date(2020, 1, 15))
    with write() as s:
        again = payments.pay_festival(s, 2020, "春节", paid_on=date(2020, 1, 20))
    with write() as s:
        autumn = payments.pay_festival(s, 2020, "中秋", paid_on=date(2020, 9, 25))
    assert again.paid == [] and again.already_paid == 3 and len(autumn.paid) == 3
    with read() as s:
        assert amounts(s, kind="festival", month=(2020, 1)) == sorted(
            [(a.id, "festival", 150000), (b.id, "festival", 100000), (c.id, "festival", 80000)]
        )


def test_a_household_approved_after_the_run_gets_paid_by_the_next_run_only(
    write, read, standard, family, approved
):
    first = family("1000.00", "0")
    approved(first)
    with write() as s:
        payments.pay_month(s, 2020, 3, paid_on=date(2020, 3, 20))
    late = family("900.00", "0", name="迟户")
    approved(late, applied=date(2020, 3, 1))
    with write() as s:
        rerun = payments.pay_month(s, 2020, 3, paid_on=date(2020, 3, 25))
    assert [p.household_id for p in rerun.paid] == [late.id] and rerun.already_paid == 1


def test_the_tier_lapses_when_the_yearly_recheck_is_due(write, read, standard, family, approved):
    approved(family("1000.00", "0"))
    with write() as s:
        december = payments.pay_month(s, 2020, 12, paid_on=date(2020, 12, 20))
        january = payments.pay_month(s, 2021, 1, paid_on=date(2021, 1, 20))
    assert len(december.paid) == 1 and january.paid == []


def test_relief_stops_after_the_heads_death_unless_it_is_a_survivor_household(
    write, read, standard, family, approved
):
    household = family("1000.00", "0")
    approved(household)
    with write() as s:
        head = s.get(Retiree, s.get(Household, household.id).head_id)
        head.status, head.died_on = "deceased", PartialDate(2020, 2, 10)
    with write() as s:
        result = payments.pay_month(s, 2020, 3, paid_on=date(2020, 3, 20))
    assert result.paid == [] and [sk.reason for sk in result.skipped] == ["relief.skip_head_deceased"]
    with write() as s:
        s.get(Household, household.id).kind = "survivor"
    with write() as s:
        assert len(payments.pay_month(s, 2020, 3, paid_on=date(2020, 3, 20)).paid) == 1


def test_temporary_relief_is_paid_once_on_its_approved_amount(write, read, standard, family, approved):
    household = family("5000.00")
    app = approved(household, kind="temporary", amount_fen=300000, reason="住院")
    with write() as s:
        payment = payments.pay_temporary(s, reload(s, app), paid_on=date(2020, 1, 12))
    assert payment.amount_fen == 300000
    with pytest.raises(Conflict) as info, write() as s:
        payments.pay_temporary(s, reload(s, app), paid_on=date(2020, 1, 13))
    assert info.value.key == "relief.temporary_already_paid"


def test_a_rejected_or_daily_application_cannot_be_paid_as_temporary_relief(
    write, standard, family, approved
):
    daily = approved(family("1000.00", "0"))
    other = family(name="乙")
    with write() as s:
        rejected = applications.apply(s, other, "temporary", on=date(2020, 1, 2), amount_fen=100, reason="x")
        applications.reject(s, rejected, on=date(2020, 1, 3), reason="不符合")
    for app, key in ((rejected, "relief.pay_not_approved"), (daily, "relief.pay_not_temporary")):
        with pytest.raises(Conflict) as info, write() as s:
            payments.pay_temporary(s, reload(s, app), paid_on=date(2020, 1, 20))
        assert info.value.key == key


def test_a_payment_is_reversed_by_a_negative_entry_and_never_twice(write, read, standard, family, approved):
    approved(family("1000.00", "0"))
    with write() as s:
        original = payments.pay_month(s, 2020, 3, paid_on=date(2020, 3, 20)).paid[0]
    with write() as s:
        reversal = payments.reverse(s, reload(s, original), on=date(2020, 3, 28), reason="误发")
    with read() as s:
        assert (reversal.amount_fen, reversal.reversal_of, reversal.reason) == (-30000, original.id, "误发")
        assert reload(s, original).amount_fen == 30000
    for target in (original, reversal):
        with pytest.raises(Conflict), write() as s:
            payments.reverse(s, reload(s, target), on=date(2020, 3, 29), reason="again")
    with pytest.raises(RuleViolation), write() as s:
        payments.reverse(s, reload(s, original), on=date(2020, 3, 29), reason="")


def test_a_reversed_payment_is_paid_again_only_when_asked(write, read, standard, family, approved):
    approved(family("1000.00", "0"))
    with write() as s:
        original = payments.pay_month(s, 2020, 3, paid_on=date(2020, 3, 20)).paid[0]
        payments.reverse(s, original, on=date(2020, 3, 21), reason="金额有误")
    with write() as s:
        plain = payments.pay_month(s, 2020, 3, paid_on=date(2020, 3, 22))
    with write() as s:
        repaid = payments.pay_month(s, 2020, 3, paid_on=date(2020, 3, 22), repay_reversed=True)
    assert plain.paid == [] and [sk.reason for sk in plain.skipped] == ["relief.skip_reversed"]
    assert [p.attempt for p in repaid.paid] == [1]


@pytest.mark.parametrize(
    "statement", ["UPDATE relief_payment SET amount_fen = 1", "DELETE FROM relief_payment"]
)
def test_the_database_refuses_to_change_a_payment(write, read, standard, family, approved, statement):
    approved(family("1000.00", "0"))
    with write() as s:
        payments.pay_month(s, 2020, 3, paid_on=date(2020, 3, 20))
    with pytest.raises(KuangquError) as info, write() as s:
        s.execute(text(statement))
    assert info.value.key == "db.append_only"


def test_the_database_refuses_a_second_payment_of_the_same_household_kind_and_period(
    write, standard, family, approved
):
    household = family("1000.00", "0")
    approved(household)
    with write() as s:
        payments.pay_month(s, 2020, 3, paid_on=date(2020, 3, 20))
    with pytest.raises(Conflict), write() as s:
        s.add(
            ReliefPayment(
                household_id=household.id,
                kind="daily",
                period="2020-03",
                amount_fen=30000,
                paid_on=date(2020, 3, 21),
            )
        )
        s.flush()


# ---------------------------------------------------------------- pairs, due, checks, stats


def test_a_household_has_one_active_pair_and_the_unpaired_are_listed(write, read, standard, family, approved):
    a, b, c = tiered(family, approved)
    with write() as s:
        pair = pairs.add(
            s, a, cadre_name="李矿长", position="矿长", phone="13903751234", leader=True, on=date(2020, 1, 15)
        )
    with pytest.raises(Conflict), write() as s:
        pairs.add(s, a, cadre_name="张科长", position="科长", phone=None, leader=False, on=date(2020, 2, 1))
    with read() as s:
        assert [h.id for h, _, _ in pairs.unpaired_tiered(s, date(2020, 2, 1))] == [b.id, c.id]
    with write() as s:
        pairs.end(s, reload(s, pair), on=date(2020, 6, 30), reason="调离")
    with pytest.raises(Conflict), write() as s:
        pairs.end(s, reload(s, pair), on=date(2020, 7, 1))
    with write() as s:
        pairs.add(s, a, cadre_name="张科长", position="科长", phone=None, leader=False, on=date(2020, 7, 1))
    with read() as s:
        assert len(pairs.list_pairs(s)) == 1 and len(pairs.list_pairs(s, include_ended=True)) == 2
        assert pairs.active_during(s, date(2020, 1, 1), date(2020, 12, 31)) == 2


def test_due_lists_rechecks_coming_up_and_overdue(write, read, standard, family, approved):
    household = family("1000.00", "0")
    approved(household)
    with read() as s:
        assert tiers.due(s, as_of=date(2020, 11, 1), within_days=30) == []
        soon = tiers.due(s, as_of=date(2020, 12, 20), within_days=30)
        late = tiers.due(s, as_of=date(2021, 2, 1), within_days=30)
    assert [(d.household.id, d.overdue) for d in soon] == [(household.id, False)]
    assert [(d.household.id, d.overdue) for d in late] == [(household.id, True)]


def test_all_checks_pass_when_relief_was_paid_as_it_should(write, read, standard, family, approved):
    tiered(family, approved)
    with write() as s:
        payments.pay_festival(s, 2020, "春节", paid_on=date(2020, 1, 15))
        payments.pay_month(s, 2020, 1, paid_on=date(2020, 1, 20))
    with read() as s:
        assert checks.run(s, date(2020, 6, 30)) == []


def test_a_tiered_household_without_this_years_spring_festival_relief_is_flagged(
    write, read, standard, family, approved
):
    _a, b, _c = tiered(family, approved)
    with write() as s:
        run = payments.pay_festival(s, 2020, "春节", paid_on=date(2020, 1, 15))
        payments.reverse(
            s, next(p for p in run.paid if p.household_id == b.id), on=date(2020, 1, 16), reason="误发"
        )
    with read() as s:
        problems = checks.festival_missing(s, date(2020, 6, 30))
    assert [(p.key, p.params["household"].split()[-1]) for p in problems] == [
        ("relief.check.festival_missing", "乙户")
    ]


def test_no_spring_festival_run_at_all_is_flagged_once_march_has_come(
    write, read, standard, family, approved
):
    tiered(family, approved)
    with read() as s:
        assert checks.festival_missing(s, date(2020, 2, 29)) == []
        assert [p.key for p in checks.festival_missing(s, date(2020, 3, 1))] == [
            "relief.check.festival_not_paid"
        ]


def test_a_payment_to_a_household_without_an_approved_tier_is_flagged(write, read, standard, family):
    household = family("1000.00", "0")
    with write() as s:
        s.add(
            ReliefPayment(
                household_id=household.id,
                kind="daily",
                period="2020-03",
                amount_fen=30000,
                tier="A",
                paid_on=date(2020, 3, 20),
            )
        )
    with read() as s:
        assert [p.key for p in checks.payments_without_tier(s)] == ["relief.check.payment_without_tier"]


def test_a_payment_dated_after_the_heads_death_is_flagged_unless_survivor_household(
    write, read, standard, family, approved
):
    household = family("1000.00", "0")
    approved(household)
    with write() as s:
        payments.pay_month(s, 2020, 3, paid_on=date(2020, 3, 20))
        head = s.get(Retiree, s.get(Household, household.id).head_id)
        head.status, head.died_on = "deceased", PartialDate(2020, 3, 1)
    with read() as s:
        assert [p.key for p in checks.payments_after_death(s)] == ["relief.check.paid_after_death"]
    with write() as s:
        head = s.get(Retiree, s.get(Household, household.id).head_id)
        head.died_on = PartialDate(2020, 3)  # only the month known: not surely before the 20th
    with read() as s:
        assert checks.payments_after_death(s) == []
    with write() as s:
        head = s.get(Retiree, s.get(Household, household.id).head_id)
        head.died_on = PartialDate(2020, 3, 1)
        s.get(Household, household.id).kind = "survivor"
    with read() as s:
        assert checks.payments_after_death(s) == []


def test_school_age_children_of_tiered_households_are_flagged(write, read, standard, family, approved):
    household = family("1000.00", "0", children=(("王小明", date(2010, 5, 1)), ("王小宝", date(2017, 5, 1))))
    approved(household)
    untiered = family("9000.00", children=(("李小红", date(2010, 5, 1)),), name="李富")
    assert untiered.id
    with read() as s:
        problems = checks.school_age_children(s, date(2020, 6, 1))
    assert [(p.params["name"], p.params["age"]) for p in problems] == [("王小明", 10)]


def test_the_relief_checks_are_registered_for_kuangqu_check(read):
    from kuangqu.services.checks import REGISTERED_CHECKS, run_checks

    assert "kuangqu.services.relief.checks:relief_checks" in REGISTERED_CHECKS
    with read() as s:
        assert run_checks(s, ["relief_checks"]) == []


def test_the_years_figures(write, read, standard, family, approved):
    from kuangqu.reports.relief import annual_by_month, annual_figures, monthly_sections, year_stats

    a, b, _c = tiered(family, approved)
    temporary = approved(family("5000.00", name="临户"), kind="temporary", amount_fen=50000, reason="火灾")
    with write() as s:
        payments.pay_festival(s, 2020, "春节", paid_on=date(2020, 1, 15))
        for month in (1, 2, 3):
            payments.pay_month(s, 2020, month, paid_on=date(2020, month, 20))
        payments.pay_temporary(s, reload(s, temporary), paid_on=date(2020, 2, 1))
        wrong = payments.list_payments(s, month=(2020, 3), household_id=b.id)[0].payment
        payments.reverse(s, wrong, on=date(2020, 3, 25), reason="误发")
        pairs.add(s, a, cadre_name="李矿长", position="矿长", phone=None, leader=True, on=date(2020, 1, 15))
    with read() as s:
        stats = year_stats(s, 2020).as_dict()
        figures = annual_figures(s, 2020)
        by_month = annual_by_month(s, 2020)
        march = monthly_sections(s, PartialDate(2020, 3))
    assert stats == {
        "person_times": 3 + 6 - 1 + 1,
        "daily_relief_total": "1300.00",
        "festival_relief_total": "3300.00",
        "temporary_relief_total": "500.00",
        "households_by_tier": {"A": 1, "B": 1, "C": 1},
        "active_pairs": 1,
    }
    assert figures["relief_person_times"] == 9 and figures["active_pairs"] == 1
    assert [r["person_times"] for r in by_month.rows][:4] == [5, 3, 1, 0]
    assert by_month.rows[2]["daily_relief"] == "300.00"
    summary, signoff = march
    assert summary.rows[-1]["amount"] == "300.00"
    assert [(r["head_name"], r["amount"], r["signature"]) for r in signoff.rows] == [("甲户", "300.00", "")]
