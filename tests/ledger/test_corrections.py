"""Corrections (纠错): every move of the state machine, inquiries and replies, arrears month by month."""

from __future__ import annotations

from datetime import date

import pytest

from kuangqu.errors import Conflict, NotFound, RuleViolation
from kuangqu.models.registry import Retiree
from kuangqu.rules import ledger as rules
from kuangqu.rules.dates import PartialDate
from kuangqu.services import corrections, ledger

FOUND_ON = date(2020, 3, 2)


@pytest.fixture
def case(retiree, add, write):
    """A person with a 2019 and a 2020 basic pension level, and a problem found on 2020-03-02."""
    man = retiree()
    add(man, "2010-03", "基本养老金", "2000.00")
    add(man, "2019-01", "基本养老金", "2350.00")
    add(man, "2020-01", "基本养老金", "2450.00")
    with write() as s:
        opened = corrections.open_(
            s, s.get(Retiree, man.id), "2019年调整少算3年工龄", found_on=FOUND_ON, source="复核"
        )
    return man, opened.id


def _do(write, cid, action, *args, **kwargs):
    with write() as s:
        item = corrections.get(s, cid)
        return action(s, item, *args, **kwargs), item.status


def test_a_new_correction_is_found_and_audited(case, read):
    _, cid = case
    with read() as s:
        item = corrections.get(s, cid)
        assert (item.status, item.found_on, item.source) == ("found", FOUND_ON, "复核")
        rows = corrections.list_corrections(s)
    assert [(c.id, n) for c, _, n in rows] == [(cid, 0)]


def test_an_unknown_correction_is_not_found(read):
    with pytest.raises(NotFound), read() as s:
        corrections.get(s, 99)


def test_an_inquiry_moves_it_to_investigating_and_a_second_one_keeps_it_there(case, write, read):
    _, cid = case
    _, status = _do(
        write, cid, corrections.inquire, "北京", sent_on=date(2020, 3, 5), matter="核实参加工作时间"
    )
    assert status == "investigating"
    _, status = _do(write, cid, corrections.inquire, "辽宁阜新", sent_on=date(2020, 3, 6), method="函调")
    assert status == "investigating"
    with read() as s:
        assert [(i.place, i.replied_on) for i in corrections.inquiries(s, corrections.get(s, cid))] == [
            ("北京", None),
            ("辽宁阜新", None),
        ]


def test_a_reply_must_say_which_inquiry_when_several_wait(case, write):
    _, cid = case
    _do(write, cid, corrections.inquire, "北京", sent_on=date(2020, 3, 5))
    second, _ = _do(write, cid, corrections.inquire, "辽宁", sent_on=date(2020, 3, 5))
    with pytest.raises(RuleViolation) as info:
        _do(write, cid, corrections.reply, "查无此人")
    assert info.value.key == "correction.which_inquiry"
    done, _ = _do(
        write,
        cid,
        corrections.reply,
        "1968年9月参加工作属实",
        inquiry_id=second.id,
        replied_on=date(2020, 4, 1),
    )
    assert (done.id, done.replied_on) == (second.id, date(2020, 4, 1))
    only, _ = _do(write, cid, corrections.reply, "无记录", replied_on=date(2020, 4, 2))
    assert only.place == "北京"


@pytest.mark.parametrize(
    ("setup", "kwargs", "error", "key"),
    [
        ([], {}, Conflict, "correction.no_pending_inquiry"),
        (["北京"], {"inquiry_id": 999}, NotFound, "correction.inquiry_not_found"),
        (["北京"], {"replied_on": date(2020, 3, 4)}, RuleViolation, "correction.reply_before_sent"),
    ],
)
def test_a_reply_is_refused_when_nothing_waits_or_it_predates_the_inquiry(
    case, write, setup, kwargs, error, key
):
    _, cid = case
    for place in setup:
        _do(write, cid, corrections.inquire, place, sent_on=date(2020, 3, 5))
    with pytest.raises(error) as info:
        _do(write, cid, corrections.reply, "答复", **kwargs)
    assert info.value.key == key


def test_an_inquiry_already_answered_cannot_be_answered_again(case, write):
    _, cid = case
    asked, _ = _do(write, cid, corrections.inquire, "北京", sent_on=date(2020, 3, 5))
    _do(write, cid, corrections.reply, "属实", replied_on=date(2020, 3, 9))
    with pytest.raises(Conflict) as info:
        _do(write, cid, corrections.reply, "再答", inquiry_id=asked.id)
    assert info.value.key == "correction.inquiry_replied"


def test_an_inquiry_cannot_be_sent_before_the_problem_was_found(case, write):
    _, cid = case
    with pytest.raises(RuleViolation) as info:
        _do(write, cid, corrections.inquire, "北京", sent_on=date(2020, 3, 1))
    assert info.value.key == "correction.date_before_found"


def test_correcting_writes_the_levels_carries_the_difference_forward_and_pays_the_arrears(case, write, read):
    man, cid = case
    line = rules.parse_correction_line("基本养老金:2019-01:2353.00")
    done, status = _do(write, cid, corrections.correct, [line], finding="少算3年", paid_through=PartialDate(2020, 3),
                       on=date(2020, 4, 10))  # fmt: skip
    assert status == "corrected"
    # 3.00 yuan a month short from 2019-01 to 2020-03: 15 months.
    assert [(str(x.month), x.diff_fen) for x in done.lines][:2] == [("2019-01", 300), ("2019-02", 300)]
    assert len(done.lines) == 15 and done.total_fen == 4500
    assert [(str(e.effective), e.amount_fen) for e in done.entries] == [("2019-01", 235300)]
    assert [(str(e.effective), e.amount_fen) for e in done.carried] == [("2020-01", 245300)]
    assert (done.settlement.component, done.settlement.amount_fen, str(done.settlement.effective)) == (
        "arrears",
        4500,
        "2020-04",
    )
    with read() as s:
        item = corrections.get(s, cid)
        assert (item.arrears_fen, str(item.paid_through), item.corrected_on) == (
            4500,
            "2020-03",
            date(2020, 4, 10),
        )
        assert item.arrears_detail[0] == {
            "month": "2019-01",
            "component": "basic_pension",
            "paid_fen": 235000,
            "due_fen": 235300,
        }
        card = ledger.card(s, s.get(Retiree, man.id), PartialDate(2020, 6))
        assert card.current["basic_pension"] == 245300
        assert {r.entry.correction_id for r in card.rows if r.entry.correction_id} == {cid}
        assert ledger.verify_ledger_chain(s) == []


def test_without_carry_forward_only_the_months_up_to_the_next_change_are_corrected(case, write):
    _, cid = case
    line = rules.parse_correction_line("基本养老金:2019-01:2353.00")
    done, _ = _do(
        write, cid, corrections.correct, [line], paid_through=PartialDate(2020, 3), carry_forward=False
    )
    assert done.carried == [] and done.total_fen == 12 * 300


def test_an_overpayment_is_recovered_with_a_recovery_entry(case, write):
    _, cid = case
    line = rules.parse_correction_line("基本养老金:2020-01:2400.00")
    done, _ = _do(
        write, cid, corrections.correct, [line], paid_through=PartialDate(2020, 2), on=date(2020, 3, 20)
    )
    assert done.total_fen == -10000
    assert (done.settlement.component, done.settlement.amount_fen) == ("recovery", 10000)


def test_a_correction_from_next_month_has_no_arrears_and_no_settlement(case, write):
    _, cid = case
    line = rules.parse_correction_line("基本养老金:2020-05:2500.00")
    done, status = _do(write, cid, corrections.correct, [line], paid_through=PartialDate(2020, 4))
    assert (status, done.lines, done.settlement) == ("corrected", [], None)


def test_two_lines_for_the_same_month_are_refused(case, write):
    _, cid = case
    lines = [
        rules.parse_correction_line("基本养老金:2019-01:1"),
        rules.parse_correction_line("基本养老金:2019-01:2"),
    ]
    with pytest.raises(RuleViolation) as info:
        _do(write, cid, corrections.correct, lines)
    assert info.value.key == "correction.duplicate_line"


def test_a_correction_needs_at_least_one_line(case, write):
    _, cid = case
    with pytest.raises(RuleViolation):
        _do(write, cid, corrections.correct, [])


def test_the_full_path_found_investigating_corrected_answered(case, write, read):
    _, cid = case
    _do(write, cid, corrections.inquire, "北京", sent_on=date(2020, 3, 5))
    _do(write, cid, corrections.reply, "属实", replied_on=date(2020, 3, 20))
    _do(write, cid, corrections.correct, [rules.parse_correction_line("基本养老金:2019-01:2353")],
        paid_through=PartialDate(2020, 3))  # fmt: skip
    _, status = _do(
        write, cid, corrections.answer, "已按规定补发", on=date(2020, 4, 15), document="十矿退管〔2020〕3号"
    )
    assert status == "answered"
    with read() as s:
        item = corrections.get(s, cid)
        assert (item.closed_on, item.answer_document) == (date(2020, 4, 15), "十矿退管〔2020〕3号")
        assert corrections.days_open(item) == 44
        assert corrections.list_corrections(s, statuses=list(rules.OPEN_STATUSES)) == []


@pytest.mark.parametrize("before", [[], ["inquire"]])
def test_no_error_found_closes_the_case(case, write, before):
    _, cid = case
    if before:
        _do(write, cid, corrections.inquire, "北京", sent_on=date(2020, 3, 5))
    _, status = _do(write, cid, corrections.no_error, "经核对档案，待遇无误", on=date(2020, 3, 30))
    assert status == "no_error"


def _to(write, cid, status):
    line = [rules.parse_correction_line("基本养老金:2020-05:2500.00")]
    if status in ("investigating",):
        _do(write, cid, corrections.inquire, "北京", sent_on=date(2020, 3, 5))
    elif status == "corrected":
        _do(write, cid, corrections.correct, line, paid_through=PartialDate(2020, 4))
    elif status == "answered":
        _do(write, cid, corrections.correct, line, paid_through=PartialDate(2020, 4))
        _do(write, cid, corrections.answer, "答复")
    elif status == "no_error":
        _do(write, cid, corrections.no_error, "无误")


REFUSED = [
    ("found", "answer"),
    ("investigating", "answer"),
    ("corrected", "inquire"),
    ("corrected", "correct"),
    ("corrected", "no_error"),
    ("answered", "inquire"),
    ("answered", "correct"),
    ("answered", "answer"),
    ("answered", "no_error"),
    ("no_error", "inquire"),
    ("no_error", "correct"),
    ("no_error", "answer"),
    ("no_error", "no_error"),
]


@pytest.mark.parametrize(("status", "action"), REFUSED)
def test_a_move_the_state_machine_does_not_allow_is_refused_and_nothing_is_written(
    case, write, read, status, action
):
    _, cid = case
    _to(write, cid, status)
    with read() as s:
        entries_before = len(ledger.entries_for(s, case[0].id))
    calls = {
        "inquire": (corrections.inquire, ("北京",), {"sent_on": date(2020, 3, 5)}),
        "correct": (corrections.correct, ([rules.parse_correction_line("基本养老金:2020-06:1")],), {}),
        "answer": (corrections.answer, ("答复",), {}),
        "no_error": (corrections.no_error, ("无误",), {}),
    }
    function, args, kwargs = calls[action]
    with pytest.raises(Conflict) as info:
        _do(write, cid, function, *args, **kwargs)
    assert info.value.key == "correction.refused_transition"
    with read() as s:
        assert corrections.get(s, cid).status == status
        assert len(ledger.entries_for(s, case[0].id)) == entries_before


@pytest.mark.parametrize(
    ("function", "args", "key"),
    [
        (corrections.answer, (" ",), "correction.answer_required"),
        (corrections.no_error, ("",), "correction.finding_required"),
        (corrections.inquire, ("  ",), "correction.place_required"),
    ],
)
def test_the_texts_a_step_needs_are_required(case, write, function, args, key):
    _, cid = case
    if function is corrections.answer:
        _to(write, cid, "corrected")
    with pytest.raises(RuleViolation) as info:
        _do(write, cid, function, *args)
    assert info.value.key == key


def test_opening_a_correction_needs_a_problem(retiree, write):
    man = retiree()
    with pytest.raises(RuleViolation), write() as s:
        corrections.open_(s, s.get(Retiree, man.id), "  ")


def test_days_open_count_to_today_for_an_open_case(case, read):
    _, cid = case
    with read() as s:
        item = corrections.get(s, cid)
        assert corrections.days_open(item, today=date(2020, 3, 12)) == 10
