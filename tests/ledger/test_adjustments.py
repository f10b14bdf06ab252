"""Yearly adjustments: who they concern, the arithmetic in fen, one batch, reversal as a whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from kuangqu.errors import Conflict, RuleViolation
from kuangqu.models.ledger import AdjustmentBatch
from kuangqu.models.registry import Retiree
from kuangqu.rules import ledger as rules
from kuangqu.rules.dates import PartialDate
from kuangqu.services import adjustments, ledger

RULE = """
year = 2020
effective = "2020-01"
flat = "50.00"
per_year_of_service = "1.00"
basic_pension_percent = "1.5"

[[age_extra]]
min_age = 70
amount = "25.00"

[[age_extra]]
min_age = 80
amount = "50.00"
"""


def _plan(read, text=RULE):
    with read() as s:
        plan = adjustments.plan(s, rules.parse_rule(text), text, "adjustment-2020.toml")
        return plan, [
            (p.retiree.name, p.current_fen, p.years, p.age, p.increase.total_fen) for p in plan.rows
        ]


def test_the_increase_is_flat_plus_service_plus_percentage_plus_the_age_band(retiree, add, read):
    # Born 1949-06 (70 on 2019-12-31), worked 1968-09 → retired 2009-07: 40 whole years of service.
    old = retiree("张老", birth_date="1949-06-01", work_start="1968-09", retired_on="2009-07")
    add(old, "2015-12", "基本养老金", "2333.00")
    plan, rows = _plan(read)
    # 50.00 + 40 × 1.00 + 1.5% × 2333.00 = 34.995 → 35.00 (half up) + 25.00 (70+, not 80+)
    assert rows == [("张老", 233300, 40, 70, 5000 + 4000 + 3500 + 2500)]
    assert plan.total_fen == 15000


def test_years_of_service_stop_at_retirement_not_at_the_adjustment(retiree, add, read):
    man = retiree(work_start="1970", retired_on="2005-06")
    add(man, "2015-12", "基本养老金", "2000.00")
    _, rows = _plan(read)
    assert rows[0][2] == 35  # 1970 (a year only) to 2005: 35 years, not 50


def test_someone_without_a_work_start_gets_no_service_part(retiree, add, read):
    man = retiree(work_start=None)
    add(man, "2015-12", "基本养老金", "2000.00")
    _, rows = _plan(read)
    assert rows[0][2] is None and rows[0][4] == 5000 + 3000


@pytest.mark.parametrize(
    ("fields", "included"),
    [
        ({"retired_on": "2019-12"}, True),
        ({"retired_on": "2020-01"}, False),  # retired in the effective month: next year's adjustment
        ({"status": "已故", "died_on": "2019-12-31"}, False),
        ({"status": "已故", "died_on": "2020-01-15"}, True),  # alive in the effective month
        ({"status": "已故"}, False),  # dead, date unknown
        ({"status": "迁出"}, False),
    ],
)
def test_who_the_adjustment_concerns(retiree, add, read, fields, included):
    man = retiree(**fields)
    add(man, str(rules.month_of(man.retired_on)), "基本养老金", "2000")
    _, rows = _plan(read)
    assert bool(rows) == included


def test_people_without_a_basic_pension_are_left_out(retiree, add, read):
    widow = retiree("刘桂兰", sex="女", category="遗属", retired_on=None, work_start=None)
    add(widow, "2015-12", "遗属补助", "800.00")
    _, rows = _plan(read)
    assert rows == []


def test_a_rule_can_narrow_the_adjustment_to_some_categories(retiree, add, read):
    add(retiree("甲", category="退休"), "2015-12", "基本养老金", "2000")
    add(retiree("乙", category="离休"), "2015-12", "基本养老金", "5000")
    _, rows = _plan(read, RULE.replace("year = 2020", 'year = 2020\ncategories = ["离休"]'))
    assert [r[0] for r in rows] == ["乙"]


def test_applying_writes_one_entry_per_person_in_one_batch_with_the_rule(retiree, add, write, read):
    a, b = retiree("甲"), retiree("乙")
    add(a, "2015-12", "基本养老金", "2000.00")
    add(b, "2015-12", "基本养老金", "3000.00")
    with write() as s:
        plan = adjustments.plan(s, rules.parse_rule(RULE), RULE, "adjustment-2020.toml")
        batch = adjustments.apply(s, plan)
    with read() as s:
        stored = s.get(AdjustmentBatch, batch.id)
        assert (stored.year, stored.people, stored.rule_text, str(stored.effective)) == (
            2020,
            2,
            RULE,
            "2020-01",
        )
        entries = ledger.list_entries(s, batch_id=batch.id)
        assert [(e.retiree_id, e.amount_fen) for e, _ in entries] == [
            (a.id, 200000 + 5000 + 4100 + 3000),
            (b.id, 300000 + 5000 + 4100 + 4500),
        ]
        assert stored.total_increase_fen == 12100 + 13600
        assert ledger.verify_ledger_chain(s) == []


def test_the_same_year_cannot_be_applied_twice(retiree, add, write, read):
    add(retiree(), "2015-12", "基本养老金", "2000.00")
    with write() as s:
        adjustments.apply(s, adjustments.plan(s, rules.parse_rule(RULE), RULE))
    plan, _ = _plan(read)
    assert plan.existing_batch is not None
    with pytest.raises(Conflict) as info, write() as s:
        adjustments.apply(s, adjustments.plan(s, rules.parse_rule(RULE), RULE))
    assert info.value.key == "adjustment.year_done"


def test_a_batch_nobody_is_concerned_by_is_refused(write):
    with pytest.raises(Conflict) as info, write() as s:
        adjustments.apply(s, adjustments.plan(s, rules.parse_rule(RULE), RULE))
    assert info.value.key == "adjustment.nobody"


def test_reversing_a_batch_brings_every_level_back_and_allows_redoing_the_year(retiree, add, write, read):
    man = retiree()
    add(man, "2015-12", "基本养老金", "2000.00")
    with write() as s:
        batch = adjustments.apply(s, adjustments.plan(s, rules.parse_rule(RULE), RULE))
    with write() as s:
        _, count = adjustments.reverse_batch(s, batch.id, "文件有误")
    assert count == 1
    with read() as s:
        card = ledger.card(s, s.get(Retiree, man.id), PartialDate(2020, 6))
        assert card.current["basic_pension"] == 200000
        assert s.get(AdjustmentBatch, batch.id).reversed_at is not None
    with pytest.raises(Conflict) as info, write() as s:
        adjustments.reverse_batch(s, batch.id, "再撤")
    assert info.value.key == "adjustment.already_reversed"
    with write() as s:
        assert adjustments.apply(s, adjustments.plan(s, rules.parse_rule(RULE), RULE)).people == 1


def test_an_entry_already_reversed_by_hand_is_skipped_when_the_batch_is_reversed(retiree, add, write):
    a, b = retiree("甲"), retiree("乙")
    add(a, "2015-12", "基本养老金", "2000.00")
    add(b, "2015-12", "基本养老金", "2000.00")
    with write() as s:
        batch = adjustments.apply(s, adjustments.plan(s, rules.parse_rule(RULE), RULE))
        first = ledger.list_entries(s, batch_id=batch.id)[0][0]
        ledger.reverse(s, first.id, "个别更正")
    with write() as s:
        assert adjustments.reverse_batch(s, batch.id, "整批撤销")[1] == 1


def test_a_batch_under_a_later_years_batch_cannot_be_reversed(retiree, add, write):
    add(retiree(), "2015-12", "基本养老金", "2000.00")
    rule_2019 = RULE.replace("2020", "2019")
    with write() as s:
        earlier = adjustments.apply(s, adjustments.plan(s, rules.parse_rule(rule_2019), rule_2019))
        adjustments.apply(s, adjustments.plan(s, rules.parse_rule(RULE), RULE))
    with pytest.raises(Conflict) as info, write() as s:
        adjustments.reverse_batch(s, earlier.id, "撤")
    assert info.value.key == "adjustment.later_batch"


def test_a_reversal_needs_a_reason(write):
    with pytest.raises(RuleViolation), write() as s:
        s.add(AdjustmentBatch(year=2020, effective=PartialDate(2020, 1), rule_text=RULE))
        s.flush()
        adjustments.reverse_batch(s, 1, " ")


def test_an_unreadable_rule_file_is_refused_by_name(tmp_path):
    with pytest.raises(RuleViolation) as info:
        adjustments.load_rule(tmp_path / "missing.toml")
    assert info.value.key == "adjustment.rule_unreadable"
    bad = Path(tmp_path / "bad.toml")
    bad.write_bytes(b"\xff\xfe")
    with pytest.raises(RuleViolation):
        adjustments.load_rule(bad)
