"""The ledger's pure rules: levels from entries, reversals, arrears, the hash chain, yearly increases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kuangqu.errors import Conflict, RuleViolation
from kuangqu.rules import ledger as rules
from kuangqu.rules.dates import PartialDate

M = PartialDate


def fact(id_, seq, month, component, amount, reverses=None):
    year, mon = (int(x) for x in month.split("-"))
    return rules.Fact(id_, seq, PartialDate(year, mon), component, amount, reverses)


# ---------------------------------------------------------------- components and months


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("基本养老金", "basic_pension"),
        ("basic_pension", "basic_pension"),
        ("过渡性养老金", "transitional_pension"),
        ("补贴", "allowance"),
        ("电话费补贴", "phone_allowance"),
        ("遗属补助", "survivor_support"),
        ("丧葬费", "funeral_grant"),
        ("抚恤金", "lump_sum_compensation"),
        ("补发", "arrears"),
        (" 扣回 ", "recovery"),
    ],
)
def test_a_component_is_found_by_its_code_its_chinese_name_or_an_alias(raw, code):
    assert rules.parse_component(raw).code == code


def test_an_unknown_component_is_refused_with_the_choices():
    with pytest.raises(RuleViolation) as info:
        rules.parse_component("奖金")
    assert "基本养老金" in info.value.params["choices"]


def test_regular_and_one_off_components_are_told_apart():
    assert set(rules.REGULAR_CODES) == {
        "basic_pension", "transitional_pension", "allowance", "phone_allowance", "survivor_support",
    }  # fmt: skip
    assert rules.BY_CODE["recovery"].sign == -1


@pytest.mark.parametrize("raw", ["2019-01", "2019.1", "2019年1月", "201901"])
def test_an_effective_month_is_read_in_the_usual_ways(raw):
    assert rules.parse_month(raw) == M(2019, 1)


@pytest.mark.parametrize("raw", ["2019", "2019-01-15"])
def test_an_effective_time_must_be_a_month(raw):
    with pytest.raises(RuleViolation) as info:
        rules.parse_month(raw)
    assert info.value.key == "ledger.month_precision"


def test_months_run_across_a_year_end_both_ends_included():
    assert [str(m) for m in rules.months(M(2019, 11), M(2020, 2))] == [
        "2019-11",
        "2019-12",
        "2020-01",
        "2020-02",
    ]
    assert rules.months(M(2020, 2), M(2020, 1)) == []
    assert rules.add_months(M(2019, 12), 1) == M(2020, 1)
    assert rules.add_months(M(2020, 1), -1) == M(2019, 12)


# ---------------------------------------------------------------- levels


HISTORY = [
    fact(1, 1, "2015-12", "basic_pension", 210000),
    fact(2, 2, "2015-12", "allowance", 12000),
    fact(3, 3, "2016-01", "basic_pension", 225850),
    fact(4, 4, "2017-01", "basic_pension", 240000),
]


@pytest.mark.parametrize(
    ("month", "basic", "total"),
    [
        ("2015-11", 0, 0),
        ("2015-12", 210000, 222000),
        ("2016-01", 225850, 237850),
        ("2016-12", 225850, 237850),
        ("2017-01", 240000, 252000),
    ],
)
def test_a_level_holds_from_its_effective_month_until_the_next_entry(month, basic, total):
    month = rules.parse_month(month)
    assert rules.levels_at(HISTORY, month)["basic_pension"] == basic
    assert rules.monthly_total(HISTORY, month) == total


def test_a_reversal_brings_back_the_level_before_the_reversed_entry():
    history = [*HISTORY, fact(5, 5, "2016-01", "basic_pension", 225850, reverses=3)]
    assert rules.levels_at(history, M(2016, 6))["basic_pension"] == 210000
    assert rules.levels_at(history, M(2017, 6))["basic_pension"] == 240000


def test_a_later_entry_of_the_same_month_wins_by_sequence_not_by_clock():
    history = [fact(9, 2, "2019-01", "basic_pension", 300000), fact(8, 1, "2019-01", "basic_pension", 200000)]
    assert rules.levels_at(history, M(2019, 1))["basic_pension"] == 300000


def test_one_off_items_count_once_in_their_month_and_a_recovery_counts_against():
    history = [
        fact(1, 1, "2020-03", "arrears", 50000),
        fact(2, 2, "2020-03", "recovery", 12000),
        fact(3, 3, "2020-04", "funeral_grant", 500000),
    ]
    assert rules.one_offs_in(history, M(2020, 3)) == 38000
    assert rules.one_offs_in(history, M(2020, 5)) == 0
    assert rules.monthly_total(history, M(2020, 3)) == 0


def test_the_card_shows_each_components_level_after_each_change_and_a_reversal_beside_its_target():
    history = [
        *HISTORY,
        fact(5, 5, "2016-01", "allowance", 15000),
        fact(6, 6, "2016-01", "allowance", 15000, reverses=5),
    ]
    steps = rules.card_steps(history)
    assert [s.fact.id for s in steps] == [1, 2, 3, 5, 6, 4]
    assert [s.levels["allowance"] for s in steps] == [0, 12000, 12000, 15000, 12000, 12000]
    assert [s.total for s in steps] == [210000, 222000, 237850, 240850, 237850, 252000]


# ---------------------------------------------------------------- arrears


def test_arrears_are_the_monthly_difference_between_due_and_paid_month_by_month():
    paid = [fact(1, 1, "2019-01", "basic_pension", 235000), fact(2, 2, "2020-01", "basic_pension", 245000)]
    due = [
        *paid,
        fact(3, 3, "2019-01", "basic_pension", 235333),
        fact(4, 4, "2020-01", "basic_pension", 245333),
    ]
    lines = rules.arrears(paid, due, M(2019, 1), M(2020, 3))
    assert len(lines) == 15
    assert {line.diff_fen for line in lines} == {333}
    assert rules.arrears_total(lines) == 15 * 333  # exact fen: 49.95 yuan, nothing rounded


def test_an_overpayment_gives_negative_arrears():
    paid = [fact(1, 1, "2019-01", "allowance", 20000)]
    due = [*paid, fact(2, 2, "2019-06", "allowance", 15000)]
    lines = rules.arrears(paid, due, M(2019, 6), M(2019, 8))
    assert [(str(x.month), x.paid_fen, x.due_fen, x.diff_fen) for x in lines] == [
        ("2019-06", 20000, 15000, -5000),
        ("2019-07", 20000, 15000, -5000),
        ("2019-08", 20000, 15000, -5000),
    ]


def test_no_arrears_when_the_correction_starts_after_the_last_month_paid():
    paid = [fact(1, 1, "2019-01", "allowance", 20000)]
    assert rules.arrears(paid, [*paid, fact(2, 2, "2020-01", "allowance", 1)], M(2020, 1), M(2019, 12)) == []


# ---------------------------------------------------------------- hash chain

WHEN = datetime(2020, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


def content(**changes):
    base = {
        "retiree_id": 1, "seq": 1, "effective": M(2019, 1), "component": "basic_pension", "amount_fen": 235000,
        "reason": "建卡", "document": None, "reverses_id": None, "batch_id": None, "correction_id": None,
        "recorded_at": WHEN, "operator": "tester",
    }  # fmt: skip
    return {**base, **changes}


def test_the_hash_does_not_depend_on_how_the_database_returns_the_timestamp():
    naive_utc = WHEN.replace(tzinfo=None)
    beijing = WHEN.astimezone(timezone(timedelta(hours=8)))
    digests = {rules.entry_hash(content(recorded_at=t), rules.GENESIS) for t in (WHEN, naive_utc, beijing)}
    assert len(digests) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"amount_fen": 235001},
        {"effective": M(2019, 2)},
        {"reason": "建卡 "},
        {"retiree_id": 2},
        {"seq": 2},
        {"reverses_id": 7},
        {"operator": "other"},
        {"recorded_at": WHEN + timedelta(microseconds=1)},
    ],
)
def test_changing_any_hashed_field_changes_the_hash(change):
    assert rules.entry_hash(content(**change), rules.GENESIS) != rules.entry_hash(content(), rules.GENESIS)


def _chain(n):
    links, prev = [], rules.GENESIS
    for seq in range(1, n + 1):
        data = content(seq=seq, amount_fen=1000 * seq)
        digest = rules.entry_hash(data, prev)
        links.append(rules.Link(seq * 10, seq, data, prev, digest))
        prev = digest
    return links


def test_an_intact_chain_has_no_broken_link():
    assert rules.first_broken(_chain(5)) is None


def test_a_changed_amount_is_named_as_the_first_broken_entry():
    links = _chain(5)
    links[2] = rules.Link(30, 3, {**links[2].content, "amount_fen": 1}, links[2].prev_hash, links[2].hash)
    broken, why = rules.first_broken(links)
    assert (broken.id, why) == (30, "hash")


def test_a_rehashed_forgery_breaks_the_next_link():
    links = _chain(5)
    forged = {**links[2].content, "amount_fen": 1}
    links[2] = rules.Link(30, 3, forged, links[2].prev_hash, rules.entry_hash(forged, links[2].prev_hash))
    broken, why = rules.first_broken(links)
    assert (broken.id, why) == (40, "prev_hash")


def test_a_removed_entry_breaks_the_sequence():
    links = _chain(5)
    del links[1]
    broken, why = rules.first_broken(links)
    assert (broken.id, why) == (30, "seq")


# ---------------------------------------------------------------- property: adds and reversals

COMPONENT_CODES = ["basic_pension", "allowance", "phone_allowance", "arrears"]


@st.composite
def operations(draw):
    """A list of ("add", month, component, amount) and ("reverse", index) steps."""
    ops = []
    count = draw(st.integers(1, 25))
    for _ in range(count):
        if ops and draw(st.booleans()) and draw(st.booleans()):
            ops.append(("reverse", draw(st.integers(0, 100))))
        else:
            month = draw(st.integers(0, 47))
            ops.append(("add", month, draw(st.sampled_from(COMPONENT_CODES)), draw(st.integers(0, 500_000))))
    return ops


def run_ops(ops):
    """Apply `ops` as the ledger would: returns the facts and the chain of links."""
    facts, links, reversed_ids, prev = [], [], set(), rules.GENESIS
    for op in ops:
        seq = len(facts) + 1
        if op[0] == "add":
            _, k, component, amount = op
            f = rules.Fact(seq, seq, rules.add_months(M(2016, 1), k), component, amount)
        else:
            candidates = [f for f in facts if f.reverses_id is None and f.id not in reversed_ids]
            if not candidates:
                continue
            target = candidates[op[1] % len(candidates)]
            reversed_ids.add(target.id)
            f = rules.Fact(seq, seq, target.effective, target.component, target.amount_fen, target.id)
        data = content(seq=seq, effective=f.effective, component=f.component, amount_fen=f.amount_fen,
                       reverses_id=f.reverses_id)  # fmt: skip
        digest = rules.entry_hash(data, prev)
        links.append(rules.Link(f.id, seq, data, prev, digest))
        facts.append(f)
        prev = digest
    return facts, links


@settings(max_examples=200, deadline=None)
@given(operations(), st.integers(0, 50))
def test_any_adds_and_reversals_keep_the_total_equal_to_the_live_entries_and_the_chain_valid(ops, k):
    facts, links = run_ops(ops)
    month = rules.add_months(M(2016, 1), k)
    live = rules.live(facts)
    # The sum of live entries: for each regular component, the latest live entry not after the month.
    expected = 0
    for code in rules.REGULAR_CODES:
        mine = [f for f in live if f.component == code and f.effective <= month]
        if mine:
            expected += max(mine, key=lambda f: (f.effective, f.seq)).amount_fen
    assert rules.monthly_total(facts, month) == expected
    one_offs = sum(f.amount_fen for f in live if f.component == "arrears" and f.effective == month)
    assert rules.one_offs_in(facts, month) == one_offs
    assert rules.first_broken(links) is None


@settings(max_examples=100, deadline=None)
@given(operations())
def test_reversing_every_live_entry_brings_every_total_back_to_zero(ops):
    facts, _ = run_ops(ops)
    seq = len(facts)
    for f in rules.live(facts):
        seq += 1
        facts.append(rules.Fact(seq, seq, f.effective, f.component, f.amount_fen, f.id))
    for k in range(0, 48, 7):
        assert rules.monthly_total(facts, rules.add_months(M(2016, 1), k)) == 0


# ---------------------------------------------------------------- yearly adjustment

RULE_TEXT = """
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


def test_a_rule_file_is_read_into_fen_and_a_decimal_percentage():
    rule = rules.parse_rule(RULE_TEXT)
    assert (rule.year, rule.effective, rule.flat_fen, rule.per_year_fen) == (2020, M(2020, 1), 5000, 100)
    assert rule.percent == Decimal("1.5")
    assert [(b.min_age, b.amount_fen) for b in rule.age_extras] == [(70, 2500), (80, 5000)]
    assert rule.age_reference == date(2019, 12, 31)


@pytest.mark.parametrize(
    ("current", "percent_fen"),
    [
        (100, 2),  # 1.5% of 1.00 yuan = 1.5 fen → 2 (half up)
        (233300, 3500),  # 34.995 yuan → 35.00
        (233299, 3499),  # 34.99485 → 34.99
        (233366, 3500),  # 35.0049 → 35.00
        (233367, 3501),  # 35.00505 → 35.01
        (0, 0),
    ],
)
def test_the_percentage_part_is_rounded_half_up_to_the_fen(current, percent_fen):
    rule = rules.parse_rule(RULE_TEXT)
    assert rules.increase(rule, current, 0, 60).percent_fen == percent_fen


@pytest.mark.parametrize(
    ("age", "extra"), [(None, 0), (69, 0), (70, 2500), (79, 2500), (80, 5000), (95, 5000)]
)
def test_only_the_highest_age_band_reached_is_added(age, extra):
    assert rules.age_extra_fen(rules.parse_rule(RULE_TEXT), age) == extra


def test_the_increase_adds_flat_service_percentage_and_age_parts_in_fen():
    inc = rules.increase(rules.parse_rule(RULE_TEXT), 250000, 31, 72)
    assert (inc.flat_fen, inc.service_fen, inc.percent_fen, inc.age_fen) == (5000, 3100, 3750, 2500)
    assert inc.total_fen == 14350


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (M(1975, 3), M(2020, 2), 44),
        (M(1975, 3), M(2020, 3), 45),
        (M(1975, 3, 12), M(2020, 3), 45),  # the day is beyond the precision used
        (M(1975), M(2020, 2), 45),  # a year only: the difference of the years
        (M(1975, 3), M(2020), 45),
        (M(2021, 1), M(2020, 1), 0),
        (None, M(2020, 1), None),
    ],
)
def test_years_of_service_use_the_precision_both_dates_have(start, end, years):
    assert rules.years_of_service(start, end) == years


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("year = 2020", "ledger.rule_missing"),
        ('year = 2020\neffective = "2019-01"', "ledger.rule_year_mismatch"),
        ('year = 2020\neffective = "2020"', "ledger.month_precision"),
        ('year = 2020\neffective = "2020-01"\nflat = "1.005"', "ledger.rule_bad_value"),
        ('year = 2020\neffective = "2020-01"\nbasic_pension_percent = "abc"', "ledger.rule_bad_value"),
        ('year = 2020\neffective = "2020-01"\nbasic_pension_percent = "101"', "ledger.rule_bad_value"),
        ('year = 2020\neffective = "2020-01"\n[[age_extra]]\nmin_age = 70', "ledger.rule_missing"),
        ('year = 2020\neffective = "2020-01"\ncomponent = "丧葬费"', "ledger.rule_bad_value"),
        ("year = = 2020", "ledger.rule_toml"),
        ('year = "2020"\neffective = "2020-01"', "ledger.rule_bad_value"),
    ],
)
def test_a_wrong_rule_file_is_refused_by_name(text, key):
    with pytest.raises(RuleViolation) as info:
        rules.parse_rule(text)
    assert info.value.key == key


@pytest.mark.parametrize("year", range(2016, 2021))
def test_the_sample_rule_files_are_valid(year):
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "sample_data" / f"adjustment-{year}.toml"
    rule = rules.parse_rule(path.read_text(encoding="utf-8"))
    assert rule.year == year and rule.effective == M(year, 1)


# ---------------------------------------------------------------- corrections

ALLOWED = {
    ("found", "investigating"), ("found", "corrected"), ("found", "no_error"),
    ("investigating", "investigating"), ("investigating", "corrected"), ("investigating", "no_error"),
    ("corrected", "answered"),
}  # fmt: skip
ALL_PAIRS = [(a, b) for a in rules.CORRECTION_STATUSES for b in rules.CORRECTION_STATUSES]


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS)
def test_the_correction_state_machine_allows_exactly_its_moves(current, target):
    if (current, target) in ALLOWED:
        rules.check_transition(current, target)
    else:
        with pytest.raises(Conflict) as info:
            rules.check_transition(current, target)
        assert info.value.key == "correction.refused_transition"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("基本养老金:2019-01:2350.00", ("basic_pension", M(2019, 1), 235000)),
        ("各项补贴：2019.6：120", ("allowance", M(2019, 6), 12000)),
    ],
)
def test_a_correction_line_names_component_month_and_amount(raw, expected):
    line = rules.parse_correction_line(raw)
    assert (line.component, line.first, line.amount_fen) == expected


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("基本养老金:2019-01", "ledger.correction_line"),
        ("补发:2019-01:10", "ledger.correction_regular_only"),
        ("基本养老金:2019:10", "ledger.month_precision"),
        ("基本养老金:2019-01:1.001", "rule.amount_too_many_decimals"),
    ],
)
def test_a_malformed_correction_line_is_refused(raw, key):
    with pytest.raises(RuleViolation) as info:
        rules.parse_correction_line(raw)
    assert info.value.key == key


@pytest.mark.parametrize(
    ("raw", "code"), [("人民日报", "renmin_ribao"), ("矿工报", "kuanggong_bao"), ("qiushi", "qiushi")]
)
def test_a_paper_is_found_by_name_alias_or_code(raw, code):
    assert rules.parse_paper(raw) == code


def test_an_unknown_paper_is_refused():
    with pytest.raises(RuleViolation):
        rules.parse_paper("参考消息")
