"""A death: benefits stop from the following month, one-off items, survivors, and the check that flags
benefits after a death."""

from __future__ import annotations

from datetime import date

import pytest
from tests.ledger.conftest import unique_id

from kuangqu.errors import Conflict, RuleViolation
from kuangqu.models.registry import Household, Retiree
from kuangqu.rules import ledger as rules
from kuangqu.rules.dates import PartialDate
from kuangqu.services import deaths, ledger
from kuangqu.validate import retiree_input

TODAY = date(2020, 6, 30)


@pytest.fixture
def pensioner(retiree, add):
    man = retiree()
    add(man, "2015-12", "基本养老金", "2000.00")
    add(man, "2015-12", "各项补贴", "120.00")
    add(man, "2015-12", "电话费补贴", "50.00")
    return man


def _die(write, man, on="2020-03-15", **kwargs):
    kwargs.setdefault("use_defaults", False)
    with write() as s:
        return deaths.record_death(s, s.get(Retiree, man.id), deaths.Death(PartialDate.from_iso(on), **kwargs),
                                   today=TODAY)  # fmt: skip


def test_a_death_stops_every_regular_benefit_from_the_following_month(pensioner, write, read):
    result = _die(
        write, pensioner, funeral_grant_fen=500000, lump_sum_fen=2000000, paid_through=PartialDate(2020, 3)
    )
    assert [(str(e.effective), e.component, e.amount_fen) for e in result.stopped] == [
        ("2020-04", "basic_pension", 0),
        ("2020-04", "allowance", 0),
        ("2020-04", "phone_allowance", 0),
    ]
    assert [(e.component, e.amount_fen) for e in result.one_offs] == [
        ("funeral_grant", 500000),
        ("lump_sum_compensation", 2000000),
    ]
    assert result.recovery is None
    with read() as s:
        person = s.get(Retiree, pensioner.id)
        assert (person.status, str(person.died_on)) == ("deceased", "2020-03-15")
        card = ledger.card(s, person, PartialDate(2020, 3))
        assert card.current_total == 217000
        assert ledger.card(s, person, PartialDate(2020, 4)).current_total == 0
        assert deaths.entries_after_death(s) == []
        assert ledger.verify_ledger_chain(s) == []


def test_a_death_recorded_late_reverses_later_increases_and_recovers_what_was_paid_after_it(
    pensioner, add, write
):
    add(pensioner, "2020-01", "基本养老金", "2100.00")
    result = _die(write, pensioner, on="2019-11-02")  # reported in June 2020, paid through June
    assert [str(e.effective) for e in result.reversed] == ["2020-01"]
    # Paid from 2019-12 to 2020-06: 2170.00 in December, 2270.00 a month from January (6 months).
    assert result.recovery.component == "recovery"
    assert result.recovery.amount_fen == 217000 + 6 * 227000


def test_defaults_come_from_the_configuration(pensioner, write, monkeypatch, tmp_path):
    config = tmp_path / "kuangqu.toml"
    config.write_text('[benefit]\nfuneral_grant = "5000.00"\nlump_sum_months = 10\n', encoding="utf-8")
    monkeypatch.setenv("KUANGQU_CONFIG", str(config))
    result = _die(write, pensioner, use_defaults=True)
    # 抚恤金: 10 months of the last monthly total (2170.00).
    assert [(e.component, e.amount_fen) for e in result.one_offs] == [
        ("funeral_grant", 500000),
        ("lump_sum_compensation", 2170000),
    ]


def test_an_environment_default_is_used_and_an_explicit_amount_wins(pensioner, write, monkeypatch):
    monkeypatch.setenv("KUANGQU_FUNERAL_GRANT", "4000")
    monkeypatch.setenv("KUANGQU_LUMP_SUM", "9000")
    result = _die(write, pensioner, use_defaults=True, lump_sum_fen=1)
    assert [(e.component, e.amount_fen) for e in result.one_offs] == [
        ("funeral_grant", 400000),
        ("lump_sum_compensation", 1),
    ]


def test_without_amounts_or_defaults_no_one_off_item_is_recorded(pensioner, write):
    assert _die(write, pensioner).one_offs == []


def test_a_survivor_household_can_be_opened_with_monthly_support(pensioner, write, read):
    widow = retiree_input(
        {"name": "刘桂兰", "id_number": unique_id("19520101", male=False), "category": "遗属"}
    )
    survivor = deaths.Survivor(widow.value, support_fen=80000)
    result = _die(write, pensioner, survivor=survivor)
    with read() as s:
        household = s.get(Household, result.household.id)
        assert (household.kind, household.head_id) == ("survivor", result.survivor.id)
        assert s.get(Retiree, result.survivor.id).category == "survivor"
        card = ledger.card(s, s.get(Retiree, result.survivor.id), PartialDate(2020, 4))
        assert card.current == {**dict.fromkeys(rules.REGULAR_CODES, 0), "survivor_support": 80000}


def test_a_death_already_handled_is_refused(pensioner, write):
    _die(write, pensioner, funeral_grant_fen=500000)
    with pytest.raises(Conflict) as info:
        _die(write, pensioner, funeral_grant_fen=500000)
    assert info.value.key == "death.already_recorded"


def test_a_dead_person_imported_without_the_ledger_handled_can_still_be_handled(retiree, add, write):
    man = retiree()
    add(man, "2015-12", "基本养老金", "2000.00")
    with write() as s:
        from kuangqu.services import retirees

        person = s.get(Retiree, man.id)
        retirees.apply_changes(
            s,
            person,
            [
                retirees.Change("status", "active", "deceased"),
                retirees.Change("died_on", None, PartialDate(2020, 3, 15)),
            ],
        )
    assert len(_die(write, man, funeral_grant_fen=1).stopped) == 1


def test_a_different_date_of_death_is_refused(pensioner, write):
    _die(write, pensioner)
    with pytest.raises(Conflict) as info:
        _die(write, pensioner, on="2020-04-01")
    assert info.value.key == "death.date_differs"


@pytest.mark.parametrize(
    ("on", "key"), [("2020", "ledger.month_precision"), ("2020-08-01", "death.in_future")]
)
def test_a_death_date_must_be_a_month_or_day_and_not_in_the_future(pensioner, write, on, key):
    with pytest.raises(RuleViolation) as info:
        _die(write, pensioner, on=on)
    assert info.value.key == key


def test_the_check_flags_an_entry_raising_a_benefit_after_the_death(retiree, add, read, write):
    man = retiree()
    add(man, "2015-12", "基本养老金", "2000.00")
    late = add(man, "2020-01", "基本养老金", "2100.00")
    with write() as s:
        from kuangqu.services import retirees

        retirees.apply_changes(
            s,
            s.get(Retiree, man.id),
            [
                retirees.Change("status", "active", "deceased"),
                retirees.Change("died_on", None, PartialDate(2019, 11)),
            ],
        )
    with read() as s:
        problems = deaths.entries_after_death(s)
    assert [(p.key, p.params["id"]) for p in problems] == [("ledger.entry_after_death", late.id)]


def test_the_check_flags_benefits_never_stopped_after_a_death(retiree, add, read):
    man = retiree(status="已故", died_on="2019-11-20")
    add(man, "2015-12", "基本养老金", "2000.00")
    with read() as s:
        problems = deaths.entries_after_death(s)
    assert [(p.key, p.params["retiree_id"]) for p in problems] == [("ledger.not_stopped", man.id)]
    assert "2019-11-20" in problems[0].message()
